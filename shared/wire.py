"""How events look on a stream entry, and how entries are read back.

The pipeline writes plain, integrator-friendly entries: ``type`` (the event name),
``data`` (the event as JSON) and ``correlation_id``. Readers also accept what integrators
are likely to send: the JSON in ``data``, ``payload`` or ``json``, an entry written by a
FastStream publisher (``__data__``), or a flat entry whose fields are the comment itself.
"""

from __future__ import annotations

import json
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)

_JSON_FIELDS = (b"data", b"payload", b"json")
_FASTSTREAM_FIELD = b"__data__"


class InvalidInput(Exception):
    """Input that can never be processed: it goes to the DLQ at once, with this reason."""


def encode(
    event: BaseModel, *, correlation_id: str | None = None, data: str | None = None
) -> dict[str, str]:
    """``data``: the event's JSON when the caller already has it, so it is encoded once."""
    fields = {"data": event.model_dump_json() if data is None else data}
    kind = getattr(event, "type", None)
    if isinstance(kind, str):
        fields["type"] = kind
    cid = correlation_id or getattr(event, "correlation_id", None)
    if isinstance(cid, str):
        fields["correlation_id"] = cid
    return fields


def _utf8(value: bytes, field: str) -> str:
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{field}: not valid UTF-8 (byte {exc.start})") from exc


def _json(value: bytes, field: str) -> Any:
    text = _utf8(value, field)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"{field}: malformed JSON ({exc.msg} at position {exc.pos})") from exc


def decode_fields(fields: dict[bytes, bytes]) -> dict[str, Any]:
    """Turn a raw stream entry into the JSON object it carries, or raise ``InvalidInput``."""
    for name in _JSON_FIELDS:
        if name in fields:
            value = _json(fields[name], name.decode())
            break
    else:
        if _FASTSTREAM_FIELD in fields:
            from faststream.redis.parser.binary import BinaryMessageFormatV1

            try:
                body, _headers = BinaryMessageFormatV1.parse(fields[_FASTSTREAM_FIELD])
            except Exception as exc:  # the format raises plain errors on garbage
                raise InvalidInput(f"__data__: unreadable FastStream message ({exc})") from exc
            value = _json(body, "__data__")
        elif fields:
            value = {
                _utf8(k, "field name"): _utf8(v, k.decode("utf-8", "replace"))
                for k, v in fields.items()
            }
        else:
            raise InvalidInput("empty entry")
    if not isinstance(value, dict):
        raise InvalidInput(f"expected a JSON object, got {type(value).__name__}")
    return value


def describe_errors(exc: ValidationError) -> str:
    """One line naming every wrong field: ``author.id: Field required; rating: ...``."""
    parts = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"]) or "(body)"
        parts.append(f"{loc}: {err['msg']}")
    return "; ".join(parts)


def parse(model: type[M], fields: dict[bytes, bytes]) -> M:
    """Decode an entry and validate it as ``model``; any problem is ``InvalidInput``.

    The pipeline's own entries carry the event in ``data``: validated straight from the
    JSON bytes (one pass, no intermediate objects). Anything that does not validate that way
    takes the general path below, which gives the reason.
    """
    data = fields.get(b"data")
    if data is not None:
        try:
            return model.model_validate_json(data)
        except ValidationError:
            pass
    value = decode_fields(fields)
    try:
        return model.model_validate(value)
    except ValidationError as exc:
        raise InvalidInput(describe_errors(exc)) from exc


def printable(fields: dict[bytes, bytes], limit: int = 20_000) -> dict[str, str]:
    """The entry as text for the DLQ: undecodable bytes replaced, huge values cut."""
    out: dict[str, str] = {}
    for k, v in fields.items():
        value = v.decode("utf-8", "replace")
        if len(value) > limit:
            value = value[:limit] + f"…[{len(value) - limit} more characters]"
        out[k.decode("utf-8", "replace")] = value
    return out
