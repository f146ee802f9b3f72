"""Validate a config against its family's field table, without importing pydantic.

The table (``_field_table.py``) is generated from the pydantic models, so this is the same
validation — tests run both on the real corpus and on generated values and require agreement —
at a fraction of the start-up cost. Each :class:`FieldProblem` names the JSON pointer of the
offending value and whether transformers 5 itself would refuse the file: it strictly validates
the fields its family config class declares, and nothing else (``architectures: "BertModel"``
loads, and breaks later).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any, NamedTuple

from configlint.document import join_pointer
from configlint.schema._field_table import FIELD_TABLE

Spec = tuple[Any, ...]


class FieldProblem(NamedTuple):
    """A value of the wrong JSON type (a named tuple: cheaper to create at import than a dataclass)."""

    pointer: str
    field: str
    message: str
    rejected_by_transformers: bool


def field_specs(family: str) -> dict[str, tuple[Spec, Any]]:
    """Field name (as written in JSON) → (type spec, transformers default)."""
    fields: dict[str, tuple[Spec, Any]] = FIELD_TABLE[family]["fields"]
    return fields


def attribute_map(family: str) -> dict[str, str]:
    aliases: dict[str, str] = FIELD_TABLE[family]["attribute_map"]
    return aliases


@cache
def transformers_checked_fields(family: str) -> frozenset[str]:
    """Fields transformers 5's ``@strict`` config class validates: the family's own ones."""
    return frozenset(FIELD_TABLE[family]["checked"])


def matches(spec: Spec, value: Any) -> bool:
    return _predicate(spec)(value)


@cache
def _predicate(spec: Spec) -> Callable[[Any], bool]:
    """Compile a spec into a predicate once; validation runs per field of every config checked."""
    kind = spec[0]
    if kind == "union":
        return _union_predicate(spec[1:])
    if kind == "list":
        item = _predicate(spec[1])
        return lambda value: type(value) is list and all(item(element) for element in value)
    if kind == "dict":
        key_kind, entry = spec[1], _predicate(spec[2])
        if key_kind == "str":  # any key: only the entries are checked (no call per key)
            return lambda value: type(value) is dict and all(entry(element) for element in value.values())
        if isinstance(key_kind, tuple):  # a Literal's names
            names = frozenset(key_kind)
            return lambda value: type(value) is dict and names.issuperset(value) and all(entry(e) for e in value.values())
        return lambda value: (  # "intstr": an int written as a string (id2label), inlined from _key_ok
            type(value) is dict and all(key.lstrip("-").isdigit() and entry(element) for key, element in value.items())
        )
    if kind == "const":
        expected = spec[1]
        return lambda value: value == expected and type(value) is type(expected)
    return _SCALARS[kind]


def _union_predicate(options: tuple[Spec, ...]) -> Callable[[Any], bool]:
    """Most fields are "a scalar or null": one set lookup on the value's type, the rest only when that fails."""
    if any(option[0] == "any" for option in options):
        return _SCALARS["any"]
    types = frozenset(kind for option in options for kind in _SCALAR_TYPES.get(option[0], ()))
    rest = tuple(_predicate(option) for option in options if option[0] not in _SCALAR_TYPES)
    if not rest:
        return lambda value: type(value) in types
    return lambda value: type(value) in types or any(option(value) for option in rest)


_SCALAR_TYPES: dict[str, tuple[type, ...]] = {
    "int": (int,), "float": (float,), "number": (int, float), "str": (str,), "bool": (bool,), "null": (type(None),),
}  # fmt: skip
"""The Python types each scalar kind is, exactly, after ``json.loads`` (``type() is``: a bool is not an int)."""

_SCALARS: dict[str, Callable[[Any], bool]] = {
    "int": lambda value: type(value) is int,
    "float": lambda value: type(value) is float,
    "number": lambda value: type(value) is int or type(value) is float,
    "str": lambda value: type(value) is str,
    "bool": lambda value: type(value) is bool,
    "null": lambda value: value is None,
    "any": lambda value: True,
}
"""JSON values are exactly these Python types after ``json.loads``, so ``type() is`` is both exact and fast."""


def _key_ok(kind: str | tuple[str, ...], key: str) -> bool:
    """``"str"``: any key; ``"intstr"``: an int written as a string; a tuple: one of those names (a Literal key)."""
    if isinstance(kind, tuple):
        return key in kind
    return kind == "str" or key.lstrip("-").isdigit()


