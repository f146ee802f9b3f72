"""Field types that mirror transformers 5.x's ``@strict`` config dataclasses exactly.

transformers 5 validates config fields with huggingface_hub's strict dataclasses, which are
stricter than pydantic's strict mode in one place: a field typed ``float`` rejects an int
(``"layer_norm_eps": 0`` fails to load) while ``float | int`` accepts both. pydantic's strict
mode accepts ints for floats, so :data:`FloatOnly` adds that check, and its JSON Schema says
``number`` but ``not integer``.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, StrictBool, StrictInt, StrictStr, WithJsonSchema


def _reject_int(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        raise ValueError("Input should be a float, not an integer (transformers 5 rejects ints for float fields)")
    return value


FloatOnly = Annotated[
    float,
    BeforeValidator(_reject_int),
    WithJsonSchema({"type": "number", "not": {"type": "integer"}}),
]
"""A float that must be written with a fraction or exponent: transformers' ``float``."""

Number = float
"""transformers' ``float | int`` (pydantic's strict float already accepts ints)."""


def _digits_only(value: str) -> str:
    if not value.lstrip("-").isdigit():
        raise ValueError('label ids must be integers written as strings, like "0"')
    return value


IntKey = Annotated[StrictStr, AfterValidator(_digits_only)]
"""A JSON object key that transformers converts with ``int(key)`` (``id2label``)."""

LabelNames = Annotated[
    dict[IntKey, StrictStr],
    WithJsonSchema(
        {
            "type": "object",
            "propertyNames": {"pattern": "^-?[0-9]+$"},
            "additionalProperties": {"type": "string"},
        }
    ),
]
"""``id2label``: class index (written as a string key) to label name."""

Size = StrictInt
Flag = StrictBool
Text = StrictStr
TokenId = StrictInt | None
TokenIds = StrictInt | list[StrictInt] | None

__all__ = ["FloatOnly", "Number", "IntKey", "LabelNames", "Size", "Flag", "Text", "TokenId", "TokenIds", "Field"]
