"""json and json-lines: the ``Diagnostic.to_dict`` shape, exact values, and nothing raw a terminal acts on."""

from __future__ import annotations

import json

from configlint.diagnostics import Diagnostic, Severity
from configlint.reporters import RunResult, get_formatter
from configlint.reporters.json_format import format_json, format_json_lines


def test_registered() -> None:
    assert get_formatter("json") is format_json and get_formatter("json-lines") is format_json_lines


def test_both_give_the_same_dicts(nasty: RunResult) -> None:
    expected = [d.to_dict() for d in nasty.diagnostics]
    assert json.loads(format_json(nasty)) == expected
    lines = format_json_lines(nasty).split("\n")
    assert lines[-1] == "" and [json.loads(line) for line in lines[:-1]] == expected


def test_no_findings() -> None:
    assert format_json(RunResult([])) == "[]\n" and format_json_lines(RunResult([])) == ""


def test_c1_separators_and_surrogates_are_json_escapes_and_non_ascii_stays_readable() -> None:
    message = "csi\x9b[2J nel\x85 ls\u2028 lone\udcff ünï 配置"
    output = format_json_lines(RunResult([Diagnostic(code="S001", severity=Severity.ERROR, message=message, file="f")]))
    assert "csi\\u009b[2J nel\\u0085 ls\\u2028 lone\\udcff ünï 配置" in output
    assert json.loads(output.encode("utf-8"))["message"] == message
