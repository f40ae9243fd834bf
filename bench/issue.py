"""Issuance throughput: the service against the ceiling its cryptography allows.

Run: ``.venv/bin/python bench/issue.py [--awards N] [--batch 1000] [--batches K]
[--database-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres]
[--profile [http|issue|batch]]``
(``--help`` lists every option).

Five figures, measured in the same run on the same machine (bench/README.md explains them):

* **ceiling**: awards per second that the signatures and canonicalization alone allow. Per
  award, exactly the cryptographic work the service does: RDFC-1.0 canonicalization of the
  proof configuration and of the credential (``data_integrity.hash_data``), the Ed25519
  signature, the RS256 JWS of the OB 2.0 signed assertion and the RS256 VC-JWT. The
  documents are built beforehand with the service's own builders, for the same label and
  award shape as the service run.
* **issuing, one by one**: ``awards.issuance.issue_once`` called directly with the app's
  sessionmaker, clock, keys and URLs: the Idempotency-Key claim, the label's requirements,
  signing, storage and the commits the API makes, without the HTTP framework.
* **issuing, batches**: ``awards.issuance.issue_batch`` with ``--batch`` items per call.
* **HTTP API, one by one** and **HTTP API, batches** (for information): ``POST
  /api/v1/awards`` and ``POST /api/v1/awards/batch`` through the real app in-process
  (``TestClient``); they add the fixed cost of an HTTP request to the rows above.

The target ratio (``TARGET_RATIO``) applies to the two issuing rows: the work of issuing and
storing an award against the work that cannot be avoided. The ceiling runs in chunks
alternating with the service runs, so that a change of load on a shared machine weighs on both
sides of the ratios service/ceiling.
"""

from __future__ import annotations

import argparse
import base64
import cProfile
import json
import os
import platform
import pstats
import secrets
import sqlite3
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from importlib import metadata
from pathlib import Path
from types import FrameType
from typing import Literal

import base58
import orjson
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from badgeservice.app import create_app
from badgeservice.auth import service as auth_service
from badgeservice.auth.principal import Principal
from badgeservice.awards import issuance, recipients
from badgeservice.awards.documents import (
    AwardData,
    AwardDocuments,
    SigningMaterial,
    build_award_documents,
)
from badgeservice.awards.issuing_memo import IssuingMemo
from badgeservice.awards.models import Award
from badgeservice.awards.presenter import award_out
from badgeservice.awards.schemas import AwardCreate
from badgeservice.awards.service import AwardContext
from badgeservice.awards.signing import signing_material
from badgeservice.badge_classes import service as badge_classes
from badgeservice.badge_classes.requirements import RecipientType
from badgeservice.clock import Clock
from badgeservice.crypto.secrets import SubkeyPurpose, derive_subkey
from badgeservice.db import make_engine, make_sessionmaker, unit_of_work
from badgeservice.deps import AwardKeys
from badgeservice.formats.data_integrity import (
    ASSERTION_METHOD,
    CRYPTOSUITE,
    PROOF_TYPE,
    add_proof,
    format_created,
    hash_data,
)
from badgeservice.formats.ob2_signed import sign_assertion
from badgeservice.formats.vc_jwt import encode_vc_jwt
from badgeservice.issuers import service as issuers
from badgeservice.keys.ring import KeyRing
from badgeservice.settings import Settings
from badgeservice.urls import Urls

# Run as a file (``python bench/issue.py``): the repository's root makes ``bench`` importable.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.common import PUBLIC_URL, production_logging_to_devnull, scratch_database, seed

CEILING = "ceiling (crypto + RDFC)"
TARGET_RATIO = 0.6
WARM_UP_AWARDS = 5
# Enough for figures that repeat within a few percent on a quiet 2-core machine.
DEFAULT_AWARDS = 200
DEFAULT_BATCH = 1000
NARRATIVE = (
    "A conduit avec ses pairs du réseau la transformation d'une friche en jardin partagé, "
    "ouvert aux habitants du quartier ; ses pairs en témoignent."
)
CLAIMS: dict[str, object] = {
    "adhesion_charte_valeurs": True,
    "action_de_transformation": "Création d'un jardin partagé et d'une grainothèque de quartier.",
    "territoire": "Plaine Commune",
}


