"""Text formats: the severity on every line, ``[*]`` only for fixes ``--fix`` applies, ruff's summary, ``full``'s excerpt."""

from __future__ import annotations

import pytest

from configlint.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity
from configlint.reporters import RunResult, format_statistics, get_formatter
from configlint.reporters.text import SOURCE_CONTEXT, format_concise, format_full, format_text

SAFE = Fix("remove it", (Edit("remove", "/a"),), Applicability.SAFE)
UNSAFE = Fix("change it", (Edit("replace", "/b", 1),), Applicability.UNSAFE)


def finding(
    code: str = "P001",
    severity: Severity = Severity.WARNING,
    *,
    fix: Fix | None = None,
    line: int = 2,
    column: int = 3,
    file: str = "m/config.json",
) -> Diagnostic:
    return Diagnostic(code=code, severity=severity, message=f"{code} says so", file=file, line=line, column=column, fix=fix)


def test_text_is_concise() -> None:
    assert get_formatter("text") is format_text and get_formatter("concise") is format_concise
    result = RunResult([finding()])
    assert format_text(result) == format_concise(result)


def test_each_line_shows_the_severity_and_only_applicable_fixes_get_a_marker() -> None:
    result = RunResult([finding(fix=SAFE), finding("D001", Severity.INFO, fix=UNSAFE), finding("S001", Severity.ERROR)])
    assert format_concise(result).splitlines() == [
        "m/config.json:2:3: P001 [warning] P001 says so [*]",
        "m/config.json:2:3: D001 [info] D001 says so",
        "m/config.json:2:3: S001 [error] S001 says so",
        "Found 3 findings (1 error, 1 warning, 1 info).",
        "[*] 1 fixable with the `--fix` option (1 hidden fix can be enabled with the `--unsafe-fixes` option).",
    ]


@pytest.mark.parametrize(
    ("fixes", "unsafe_fixes", "expected"),
    [
        ((SAFE, SAFE), False, "[*] 2 fixable with the `--fix` option."),
        ((UNSAFE, UNSAFE), False, "No fixes available (2 hidden fixes can be enabled with the `--unsafe-fixes` option)."),
        ((SAFE, UNSAFE), True, "[*] 2 fixable with the `--fix` option."),
        ((None, None), False, None),
    ],
)
def test_fix_summary_uses_ruffs_wording(fixes: tuple[Fix | None, ...], unsafe_fixes: bool, expected: str | None) -> None:
    result = RunResult([finding(fix=fix) for fix in fixes], unsafe_fixes=unsafe_fixes)
    lines = format_concise(result).splitlines()
    assert lines[2] == "Found 2 findings (2 warnings)."
    assert lines[3:] == ([expected] if expected else [])
    if unsafe_fixes:
        assert all(line.endswith("[*]") for line in lines[:2]), "with --unsafe-fixes an unsafe fix is applicable"


def test_statistics_marks_only_applicable_fixes() -> None:
    result = RunResult([finding(fix=UNSAFE), finding("P004", fix=SAFE)])
    assert format_statistics(result).splitlines() == [
        "    1\tP001\t    dead-pooler-keys",
        "    1\tP004\t[*] pooler-size-mismatch",
    ]
    assert "[*]" in format_statistics(result._replace(unsafe_fixes=True)).splitlines()[0]


def test_clean_and_fixed_summaries() -> None:
    assert format_concise(RunResult([], files=("a", "b"), fixed=2)) == "All checks passed! (2 fixed) (2 files checked)\n"
    assert format_concise(RunResult([finding()], fixed=1)).splitlines()[-1] == "Found 1 finding (1 warning); 1 fixed."


def test_full_puts_a_caret_under_the_column() -> None:
    source = '{\r\n  "配置": 1, "pooler_type": "mean"\r\n}'
    diagnostic = finding(line=2, column=13)  # the "p" of "pooler_type", after two wide characters
    output = format_full(RunResult([diagnostic, finding("D001", line=0, column=0)], sources={"m/config.json": source}))
    blocks = output.split("\n\n")
    assert blocks[0].splitlines() == [
        "m/config.json:2:13: P001 [warning] P001 says so",
        '2 |   "配置": 1, "pooler_type": "mean"',
        "  | " + " " * 14 + "^",  # 12 characters before the "p", two of them two columns wide
    ]
    assert blocks[1] == "m/config.json:0:0: D001 [warning] D001 says so", "no position, no excerpt"
    assert blocks[2].startswith("Found 2 findings")


def test_full_without_the_source_is_concise_with_blank_lines() -> None:
    result = RunResult([finding(), finding("P004")])
    assert format_full(result).replace("\n\n", "\n") == format_concise(result)


def test_full_cuts_a_huge_line_around_the_column() -> None:
    line = "x" * 100_000 + "!" + "y" * 100_000
    diagnostic = finding(line=1, column=100_001)
    excerpt = format_full(RunResult([diagnostic], sources={diagnostic.file: line})).split("\n")[1:3]
    assert excerpt[0] == "1 | …" + "x" * SOURCE_CONTEXT + "!" + "y" * (SOURCE_CONTEXT - 1) + "…"
    assert excerpt[1] == "  | " + " " * (SOURCE_CONTEXT + 1) + "^"


def test_full_ignores_a_position_past_the_end_of_the_text() -> None:
    diagnostic = finding(line=9)
    assert format_full(RunResult([diagnostic], sources={diagnostic.file: "{}"})).split("\n")[1] == ""
