"""configlint's family models against transformers' own config classes (recorded, so no torch here).

``tests/fixtures/transformers/config_classes.json`` is written by
``scripts/record_transformers_facts.py`` from the installed transformers; regenerate it after a
transformers upgrade and these tests show what changed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from configlint.schema import FAMILY_MODELS, transformers_checked_fields

RECORDING = json.loads((Path(__file__).parents[1] / "fixtures" / "transformers" / "config_classes.json").read_text())
# Families recorded ahead of their schema (issue 20) are skipped until configlint models them.
FAMILIES = [
    family
    if family in FAMILY_MODELS
    else pytest.param(family, marks=pytest.mark.skip(reason=f"{family}: recorded, but configlint has no schema for it yet"))
    for family in sorted(RECORDING["families"])
]

# How transformers' annotations read in configlint's JSON Schema vocabulary.
_JSON_TYPES = {
    "int": {"integer"},
    "float": {"number-not-integer"},
    "int | float": {"number"},
    "float | int": {"number"},
    "str": {"string"},
    "bool": {"boolean"},
    "int | None": {"integer", "null"},
    "int | list[int] | None": {"integer", "array", "null"},
    "float | int | None": {"number", "null"},
    "str | list[str] | None": {"string", "array", "null"},
    "list[str] | None": {"array", "null"},
    "Literal['cls', 'mean']": {"string"},
    "dict[Literal['full_attention', 'sliding_attention'], dict] | None": {"object", "null"},
}


def _types(spec: dict) -> set[str]:
    if "anyOf" in spec:
        return set().union(*(_types(option) for option in spec["anyOf"]))
    if spec.get("type") == "number" and "not" in spec:
        return {"number-not-integer"}
    return {spec["type"]}


@pytest.mark.parametrize("family", FAMILIES)
def test_every_transformers_field_is_modelled_with_its_default(family: str) -> None:
    model = FAMILY_MODELS[family]
    for name, recorded in RECORDING["families"][family]["fields"].items():
        assert name in model.model_fields, f"{family}: transformers has {name}, configlint does not"
        assert model.model_fields[name].default == recorded["default"], name


@pytest.mark.parametrize("family", FAMILIES)
def test_field_types_match_transformers_strictness(family: str) -> None:
    properties = FAMILY_MODELS[family].model_json_schema(by_alias=True)["properties"]
    for name, recorded in RECORDING["families"][family]["fields"].items():
        assert _types(properties[name]) == _JSON_TYPES[recorded["type"]], (name, recorded["type"])


@pytest.mark.parametrize("family", FAMILIES)
def test_fields_transformers_validates_are_exactly_its_own(family: str) -> None:
    assert transformers_checked_fields(family) == set(RECORDING["families"][family]["fields"])


@pytest.mark.parametrize("family", FAMILIES)
def test_attribute_map_matches(family: str) -> None:
    assert FAMILY_MODELS[family].attribute_map == RECORDING["families"][family]["attribute_map"]


def test_base_fields_are_modelled() -> None:
    common = FAMILY_MODELS["bert"].model_fields
    for name in RECORDING["base_fields"]:
        assert name in common, name