@dataclass(frozen=True)
class Measure:
    label: str
    awards: int
    seconds: float
    cpu_seconds: float
    """CPU time of this process (every thread), which other work on the machine barely moves;
    a PostgreSQL server's own CPU is not in it."""

    def __add__(self, other: Measure) -> Measure:
        return Measure(
            self.label,
            self.awards + other.awards,
            self.seconds + other.seconds,
            self.cpu_seconds + other.cpu_seconds,
        )

    @property
    def per_second(self) -> float:
        return self.awards / self.seconds

    @property
    def ms_per_award(self) -> float:
        return 1000 * self.seconds / self.awards

    @property
    def cpu_ms_per_award(self) -> float:
        return 1000 * self.cpu_seconds / self.awards


class Stopwatch:
    """Wall-clock and process CPU time since it was made."""

    def __init__(self) -> None:
        self._wall = time.perf_counter()
        self._cpu = time.process_time()

    def measure(self, label: str, awards: int) -> Measure:
        wall = time.perf_counter() - self._wall
        return Measure(label, awards, wall, time.process_time() - self._cpu)


@dataclass
class CeilingSteps:
    """Seconds spent in each cryptographic step, summed over the ceiling run."""

    hash_data: float = 0.0
    ed25519: float = 0.0
    ob2_jws: float = 0.0
    vc_jwt: float = 0.0


@dataclass(frozen=True)
class CeilingInput:
    """One award's documents as the service signs them: the credential before its proof and
    the OB 2.0 signed assertion before its JWS."""

    credential: dict[str, object]
    ob2_assertion: dict[str, object]


@dataclass(frozen=True)
class Bench:
    engine: Engine
    settings: Settings
    ring: KeyRing
    badge_class_id: uuid.UUID
    client_id: str
    client_secret: str
    backend: str


ISSUE_ONE = "issuing, one by one"
HTTP_ONE = "HTTP API, one by one"


@dataclass
class Results:
    """The run's figures: the ceiling, then the service rows, each summed over its rounds."""

    ceiling: Ceiling
    batch: int
    issue_one: Measure = field(default_factory=lambda: Measure(ISSUE_ONE, 0, 0.0, 0.0))
    issue_batch: Measure = field(init=False)
    http_one: Measure = field(default_factory=lambda: Measure(HTTP_ONE, 0, 0.0, 0.0))
    http_batch: Measure = field(init=False)

    def __post_init__(self) -> None:
        self.issue_batch = Measure(f"issuing, batches of {self.batch:,}", 0, 0.0, 0.0)
        self.http_batch = Measure(f"HTTP API, batches of {self.batch:,}", 0, 0.0, 0.0)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    run_tag = secrets.token_hex(3)
    production_logging_to_devnull()
    with scratch_database(args.database_url, prefix="bench-issue-") as (url, backend):
        engine = make_engine(url)
        try:
            bench = _prepare(engine, url, backend)
            _print_environment(bench, url)
            return _run(bench, args, run_tag)
        finally:
            engine.dispose()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--awards", type=int, default=DEFAULT_AWARDS, help="awards for the one-by-one run"
    )
    parser.add_argument(
        "--ceiling-awards",
        type=int,
        default=None,
        help="awards the ceiling signs across the one-by-one rounds (default: --awards); one "
        "more round's worth before each batch and after the last",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=8,
        help="the one-by-one run and the ceiling alternate in this many rounds",
    )
    parser.add_argument("--batch", type=int, default=DEFAULT_BATCH, help="items per batch")
    parser.add_argument("--batches", type=int, default=1, help="batch requests to time")
    parser.add_argument(
        "--database-url",
        default=None,
        help="a PostgreSQL server URL (postgresql+psycopg://user@host:port/db); a scratch "
        "database is created next to db and dropped afterwards. Default: a temporary SQLite "
        "file.",
    )
    parser.add_argument(
        "--profile",
        nargs="?",
        const="http",
        choices=["http", "issue", "batch"],
        default=None,
        help="then profile (cProfile) a further run and print the top functions: --awards "
        "awards one by one through the HTTP API (http, the default) or issue_once (issue), or "
        "one issue_batch of --batch awards (batch)",
    )
    parser.add_argument(
        "--profile-out",
        type=Path,
        default=None,
        help="with --profile, also save the merged profile there (for pstats or snakeviz)",
    )
    return parser


