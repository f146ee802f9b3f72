"""The generated field table is current and validates exactly like the pydantic models."""

from __future__ import annotations

import functools
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from _support import REPO
from configlint.schema import FAMILY_MODELS, validate_fields, validate_with_model
from configlint.schema.field_table import build_field_table, render_module

JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**40), max_value=2**40),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=5),
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(["0", "1", "-1", "a", "x1"]), inner, max_size=3)
    ),
    max_leaves=6,
)


@functools.cache
def _field_table() -> dict[str, Any]:
    """Built once per module: it renders every family's JSON schema (~0.4 s), and each test needs the same one."""
    return build_field_table()


@functools.cache
def _configs(family: str) -> st.SearchStrategy[dict[str, Any]]:
    """Up to four of the family's fields with arbitrary JSON values; built once per family, since a new
    strategy is validated again on each draw."""
    fields = sorted(_field_table()[family]["fields"])
    return st.dictionaries(st.sampled_from(fields), JSON_VALUES, max_size=4)


def test_generated_table_is_current() -> None:
    generated = REPO / "src" / "configlint" / "schema" / "_field_table.py"
    assert generated.read_text(encoding="utf-8") == render_module(_field_table()), "run scripts/generate_schema_artifacts.py"


@pytest.mark.parametrize("family", sorted(FAMILY_MODELS))
@given(data=st.data())
def test_table_and_pydantic_agree_on_generated_values(family: str, data: st.DataObject) -> None:
    config: dict[str, Any] = data.draw(_configs(family))
    model_valid = validate_with_model(family, config) is not None
    problems = validate_fields(family, config)
    assert (not problems) == model_valid, (config, problems)
