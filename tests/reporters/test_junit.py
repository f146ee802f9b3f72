"""JUnit XML: valid against junit-10.xsd, parsed back, counts and per-file test cases checked, escaping proven.

The schema is the Jenkins xUnit plugin's ``junit-10.xsd``, shipped under ``tests/fixtures/junit``
(see its NOTICE.md), and checked with lxml.
"""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from configlint.diagnostics import Diagnostic, Severity
from configlint.escaping import visible
from configlint.reporters import RunResult, get_formatter
from configlint.reporters.junit import format_junit

SCHEMA_PATH = Path(__file__).resolve().parents[1] / "fixtures" / "junit" / "junit-10.xsd"
SCHEMA_SHA256 = "a1a816f58d1bf95ebabf371994df0b9246dee66ea9572fbec4f9296f1b2c0ff6"
SCHEMA = etree.XMLSchema(etree.parse(str(SCHEMA_PATH)))

NASTY_CHARACTERS = st.one_of(
    st.characters(exclude_categories=()),  # every code point, lone surrogates included
    st.sampled_from("\x00\x07\x1b\x0b\x0c\r\n\t<&>\"'\ud800\udfff\ufffe\uffff]]>"),
)


def assert_valid(output: str) -> None:
    document = etree.fromstring(output.encode("utf-8"))
    assert SCHEMA.validate(document), SCHEMA.error_log.last_error


def parse(result: RunResult) -> ET.Element:
    output = format_junit(result)
    assert output.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    assert_valid(output)
    root = ET.fromstring(output.encode("utf-8"))
    assert root.tag == "testsuites" and [child.tag for child in root] == ["testsuite"]
    return root


def cases(root: ET.Element) -> dict[str, ET.Element]:
    found = {case.get("name"): case for case in root.iter("testcase")}
    assert len(found) == len(list(root.iter("testcase"))), "test case names must be unique (GitLab keeps the first)"
    return found


def test_registered() -> None:
    assert get_formatter("junit") is format_junit


def test_shipped_schema_is_the_published_one() -> None:
    assert hashlib.sha256(SCHEMA_PATH.read_bytes()).hexdigest() == SCHEMA_SHA256


def test_validation_is_not_vacuous(nasty: RunResult) -> None:
    """The schema rejects what earlier versions wrote: ``file``/``line`` on a test case, ``skipped`` on testsuites."""
    document = etree.fromstring(format_junit(nasty).encode("utf-8"))
    assert SCHEMA.validate(document)
    case = document.find(".//testcase")
    case.set("file", "x.json")
    assert not SCHEMA.validate(document)
    del case.attrib["file"]
    document.set("skipped", "0")
    assert not SCHEMA.validate(document)


def test_realworld_counts_and_cases(realworld: RunResult) -> None:
    root = parse(realworld)
    suite = root.find("testsuite")
    failing = {d.file for d in realworld.diagnostics if d.severity is not Severity.INFO}
    for element in (root, suite):
        assert element.get("name") == "configlint"
        assert element.get("tests") == str(len(realworld.files))
        assert element.get("failures") == str(len(failing))
        assert element.get("errors") == "0"
    assert suite.get("skipped") == "0" and root.get("skipped") is None, "junit-10.xsd has no skipped on testsuites"
    by_name = cases(root)
    assert list(by_name) == list(realworld.files)
    for file, case in by_name.items():
        assert case.get("classname") == f"configlint.{file}"
        findings = [d for d in realworld.diagnostics if d.file == file and d.severity is not Severity.INFO]
        infos = [d for d in realworld.diagnostics if d.file == file and d.severity is Severity.INFO]
        failures = case.findall("failure")
        output = case.find("system-out")
        assert (output.text.split("\n") if output is not None else []) == [_line(d) for d in infos]
        if not findings:
            assert failures == [], "a clean file, or one with only info findings, is a passing test case"
            continue
        assert len(failures) == 1
        assert failures[0].text.split("\n") == [_line(d) for d in findings]
        assert failures[0].get("type") == ", ".join(dict.fromkeys(d.code for d in findings))


def _line(d: Diagnostic) -> str:
    return f"{d.file}:{d.line}:{d.column}: {d.code} [{d.severity.value}] {d.message}" + (
        f" (fix: {d.fix.message})" if d.fix else ""
    )


def test_real_rules_on_awkward_names(awkward: RunResult) -> None:
    by_name = cases(parse(awkward))
    assert list(by_name) == list(awkward.files)
    failure = by_name["a,b:c%25/config.json"].find("failure")
    assert failure.get("type") == "J002, S001"
    assert failure.get("message").startswith("2 findings (1 error, 1 warning); first: J002 duplicate key")
    unknown_family = by_name["ünï <&> 'q'/config.json"]
    assert unknown_family.find("failure") is None, "F001 is an info finding: the case passes"
    assert unknown_family.find("system-out").text.startswith("ünï <&> 'q'/config.json:1:1: F001 [info] ")
    assert by_name["plain/config.json"].find("failure").text.endswith('(fix: Add "model_type": "bert")')
    assert list(by_name["clean/config.json"]) == []