def _run(bench: Bench, args: argparse.Namespace, run_tag: str) -> int:
    app = create_app(bench.settings, engine=bench.engine)
    rounds = max(1, args.rounds)
    chunk = max(1, (args.ceiling_awards or args.awards) // rounds)
    with TestClient(app) as client:
        headers = _bearer(client, bench)
        issuing = _issuing(app, headers)
        # Warm-up, untimed: contexts parsed, keys decrypted and cached, the status list opened
        # and signed, SQLAlchemy statements compiled.
        for i in range(WARM_UP_AWARDS):
            _post_one(client, headers, bench, f"warm-{run_tag}-{i}")
            _issue_one(issuing, bench, f"warm-direct-{run_tag}-{i}")
        ceiling = _prepare_ceiling(bench, chunk)
        ceiling.run(chunk)  # warm-up, untimed
        ceiling.reset()
        # The machine is shared: ceiling and service alternate, so that a load change during
        # the run weighs on both sides of the ratio.
        results = Results(ceiling, args.batch)
        for share in _split(args.awards, rounds):
            ceiling.run(chunk)
            results.issue_one += _measure_issue_one(issuing, bench, share, run_tag)
            ceiling.run(chunk)
            results.http_one += _measure_one_by_one(client, headers, bench, share, run_tag)
        for b in range(args.batches):
            ceiling.run(chunk)
            results.issue_batch += _measure_issue_batch(
                issuing, bench, args.batch, f"{run_tag}-{b}"
            )
            ceiling.run(chunk)
            results.http_batch += _measure_batch(
                client, headers, bench, args.batch, f"{run_tag}-{b}"
            )
        ceiling.run(chunk)
        _check_same_signatures(client, headers, bench, ceiling, run_tag)
    _print_results(results)
    if args.profile == "http":
        _profile_one_by_one(app, bench, args.awards, run_tag, args.profile_out)
    elif args.profile is not None:
        _profile_issuing(issuing, bench, args, run_tag)
    return 0


def _split(total: int, parts: int) -> list[int]:
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


# --- Setup ---------------------------------------------------------------------------------


def _prepare(engine: Engine, url: str, backend: str) -> Bench:
    seeded = seed(engine, url, client_name="bench issue")
    return Bench(
        engine=engine,
        settings=seeded.settings,
        ring=seeded.ring,
        badge_class_id=seeded.badge_class_id,
        client_id=seeded.client_id,
        client_secret=seeded.client_secret,
        backend=backend,
    )


def _bearer(client: TestClient, bench: Bench) -> dict[str, str]:
    response = client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials"},
        auth=(bench.client_id, bench.client_secret),
    )
    response.raise_for_status()
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def _award_body(bench: Bench, recipient: str) -> dict[str, object]:
    return {
        "badge_class_id": str(bench.badge_class_id),
        "recipient": {"type": "email", "identity": f"{recipient}@example.org"},
        "recipient_name": "Camille Martin",
        "narrative": NARRATIVE,
        "claims": CLAIMS,
    }


# --- The issuing service, without HTTP ------------------------------------------------------


