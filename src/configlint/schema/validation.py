"""Validate a config mapping against its family model and turn pydantic errors into plain facts.

Each :class:`FieldProblem` names the JSON pointer of the offending value and says whether
transformers 5 itself would refuse the file: it strictly validates the fields its family
config class declares, and nothing else (``architectures: "BertModel"`` loads, and breaks later).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic import ValidationError

from configlint.document import join_pointer
from configlint.schema.common import CommonConfig
from configlint.schema.families import FAMILY_MODELS

# Declared for transformers 4.x files; transformers 5 no longer has (or checks) it.
_NOT_CHECKED_BY_TRANSFORMERS = frozenset({"position_embedding_type"})


@dataclass(frozen=True, slots=True)
class FieldProblem:
    pointer: str
    field: str
    message: str
    rejected_by_transformers: bool


@cache
def transformers_checked_fields(family: str) -> frozenset[str]:
    """Fields transformers 5's ``@strict`` config class validates: the family's own ones."""
    model = FAMILY_MODELS[family]
    own = set(model.model_fields) - set(CommonConfig.model_fields)
    # Declared on every family class in transformers 5, so checked, though CommonConfig declares it too.
    own.add("tie_word_embeddings")
    return frozenset(own - _NOT_CHECKED_BY_TRANSFORMERS)


@cache
def _expected_descriptions(family: str) -> dict[str, str]:
    schema = FAMILY_MODELS[family].model_json_schema(by_alias=True)
    return {
        name: _describe_schema(spec, schema.get("$defs", {}))
        for name, spec in schema.get("properties", {}).items()
    }


_TYPE_WORDS = {
    "integer": "an integer",
    "number": "a number",
    "string": "a string",
    "boolean": "true or false",
    "null": "null",
    "array": "an array",
    "object": "an object",
}


def _describe_schema(spec: Mapping[str, Any], defs: Mapping[str, Any]) -> str:
    if "$ref" in spec:
        return _describe_schema(defs.get(spec["$ref"].rsplit("/", 1)[-1], {}), defs)
    options = spec.get("anyOf") or spec.get("oneOf")
    if options:
        words: list[str] = []
        for option in options:
            word = _describe_schema(option, defs)
            if word not in words:
                words.append(word)
        return " or ".join(words)
    kind = spec.get("type")
    if kind == "number" and "not" in spec:
        return "a float (with a decimal point, e.g. 1.0)"
    if kind == "array" and isinstance(spec.get("items"), Mapping):
        return f"an array of {_plural(_describe_schema(spec['items'], defs))}"
    if kind == "object" and isinstance(spec.get("additionalProperties"), Mapping):
        return f"an object of {_plural(_describe_schema(spec['additionalProperties'], defs))}"
    return _TYPE_WORDS.get(str(kind), "a valid value")


def _plural(word: str) -> str:
    return word.replace("an ", "", 1).replace("a ", "", 1) + "s" if word.startswith(("a ", "an ")) else word


def describe_value(value: Any) -> str:
    """How a JSON value reads in a message: ``the string "768"``, ``the integer 0``."""
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if value is None:
        return "null"
    if isinstance(value, int):
        return f"the integer {value}"
    if isinstance(value, float):
        return f"the number {value!r}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f'the string "{shown}"'
    if isinstance(value, list):
        return f"an array of {len(value)} item{'s' if len(value) != 1 else ''}"
    return "an object"


def validate_family(family: str, config: Mapping[str, Any]) -> tuple[CommonConfig | None, list[FieldProblem]]:
    """Validate ``config`` as ``family``; returns the model (None when invalid) and the problems."""
    model = FAMILY_MODELS[family]
    try:
        return model.model_validate(config), []
    except ValidationError as error:
        return None, _problems(family, config, error)


def _problems(family: str, config: Mapping[str, Any], error: ValidationError) -> list[FieldProblem]:
    checked = transformers_checked_fields(family)
    expected = _expected_descriptions(family)
    problems: dict[str, FieldProblem] = {}
    for detail in error.errors():
        loc = detail.get("loc", ())
        if not loc:
            continue
        field = str(loc[0])
        pointer, value, in_key = _locate(config, loc)
        if pointer in problems:
            continue
        if len(loc) == 1 or pointer == join_pointer("", field):
            message = f"`{field}` must be {expected.get(field, 'a valid value')}, got {describe_value(value)}"
        elif in_key:
            message = f"key {pointer.rsplit('/', 1)[-1]!r} in `{field}` must be an integer written as a string"
        else:
            message = f"`{field}` holds {describe_value(value)} at {pointer}; expected {expected.get(field, 'a valid value')}"
        # transformers runs int(key) over id2label's keys and .items() over it: those two crash the load.
        crashes_transformers = field == "id2label" and (in_key or pointer == "/id2label")
        problems[pointer] = FieldProblem(pointer, field, message, field in checked or crashes_transformers)
    return list(problems.values())


def _locate(config: Mapping[str, Any], loc: tuple[Any, ...]) -> tuple[str, Any, bool]:
    """Follow a pydantic ``loc`` through the data, skipping union-branch tags it inserts."""
    pointer, current = "", config
    for part in loc:
        if part == "[key]":
            return pointer, current, True
        if isinstance(current, Mapping) and isinstance(part, str) and part in current:
            pointer, current = join_pointer(pointer, part), current[part]
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            pointer, current = join_pointer(pointer, part), current[part]
    return pointer, current, False
