"""API models of ``POST /verify``: the JSON request and the report (DESIGN.md "API sketch")."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from badgeservice.i18n import Lang
from badgeservice.verification.checks import Party, Report


class RecipientIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: Literal["email", "telephone", "url", "did"]
    identity: str = Field(min_length=1, max_length=2048)


class VerifyRequest(BaseModel):
    """Exactly one of ``url``, ``credential`` or ``jwt``; ``recipient`` to check who holds it."""

    model_config = ConfigDict(extra="forbid")

    url: str | None = Field(
        default=None, max_length=2048, examples=["https://badges.example.org/ob3/credentials/…"]
    )
    credential: dict[str, object] | None = None
    jwt: str | None = Field(default=None, max_length=1_000_000)
    recipient: RecipientIn | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> VerifyRequest:
        given = [name for name in ("url", "credential", "jwt") if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of url, credential or jwt")
        return self


def inline_json_schema(model: type[BaseModel]) -> dict[str, object]:
    """The model's JSON Schema with its ``$defs`` inlined, for an OpenAPI request body that
    FastAPI does not derive from a parameter (the route reads JSON, multipart or raw bodies)."""
    schema = model.model_json_schema()
    definitions = schema.pop("$defs", {})

    def resolve(node: object) -> object:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                return resolve(definitions[ref.removeprefix("#/$defs/")])
            return {key: resolve(value) for key, value in node.items()}
        if isinstance(node, list):
            return [resolve(item) for item in node]
        return node

    resolved = resolve(schema)
    assert isinstance(resolved, dict)  # noqa: S101 - a schema object stays an object
    return resolved


class CheckOut(BaseModel):
    id: str
    status: Literal["passed", "failed", "warning", "skipped"]
    message: str


class PartyOut(BaseModel):
    id: str | None = None
    name: str | None = None
    url: str | None = None
    description: str | None = None
    image: str | None = None


class RecipientOut(BaseModel):
    type: str | None = None
    identity: str | None = Field(default=None, description="only a public identity (URL, DID)")
    hashed: bool = False


class SummaryOut(BaseModel):
    issuer: PartyOut
    badge_class: PartyOut
    recipient: RecipientOut
    issued_on: str | None
    expires: str | None
    revoked: bool
    revocation_reason: str | None


class ReportOut(BaseModel):
    verified: bool = Field(description="true when no check failed")
    format: Literal["ob2-hosted", "ob2-signed", "ob3-data-integrity", "ob3-jwt"]
    baked: Literal["png", "svg"] | None
    checks: list[CheckOut]
    summary: SummaryOut


def report_out(report: Report, lang: Lang) -> ReportOut:
    summary = report.summary
    return ReportOut(
        verified=report.verified,
        format=report.format.value,
        baked=report.baked,
        checks=[
            CheckOut(id=c.id.value, status=c.status.value, message=c.message(lang))
            for c in report.checks
        ],
        summary=SummaryOut(
            issuer=_party(summary.issuer),
            badge_class=_party(summary.badge_class),
            recipient=RecipientOut(
                type=summary.recipient.type,
                identity=summary.recipient.identity,
                hashed=summary.recipient.hashed,
            ),
            issued_on=summary.issued_on,
            expires=summary.expires,
            revoked=summary.revoked,
            revocation_reason=summary.revocation_reason,
        ),
    )


def _party(party: Party) -> PartyOut:
    return PartyOut(
        id=party.id,
        name=party.name,
        url=party.url,
        description=party.description,
        image=party.image,
    )