@dataclass(frozen=True)
class Issuing:
    """What the award routes hand ``issue_once`` and ``issue_batch``, taken from the same app:
    its sessionmaker (on the bench database), clock, key ring, recipient lookup key, URLs and
    issuing memo, and the principal its bearer-token check gives the bench's client."""

    factory: sessionmaker[Session]
    clock: Clock
    ring: KeyRing
    lookup_key: bytes
    urls: Urls
    principal: Principal
    memo: IssuingMemo

    def context(self, now: datetime) -> AwardContext:
        return AwardContext(
            ring=self.ring,
            recipient_lookup_key=self.lookup_key,
            urls=self.urls,
            actor=self.principal,
            now=now,
            memo=self.memo,
        )

    def renderer(self, now: datetime) -> Callable[[Award], bytes]:
        """The API's response body, as the award routes render it."""

        def render(award: Award) -> bytes:
            return award_out(award, self.urls, now).model_dump_json().encode("utf-8")

        return render


def _issuing(app: FastAPI, headers: dict[str, str]) -> Issuing:
    state = app.state
    award_keys: AwardKeys = state.award_keys
    token = headers["Authorization"].removeprefix("Bearer ")
    with unit_of_work(state.sessionmaker) as session:
        principal = auth_service.principal_from_token(
            session,
            token=token,
            keys=state.auth_keys,
            token_issuer=state.urls.public_url,
            now=state.clock.now(),
        )
    return Issuing(
        factory=state.sessionmaker,
        clock=state.clock,
        ring=state.key_ring,
        lookup_key=award_keys.recipient_lookup_key,
        urls=state.urls,
        principal=principal,
        memo=state.issuing_memo,
    )


def _issue_one(issuing: Issuing, bench: Bench, recipient: str) -> None:
    """One award as ``POST /api/v1/awards`` issues it, from its validated body on."""
    now = issuing.clock.now()
    outcome = issuance.issue_once(
        issuing.factory,
        data=AwardCreate.model_validate(_award_body(bench, recipient)),
        idempotency_key=recipient,
        context=issuing.context(now),
        render=issuing.renderer(now),
    )
    if outcome.status != issuance.CREATED or outcome.replayed:
        raise SystemExit(f"award refused: {outcome.status} {outcome.body!r}")


def _measure_issue_one(issuing: Issuing, bench: Bench, count: int, run_tag: str) -> Measure:
    stopwatch = Stopwatch()
    for _ in range(count):
        _issue_one(issuing, bench, f"direct-{run_tag}-{uuid.uuid4().hex[:12]}")
    return stopwatch.measure(ISSUE_ONE, count)


def _issue_batch(issuing: Issuing, bench: Bench, size: int, tag: str) -> None:
    """One batch as ``POST /api/v1/awards/batch`` issues it, from its validated items on."""
    now = issuing.clock.now()
    keys = [f"direct-batch-{tag}-{i}" for i in range(size)]
    outcomes = issuance.issue_batch(
        issuing.factory,
        items=[(key, AwardCreate.model_validate(_award_body(bench, key))) for key in keys],
        context=issuing.context(now),
        render=issuing.renderer(now),
    )
    refused = [o for o in outcomes if o.outcome is None or o.outcome.status != issuance.CREATED]
    if refused:
        first = refused[0]
        raise SystemExit(f"batch {tag}: {len(refused)} items refused, first: {first.error!r}")


def _measure_issue_batch(issuing: Issuing, bench: Bench, size: int, tag: str) -> Measure:
    stopwatch = Stopwatch()
    _issue_batch(issuing, bench, size, tag)
    return stopwatch.measure(f"issuing, batches of {size:,}", size)


def _profile_issuing(
    issuing: Issuing, bench: Bench, args: argparse.Namespace, run_tag: str
) -> None:
    """cProfile of a further run of ``issue_once`` (``--awards`` awards) or of one
    ``issue_batch`` (``--batch`` awards), in this thread (not timed)."""
    profiler = cProfile.Profile()
    if args.profile == "batch":
        count, what = args.batch, f"one issue_batch of {args.batch:,}"
        profiler.runcall(_issue_batch, issuing, bench, count, f"prof-{run_tag}")
    else:
        count, what = args.awards, f"{args.awards} awards through issue_once"
        profiler.enable()
        for i in range(count):
            _issue_one(issuing, bench, f"prof-direct-{run_tag}-{i}")
        profiler.disable()
    _print_profile(pstats.Stats(profiler, stream=sys.stdout), what, args.profile_out)


