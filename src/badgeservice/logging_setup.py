"""JSON logs (structlog + orjson) for the service and the libraries it runs on."""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from datetime import UTC, datetime

import orjson
import structlog

from badgeservice.request_context import current_request_id

ACCESS_LOGGER = "badgeservice.access"

# Keys that must never reach a log line, whatever a caller passes by mistake.
_SECRET_KEYS = frozenset(
    {
        "client_secret",
        "secret",
        "password",
        "authorization",
        "access_token",
        "key_encryption_key",
        "private_key",
    }
)


def _add_request_id(
    _: object, __: str, event: structlog.types.EventDict
) -> structlog.types.EventDict:
    request_id = current_request_id()
    if request_id and "request_id" not in event:
        event["request_id"] = request_id
    return event


def _redact(_: object, __: str, event: structlog.types.EventDict) -> structlog.types.EventDict:
    for key in list(event):
        if key.lower() in _SECRET_KEYS:
            event[key] = "[redacted]"
    return event


class AccessEvent(dict[str, object]):
    """The fields of one access-log line (``event`` "request"), logged as the message of a
    standard-library record on ``ACCESS_LOGGER``.

    Every request logs one, so the JSON formatter writes it directly instead of running
    structlog's chain (several times the cost of serving a stored document): same keys as the
    chain would write, and no key it could have to redact (the fields are fixed by the access
    middleware). Other formatters print it as ``request key=value ...``.
    """

    def __str__(self) -> str:
        return " ".join(["request", *(f"{k}={v}" for k, v in self.items())])


class _Formatter(structlog.stdlib.ProcessorFormatter):
    def __init__(
        self,
        *,
        json: bool,
        foreign_pre_chain: Sequence[structlog.types.Processor],
        processors: Sequence[structlog.types.Processor],
    ) -> None:
        super().__init__(foreign_pre_chain=foreign_pre_chain, processors=processors)
        self._json = json

    def format(self, record: logging.LogRecord) -> str:
        if self._json and type(record.msg) is AccessEvent:
            stamp = datetime.fromtimestamp(record.created, UTC).isoformat()
            line = {
                "event": "request",
                **record.msg,
                "level": record.levelname.lower(),
                "timestamp": stamp.replace("+00:00", "Z"),
            }
            return orjson.dumps(line).decode()
        return super().format(record)


def configure_logging(*, level: str = "INFO", json: bool = True) -> None:
    shared: list[structlog.types.Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        _add_request_id,
        _redact,
    ]
    renderer: structlog.types.Processor
    if json:
        renderer = structlog.processors.JSONRenderer(
            serializer=lambda obj, **_: orjson.dumps(obj).decode()
        )
    else:
        renderer = structlog.dev.ConsoleRenderer(colors=False)
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    formatter = _Formatter(
        json=json,
        foreign_pre_chain=shared,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            renderer,
        ],
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "sqlalchemy", "alembic"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    # uvicorn's own access log would duplicate ours (and print query strings).
    logging.getLogger("uvicorn.access").disabled = True
