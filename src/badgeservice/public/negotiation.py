"""Proactive content negotiation (RFC 9110 §12.5.1) between JSON media types of one document."""

from __future__ import annotations

from collections.abc import Sequence


def _ranges(accept: str) -> list[tuple[str, float]]:
    ranges: list[tuple[str, float]] = []
    for item in accept.split(","):
        media_range, *params = (part.strip() for part in item.split(";"))
        if "/" not in media_range:
            continue
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        ranges.append((media_range.lower(), quality))
    return ranges


def _quality(offer: str, ranges: list[tuple[str, float]]) -> float:
    """The quality of the most specific range matching ``offer`` (RFC 9110 §12.5.1)."""
    kind = offer.split("/")[0]
    best: tuple[int, float] | None = None
    for media_range, quality in ranges:
        if media_range == offer:
            specificity = 2
        elif media_range == f"{kind}/*":
            specificity = 1
        elif media_range == "*/*":
            specificity = 0
        else:
            continue
        if best is None or specificity > best[0]:
            best = (specificity, quality)
    return 0.0 if best is None else best[1]


def negotiate(accept: str | None, offers: Sequence[str]) -> str:
    """The offer the client rates highest; ties go to the earlier offer.

    Public documents are never refused (no 406): a client accepting none of the offers gets the
    first one, the canonical type.
    """
    if not accept:
        return offers[0]
    ranges = _ranges(accept)
    best_offer, best_quality = offers[0], 0.0
    for offer in offers:
        quality = _quality(offer, ranges)
        if quality > best_quality:
            best_offer, best_quality = offer, quality
    return best_offer