def _print_profile(stats: pstats.Stats, what: str, out: Path | None) -> None:
    if out is not None:
        stats.dump_stats(out)
    print(f"\n== cProfile, {what}: top 45 by cumulative ==")
    stats.sort_stats(pstats.SortKey.CUMULATIVE).print_stats(45)
    print("== top 30 by own time ==")
    stats.sort_stats(pstats.SortKey.TIME).print_stats(30)


# --- The HTTP API --------------------------------------------------------------------------


def _post_one(
    client: TestClient, headers: dict[str, str], bench: Bench, recipient: str
) -> dict[str, object]:
    response = client.post(
        "/api/v1/awards",
        json=_award_body(bench, recipient),
        headers={**headers, "Idempotency-Key": recipient},
    )
    if response.status_code != 201:
        raise SystemExit(f"award refused: {response.status_code} {response.text}")
    award: dict[str, object] = response.json()
    return award


def _measure_one_by_one(
    client: TestClient, headers: dict[str, str], bench: Bench, count: int, run_tag: str
) -> Measure:
    stopwatch = Stopwatch()
    for _ in range(count):
        _post_one(client, headers, bench, f"one-{run_tag}-{uuid.uuid4().hex[:12]}")
    return stopwatch.measure(HTTP_ONE, count)


def _profile_one_by_one(
    app: FastAPI, bench: Bench, count: int, run_tag: str, out: Path | None
) -> None:
    """cProfile of a further one-by-one run, on the server side (not timed: the profiler
    slows pure Python far more than C, so shares shift towards pyld).

    ``TestClient`` serves the app from other threads (the event loop's, and a worker pool for
    sync endpoints), which a profiler enabled here would not see: every thread the client
    starts enables a profiler of its own.
    """
    profiles: list[cProfile.Profile] = []
    lock = threading.Lock()

    def start_profiler(_frame: FrameType, _event: str, _arg: object) -> None:
        profiler = cProfile.Profile()
        with lock:
            profiles.append(profiler)
        profiler.enable()  # replaces this hook for the rest of the thread

    threading.setprofile(start_profiler)
    try:
        with TestClient(app) as client:
            headers = _bearer(client, bench)
            for i in range(count):
                _post_one(client, headers, bench, f"prof-{run_tag}-{i}")
    finally:
        threading.setprofile(None)
    stats = pstats.Stats(*profiles, stream=sys.stdout)
    _print_profile(stats, f"server threads, {count} awards one by one through HTTP", out)


def _measure_batch(
    client: TestClient, headers: dict[str, str], bench: Bench, size: int, tag: str
) -> Measure:
    items = [
        {**_award_body(bench, f"batch-{tag}-{i}"), "idempotency_key": f"batch-{tag}-{i}"}
        for i in range(size)
    ]
    stopwatch = Stopwatch()
    response = client.post("/api/v1/awards/batch", json={"items": items}, headers=headers)
    measure = stopwatch.measure(f"HTTP API, batches of {size:,}", size)
    response.raise_for_status()
    statuses = [result["status"] for result in response.json()["results"]]
    if statuses != [201] * size:
        refused = sorted({status for status in statuses if status != 201})
        raise SystemExit(f"batch {tag}: {size - statuses.count(201)} items refused ({refused})")
    return measure


# --- The ceiling ---------------------------------------------------------------------------


