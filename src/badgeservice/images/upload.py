"""Reading an image upload: multipart field ``file`` or a raw ``image/png`` /
``image/svg+xml`` body. Runs as an async dependency so sync endpoints receive plain bytes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from starlette.datastructures import UploadFile

from badgeservice.deps import UnsupportedMediaTypeError
from badgeservice.i18n import Text
from badgeservice.problems import FieldError, InvalidRequestError

RAW_IMAGE_TYPES = ("image/png", "image/svg+xml")


@dataclass(frozen=True)
class ImageUpload:
    data: bytes
    content_type: str | None
    pointer: str


async def read_image_upload(request: Request) -> ImageUpload:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "multipart/form-data":
        form = await request.form(max_files=1, max_fields=5)
        field = form.get("file")
        if not isinstance(field, UploadFile):
            text = Text("invalid_field", {"reason": "multipart field 'file' is required"})
            raise InvalidRequestError(text, errors=[FieldError("/file", text)])
        data = await field.read()
        declared = (field.content_type or "").split(";")[0].strip().lower() or None
        await form.close()
        return ImageUpload(data=data, content_type=declared, pointer="/file")
    if content_type in RAW_IMAGE_TYPES:
        return ImageUpload(data=await request.body(), content_type=content_type, pointer="")
    raise UnsupportedMediaTypeError(
        Text(
            "unsupported_media_type",
            {
                "content_type": content_type or "(none)",
                "expected": "multipart/form-data, image/png or image/svg+xml",
            },
        )
    )


IMAGE_UPLOAD_OPENAPI: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {"file": {"type": "string", "format": "binary"}},
                }
            },
            "image/png": {"schema": {"type": "string", "format": "binary"}},
            "image/svg+xml": {"schema": {"type": "string", "format": "binary"}},
        },
    }
}

ImageUploadDep = Annotated[ImageUpload, Depends(read_image_upload)]
