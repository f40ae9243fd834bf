"""Command line: serve, migrate, seed, clients, keys, verify, openapi (the contract scripts rely
on)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import typer

from badgeservice.settings import Settings, ensure_kek

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from badgeservice.keys.ring import KeyRing

cli = typer.Typer(help="badgeservice: Open Badges 2.0 and 3.0 issuer.", no_args_is_help=True)
clients_cli = typer.Typer(
    help="Manage API clients (OAuth 2.0 client credentials).", no_args_is_help=True
)
cli.add_typer(clients_cli, name="clients")
keys_cli = typer.Typer(help="Manage issuers' signing keys.", no_args_is_help=True)
cli.add_typer(keys_cli, name="keys")


def _settings() -> Settings:
    return ensure_kek(Settings())


@cli.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Migrate the database to head, then serve the API and public documents."""
    import uvicorn

    from badgeservice.app import create_app
    from badgeservice.db import make_engine
    from badgeservice.logging_setup import configure_logging
    from badgeservice.migrate import upgrade

    settings = _settings()
    configure_logging(level=settings.log_level, json=settings.log_json)
    _ensure_sqlite_dir(settings)
    engine = make_engine(settings.database_url)
    upgrade(engine)
    app = create_app(settings, engine=engine)
    uvicorn.run(app, host=host, port=port, log_config=None, proxy_headers=False)


@cli.command()
def migrate() -> None:
    """Upgrade the database schema to the latest revision."""
    from badgeservice.db import make_engine
    from badgeservice.migrate import upgrade

    settings = _settings()
    _ensure_sqlite_dir(settings)
    engine = make_engine(settings.database_url)
    upgrade(engine)
    engine.dispose()
    typer.echo("database at head")


@cli.command()
def seed() -> None:
    """Create the Isopolis issuer and its four labels if they are missing (idempotent)."""
    from badgeservice.catalog.seed import seed_catalog
    from badgeservice.clock import SystemClock
    from badgeservice.db import make_engine, make_sessionmaker, unit_of_work

    settings = _settings()
    _ensure_sqlite_dir(settings)
    engine = make_engine(settings.database_url)
    with unit_of_work(make_sessionmaker(engine)) as session:
        result = seed_catalog(session, ring=_key_ring(settings), now=SystemClock().now())
    engine.dispose()
    typer.echo(f"catalog: {result.created} created, {result.existing} already present")


@cli.command()
def openapi() -> None:
    """Print the OpenAPI document (kept in openapi/openapi.json)."""
    from badgeservice.openapi_doc import render_openapi

    typer.echo(render_openapi(), nl=False)