def _locate(spec: Spec, value: Any, pointer: str) -> tuple[str, Any, bool]:
    """The deepest offending location: inside a container whose own type is right, the bad item."""
    options = spec[1:] if spec[0] == "union" else (spec,)
    for option in options:
        if option[0] == "list" and isinstance(value, list):
            for index, item in enumerate(value):
                if not matches(option[1], item):
                    return _locate(option[1], item, join_pointer(pointer, index))
        if option[0] == "dict" and isinstance(value, dict):
            for key, item in value.items():
                if not _key_ok(option[1], key):
                    return join_pointer(pointer, key), item, True
                if not matches(option[2], item):
                    return _locate(option[2], item, join_pointer(pointer, key))
    return pointer, value, False


_WORDS = {
    "int": "an integer",
    "float": "a float (with a decimal point, e.g. 1.0)",
    "number": "a number",
    "str": "a string",
    "bool": "true or false",
    "null": "null",
    "any": "a value",
}


def describe(spec: Spec) -> str:
    """How a type spec reads in a message: ``an array of strings or null``."""
    kind = spec[0]
    if kind == "union":
        words: list[str] = []
        for option in spec[1:]:
            word = describe(option)
            if word not in words:
                words.append(word)
        return " or ".join(words)
    if kind == "const":
        return f'"{spec[1]}"' if isinstance(spec[1], str) else repr(spec[1])
    if kind == "list":
        return f"an array of {_plural(describe(spec[1]))}"
    if kind == "dict":
        return f"an object of {_plural(describe(spec[2]))}"
    return _WORDS[kind]


def _plural(word: str) -> str:
    for article in ("an ", "a "):
        if word.startswith(article) and " or " not in word:
            return word[len(article) :] + "s"
    return word


def _describe_key(spec: Spec) -> str:
    """What a dict field's keys must be: an integer written as a string, or one of a Literal's names."""
    options = spec[1:] if spec[0] == "union" else (spec,)
    names = next((option[1] for option in options if option[0] == "dict" and isinstance(option[1], tuple)), None)
    return " or ".join(f'"{name}"' for name in names) if names else "an integer written as a string"


def describe_value(value: Any) -> str:
    """How a JSON value reads in a message: ``the string "768"``, ``the integer 0``."""
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if value is None:
        return "null"
    if isinstance(value, int):
        return f"the integer {value}"
    if isinstance(value, float):
        return "NaN" if math.isnan(value) else f"the number {value!r}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f'the string "{shown}"'
    if isinstance(value, list):
        return f"an array of {len(value)} item{'s' if len(value) != 1 else ''}"
    return "an object"


def _exact_types(spec: Spec) -> frozenset[type] | None:
    """The Python types a scalar spec (or a union of scalars) allows, or None when it needs a predicate."""
    options = spec[1:] if spec[0] == "union" else (spec,)
    if all(option[0] in _SCALAR_TYPES for option in options):
        return frozenset(kind for option in options for kind in _SCALAR_TYPES[option[0]])
    return None


@cache
def _family_checks(family: str) -> tuple[dict[str, frozenset[type]], dict[str, Callable[[Any], bool]]]:
    """Field → allowed types for the scalar fields (most of them: checked inline, no call per field),
    and field → compiled predicate for the rest, so validating a config never hashes a spec again."""
    exact: dict[str, frozenset[type]] = {}
    predicates: dict[str, Callable[[Any], bool]] = {}
    for field, entry in field_specs(family).items():
        types = _exact_types(entry[0])
        if types is not None:
            exact[field] = types
        else:
            predicates[field] = _predicate(entry[0])
    return exact, predicates


def validate_fields(family: str, config: Mapping[str, Any]) -> list[FieldProblem]:
    """Every field of ``config`` whose JSON type the family does not allow."""
    exact, predicates = _family_checks(family)
    problems = []
    for field, value in config.items():
        types = exact.get(field)
        if types is not None:
            if type(value) in types:
                continue
        else:
            predicate = predicates.get(field)
            if predicate is None or predicate(value):
                continue
        specs = field_specs(family)
        checked = transformers_checked_fields(family)
        spec = specs[field][0]
        field_pointer = join_pointer("", field)
        pointer, bad, in_key = _locate(spec, value, field_pointer)
        if pointer == field_pointer:
            message = f"`{field}` must be {describe(spec)}, got {describe_value(bad)}"
        elif in_key:
            message = f"key {pointer.rsplit('/', 1)[-1]!r} in `{field}` must be {_describe_key(spec)}"
        else:
            message = f"`{field}` holds {describe_value(bad)} at {pointer}; expected {describe(spec)}"
        # transformers runs int(key) over id2label's keys and .items() over it: those two crash the load.
        crashes_transformers = field == "id2label" and (in_key or not isinstance(value, dict))
        problems.append(FieldProblem(pointer, field, message, field in checked or crashes_transformers))
    return problems
