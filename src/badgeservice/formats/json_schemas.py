"""JSON Schema validation: the 1EdTech OB 3.0 schemas, and admin-written claims schemas.

* OB 3.0 (https://www.imsglobal.org/spec/ob/v3p0/#json-schema, FACTS.md §2.2): the 1EdTech
  JSON Schemas (draft 2019-09) bundled in ``formats/schemas/`` and registered under their
  canonical URL ``https://purl.imsglobal.org/spec/ob/v3p0/schema/json/<file>``, the URL used
  in ``credentialSchema[].id`` (the ``$id`` inside each file is a spec-build id; MANIFEST note 2).
* Claims schemas (DESIGN.md "Criteria"): written by admins, so checked before they are stored
  (JSON Schema 2019-09 §8.1.1 ``$schema``, §8.2.3 ``$ref``): only draft 2019-09 (the default)
  or 2020-12, valid against that draft's metaschema, and no ``$ref`` outside the document.

Everything runs offline (jsonschema-rs with retrieval disabled): validating a schema must never
become a request to a URL an admin chose (SSRF). ``format`` is asserted, not just annotated.
Compiled validators are cached: the OB 3.0 ones per process, claims ones by the canonical JSON
of the schema.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import NoReturn

import jsonschema_rs

SCHEMA_BASE_URL = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/"
ACHIEVEMENT_CREDENTIAL_SCHEMA_URL = SCHEMA_BASE_URL + "ob_v3p0_achievementcredential_schema.json"
ENDORSEMENT_CREDENTIAL_SCHEMA_URL = SCHEMA_BASE_URL + "ob_v3p0_endorsementcredential_schema.json"
PROFILE_SCHEMA_URL = SCHEMA_BASE_URL + "ob_v3p0_profile_schema.json"

DRAFT_2019_09 = "https://json-schema.org/draft/2019-09/schema"
DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"
_KNOWN_DRAFTS = {
    DRAFT_2019_09: DRAFT_2019_09,
    DRAFT_2019_09 + "#": DRAFT_2019_09,
    DRAFT_2020_12: DRAFT_2020_12,
    DRAFT_2020_12 + "#": DRAFT_2020_12,
}
_REFERENCE_KEYWORDS = ("$ref", "$recursiveRef", "$dynamicRef")
# Keywords whose values are instance data, not subschemas: a "$ref" inside them is just data.
_DATA_KEYWORDS = frozenset({"const", "enum", "default", "examples"})
_CLAIMS_CACHE_SIZE = 256
_MAX_MESSAGE_CHARS = 240
_MAX_QUOTED_VALUE_CHARS = 40


@dataclass(frozen=True, slots=True)
class SchemaError:
    """One validation error: an RFC 6901 ``pointer`` into the validated value, the schema
    ``keyword`` that failed and an English ``message``.

    For a missing required property the pointer names the missing member; for an unexpected
    one (``additionalProperties``/``unevaluatedProperties``), the member itself.
    """

    pointer: str
    keyword: str
    message: str


class UnknownSchemaError(LookupError):
    """A schema URL that is not bundled; nothing is ever fetched."""


class InvalidClaimsSchemaError(ValueError):
    """A claims schema that ``check_claims_schema`` refuses."""

    def __init__(self, errors: list[SchemaError]) -> None:
        super().__init__("; ".join(f"{e.pointer or '/'}: {e.message}" for e in errors))
        self.errors = errors


def bundled_schema_urls() -> frozenset[str]:
    """Canonical URLs of the bundled OB 3.0 JSON Schemas."""
    return frozenset(_bundled_schemas())


def validate_with_schema(url: str, instance: object) -> list[SchemaError]:
    """Validate against a bundled OB 3.0 schema named by its canonical URL (OB 3.0 §B.2)."""
    validator = _ob3_validator(url)
    # Most documents are valid: is_valid collects no errors, so it is tried first.
    if validator.is_valid(instance):
        return []
    return _errors(validator.iter_errors(instance))


def validate_achievement_credential(document: object) -> list[SchemaError]:
    """OB 3.0 AchievementCredential (OpenBadgeCredential) JSON Schema, plain (not JSON-LD) form."""
    return validate_with_schema(ACHIEVEMENT_CREDENTIAL_SCHEMA_URL, document)


def validate_endorsement_credential(document: object) -> list[SchemaError]:
    """OB 3.0 EndorsementCredential JSON Schema."""
    return validate_with_schema(ENDORSEMENT_CREDENTIAL_SCHEMA_URL, document)


def validate_profile(document: object) -> list[SchemaError]:
    """OB 3.0 Profile JSON Schema (the issuer, as served by getProfile)."""
    return validate_with_schema(PROFILE_SCHEMA_URL, document)


def check_claims_schema(schema: object) -> list[SchemaError]:
    """Why an admin-written claims schema cannot be stored; empty when it can.

    Refuses a non-object, a ``$schema`` other than draft 2019-09 or 2020-12, any ``$ref``
    (``$recursiveRef``, ``$dynamicRef``) that is not a ``#`` fragment of the schema itself, an
    invalid schema per its draft's metaschema (JSON Schema Validation §4), and a schema that
    does not compile (e.g. a bad ``pattern``). Pointers point into the schema.
    """
    if not isinstance(schema, Mapping):
        return [SchemaError("", "type", "a claims schema must be a JSON object")]
    structural = list(_structural_errors(schema))
    if structural:
        return structural
    draft = _draft_of(schema)
    errors = _errors(_metaschema_validator(draft).iter_errors(dict(schema)))
    if errors:
        return errors
    try:
        _compile_claims_schema(dict(schema), draft)
    except (jsonschema_rs.ValidationError, ValueError) as exc:
        return [SchemaError("", "schema", str(exc).splitlines()[0])]
    return []


def validate_claims(schema: Mapping[str, object], instance: object) -> list[SchemaError]:
    """Validate an award's ``claims`` against its badge class's claims schema.

    Raises ``InvalidClaimsSchemaError`` if the schema itself is refused.
    """
    key = json.dumps(schema, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return _errors(_claims_validator(key).iter_errors(instance))


@functools.cache
def _bundled_schemas() -> dict[str, dict[str, object]]:
    folder = resources.files("badgeservice.formats").joinpath("schemas")
    sources = json.loads(folder.joinpath("SOURCES.json").read_text(encoding="utf-8"))
    schemas: dict[str, dict[str, object]] = {}
    for entry in sources["schemas"]:
        schemas[entry["url"]] = json.loads(folder.joinpath(entry["file"]).read_text("utf-8"))
    return schemas


@functools.cache
def _ob3_registry() -> jsonschema_rs.Registry:
    return jsonschema_rs.Registry(
        list(_bundled_schemas().items()),
        draft=jsonschema_rs.Draft201909,
        retriever=_refuse_retrieval,
    )


@functools.cache
def _ob3_validator(url: str) -> jsonschema_rs.Validator:
    if url not in _bundled_schemas():
        raise UnknownSchemaError(f"no bundled JSON Schema for {url!r}")
    return jsonschema_rs.Draft201909Validator(
        {"$ref": url},
        validate_formats=True,
        registry=_ob3_registry(),
        retriever=_refuse_retrieval,
    )


@functools.cache
def _metaschema_validator(draft: str) -> jsonschema_rs.Validator:
    # jsonschema-rs ships the draft metaschemas: resolving them needs no network.
    if draft == DRAFT_2020_12:
        return jsonschema_rs.Draft202012Validator(
            {"$ref": draft}, validate_formats=True, offline=True
        )
    return jsonschema_rs.Draft201909Validator({"$ref": draft}, validate_formats=True, offline=True)


@functools.lru_cache(maxsize=_CLAIMS_CACHE_SIZE)
def _claims_validator(schema_json: str) -> jsonschema_rs.Validator:
    schema = json.loads(schema_json)
    errors = check_claims_schema(schema)
    if errors:
        raise InvalidClaimsSchemaError(errors)
    return _compile_claims_schema(schema, _draft_of(schema))


def _compile_claims_schema(schema: dict[str, object], draft: str) -> jsonschema_rs.Validator:
    if draft == DRAFT_2020_12:
        return jsonschema_rs.Draft202012Validator(schema, validate_formats=True, offline=True)
    return jsonschema_rs.Draft201909Validator(schema, validate_formats=True, offline=True)


def _draft_of(schema: Mapping[str, object]) -> str:
    declared = schema.get("$schema")
    return (
        _KNOWN_DRAFTS.get(declared, DRAFT_2019_09) if isinstance(declared, str) else DRAFT_2019_09
    )


def _refuse_retrieval(uri: str) -> NoReturn:
    raise ValueError(f"remote JSON Schema {uri!r} refused: schemas are never fetched")


def _structural_errors(schema: Mapping[str, object]) -> Iterator[SchemaError]:
    stack: list[tuple[str, object]] = [("", schema)]
    while stack:
        pointer, node = stack.pop()
        if isinstance(node, list):
            stack.extend((f"{pointer}/{i}", item) for i, item in enumerate(node))
            continue
        if not isinstance(node, Mapping):
            continue
        for key, value in node.items():
            member = f"{pointer}/{_escape(str(key))}"
            if key == "$schema" and (not isinstance(value, str) or value not in _KNOWN_DRAFTS):
                yield SchemaError(
                    member, "$schema", "only JSON Schema draft 2019-09 or 2020-12 is supported"
                )
            elif key == "$schema" and pointer and _draft_of(schema) != _KNOWN_DRAFTS[value]:
                yield SchemaError(member, "$schema", "one draft per schema")
            elif key in _REFERENCE_KEYWORDS and isinstance(value, str):
                if not value.startswith("#"):
                    yield SchemaError(
                        member,
                        str(key),
                        "only references inside this schema ('#...') are allowed; "
                        "remote schemas are never fetched",
                    )
            elif key not in _DATA_KEYWORDS:
                stack.append((member, value))


def _errors(raw_errors: Iterable[jsonschema_rs.ValidationError]) -> list[SchemaError]:
    errors: list[SchemaError] = []
    for error in raw_errors:
        pointer = "".join(f"/{_escape(str(token))}" for token in error.instance_path)
        kind = error.kind
        if isinstance(kind, jsonschema_rs.ValidationErrorKind.Required):
            pointer += f"/{_escape(kind.property)}"
            errors.append(SchemaError(pointer, kind.name, f"{kind.property!r} is required"))
        elif isinstance(
            kind,
            jsonschema_rs.ValidationErrorKind.AdditionalProperties
            | jsonschema_rs.ValidationErrorKind.UnevaluatedProperties,
        ):
            errors.extend(
                SchemaError(f"{pointer}/{_escape(name)}", kind.name, f"{name!r} is not allowed")
                for name in kind.unexpected
            )
        else:
            errors.append(SchemaError(pointer, kind.name, _readable(error)))
    return sorted(errors, key=lambda e: (e.pointer, e.keyword, e.message))


def _readable(error: jsonschema_rs.ValidationError) -> str:
    # jsonschema-rs starts most messages with the failing value in full (compact JSON, keys
    # sorted); the pointer already says which value, so a long one is replaced by words.
    message = error.message.splitlines()[0] if error.message else error.kind.name
    rendered = json.dumps(error.instance, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
    if len(rendered) > _MAX_QUOTED_VALUE_CHARS and message.startswith(rendered):
        message = "the value" + message[len(rendered) :]
    if len(message) > _MAX_MESSAGE_CHARS:
        message = message[: _MAX_MESSAGE_CHARS - 1] + "…"
    return message


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")
