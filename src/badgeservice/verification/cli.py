"""``badgeservice verify FILE|URL [--recipient IDENTITY] [--json]``: the same verification as
``POST /verify``, from a terminal. Exit status 0 verified, 1 not verified, 2 unreadable input.

Our own badges are read from the configured database (``BADGESERVICE_DATABASE_URL``), others'
documents through the one outbound client, with the same rules as the service.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from badgeservice.clock import SystemClock
from badgeservice.db import make_engine, make_sessionmaker, unit_of_work
from badgeservice.fetch import Fetcher, FetchPolicy
from badgeservice.i18n import Lang, Text
from badgeservice.problems import DomainError
from badgeservice.settings import Settings
from badgeservice.urls import Urls
from badgeservice.verification.checks import CheckStatus, Report
from badgeservice.verification.detect import Submission
from badgeservice.verification.recipient import IdentityType, RecipientClaim
from badgeservice.verification.schemas import report_out
from badgeservice.verification.service import VerificationContext, verify

VERIFIED, NOT_VERIFIED, UNREADABLE = 0, 1, 2
_MARKS = {
    CheckStatus.PASSED: "✓",
    CheckStatus.FAILED: "✗",
    CheckStatus.WARNING: "!",
    CheckStatus.SKIPPED: "-",
}


@dataclass(frozen=True)
class Outcome:
    exit_code: int
    output: str


def run_verify(
    target: str, *, recipient: str | None, as_json: bool, lang: Lang, settings: Settings
) -> Outcome:
    try:
        submission = _submission(target)
        claim = _claim(recipient) if recipient else None
    except _UnreadableArgumentError as exc:
        return Outcome(UNREADABLE, "✗ " + exc.text.render(lang))
    engine = make_engine(settings.database_url)
    fetcher = Fetcher(FetchPolicy.from_settings(settings))
    context = VerificationContext(
        urls=Urls(settings.public_url), clock=SystemClock(), fetcher=fetcher
    )
    try:
        with unit_of_work(make_sessionmaker(engine)) as session:
            report = verify(session, submission=submission, context=context, recipient=claim)
    except DomainError as exc:
        return Outcome(UNREADABLE, "✗ " + exc.text.render(lang))
    except SQLAlchemyError:
        return Outcome(UNREADABLE, "✗ " + Text("database_unavailable").render(lang))
    finally:
        fetcher.close()
        engine.dispose()
    if as_json:
        output = report_out(report, lang).model_dump_json(indent=2)
    else:
        output = render_text(report, lang)
    return Outcome(VERIFIED if report.verified else NOT_VERIFIED, output)


def render_text(report: Report, lang: Lang) -> str:
    """One line per check (✓ passed, ✗ failed, ! warning, - skipped), then the verdict."""
    summary = report.summary
    container = f" ({report.baked.upper()})" if report.baked else ""
    lines = [f"{report.format.value}{container}"]
    if summary.issuer.id:
        lines.append(f"  issuer: {summary.issuer.name or ''} <{summary.issuer.id}>")
    if summary.badge_class.name:
        lines.append(f"  badge:  {summary.badge_class.name}")
    lines.append("")
    width = max(len(check.id.value) for check in report.checks)
    for check in report.checks:
        mark = _MARKS[check.status]
        lines.append(f"{mark} {check.id.value:<{width}}  {check.message(lang)}")
    lines.append("")
    verdict = "cli_verified" if report.verified else "cli_not_verified"
    lines.append(Text(verdict).render(lang))
    return "\n".join(lines)


class _UnreadableArgumentError(Exception):
    def __init__(self, text: Text) -> None:
        super().__init__(text.key)
        self.text = text


def _submission(target: str) -> Submission:
    if target.startswith(("https://", "http://")):
        return Submission(url=target)
    path = Path(target)
    try:
        return Submission(file=path.read_bytes())
    except OSError as exc:
        raise _UnreadableArgumentError(Text("cli_no_file", {"path": target})) from exc


def _claim(identity: str) -> RecipientClaim:
    value = identity.strip()
    if value.startswith("did:"):
        return RecipientClaim(IdentityType.DID, value)
    if value.startswith(("https://", "http://")):
        return RecipientClaim(IdentityType.URL, value)
    if value.startswith("+"):
        return RecipientClaim(IdentityType.TELEPHONE, value)
    if "@" in value:
        return RecipientClaim(IdentityType.EMAIL, value)
    raise _UnreadableArgumentError(Text("cli_identity", {"identity": identity}))