def test_nasty_text_survives(nasty: RunResult) -> None:
    colon_file, unicode_file, stray_file = (nasty.diagnostics[i].file for i in (0, 2, 3))
    root = parse(nasty)
    by_name = cases(root)
    # duplicates in files collapse; the stray file a finding names still gets its test case
    assert list(by_name) == ["clean.json", colon_file, unicode_file, stray_file]
    assert root.get("tests") == "4" and root.get("failures") == "2", "the stray file has only an info finding"
    assert by_name[unicode_file].get("classname") == f"configlint.{unicode_file}"

    colon = by_name[colon_file].find("failure")
    assert colon.get("message").startswith("2 findings (1 error, 1 warning); first: S001 100% wrong\\x0d\\x0asecond line")
    text = colon.text
    assert text.count("\n") == 1, "one line per finding: the CR LF inside the message is escaped"
    assert "100% wrong\\x0d\\x0asecond line: a, b::c" in text
    assert "duplicate <key> & \"quotes\" 'too' — ünïcødé ✓ 🙂" in text
    assert by_name[unicode_file].find("failure").get("message") == "F002 no model_type\\x09but architectures says bert"

    stray = by_name[stray_file]
    assert stray.find("failure") is None
    assert stray.find("system-out").text == (
        f"{stray_file}:0:0: X999 [info] bell\\x07 nul\\x00 esc\\x1b vt\\x0b ff\\x0c nonchar\\ufffe end"
    )


def test_raw_control_characters_would_be_ill_formed() -> None:
    """Why every field is escaped: ElementTree writes C0 controls verbatim, and no parser accepts them."""
    element = ET.Element("failure")
    element.text = "nul\x00"
    with pytest.raises(ET.ParseError):
        ET.fromstring(ET.tostring(element))
    diagnostic = Diagnostic(code="S001", severity=Severity.ERROR, message="nul\x00 lone\ud800 ok\u00e9\U0001f642", file="f")
    failure = parse(RunResult([diagnostic], files=("f",))).find(".//failure")
    assert failure.text == "f:1:1: S001 [error] nul\\x00 lone\\ud800 ok\u00e9\U0001f642"


def test_info_only_file_passes_and_keeps_its_findings() -> None:
    info = Diagnostic(code="D001", severity=Severity.INFO, message="renamed", file="a.json")
    warning = Diagnostic(code="P001", severity=Severity.WARNING, message="dead keys", file="b.json")
    root = parse(RunResult([info, warning, info.__class__(**{**_fields(info), "file": "b.json"})], files=("a.json", "b.json")))
    assert (root.get("tests"), root.get("failures")) == ("2", "1")
    by_name = cases(root)
    assert by_name["a.json"].find("failure") is None
    assert by_name["a.json"].find("system-out").text == "a.json:1:1: D001 [info] renamed"
    failure = by_name["b.json"].find("failure")
    assert (failure.get("type"), failure.get("message"), failure.text) == (
        "P001",
        "P001 dead keys",
        "b.json:1:1: P001 [warning] dead keys",
    )
    assert by_name["b.json"].find("system-out").text == "b.json:1:1: D001 [info] renamed"


def _fields(diagnostic: Diagnostic) -> dict[str, object]:
    return {name: getattr(diagnostic, name) for name in diagnostic._fields}


def test_time_and_timestamp_when_measured() -> None:
    started = datetime(2025, 1, 2, 3, 4, 5, 600000, tzinfo=timezone(timedelta(hours=2)))
    root = parse(RunResult([], files=("a.json",), started=started, ended=started + timedelta(seconds=1.23456)))
    suite = root.find("testsuite")
    assert root.get("time") == suite.get("time") == "1.235"
    assert suite.get("timestamp") == "2025-01-02T01:04:05"
    bare = parse(RunResult([], files=("a.json",)))
    assert bare.get("time") is None and bare.find("testsuite").get("timestamp") is None


def test_no_files_no_findings() -> None:
    root = parse(RunResult([], files=()))
    assert (root.get("tests"), root.get("failures")) == ("0", "0")
    assert list(root.iter("testcase")) == []


def test_all_clean_files_pass() -> None:
    root = parse(RunResult([], files=("a.json", "b.json")))
    assert (root.get("tests"), root.get("failures")) == ("2", "0")
    assert all(list(case) == [] for case in root.iter("testcase"))


@given(file=st.text(NASTY_CHARACTERS, min_size=1), message=st.text(NASTY_CHARACTERS))
def test_any_text_gives_well_formed_xml(file: str, message: str) -> None:
    """Any file name or message, surrogates and controls included, parses and keeps its attribute text."""
    diagnostic = Diagnostic(code="S001", severity=Severity.ERROR, message=message, file=file)
    output = format_junit(RunResult([diagnostic], files=(file,)))
    root = ET.fromstring(output.encode("utf-8"))  # strict UTF-8: no lone surrogate may remain
    assert_valid(output)
    (case,) = root.iter("testcase")
    assert case.get("name") == visible(file)
    assert case.find("failure").get("message") == visible(f"S001 {message}")
