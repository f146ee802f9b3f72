"""Y004: ELECTRA's summary_type "attn", recorded as refusing to build ElectraForMultipleChoice."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import configlint
from configlint.diagnostics import Severity

CASE = Path(__file__).resolve().parents[1] / "fixtures" / "load_report" / "electra-summary-type-attn"


def _y004(config: dict[str, Any]) -> list[configlint.Diagnostic]:
    return [d for d in configlint.lint_mapping({"model_type": "electra", **config}) if d.code == "Y004"]


def test_y004_flags_the_recorded_config_that_failed_to_build() -> None:
    expected = json.loads((CASE / "expected.json").read_text())
    assert expected["error"].startswith("NotImplementedError")
    [finding] = _y004(json.loads((CASE / "config.json").read_text()))
    assert finding.severity == Severity.ERROR and finding.pointer == "/summary_type"


def test_y004_is_a_warning_on_a_class_that_does_not_read_the_key() -> None:
    [finding] = _y004({"architectures": ["ElectraForPreTraining"], "summary_type": "attn"})
    assert finding.severity == Severity.WARNING and "ElectraForPreTraining does not read it" in finding.message


def test_y004_accepts_the_implemented_summaries() -> None:
    for value in ("first", "last", "mean", "cls_index"):
        assert not _y004({"architectures": ["ElectraForMultipleChoice"], "summary_type": value})
