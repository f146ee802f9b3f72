"""configlint's load report gives transformers 5.23's outcome on every recorded differential case.

``tests/fixtures/differential/<kind>.json`` are written by ``scripts/differential.py --record``
with the pinned ``oracle`` extra; each case is rebuilt here as a folder (tensor headers over zero
data, see ``_differential_case.py``) and read by :func:`configlint.load_report.report_folder`, the
library function behind ``configlint load-report``. Nothing here imports torch or transformers.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from _differential_case import configlint_outcome, disagreement, write_case

FIXTURES = Path(__file__).parent / "fixtures" / "differential"
KINDS = (
    "config_types",
    "model_build",
    "dtype",
    "labels",
    "weights_files",
    "key_renamings",
    "loading_options",
    "torch_pickles",
    "weights_choice",
    "config_files",
)

# Cases configlint does not get right yet, each with why. A listed case that starts agreeing fails
# (strict xfail), so this list only shrinks.
KNOWN_DISAGREEMENTS: dict[str, str] = {}


def _cases() -> list[dict[str, Any]]:
    """Every recorded case: ``<kind>.json`` from ``--record``, and ``found.json``, the disagreements fresh runs found."""
    cases = []
    for name in (*KINDS, "found"):
        cases.extend(json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))["cases"])
    return cases


CASES = _cases()


def _params() -> list[Any]:
    marks = {name: pytest.mark.xfail(reason=reason, strict=True) for name, reason in KNOWN_DISAGREEMENTS.items()}
    return [pytest.param(case, id=case["name"], marks=marks.get(case["name"], ())) for case in CASES]


def _outcome(case: dict[str, Any], tmp_path: Path) -> dict[str, Any]:
    folder = tmp_path / "model"
    write_case(folder, case["files"])
    ours = configlint_outcome(folder, case["class"])
    if ours["status"] == "raised":
        ours["error"] = ours["error"].replace(str(folder), "<folder>").replace(str(tmp_path), "<tmp>")
    return ours


@pytest.mark.parametrize("case", _params())
def test_load_report_matches_the_recording(case: dict[str, Any], tmp_path: Path) -> None:
    why = disagreement(case, _outcome(case, tmp_path))
    assert why is None, why


def test_every_kind_has_enough_cases_of_both_outcomes() -> None:
    for kind in KINDS:
        outcomes = [case["outcome"]["status"] for case in CASES if case["kind"] == kind]
        assert len(outcomes) >= 50, kind
        if kind != "key_renamings":  # no renaming makes from_pretrained raise (every recorded one loads)
            assert {"raised", "loaded"} <= set(outcomes), kind


def test_known_disagreements_name_recorded_cases() -> None:
    assert set(KNOWN_DISAGREEMENTS) <= {case["name"] for case in CASES}


def test_a_wrong_prediction_is_a_disagreement(tmp_path: Path) -> None:
    """The comparison itself can fail: a loaded case whose recorded lists are changed disagrees."""
    case = next(c for c in CASES if c["outcome"]["status"] == "loaded" and c["name"] not in KNOWN_DISAGREEMENTS)
    ours = _outcome(case, tmp_path)
    assert disagreement(case, ours) is None
    assert disagreement({**case, "outcome": {**case["outcome"], "missing": ["invented.weight"]}}, ours) is not None
    assert disagreement({**case, "outcome": {"status": "raised", "error": "OSError: x"}}, ours) is not None


REFUSED = [case for case in CASES if case["outcome"]["status"] == "raised"]


@pytest.mark.parametrize("case", [pytest.param(case, id=case["name"]) for case in REFUSED])
def test_json_output_of_every_refusal_is_one_object_naming_the_error(case: dict[str, Any], tmp_path: Path) -> None:
    """``load-report --output-format json`` prints a parseable object with ``error`` set whenever transformers
    refuses the folder, whether configlint predicts the refusal (exit 1) or refuses the folder itself (exit 2)."""
    from _cli_support import run_cli

    folder = tmp_path / "model"
    write_case(folder, case["files"])
    run = run_cli(["load-report", str(folder), "--as", case["class"], "--output-format", "json"])
    assert run.code in (1, 2), run
    report = json.loads(run.out)
    assert isinstance(report, dict) and report["error"], run.out
    assert "Traceback" not in run.err


LABEL_COUNT_CASES = [
    case
    for case in CASES
    if case["kind"] == "labels"
    and case["outcome"]["status"] == "loaded"
    and isinstance(case["files"]["config.json"]["json"].get("id2label"), dict)
    and type(case["files"]["config.json"]["json"].get("num_labels")) is int
]


@pytest.mark.parametrize("case", [pytest.param(case, id=case["name"]) for case in LABEL_COUNT_CASES])
def test_l001_says_the_label_count_transformers_loaded(case: dict[str, Any]) -> None:
    """L001 fires exactly when num_labels and id2label disagree, and names the count the recorded model has."""
    from configlint import lint_mapping

    config = case["files"]["config.json"]["json"]
    loaded = case["outcome"]["num_labels"]
    findings = [d.message for d in lint_mapping(config) if d.code == "L001"]
    if config["num_labels"] == len(config["id2label"]):
        assert findings == [], findings
        return
    [message] = findings
    assert f"keeps num_labels {loaded}," in message or (loaded == 0 and "num_labels 0:" in message), (loaded, message)
    if case["outcome"]["classifier"] is not None:
        assert case["outcome"]["classifier"][0] == loaded


def test_there_are_label_count_cases_on_both_sides_of_zero() -> None:
    counts = {case["files"]["config.json"]["json"]["num_labels"] > 0 for case in LABEL_COUNT_CASES}
    assert counts == {True, False}


# The refusal message is transformers' own, word for word (first line, folder paths as <folder>),
# except where several id2label keys are refused: configlint names the first key int() refuses in
# file order, and the recordings show transformers naming another one in some of those cases.
_SEVERAL_BAD_LABEL_KEYS = "invalid literal for int() with base 10"


@pytest.mark.parametrize("case", [case for case in CASES if case["outcome"]["status"] == "raised"], ids=lambda c: c["name"])
def test_a_refusal_quotes_transformers_message(case: dict[str, Any], tmp_path: Path) -> None:
    ours = _outcome(case, tmp_path)
    theirs = case["outcome"]["error"].splitlines()[0]
    if _SEVERAL_BAD_LABEL_KEYS in theirs:
        assert _SEVERAL_BAD_LABEL_KEYS in ours["error"]
        return
    normalised = ours["error"].splitlines()[0].replace("<tmp>/model", "<folder>")
    assert normalised == theirs
