"""GitLab Code Quality: valid against a schema written from GitLab's documentation, stable fingerprints, repo paths.

GitLab publishes no schema for the report; ``tests/fixtures/gitlab/codequality.schema.json`` says
what its documentation requires.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from configlint.diagnostics import Diagnostic, Severity
from configlint.reporters import RunResult, get_formatter
from configlint.reporters.gitlab import format_gitlab

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[1] / "fixtures" / "gitlab" / "codequality.schema.json").read_text(encoding="utf-8")
)


def report(result: RunResult) -> list[dict[str, Any]]:
    issues: list[dict[str, Any]] = json.loads(format_gitlab(result))
    jsonschema.validate(issues, SCHEMA)
    return issues


def test_registered() -> None:
    assert get_formatter("gitlab") is format_gitlab


def test_schema_is_not_vacuous() -> None:
    good = {
        "description": "d",
        "check_name": "P001",
        "fingerprint": "f",
        "severity": "minor",
        "location": {"path": "a.json", "lines": {"begin": 1}},
    }
    jsonschema.validate([good], SCHEMA)
    for broken in (
        {**good, "severity": "warning"},
        {**good, "location": {"path": "/abs.json", "lines": {"begin": 1}}},
        {**good, "location": {"path": "a", "lines": {"begin": 0}}},
    ):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate([broken], SCHEMA)


@pytest.mark.parametrize("name", ["nasty", "awkward", "mapping_result"])
def test_valid_and_one_issue_per_finding(name: str, request: pytest.FixtureRequest) -> None:
    result: RunResult = request.getfixturevalue(name)
    issues = report(result)
    assert [i["check_name"] for i in issues] == [d.code for d in result.diagnostics]
    assert [i["description"] for i in issues] == [f"{d.code} {d.message}" for d in result.diagnostics]
    assert len({i["fingerprint"] for i in issues}) == len(issues), "GitLab keeps one issue per fingerprint"


def test_severities_and_lines(nasty: RunResult) -> None:
    issues = report(nasty)
    assert [i["severity"] for i in issues] == ["major", "minor", "minor", "info"]
    assert [i["location"]["lines"]["begin"] for i in issues] == [3, 9, 1, 1], "no position (line 0) is line 1"


def test_paths_are_relative_to_the_repository_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".git").write_text("gitdir: elsewhere\n")  # a worktree's .git is a file
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    inside = Diagnostic(code="S001", severity=Severity.ERROR, message="m", file="models/config.json")
    absolute = Diagnostic(code="S001", severity=Severity.ERROR, message="m", file=str(tmp_path / "x" / "config.json"))
    outside = Diagnostic(code="S001", severity=Severity.ERROR, message="m", file="/elsewhere/config.json")
    paths = [issue["location"]["path"] for issue in json.loads(format_gitlab(RunResult([inside, absolute, outside])))]
    assert paths == ["sub/models/config.json", "x/config.json", "/elsewhere/config.json"]
    assert (
        json.loads(format_gitlab(RunResult([inside], root=str(tmp_path / "sub"))))[0]["location"]["path"] == "models/config.json"
    )


def test_fingerprint_ignores_line_and_message_but_not_code_file_or_pointer(tmp_path: Path) -> None:
    base = Diagnostic(code="P001", severity=Severity.WARNING, message="m", file="a.json", pointer="/pooler_type", line=3)
    same = [base, Diagnostic(**{**_fields(base), "line": 30, "message": "reworded"})]
    other = [
        Diagnostic(**{**_fields(base), field: value})
        for field, value in (("code", "P004"), ("file", "b.json"), ("pointer", "/x"))
    ]
    prints = [report(RunResult([d], root=str(tmp_path)))[0]["fingerprint"] for d in [*same, *other]]
    assert prints[0] == prints[1]
    assert len(set(prints[1:])) == 4


def _fields(diagnostic: Diagnostic) -> dict[str, Any]:
    return {name: getattr(diagnostic, name) for name in diagnostic._fields}
