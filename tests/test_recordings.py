"""The recordings agree with each other: every model class transformers defines is recorded for the load report.

``families.json`` lists every model class of each family's modeling module (written by
``scripts/record_family_facts.py``); the load-report recordings (``scripts/generate_load_report_fixtures.py``)
must hold a clean case, class facts and state dicts for each, or a weight map could be written
for a class nobody recorded. Nothing here imports torch or transformers.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
FAMILIES: dict[str, Any] = json.loads((FIXTURES / "transformers" / "families.json").read_text(encoding="utf-8"))["families"]
LOAD_REPORT = FIXTURES / "load_report"
CLASS_FACTS: dict[str, Any] = json.loads((LOAD_REPORT / "classes.json").read_text(encoding="utf-8"))["classes"]
STATE_DICTS: dict[str, Any] = json.loads((LOAD_REPORT / "state_dicts.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_every_model_class_has_load_report_recordings(family: str) -> None:
    for name in FAMILIES[family]["classes"]:
        expected = json.loads((LOAD_REPORT / f"{name}-clean" / "expected.json").read_text(encoding="utf-8"))
        assert (expected["saved_class"], expected["as"]) == (name, name)
        assert CLASS_FACTS[name]["family"] == family
        assert name in STATE_DICTS


def test_nothing_is_recorded_for_a_class_transformers_does_not_define() -> None:
    defined = {name for family in FAMILIES.values() for name in family["classes"]}
    assert set(CLASS_FACTS) == set(STATE_DICTS) == defined


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_both_recordings_name_the_same_base_model_prefix(family: str) -> None:
    for name in FAMILIES[family]["classes"]:
        assert CLASS_FACTS[name]["base_model_prefix"] == FAMILIES[family]["base_model_prefix"], name
