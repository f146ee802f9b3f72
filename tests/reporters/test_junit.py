"""JUnit XML: parsed back with ElementTree, counts and per-file test cases checked, escaping proven."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from configlint.diagnostics import Diagnostic, Severity
from configlint.reporters import RunResult, get_formatter
from configlint.reporters.junit import format_junit, xml_safe

NASTY_CHARACTERS = st.one_of(
    st.characters(exclude_categories=()),  # every code point, lone surrogates included
    st.sampled_from("\x00\x07\x1b\x0b\x0c\r\n\t<&>\"'\ud800\udfff\ufffe\uffff]]>"),
)


def parse(result: RunResult) -> ET.Element:
    output = format_junit(result)
    assert output.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = ET.fromstring(output.encode("utf-8"))
    assert root.tag == "testsuites" and [child.tag for child in root] == ["testsuite"]
    return root


def cases(root: ET.Element) -> dict[str, ET.Element]:
    found = {case.get("name"): case for case in root.iter("testcase")}
    assert len(found) == len(list(root.iter("testcase"))), "test case names must be unique (GitLab keeps the first)"
    return found


def test_registered() -> None:
    assert get_formatter("junit") is format_junit


def test_realworld_counts_and_cases(realworld: RunResult) -> None:
    root = parse(realworld)
    suite = root.find("testsuite")
    failing = {d.file for d in realworld.diagnostics}
    for element in (root, suite):
        assert element.get("name") == "configlint"
        assert element.get("tests") == str(len(realworld.files))
        assert element.get("failures") == str(len(failing))
        assert (element.get("errors"), element.get("skipped")) == ("0", "0")
    by_name = cases(root)
    assert list(by_name) == list(realworld.files)
    for file, case in by_name.items():
        assert case.get("classname") == f"configlint.{file}" and case.get("file") == file
        findings = [d for d in realworld.diagnostics if d.file == file]
        failures = case.findall("failure")
        if not findings:
            assert list(case) == [], "a clean file is a passing test case"
            continue
        assert len(failures) == 1
        assert failures[0].text.split("\n") == [
            f"{d.file}:{d.line}:{d.column}: {d.code} [{d.severity.value}] {d.message}"
            + (f" (fix: {d.fix.message})" if d.fix else "")
            for d in findings
        ]
        assert failures[0].get("type") == ", ".join(dict.fromkeys(d.code for d in findings))


def test_real_rules_on_awkward_names(awkward: RunResult) -> None:
    by_name = cases(parse(awkward))
    assert list(by_name) == list(awkward.files)
    failure = by_name["a,b:c%25/config.json"].find("failure")
    assert failure.get("type") == "J002, S001"
    assert failure.get("message").startswith("2 findings (1 error, 1 warning); first: J002 duplicate key")
    assert by_name["ünï <&> 'q'/config.json"].find("failure").get("type") == "F001"
    assert by_name["plain/config.json"].find("failure").text.endswith('(fix: Add "model_type": "bert")')
    assert list(by_name["clean/config.json"]) == []


def test_nasty_text_survives(nasty: RunResult) -> None:
    colon_file, unicode_file, stray_file = (nasty.diagnostics[i].file for i in (0, 2, 3))
    root = parse(nasty)
    by_name = cases(root)
    # duplicates in files collapse; the stray file a finding names still gets its test case
    assert list(by_name) == ["clean.json", colon_file, unicode_file, stray_file]
    assert root.get("tests") == "4" and root.get("failures") == "3"
    assert by_name[unicode_file].get("classname") == f"configlint.{unicode_file}"

    colon = by_name[colon_file].find("failure")
    assert colon.get("message").startswith("2 findings (1 error, 1 warning); first: S001 100% wrong\r\nsecond line")
    text = colon.text
    assert "100% wrong\nsecond line: a, b::c" in text  # CR LF in element text reads back as LF (XML end-of-line rule)
    assert "duplicate <key> & \"quotes\" 'too' — ünïcødé ✓ 🙂" in text
    assert by_name[unicode_file].find("failure").get("message") == "F002 no model_type\tbut architectures says bert"

    stray = by_name[stray_file]
    assert stray.get("line") is None, "a finding without a position gives the test case no line"
    assert stray.find("failure").text == (
        f"{stray_file}:0:0: X999 [info] bell\\x07 nul\\x00 esc\\x1b vt\\x0b ff\\x0c nonchar\\ufffe end"
    )


def test_raw_control_characters_would_be_ill_formed() -> None:
    """Why xml_safe exists: ElementTree writes C0 controls verbatim, and no parser accepts them."""
    element = ET.Element("failure")
    element.text = "nul\x00"
    with pytest.raises(ET.ParseError):
        ET.fromstring(ET.tostring(element))
    kept = "tab\t lf\n cr\r ok\u00e9\U0001f642"
    assert xml_safe(f"nul\x00 lone\ud800 {kept}") == f"nul\\x00 lone\\ud800 {kept}"


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
    (case,) = root.iter("testcase")
    assert case.get("name") == xml_safe(file)
    assert case.find("failure").get("message") == xml_safe(f"S001 {message}")
