"""The one error raised when an uploaded badge image is refused (images.py, svg_sanitize.py)."""

from __future__ import annotations

from typing import Literal, TypeAlias

ImageRejectedCode: TypeAlias = Literal[
    "too_large",
    "unsupported_type",
    "corrupt",
    "decompression_bomb",
    "unsafe_svg",
    "too_many_pixels",
]


class ImageRejected(ValueError):  # noqa: N818 (the name other modules import, a verdict not a fault)
    """An image refused for a stable reason ``code``; ``detail`` says what was found."""

    def __init__(self, code: ImageRejectedCode, detail: str) -> None:
        super().__init__(f"{code}: {detail}")
        self.code: ImageRejectedCode = code
        self.detail = detail