@cli.command("verify")
def verify_badge(
    target: Annotated[str, typer.Argument(help="A badge file (.json .jwt .jws .png .svg) or URL.")],
    recipient: Annotated[
        str | None, typer.Option(help="The email, +telephone, URL or DID it should belong to.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    lang: Annotated[str, typer.Option(help="Language of the messages: en or fr.")] = "en",
) -> None:
    """Verify a badge of any issuer: exit 0 verified, 1 not verified, 2 unreadable input."""
    from badgeservice.i18n import Lang
    from badgeservice.verification.cli import run_verify

    outcome = run_verify(
        target,
        recipient=recipient,
        as_json=as_json,
        lang=Lang.FR if lang == "fr" else Lang.EN,
        settings=_settings(),
    )
    typer.echo(outcome.output, err=outcome.exit_code == 2)
    raise typer.Exit(code=outcome.exit_code)


@clients_cli.command("create")
def clients_create(
    name: Annotated[str, typer.Option(help="A name saying who uses the client.")],
    scope: Annotated[list[str], typer.Option(help="A scope to grant (repeatable).")],
    issuer: Annotated[
        list[str] | None, typer.Option(help="Limit the client to this issuer slug (repeatable).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Create a client and print its id and secret (shown once)."""
    from badgeservice.auth import service
    from badgeservice.auth.keys import AuthKeys
    from badgeservice.auth.principal import SYSTEM

    settings = _settings()
    with _session(settings) as session:
        scopes = service.parse_scopes(scope, pointer="/scope")
        created = service.create_client(
            session,
            name=name,
            scopes=scopes,
            issuer_refs=issuer or None,
            keys=AuthKeys.derive(settings.kek_bytes()),
            actor=SYSTEM,
            now=_now(),
        )
        client_id, secret = created.client.client_id, created.secret
    if as_json:
        typer.echo(json.dumps({"client_id": client_id, "client_secret": secret}))
    else:
        typer.echo(
            f"client_id:     {client_id}\nclient_secret: {secret}\n(the secret is shown once)"
        )


@clients_cli.command("list")
def clients_list(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List clients (never their secrets)."""
    from badgeservice.auth import service

    settings = _settings()
    with _session(settings) as session:
        rows = [
            {
                "client_id": c.client_id,
                "name": c.name,
                "scopes": list(c.scopes),
                "issuer_ids": c.issuer_ids,
                "status": c.status.value,
            }
            for c in service.list_clients(session)
        ]
    if as_json:
        typer.echo(json.dumps(rows))
        return
    for row in rows:
        scopes = row["scopes"]
        assert isinstance(scopes, list)  # noqa: S101 - built just above
        typer.echo(f"{row['client_id']}  {row['status']!s:<8}  {' '.join(scopes)}  {row['name']}")


@clients_cli.command("disable")
def clients_disable(client_id: str) -> None:
    """Disable a client: its secret and every token it holds stop working."""
    from badgeservice.auth import service
    from badgeservice.auth.principal import SYSTEM

    settings = _settings()
    with _session(settings) as session:
        service.disable_client(session, client_id=client_id, actor=SYSTEM, now=_now())
    typer.echo(f"{client_id} disabled")


@keys_cli.command("rotate")
def keys_rotate(
    issuer: Annotated[str, typer.Option(help="The issuer's slug (or id).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Retire the issuer's active keys and create new ones; retired keys stay published."""
    from badgeservice.auth.principal import SYSTEM
    from badgeservice.issuers import service as issuers
    from badgeservice.keys import service

    settings = _settings()
    with _session(settings) as session:
        issuer_id = issuers.resolve(session, issuer).id
        rotation = service.rotate_keys(
            session, ring=_key_ring(settings), issuer_id=issuer_id, actor=SYSTEM, now=_now()
        )
        created = [(k.kid, k.algorithm.value) for k in rotation.created]
        retired = [(k.kid, k.algorithm.value) for k in rotation.retired]
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "created": [{"kid": kid, "algorithm": alg} for kid, alg in created],
                    "retired": [{"kid": kid, "algorithm": alg} for kid, alg in retired],
                }
            )
        )
        return
    for kid, alg in created:
        typer.echo(f"created  {kid}  {alg}")
    for kid, alg in retired:
        typer.echo(f"retired  {kid}  {alg}")


def _key_ring(settings: Settings) -> KeyRing:
    from badgeservice.crypto.keypairs import KeyAlgorithm
    from badgeservice.keys.ring import KeyRing

    return KeyRing.derive(
        settings.kek_bytes(), vc_jwt_algorithm=KeyAlgorithm(settings.vc_jwt_algorithm)
    )


def _now() -> datetime:
    from badgeservice.clock import SystemClock

    return SystemClock().now()


@contextmanager
def _session(settings: Settings) -> Iterator[Session]:
    from badgeservice.db import make_engine, make_sessionmaker, unit_of_work
    from badgeservice.problems import DomainError

    engine = make_engine(settings.database_url)
    try:
        with unit_of_work(make_sessionmaker(engine)) as session:
            yield session
    except DomainError as exc:
        from badgeservice.i18n import Lang

        typer.echo(f"error: {exc.text.render(Lang.EN)}", err=True)
        for err in exc.errors:
            typer.echo(f"  {err.pointer}: {err.text.render(Lang.EN)}", err=True)
        raise typer.Exit(code=2) from exc
    finally:
        engine.dispose()


def _ensure_sqlite_dir(settings: Settings) -> None:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    if settings.database_url.startswith("sqlite:///"):
        from pathlib import Path

        path = settings.database_url.removeprefix("sqlite:///")
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
