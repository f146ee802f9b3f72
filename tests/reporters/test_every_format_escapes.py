"""Every output format, fed every control character in a file name, a message and a value.

The characters are C0 (U+0000–U+001F), DEL, C1 (U+0080–U+009F) and a lone surrogate. Machine
formats must still parse (strict UTF-8, then their own parser) and give back the exact text (JSON
formats) or its visible escape (XML); text formats must hold no raw control character at all
besides the newlines that end their own lines.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree

from configlint.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity
from configlint.escaping import visible
from configlint.reporters import FORMATTERS, RunResult, get_formatter

CONTROLS = "".join(map(chr, [*range(0x20), 0x7F, *range(0x80, 0xA0)])) + "\ud800"
RAW = frozenset(CONTROLS)
FILE = f"models/a{CONTROLS}b/config.json"
MESSAGE = f"value {CONTROLS} end"
VALUE = f"v{CONTROLS}"
ON_A_LINE = VALUE.replace("\n", "").replace("\r", "")
"""The value as it can stand in a file's line (CR and LF would end the line)."""
TEXT_FORMATS = ("text", "concise", "full", "github")


@pytest.fixture
def hostile() -> RunResult:
    diagnostics = [
        Diagnostic(code="S001", severity=Severity.ERROR, message=MESSAGE, file=FILE, pointer=f"/{VALUE}", line=2, column=3,
                   fix=Fix(f"set {VALUE}", (Edit("replace", f"/{VALUE}", VALUE),), Applicability.SAFE)),
        Diagnostic(code="D001", severity=Severity.INFO, message=MESSAGE, file=FILE, line=1, column=1),
    ]  # fmt: skip
    source = f'{{"x": 1,\n  "{ON_A_LINE}": "{ON_A_LINE}"\n}}'
    return RunResult(diagnostics, files=(FILE,), sources={FILE: source})


def test_the_table_lists_every_format() -> None:
    assert set(FORMATTERS) == {"text", "concise", "full", "json", "json-lines", "github", "gitlab", "sarif", "junit", "rdjson"}


@pytest.mark.parametrize("name", sorted(FORMATTERS))
def test_output_is_utf8_without_raw_c1_or_surrogates(name: str, hostile: RunResult) -> None:
    output = get_formatter(name)(hostile)
    output.encode("utf-8")  # strict: a lone surrogate would raise here, as the real write would
    assert not RAW.intersection(output) - {"\n"}, "only the format's own line ends may be raw"


@pytest.mark.parametrize("name", TEXT_FORMATS)
def test_text_formats_keep_one_line_per_finding(name: str, hostile: RunResult) -> None:
    output = get_formatter(name)(hostile)
    finding_lines = [line for line in output.split("\n") if line.startswith(visible(FILE))]
    if name == "github":
        finding_lines = [line for line in output.split("\n") if line]
    assert len(finding_lines) == 2
    assert all(visible(MESSAGE) in line for line in finding_lines)


def test_full_shows_the_escaped_source_line(hostile: RunResult) -> None:
    output = get_formatter("full")(hostile)
    # column 3, so the excerpt is the two spaces before it and the 60 characters from it, then a cut
    assert f'2 |   "{visible(ON_A_LINE[:59])}…\n  |   ^\n' in output


@pytest.mark.parametrize("name", ["json", "json-lines"])
def test_json_formats_round_trip_exactly(name: str, hostile: RunResult) -> None:
    output = get_formatter(name)(hostile)
    items = json.loads(output) if name == "json" else [json.loads(line) for line in output.splitlines()]
    assert [item["file"] for item in items] == [FILE, FILE]
    assert [item["message"] for item in items] == [MESSAGE, MESSAGE]
    assert items[0]["pointer"] == f"/{VALUE}"
    assert items[0]["fix"]["edits"][0]["value"] == VALUE and items[0]["fix"]["message"] == f"set {VALUE}"


def test_sarif_round_trips_messages_and_encodes_the_uri(
    hostile: RunResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    log = json.loads(get_formatter("sarif")(hostile))
    results = log["runs"][0]["results"]
    assert [r["message"]["text"] for r in results] == [MESSAGE, MESSAGE]
    uri = results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri.isascii() and uri.isprintable() and "%1B" in uri and "%ED%A0%80" in uri
    assert results[0]["properties"]["fix"]["edits"][0]["value"] == VALUE


@pytest.mark.parametrize("name", ["gitlab", "rdjson"])
def test_ci_json_formats_round_trip(name: str, hostile: RunResult) -> None:
    document = json.loads(get_formatter(name)(hostile))
    items = document if name == "gitlab" else document["diagnostics"]
    key = "description" if name == "gitlab" else "message"
    assert all(item[key].endswith(MESSAGE) for item in items)
    paths = [item["location"]["path"] for item in items]
    assert all(path.endswith(FILE) for path in paths)


def test_junit_parses_and_shows_the_escapes(hostile: RunResult) -> None:
    root = etree.fromstring(get_formatter("junit")(hostile).encode("utf-8"))
    case = root.find(".//testcase")
    assert case.get("name") == visible(FILE)
    assert visible(MESSAGE) in case.find("failure").get("message")
    assert visible(f"set {VALUE}") in case.find("failure").text
    assert visible(MESSAGE) in case.find("system-out").text