@dataclass
class Ceiling:
    """The cryptographic work of ``len(documents)`` awards, signed again chunk after chunk."""

    keys: SigningMaterial
    documents: list[CeilingInput]
    created: datetime
    steps: CeilingSteps = field(default_factory=CeilingSteps)
    total: Measure = field(default_factory=lambda: Measure(CEILING, 0, 0.0, 0.0))
    chunk_rates: list[float] = field(default_factory=list)

    @property
    def jwt_alg(self) -> Literal["RS256", "ES256"]:
        return "ES256" if self.keys.jwt_alg == "ES256" else "RS256"

    def run(self, count: int) -> None:
        stopwatch = Stopwatch()
        for i in range(count):
            document = self.documents[(self.total.awards + i) % len(self.documents)]
            _sign_like_the_service(document, self.keys, self.created, self.jwt_alg, self.steps)
        chunk = stopwatch.measure(CEILING, count)
        self.total += chunk
        self.chunk_rates.append(chunk.per_second)

    def reset(self) -> None:
        self.steps = CeilingSteps()
        self.total = Measure(CEILING, 0, 0.0, 0.0)
        self.chunk_rates = []


def _prepare_ceiling(bench: Bench, count: int) -> Ceiling:
    urls = Urls(bench.settings.public_url)
    lookup_key = derive_subkey(
        bench.settings.kek_bytes(), purpose=SubkeyPurpose.RECIPIENT_LOOKUP_HMAC
    )
    with unit_of_work(make_sessionmaker(bench.engine)) as session:
        keys, documents = _ceiling_documents(session, bench, urls, lookup_key, count)
    return Ceiling(keys, documents, created=datetime.now(UTC).replace(microsecond=0))


def _ceiling_documents(
    session: Session, bench: Bench, urls: Urls, lookup_key: bytes, count: int
) -> tuple[SigningMaterial, list[CeilingInput]]:
    """The documents of ``count`` awards of the service run's label and shape, built (untimed)
    with the service's own builder, taken apart again before their signatures."""
    view = badge_classes.get_badge_class(session, badge_class_id=bench.badge_class_id)
    issuer = issuers.get_issuer(session, issuer_id=view.badge_class.issuer_id)
    keys = signing_material(session, ring=bench.ring, urls=urls, issuer_id=issuer.id)
    now = datetime.now(UTC).replace(microsecond=0)
    status_list_url = urls.ob3_status_list(uuid.uuid4())
    built: list[CeilingInput] = []
    for i in range(count):
        recipient = recipients.prepare(
            RecipientType.EMAIL, f"ceiling-{i}@example.org", key=lookup_key
        )
        documents = build_award_documents(
            urls=urls,
            issuer=issuer,
            version=view.version,
            award=AwardData(
                award_id=uuid.uuid4(),
                recipient=recipient.data,
                evidence=[],
                narrative=NARRATIVE,
                issued_on=now,
                expires=now + timedelta(days=3 * 365),
                status_list_url=status_list_url,
                status_list_index=secrets.randbelow(131_072),
            ),
            keys=keys,
            now=now,
        )
        built.append(_unsigned(documents))
    return keys, built


def _unsigned(documents: AwardDocuments) -> CeilingInput:
    credential = orjson.loads(documents.ob3_json)
    del credential["proof"]
    payload = documents.ob2_signed.split(b".")[1]
    assertion = json.loads(base64.urlsafe_b64decode(payload + b"=" * (-len(payload) % 4)))
    return CeilingInput(credential=credential, ob2_assertion=assertion)


