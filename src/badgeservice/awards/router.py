"""Award API: issuing (one by one with an Idempotency-Key, or in batches) and reading."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import Response

from badgeservice.auth.principal import Principal
from badgeservice.awards import issuance, revocation, service
from badgeservice.awards.api_models import AwardList, AwardOut, BatchResponse, BatchResult
from badgeservice.awards.issuing_memo import IssuingMemo
from badgeservice.awards.models import Award
from badgeservice.awards.presenter import award_out
from badgeservice.awards.revocation import RevocationContext
from badgeservice.awards.schemas import AwardBatch, AwardCreate, RevocationRequest
from badgeservice.awards.service import AwardContext, AwardFilters
from badgeservice.deps import (
    AwardKeysDep,
    AwardsReaderDep,
    AwardsRevokerDep,
    AwardsWriterDep,
    JsonBody,
    KeyRingDep,
    NowDep,
    SessionDep,
    SessionFactoryDep,
    UrlsDep,
)
from badgeservice.http_problems import problem_body, problem_responses, request_lang
from badgeservice.keys.ring import KeyRing
from badgeservice.problems import Problem
from badgeservice.urls import Urls

router = APIRouter(prefix="/api/v1/awards", tags=["awards"])


async def _issuing_memo(request: Request) -> IssuingMemo:
    # async: resolved on the event loop, without a thread-pool round trip.
    memo: IssuingMemo = request.app.state.issuing_memo
    return memo


IssuingMemoDep = Annotated[IssuingMemo, Depends(_issuing_memo)]


def _context(
    principal: Principal,
    ring: KeyRing,
    lookup_key: bytes,
    urls: Urls,
    now: datetime,
    memo: IssuingMemo,
) -> AwardContext:
    return AwardContext(
        ring=ring, recipient_lookup_key=lookup_key, urls=urls, actor=principal, now=now, memo=memo
    )


def _renderer(urls: Urls, now: datetime) -> issuance.RenderAward:
    def render(award: Award) -> bytes:
        return award_out(award, urls, now).model_dump_json().encode("utf-8")

    return render


@router.post(
    "",
    status_code=201,
    response_model=AwardOut,
    dependencies=[JsonBody],
    responses=problem_responses(400, 401, 403, 404, 409, 413, 415, 422),
)
def create_award(
    body: AwardCreate,
    factory: SessionFactoryDep,
    principal: AwardsWriterDep,
    ring: KeyRingDep,
    award_keys: AwardKeysDep,
    urls: UrlsDep,
    now: NowDep,
    memo: IssuingMemoDep,
    idempotency_key: Annotated[
        str | None,
        Header(
            alias="Idempotency-Key",
            description="Required: a retry with the same key and body replays the first answer.",
        ),
    ] = None,
) -> Response:
    outcome = issuance.issue_once(
        factory,
        data=body,
        idempotency_key=idempotency_key,
        context=_context(principal, ring, award_keys.recipient_lookup_key, urls, now, memo),
        render=_renderer(urls, now),
        key_pointer="/header/idempotency-key",
    )
    headers = {"Idempotent-Replayed": "true"} if outcome.replayed else {}
    return Response(
        outcome.body, status_code=outcome.status, media_type="application/json", headers=headers
    )


@router.post(
    "/batch",
    dependencies=[JsonBody],
    responses=problem_responses(401, 403, 413, 415, 422),
)
def create_award_batch(
    body: AwardBatch,
    request: Request,
    factory: SessionFactoryDep,
    principal: AwardsWriterDep,
    ring: KeyRingDep,
    award_keys: AwardKeysDep,
    urls: UrlsDep,
    now: NowDep,
    memo: IssuingMemoDep,
) -> BatchResponse:
    items = [
        (
            item.idempotency_key,
            AwardCreate.model_validate(item.model_dump(exclude={"idempotency_key"})),
        )
        for item in body.items
    ]
    outcomes = issuance.issue_batch(
        factory,
        items=items,
        context=_context(principal, ring, award_keys.recipient_lookup_key, urls, now, memo),
        render=_renderer(urls, now),
    )
    lang = request_lang(request)
    results: list[BatchResult] = []
    for item in outcomes:
        if item.outcome is not None:
            results.append(
                BatchResult(
                    idempotency_key=item.idempotency_key,
                    status=item.outcome.status,
                    replayed=item.outcome.replayed,
                    award=AwardOut.model_validate_json(item.outcome.body),
                )
            )
            continue
        error = item.error
        assert error is not None  # noqa: S101 - an item has an outcome or an error
        prefix = f"/items/{item.index}"
        pointers = [
            (e.pointer if e.pointer.startswith(prefix) else prefix + e.pointer, e.text.render(lang))
            for e in error.errors
        ]
        body_dict = problem_body(
            error.kind, error.text.render(lang), instance=request.url.path, errors=pointers
        )
        results.append(
            BatchResult(
                idempotency_key=item.idempotency_key,
                status=error.kind.status,
                problem=Problem.model_validate(body_dict),
            )
        )
    return BatchResponse(results=results)


@router.get("", responses=problem_responses(401, 403, 422))
def list_awards(
    session: SessionDep,
    principal: AwardsReaderDep,
    award_keys: AwardKeysDep,
    urls: UrlsDep,
    now: NowDep,
    badge_class_id: uuid.UUID | None = None,
    issuer_id: uuid.UUID | None = None,
    recipient: Annotated[str | None, Query(max_length=2048)] = None,
    issued_since: datetime | None = None,
    include_revoked: bool = False,
    include_expired: bool = False,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> AwardList:
    page = service.list_awards(
        session,
        filters=AwardFilters(
            badge_class_id=badge_class_id,
            issuer_id=issuer_id,
            recipient=recipient,
            issued_since=issued_since,
            include_revoked=include_revoked,
            include_expired=include_expired,
        ),
        actor=principal,
        recipient_lookup_key=award_keys.recipient_lookup_key,
        now=now,
        cursor=cursor,
        limit=limit,
    )
    return AwardList(
        items=[award_out(a, urls, now) for a in page.items], next_cursor=page.next_cursor
    )


@router.get("/{award_id}", responses=problem_responses(401, 403, 404, 422))
def get_award(
    award_id: uuid.UUID, session: SessionDep, principal: AwardsReaderDep, urls: UrlsDep, now: NowDep
) -> AwardOut:
    return award_out(service.get_award(session, award_id=award_id, actor=principal), urls, now)


@router.post(
    "/{award_id}/revoke",
    dependencies=[JsonBody],
    responses=problem_responses(401, 403, 404, 409, 413, 415, 422),
)
def revoke_award(
    award_id: uuid.UUID,
    body: RevocationRequest,
    session: SessionDep,
    principal: AwardsRevokerDep,
    ring: KeyRingDep,
    urls: UrlsDep,
    now: NowDep,
) -> AwardOut:
    """Revoke an award, for good: the OB 2.0 hosted assertion answers 410, the signed
    assertion joins the issuer's RevocationList, and the OB 3.0 status list bit is set."""
    award = revocation.revoke_award(
        session,
        award_id=award_id,
        reason=body.reason,
        context=RevocationContext(ring=ring, urls=urls, actor=principal, now=now),
    )
    return award_out(award, urls, now)
