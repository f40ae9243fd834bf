"""``POST /verify``: anyone verifies a badge of any issuer (DESIGN.md "API sketch")."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Response

from badgeservice.deps import ApiLangDep
from badgeservice.http_problems import problem_responses
from badgeservice.verification import service
from badgeservice.verification.dependencies import (
    VERIFY_OPENAPI,
    ReadSessionDep,
    VerificationContextDep,
    VerifyInputDep,
    rate_limit,
)
from badgeservice.verification.schemas import ReportOut, report_out

router = APIRouter(tags=["verification"])


@router.post(
    "/verify",
    response_model=ReportOut,
    dependencies=[Depends(rate_limit)],
    responses=problem_responses(400, 413, 415, 422, 429),
    openapi_extra=VERIFY_OPENAPI,
)
def verify_badge(
    submitted: VerifyInputDep,
    session: ReadSessionDep,
    context: VerificationContextDep,
    lang: ApiLangDep,
    response: Response,
) -> ReportOut:
    """Verify an Open Badges 2.0 or 3.0 badge: a URL, a credential, a JWT, or a baked PNG or
    SVG. 200 with the report (``verified`` is false when a check failed); a problem (422
    ``unreadable-credential``) when nothing in the request is a badge."""
    report = service.verify(
        session, submission=submitted.submission, context=context, recipient=submitted.recipient
    )
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Cache-Control"] = "no-store"
    return report_out(report, lang)