def _sign_like_the_service(
    document: CeilingInput,
    keys: SigningMaterial,
    created: datetime,
    jwt_alg: Literal["RS256", "ES256"],
    steps: CeilingSteps,
) -> tuple[dict[str, object], str, str]:
    """``add_proof`` step by step (so each step is timed), then both JWS, as
    ``build_award_documents`` signs them."""
    t0 = time.perf_counter()
    proof_options: dict[str, object] = {
        "type": PROOF_TYPE,
        "created": format_created(created),
        "verificationMethod": keys.ed25519_method,
        "cryptosuite": CRYPTOSUITE,
        "proofPurpose": ASSERTION_METHOD,
    }
    data = hash_data(document.credential, proof_options)
    t1 = time.perf_counter()
    signature = keys.ed25519.sign(data)
    proof = {**proof_options, "proofValue": "z" + base58.b58encode(signature).decode("ascii")}
    proved: dict[str, object] = {**document.credential, "proof": [proof]}
    t2 = time.perf_counter()
    ob2_jws = sign_assertion(document.ob2_assertion, private_key=keys.rsa)
    t3 = time.perf_counter()
    vc_jwt = encode_vc_jwt(proved, private_key=keys.jwt_key, alg=jwt_alg, kid=keys.jwt_kid)
    t4 = time.perf_counter()
    steps.hash_data += t1 - t0
    steps.ed25519 += t2 - t1
    steps.ob2_jws += t3 - t2
    steps.vc_jwt += t4 - t3
    return proved, ob2_jws, vc_jwt


def _sign_reference(
    document: CeilingInput,
    keys: SigningMaterial,
    created: datetime,
    jwt_alg: Literal["RS256", "ES256"],
) -> AwardDocuments:
    """The same document signed by the service's own functions (untimed)."""
    proved = add_proof(
        document.credential,
        private_key=keys.ed25519,
        verification_method=keys.ed25519_method,
        created=created,
    )
    return AwardDocuments(
        ob2_hosted=b"",
        ob2_signed=sign_assertion(document.ob2_assertion, private_key=keys.rsa).encode("ascii"),
        ob3_json=orjson.dumps(proved),
        ob3_jwt=encode_vc_jwt(
            proved, private_key=keys.jwt_key, alg=jwt_alg, kid=keys.jwt_kid
        ).encode("ascii"),
    )


def _check_same_signatures(
    client: TestClient, headers: dict[str, str], bench: Bench, ceiling: Ceiling, run_tag: str
) -> None:
    """The ceiling did the service's work: Ed25519 and RS256 (PKCS#1 v1.5) are deterministic,
    so the timed path must give the bytes ``add_proof``, ``sign_assertion`` and
    ``encode_vc_jwt`` give; and a credential the service issued has the same members."""
    document = ceiling.documents[0]
    reference = _sign_reference(document, ceiling.keys, ceiling.created, ceiling.jwt_alg)
    proved, ob2_jws, vc_jwt = _sign_like_the_service(
        document, ceiling.keys, ceiling.created, ceiling.jwt_alg, CeilingSteps()
    )
    if orjson.dumps(proved) != reference.ob3_json or ob2_jws.encode() != reference.ob2_signed:
        raise SystemExit("the ceiling's signing path differs from the service's")
    if ceiling.jwt_alg == "RS256" and vc_jwt.encode() != reference.ob3_jwt:
        raise SystemExit("the ceiling's VC-JWT differs from the service's")
    award = _post_one(client, headers, bench, f"check-{run_tag}")
    links = award["links"]
    assert isinstance(links, dict)
    served = client.get(str(links["ob3"]).removeprefix(PUBLIC_URL)).json()
    if sorted(served) != sorted(proved) or len(served["proof"]) != 1:
        raise SystemExit("the ceiling's credential does not have the service's members")


# --- Report --------------------------------------------------------------------------------


def _print_environment(bench: Bench, url: str) -> None:
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    print("badgeservice issuance benchmark")
    print(
        f"  machine   {platform.machine()}, {os.cpu_count()} logical CPUs"
        + (f" ({affinity} usable)" if affinity is not None else "")
        + f", {platform.system()} {platform.release()}"
    )
    print(f"  python    {platform.python_implementation()} {platform.python_version()}")
    print(f"  database  {_database_version(bench, url)}")
    versions = ", ".join(
        f"{name} {metadata.version(name)}"
        for name in ("pyld", "cryptography", "PyJWT", "SQLAlchemy", "fastapi")
    )
    print(f"  libraries {versions}")
    print(f"  VC-JWT    {bench.settings.vc_jwt_algorithm}")


