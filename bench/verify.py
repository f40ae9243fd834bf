"""Verification throughput against its cryptographic ceilings, and the stored-credential GET
against a bare FastAPI endpoint serving the same bytes.

Run: ``.venv/bin/python bench/verify.py [--awards 20] [--seconds 2] [--rounds 3]
[--requests 3000] [--clients 4] [--only get]
[--database-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres]``

Figures, all measured in the same run (bench/README.md explains them):

* **verifications per second** of our own awards in each format, each verification in a read
  unit of work of its own, as ``POST /verify`` does: OB 3.0 Data Integrity, OB 3.0 VC-JWT,
  OB 2.0 signed, OB 2.0 hosted, a baked PNG;
* **Data Integrity** against its ceiling, the two RDFC-1.0 canonicalizations and the Ed25519
  check alone (target ≥ 0.8);
* **VC-JWT** against PyJWT's ``jwt.decode`` alone (target ≥ 0.25), with the status list
  cached, and also with nothing cached;
* **GET /ob3/credentials/{id}** served by the real app through uvicorn, against a bare FastAPI
  endpoint returning the same bytes through uvicorn, both on loopback, from a client thread
  pool with keep-alive in this process (target ≥ 0.7).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import base58
import httpx
import jwt as pyjwt
import orjson
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from badgeservice.app import create_app
from badgeservice.clock import SystemClock
from badgeservice.db import make_engine, make_sessionmaker, unit_of_work
from badgeservice.fetch import Fetcher, FetchPolicy
from badgeservice.formats.data_integrity import hash_data
from badgeservice.public.stored_documents import StoredDocumentCache
from badgeservice.settings import Environment, Settings
from badgeservice.urls import Urls
from badgeservice.verification.contexts import ExpansionMemo
from badgeservice.verification.detect import Submission
from badgeservice.verification.documents import Documents
from badgeservice.verification.keys import KeyResolver
from badgeservice.verification.run import VerificationCaches
from badgeservice.verification.service import VerificationContext, verify
from badgeservice.verification.status_lists import StatusListCache

# Run as a file (``python bench/verify.py``): the repository's root makes ``bench`` importable.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.common import PUBLIC_URL, production_logging_to_devnull, scratch_database, seed

DI_TARGET, JWT_TARGET, GET_TARGET = 0.8, 0.25, 0.7
CLAIMS: dict[str, object] = {
    "adhesion_charte_valeurs": True,
    "action_de_transformation": "Création d'un jardin partagé et d'une grainothèque de quartier.",
}


@dataclass(frozen=True)
class Award:
    id: uuid.UUID
    credential: dict[str, object]
    vc_jwt: str
    ob2_signed: str
    hosted_url: str
    png: bytes


@dataclass
class Measure:
    label: str
    count: int = 0
    seconds: float = 0.0
    rounds: list[float] = field(default_factory=list)

    @property
    def per_second(self) -> float:
        return self.count / self.seconds if self.seconds else 0.0

    def add(self, count: int, seconds: float) -> None:
        self.count += count
        self.seconds += seconds
        self.rounds.append(count / seconds)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.serve:
        return _serve(args)
    production_logging_to_devnull()
    with scratch_database(args.database_url, prefix="bench-verify-") as (url, backend):
        engine = make_engine(url)
        try:
            settings, awards = _prepare(engine, url, args.awards)
            _print_environment(backend, engine)
            return _run(args, engine, settings, awards)
        finally:
            engine.dispose()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--awards", type=int, default=20, help="distinct awards to verify")
    parser.add_argument("--seconds", type=float, default=2.0, help="seconds per measure per round")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds per comparison")
    parser.add_argument("--requests", type=int, default=3000, help="GET requests per round")
    parser.add_argument("--clients", type=int, default=4, help="client threads for the GETs")
    parser.add_argument("--database-url", default=None, help="a PostgreSQL server URL")
    parser.add_argument(
        "--only", choices=["get"], default=None, help="run only these measures (get: the GETs)"
    )
    # Internal: the script re-runs itself as the uvicorn servers of the GET comparison.
    parser.add_argument("--serve", choices=["app", "app-no-cache", "bare"], help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--kek", help=argparse.SUPPRESS)
    parser.add_argument("--body-file", help=argparse.SUPPRESS)
    return parser


def _run(args: argparse.Namespace, engine: Engine, settings: Settings, awards: list[Award]) -> int:
    if args.only == "get":
        _print_get(_measure_get(args, settings, awards[0]))
        return 0
    factory = make_sessionmaker(engine)
    urls = Urls(PUBLIC_URL)
    fetcher = Fetcher(FetchPolicy())
    warm = VerificationContext(urls=urls, clock=SystemClock(), fetcher=fetcher)
    try:
        _check_all_verify(factory, warm, awards)
        formats = _measure_formats(args, factory, warm, awards)
        di = _measure_data_integrity(args, factory, warm, awards)
        jwt_rows = _measure_vc_jwt(args, factory, warm, awards)
    finally:
        fetcher.close()
    get_rows = _measure_get(args, settings, awards[0])
    _print_results(formats, di, jwt_rows, get_rows)
    return 0


# --- verification ----------------------------------------------------------------------------


def _verify(
    factory: sessionmaker[Session], context: VerificationContext, submission: Submission
) -> bool:
    # One read unit of work per verification, as POST /verify runs it.
    with unit_of_work(factory) as session:
        return verify(session, submission=submission, context=context).verified


SUBMISSIONS: dict[str, Callable[[Award], Submission]] = {
    "OB 3.0 Data Integrity": lambda a: Submission(credential=a.credential),
    "OB 3.0 VC-JWT": lambda a: Submission(jwt=a.vc_jwt),
    "OB 2.0 signed (JWS)": lambda a: Submission(jwt=a.ob2_signed),
    "OB 2.0 hosted (URL)": lambda a: Submission(url=a.hosted_url),
    "baked PNG (OB 3.0 DI)": lambda a: Submission(file=a.png),
}


def _check_all_verify(
    factory: sessionmaker[Session], context: VerificationContext, awards: list[Award]
) -> None:
    for name, submission in SUBMISSIONS.items():
        if not _verify(factory, context, submission(awards[0])):
            raise SystemExit(f"{name}: our own award does not verify")


def _timed(fn: Callable[[int], object], seconds: float) -> tuple[int, float]:
    """Call ``fn(i)`` for i = 0, 1, ... for about ``seconds``; (calls, elapsed)."""
    count = 0
    started = time.perf_counter()
    deadline = started + seconds
    while True:
        fn(count)
        count += 1
        now = time.perf_counter()
        if now >= deadline:
            return count, now - started


def _interleaved(
    runs: Sequence[Callable[[int], object]], seconds: float
) -> list[tuple[int, float]]:
    """Call each run once in turn (a, b, c, a, b, c, ...) for about ``seconds`` per run, timing
    each separately: a change of load on a shared machine weighs on every run alike."""
    counts = [0] * len(runs)
    spent = [0.0] * len(runs)
    deadline = time.perf_counter() + seconds * len(runs)
    i = 0
    while time.perf_counter() < deadline:
        for k, run in enumerate(runs):
            started = time.perf_counter()
            run(i)
            spent[k] += time.perf_counter() - started
            counts[k] += 1
        i += 1
    return list(zip(counts, spent, strict=True))


def _measure_formats(
    args: argparse.Namespace,
    factory: sessionmaker[Session],
    context: VerificationContext,
    awards: list[Award],
) -> list[Measure]:
    rows = [Measure(name) for name in SUBMISSIONS]
    prepared = [[make(a) for a in awards] for make in SUBMISSIONS.values()]

    def run(subs: list[Submission]) -> Callable[[int], object]:
        return lambda i: _verify(factory, context, subs[i % len(subs)])

    for _ in range(args.rounds):
        for row, subs in zip(rows, prepared, strict=True):
            row.add(*_timed(run(subs), args.seconds))
    return rows


def _measure_data_integrity(
    args: argparse.Namespace,
    factory: sessionmaker[Session],
    context: VerificationContext,
    awards: list[Award],
) -> tuple[Measure, Measure, Measure]:
    """The whole verification against the two canonicalizations and the Ed25519 check alone,
    in alternating rounds."""
    with unit_of_work(factory) as session:
        resolver = KeyResolver(Documents(context.fetcher), Urls(PUBLIC_URL), session)
        inputs = []
        for award in awards:
            proof = dict(award.credential["proof"][0])  # type: ignore[index]  # our shape
            key = resolver.resolve(str(proof["verificationMethod"])).public_key
            assert isinstance(key, Ed25519PublicKey)
            unsecured = {k: v for k, v in award.credential.items() if k != "proof"}
            signature = _signature(str(proof.pop("proofValue")))
            inputs.append((unsecured, proof, signature, key))

    def ceiling(i: int) -> None:
        unsecured, options, signature, key = inputs[i % len(inputs)]
        key.verify(signature, hash_data(unsecured, options, require_portable_order=False))

    subs = [Submission(credential=a.credential) for a in awards]
    alone = Measure("2 × RDFC-1.0 + Ed25519 alone")
    in_session = Measure("Data Integrity, every check, in a session")
    own = Measure("Data Integrity, every check, own transaction")
    for _ in range(args.rounds):
        # "In a session": verify() inside a transaction already open, as the badge page calls
        # verify_stored_award; "own transaction": a read transaction each, as POST /verify.
        with unit_of_work(factory) as session:

            def within(i: int) -> None:
                verify(session, submission=subs[i % len(subs)], context=context)

            timed = _interleaved(
                [ceiling, within, lambda i: _verify(factory, context, subs[i % len(subs)])],
                args.seconds,
            )
        for row, measured in zip((alone, in_session, own), timed, strict=True):
            row.add(*measured)
    return alone, in_session, own


def _measure_vc_jwt(
    args: argparse.Namespace,
    factory: sessionmaker[Session],
    warm: VerificationContext,
    awards: list[Award],
) -> list[Measure]:
    """PyJWT's decode alone against the whole VC-JWT verification, with the status list cached
    (and the credential's JSON-LD verdict remembered: a repeat verification), with the status
    list cached and the credential's verdict not remembered, only the skeletons of credentials
    of the same badge class already verified (a new award of a known badge class), and with
    nothing cached."""
    with unit_of_work(factory) as session:
        resolver = KeyResolver(Documents(warm.fetcher), Urls(PUBLIC_URL), session)
        kid = str(pyjwt.get_unverified_header(awards[0].vc_jwt)["kid"])
        key = resolver.resolve(kid).public_key
    tokens = [a.vc_jwt for a in awards]
    subs = [Submission(jwt=t) for t in tokens]
    lists = warm.caches.status_lists
    shapes = warm.caches.expansions.shapes

    def decode(i: int) -> None:
        pyjwt.decode(tokens[i % len(tokens)], key, algorithms=["RS256"])

    def lists_cached(i: int) -> None:
        caches = VerificationCaches(status_lists=lists, expansions=ExpansionMemo(shapes=shapes))
        context = VerificationContext(warm.urls, warm.clock, warm.fetcher, caches)
        _verify(factory, context, subs[i % len(subs)])

    def cold(i: int) -> None:
        caches = VerificationCaches(status_lists=StatusListCache(), expansions=ExpansionMemo())
        context = VerificationContext(warm.urls, warm.clock, warm.fetcher, caches)
        _verify(factory, context, subs[i % len(subs)])

    rows = [
        Measure("PyJWT jwt.decode alone (RS256)"),
        Measure("VC-JWT, status list cached, repeat"),
        Measure("VC-JWT, status list cached, new credential"),
        Measure("VC-JWT, nothing cached"),
    ]
    runs: list[Callable[[int], object]] = [
        decode,
        lambda i: _verify(factory, warm, subs[i % len(subs)]),
        lists_cached,
        cold,
    ]
    for _ in range(args.rounds):
        for row, timed in zip(rows, _interleaved(runs, args.seconds), strict=True):
            row.add(*timed)
    return rows


def _signature(proof_value: str) -> bytes:
    decoded: bytes = base58.b58decode(proof_value[1:])
    return decoded


# --- the stored-credential GET -----------------------------------------------------------------


@dataclass
class GetMeasure(Measure):
    """A GET row, with the CPU time its server process spent (all threads)."""

    server_cpu_seconds: float = 0.0

    @property
    def server_cpu_ms(self) -> float:
        return 1000 * self.server_cpu_seconds / self.count if self.count else 0.0


# Requests per server before switching to the next: short runs, so that a change of load on a
# shared machine weighs on the three servers alike.
GET_CHUNK = 100


def _measure_get(args: argparse.Namespace, settings: Settings, award: Award) -> list[Measure]:
    """The app (twice: as configured, and with its memory copy of stored documents turned
    off, so that every request reads the database) against a bare endpoint, in alternating
    runs of ``GET_CHUNK`` requests."""
    path = f"/ob3/credentials/{award.id}"
    with tempfile.TemporaryDirectory(prefix="bench-verify-") as folder:
        body_file = Path(folder) / "credential.json"
        with _server("app", settings) as app, _server("app-no-cache", settings) as db:
            app_bytes = httpx.get(f"http://127.0.0.1:{app.port}{path}").content
            if orjson.loads(app_bytes) != award.credential:
                raise SystemExit("the app does not serve the stored credential")
            body_file.write_bytes(app_bytes)
            with _server("bare", settings, body_file) as bare:
                if httpx.get(f"http://127.0.0.1:{bare.port}{path}").content != app_bytes:
                    raise SystemExit("the bare endpoint does not serve the same bytes")
                rows = [
                    (GetMeasure("GET, a bare FastAPI endpoint, same bytes"), bare),
                    (GetMeasure("GET /ob3/credentials/{id}, the app"), app),
                    (GetMeasure("GET, the app reading the database each time"), db),
                ]
                with contextlib.ExitStack() as stack:
                    hammers = [
                        stack.enter_context(_Hammer(server, path, args.clients))
                        for _, server in rows
                    ]
                    chunks = max(1, args.requests // GET_CHUNK)
                    for _ in range(args.rounds):
                        spent = [(0, 0.0)] * len(rows)
                        for _ in range(chunks):
                            for k, hammer in enumerate(hammers):
                                count, seconds, cpu = hammer.run(args.requests // chunks)
                                spent[k] = (spent[k][0] + count, spent[k][1] + seconds)
                                rows[k][0].server_cpu_seconds += cpu
                        for (row, _), (count, seconds) in zip(rows, spent, strict=True):
                            row.add(count, seconds)
    return [row for row, _ in rows]


@dataclass(frozen=True)
class _Server:
    port: int
    pid: int

    def cpu_seconds(self) -> float:
        """User and system CPU time of the server process so far (Linux ``/proc``; 0 elsewhere,
        and the CPU column then reads 0)."""
        try:
            fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class _Hammer:
    """``clients`` threads, each with its own keep-alive connection to one server, kept open
    across runs."""

    def __init__(self, server: _Server, path: str, clients: int) -> None:
        self._server, self._path = server, path
        self._pool = ThreadPoolExecutor(clients)
        self._clients = [
            httpx.Client(base_url=f"http://127.0.0.1:{server.port}") for _ in range(clients)
        ]

    def __enter__(self) -> _Hammer:
        self.run(20 * len(self._clients))  # connect and warm up, untimed
        return self

    def __exit__(self, *_: object) -> None:
        self._pool.shutdown()
        for client in self._clients:
            client.close()

    def run(self, requests: int) -> tuple[int, float, float]:
        """``requests`` GETs shared among the clients: (count, seconds, server CPU seconds)."""
        per_client = requests // len(self._clients)

        def client_run(client: httpx.Client) -> None:
            for _ in range(per_client):
                response = client.get(self._path)
                if response.status_code != 200:
                    raise SystemExit(f"GET {self._path}: {response.status_code}")

        cpu = self._server.cpu_seconds()
        started = time.perf_counter()
        list(self._pool.map(client_run, self._clients))
        elapsed = time.perf_counter() - started
        return per_client * len(self._clients), elapsed, self._server.cpu_seconds() - cpu


@contextlib.contextmanager
def _server(kind: str, settings: Settings, body_file: Path | None = None) -> Iterator[_Server]:
    port = _free_port()
    command = [sys.executable, __file__, "--serve", kind, "--port", str(port)]
    if kind != "bare":
        kek = settings.key_encryption_key
        assert kek is not None
        command += ["--database-url", settings.database_url, "--kek", kek.get_secret_value()]
    else:
        assert body_file is not None
        command += ["--body-file", str(body_file)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603 - our own script
    try:
        _wait_until_up(port, process)
        yield _Server(port, process.pid)
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_until_up(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server on port {port} exited with {process.returncode}")
        with contextlib.suppress(httpx.HTTPError):
            httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return
        time.sleep(0.1)
    raise SystemExit(f"the server on port {port} did not start")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _serve(args: argparse.Namespace) -> int:
    import uvicorn
    from fastapi import FastAPI, Response

    production_logging_to_devnull()
    if args.serve != "bare":
        settings = Settings(
            environment=Environment.TEST,
            database_url=args.database_url,
            public_url=PUBLIC_URL,
            key_encryption_key=SecretStr(args.kek),
        )
        app = create_app(settings)
        if args.serve == "app-no-cache":
            app.state.stored_documents = StoredDocumentCache(max_entries=0)
    else:
        body = Path(args.body_file).read_bytes()
        app = FastAPI()

        @app.get("/healthz")
        def healthz() -> dict[str, str]:
            return {"status": "ok"}

        # async, as the app's endpoint: neither side pays a thread-pool round trip.
        @app.get("/ob3/credentials/{award_id}")
        async def credential(award_id: str) -> Response:
            return Response(content=body, media_type="application/vc+ld+json")

    uvicorn.run(app, host="127.0.0.1", port=args.port, log_config=None, access_log=False)
    return 0


# --- setup -----------------------------------------------------------------------------------


def _prepare(engine: Engine, url: str, count: int) -> tuple[Settings, list[Award]]:
    """Migrate, seed, and issue ``count`` awards of *Faiseur de changement* through the app."""
    seeded = seed(engine, url, client_name="bench verify")
    settings, label_id = seeded.settings, seeded.badge_class_id
    client_id, secret = seeded.client_id, seeded.client_secret
    awards = []
    with TestClient(create_app(settings, engine=engine)) as client:
        token = client.post(
            "/oauth/token", data={"grant_type": "client_credentials"}, auth=(client_id, secret)
        ).json()["access_token"]
        for i in range(count):
            body = {
                "badge_class_id": str(label_id),
                "recipient": {"type": "email", "identity": f"bench-{i}@example.org"},
                "narrative": "A conduit la transformation d'une friche en jardin partagé.",
                "claims": CLAIMS,
            }
            response = client.post(
                "/api/v1/awards",
                json=body,
                headers={"Authorization": f"Bearer {token}", "Idempotency-Key": f"bench-{i}"},
            )
            response.raise_for_status()
            links: dict[str, str] = response.json()["links"]
            got = {
                name: client.get(links[name].removeprefix(PUBLIC_URL)).content
                for name in ("ob3", "ob3_jwt", "ob2_signed", "image_png")
            }
            awards.append(
                Award(
                    id=uuid.UUID(response.json()["id"]),
                    credential=orjson.loads(got["ob3"]),
                    vc_jwt=got["ob3_jwt"].decode(),
                    ob2_signed=got["ob2_signed"].decode(),
                    hosted_url=links["ob2_hosted"],
                    png=got["image_png"],
                )
            )
    return settings, awards


# --- report ----------------------------------------------------------------------------------


def _print_environment(backend: str, engine: Engine) -> None:
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    print("badgeservice verification benchmark")
    print(
        f"  machine   {platform.machine()}, {os.cpu_count()} logical CPUs"
        + (f" ({affinity} usable)" if affinity is not None else "")
    )
    print(f"  python    {platform.python_implementation()} {platform.python_version()}")
    print(f"  database  {backend} ({engine.url.render_as_string(hide_password=True)})")
    versions = ", ".join(
        f"{name} {metadata.version(name)}"
        for name in ("pyld", "cryptography", "PyJWT", "SQLAlchemy", "fastapi", "uvicorn")
    )
    print(f"  libraries {versions}")


def _row(measure: Measure, unit: str = "/s") -> str:
    spread = f"{min(measure.rounds):,.0f}–{max(measure.rounds):,.0f}" if measure.rounds else "-"
    return (
        f"  {measure.label:<46} {measure.per_second:>10,.1f} {unit}"
        f"   ({1000 / measure.per_second if measure.per_second else 0:.3f} ms; rounds {spread})"
    )


def _verdict(name: str, ratio: float, target: float | None) -> str:
    """The ratio, judged against ``target``; rows without one are printed for information."""
    if target is None:
        return f"  {name}: ratio {ratio:.2f} (information, no target)"
    verdict = "meets" if ratio >= target else "MISSES"
    return f"  {name}: ratio {ratio:.2f} {verdict} the target {target}"


def _print_results(
    formats: Sequence[Measure],
    di: tuple[Measure, Measure, Measure],
    jwt_rows: Sequence[Measure],
    get_rows: Sequence[Measure],
) -> None:
    print("\nverifications per second, our own awards, every check (read transaction each):")
    for row in formats:
        print(_row(row))
    alone, *whole = di
    print("\nData Integrity against its ceiling (interleaved, call by call):")
    for row in di:
        print(_row(row))
    # The target is the verification itself ("in a session"); opening and closing a read
    # transaction of its own is shown for information.
    for row, target in zip(whole, (DI_TARGET, None), strict=True):
        print(_verdict(f"{row.label} / ceiling", row.per_second / alone.per_second, target))
    decode, *verifications = jwt_rows
    print("\nVC-JWT against PyJWT's decode alone (interleaved, call by call):")
    for row in jwt_rows:
        print(_row(row))
    # The target assumes the status list cached; with nothing cached is for information.
    for row, target in zip(verifications, (JWT_TARGET, JWT_TARGET, None), strict=True):
        print(_verdict(row.label, row.per_second / decode.per_second, target))
    _print_get(get_rows)


def _print_get(get_rows: Sequence[Measure]) -> None:
    bare, *served = get_rows
    print(
        "\nGET, uvicorn on loopback, keep-alive client threads"
        f" (alternating runs of {GET_CHUNK} requests):"
    )
    for row in get_rows:
        cpu = f"   server CPU {row.server_cpu_ms:.3f} ms" if isinstance(row, GetMeasure) else ""
        print(_row(row, "req/s") + cpu)
    # The target is the app as deployed; reading the database each time is for information.
    for row, target in zip(served, (GET_TARGET, None), strict=True):
        print(_verdict(f"{row.label} / bare", row.per_second / bare.per_second, target))
    for row in served:
        if isinstance(row, GetMeasure) and isinstance(bare, GetMeasure) and row.server_cpu_ms:
            ratio = bare.server_cpu_ms / row.server_cpu_ms
            print(f"  {row.label}: server CPU per request, bare / this: {ratio:.2f} (information)")


if __name__ == "__main__":
    sys.exit(main())
