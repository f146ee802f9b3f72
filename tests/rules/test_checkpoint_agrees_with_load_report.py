"""The W rules never contradict ``load-report`` on the same folder (issue 16).

Every differential recording (``tests/fixtures/differential/``, transformers 5.23's outcome on
random small folders) is rebuilt as a folder, then both ``load_report.report_folder`` (what
``configlint load-report`` prints) and the W rules on its config.json are run. A W finding states a
load outcome, so it must be one the load report also states:

* W001 says transformers cannot load the weights: the report must say from_pretrained raises.
* W002/W003/W005 describe a load that completes, with keys missing or unused: the report must load,
  and every key they name must be missing / unexpected in it.
* W004 says shapes differ: the report must have mismatched keys (or the tied-weight crash it names).
* W006 says which dtype transformers loads the model in: the report must load in that dtype.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parents[1]))
from _differential_case import write_case
from configlint.diagnostics import Diagnostic
from configlint.engine import lint_file
from configlint.errors import ConfiglintError
from configlint.load_report import LoadReport, report_folder
from configlint.selection import Selection

FIXTURES = Path(__file__).parents[1] / "fixtures" / "differential"
CASES = [case for path in sorted(FIXTURES.glob("*.json")) for case in json.loads(path.read_text("utf-8"))["cases"]]
LOAD_CODES = ("W002", "W003", "W005")


def contradictions(report: LoadReport | None, findings: list[Diagnostic]) -> list[str]:
    """Each W finding that states an outcome the load report does not (``report`` None: configlint refused the folder)."""
    error = report.error if report is not None else "configlint refused the folder"
    found: list[str] = []
    for finding in findings:
        said = f"{finding.code}: {finding.message}"
        if finding.code == "W001" and "transformers cannot load" in finding.message and error is None:
            found.append(f"{said} — but load-report says it loads")
        elif finding.code in LOAD_CODES + ("W006",) and error is not None:
            found.append(f"{said} — but load-report says from_pretrained raises {error}")
        elif report is None or error is not None:
            if finding.code == "W004" and not error.startswith("NotImplementedError"):
                found.append(f"{said} — but load-report says from_pretrained raises {error}")
        elif finding.code == "W004" and not report.mismatched:
            found.append(f"{said} — but load-report has no mismatched key")
        elif finding.code == "W002" and not any(key in finding.message for key in report.missing if ".pooler." in f".{key}"):
            found.append(f"{said} — but load-report has no missing pooler key")
        elif finding.code == "W003" and not [key for key in report.missing if ".pooler." not in f".{key}"]:
            found.append(f"{said} — but load-report has no missing key besides the pooler")
        elif finding.code == "W005" and not report.unexpected:
            found.append(f"{said} — but load-report has no unexpected key")
        elif finding.code == "W006":
            loaded = re.search(r"transformers loads the model in (\w+)", finding.message)
            if loaded is None or loaded.group(1) != report.dtype:
                found.append(f"{said} — but load-report loads the model in {report.dtype}")
    return found


def _outcomes(case: dict[str, Any], folder: Path) -> tuple[LoadReport | None, list[Diagnostic]]:
    write_case(folder, case["files"])
    try:
        report: LoadReport | None = report_folder(folder)
    except ConfiglintError:
        report = None
    try:
        findings = lint_file(folder / "config.json", selection=Selection(select=("W",)))
    except ConfiglintError:
        findings = []
    return report, findings


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_w_rules_never_contradict_load_report(case: dict[str, Any], tmp_path: Path) -> None:
    report, findings = _outcomes(case, tmp_path / "model")
    assert contradictions(report, findings) == []


def test_the_recordings_exercise_the_w_rules(tmp_path: Path) -> None:
    """The loop above means something: the recordings make most W rules fire somewhere."""
    fired: set[str] = set()
    for index, case in enumerate(CASES[::7]):
        fired.update(f.code for f in _outcomes(case, tmp_path / str(index))[1])
    assert {"W001", "W003", "W004", "W005", "W006"} <= fired


def test_a_contradiction_is_reported() -> None:
    """W005 beside a report with nothing unexpected, and W001 beside a clean load, are contradictions."""
    clean = LoadReport("BertModel", dtype="float32")
    unused = Diagnostic("W005", "warning", "3 checkpoint tensor(s) are not used", "config.json")  # type: ignore[arg-type]
    unreadable = Diagnostic("W001", "error", "x.bin is broken; transformers cannot load these weights", "config.json")  # type: ignore[arg-type]
    assert len(contradictions(clean, [unused, unreadable])) == 2
    assert contradictions(LoadReport("BertModel", unexpected=("x",), dtype="float32"), [unused]) == []


def test_w006_reads_torch_dtype_under_a_null_dtype(tmp_path: Path) -> None:
    """``dtype: null`` beside ``torch_dtype: float16``: from_pretrained loads float16, and W006 says so."""
    case = next(
        c
        for c in CASES
        if c["kind"] == "dtype"
        and c["outcome"]["status"] == "loaded"
        and c["outcome"]["dtype"] == "float32"
        and not {"dtype", "torch_dtype"} & set(c["files"]["config.json"]["json"])
    )
    config = {**case["files"]["config.json"]["json"], "dtype": None, "torch_dtype": "float16"}
    report, findings = _outcomes({**case, "files": {**case["files"], "config.json": {"json": config}}}, tmp_path / "m")
    assert report is not None and report.dtype == "float16"
    assert [f.pointer for f in findings if f.code == "W006"] == ["/torch_dtype"]
    assert contradictions(report, findings) == []