def _database_version(bench: Bench, url: str) -> str:
    if bench.backend == "sqlite":
        return f"SQLite {sqlite3.sqlite_version} (temporary file, WAL, synchronous=NORMAL)"
    with bench.engine.connect() as conn:
        version = conn.execute(text("SHOW server_version")).scalar_one()
    shown = make_url(url).render_as_string(hide_password=True)
    return f"PostgreSQL {version} (scratch database {shown})"


def _print_results(results: Results) -> None:
    ceiling = results.ceiling
    reference = ceiling.total
    targeted = [m for m in (results.issue_one, results.issue_batch) if m.awards]
    informative = [m for m in (results.http_one, results.http_batch) if m.awards]
    print()
    header = (
        f"{'measure':<27} {'goal':>6} {'awards':>6} {'seconds':>8} {'awards/s':>9} "
        f"{'ms/award':>9} {'service/ceiling':>16} {'cpu ms/award':>13} {'(cpu ratio)':>12}"
    )
    print(header)
    print("-" * len(header))
    goals = [(reference, ""), *((m, f">={TARGET_RATIO}") for m in targeted)]
    for measure, goal in [*goals, *((m, "info") for m in informative)]:
        ratio = measure.per_second / reference.per_second
        cpu_ratio = reference.cpu_seconds / reference.awards / measure.cpu_seconds * measure.awards
        print(
            f"{measure.label:<27} {goal:>6} {measure.awards:>6} {measure.seconds:>8.2f} "
            f"{measure.per_second:>9.1f} {measure.ms_per_award:>9.2f} {ratio:>16.2f} "
            f"{measure.cpu_ms_per_award:>13.2f} {cpu_ratio:>12.2f}"
        )
    rates = ceiling.chunk_rates
    print(
        f"(ceiling in {len(rates)} chunks alternating with the service runs: "
        f"{min(rates):.1f} to {max(rates):.1f} awards/s; cpu: this process only)"
    )
    print()
    print("ceiling, per award:")
    steps = ceiling.steps
    per_award = {
        "RDFC-1.0 proof config + credential, SHA-256 (hash_data)": steps.hash_data,
        "Ed25519 signature + proofValue": steps.ed25519,
        "RS256 JWS, OB 2.0 signed assertion": steps.ob2_jws,
        f"{ceiling.jwt_alg} VC-JWT (credential with its proof)": steps.vc_jwt,
    }
    for name, seconds in per_award.items():
        share = seconds / reference.seconds
        print(f"  {name:<58} {1000 * seconds / reference.awards:>7.2f} ms  {share:>5.0%}")
    print()
    print(f"target: issuing and storing awards at >= {TARGET_RATIO} of the ceiling")
    for measure in targeted:
        ratio = measure.per_second / reference.per_second
        verdict = "meets" if ratio >= TARGET_RATIO else "misses"
        print(f"  {measure.label}: ratio {ratio:.2f} {verdict} the target {TARGET_RATIO}")
    pairs = [
        (results.issue_one, results.http_one, 1),
        (results.issue_batch, results.http_batch, results.batch),
    ]
    lines = [
        _http_cost(issued, served, per_request)
        for issued, served, per_request in pairs
        if issued.awards and served.awards
    ]
    if lines:
        print(
            "for information, what the HTTP API adds (fixed per request: ASGI, authentication, "
            "validation, response):"
        )
        for line in lines:
            print(f"  {line}")


def _http_cost(issued: Measure, served: Measure, awards_per_request: int) -> str:
    extra_ms = served.ms_per_award - issued.ms_per_award
    per_request = extra_ms * awards_per_request
    return (
        f"{served.label}: {extra_ms:+.2f} ms per award, {per_request:+.1f} ms per request of "
        f"{awards_per_request:,} award{'s' if awards_per_request > 1 else ''}"
    )


if __name__ == "__main__":
    sys.exit(main())
