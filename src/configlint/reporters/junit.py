"""JUnit XML, the test-report dialect GitLab, Jenkins and pytest share: one test case per checked file.

Each file configlint checked is a ``<testcase>``; a file with findings fails, a clean file
passes, so CI dashboards show "12 files, 3 failed" and keep the clean files as passing tests.

A failing file gets **one** ``<failure>`` holding all its findings, one per line, rather than
one ``<failure>`` per finding, because that is what the consumers render:

* GitLab shows the *text* of the failure element as the test's output and ignores the
  ``message`` attribute (``Gitlab::Ci::Parsers::Test::Junit``), so every finding must be in
  the text, and a single block reads like the text format;
* Jenkins' JUnit plugin and most GitHub JUnit actions read only the first ``<failure>`` of a
  test case, so further failures would be silently dropped;
* ``failures`` counts failed *test cases*; with several failures per case the suite's counts
  would exceed its number of tests.

The ``type`` attribute lists the file's rule codes and ``message`` summarises them, for the
tools that do show attributes. Text is escaped by ElementTree; characters XML 1.0 cannot carry
at all (C0 controls other than tab/newline/carriage return, lone surrogates, U+FFFE/U+FFFF)
are written as visible ``\\xNN``/``\\uNNNN`` escapes, because no escaping exists for them and
dropping them would hide what the message said.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Sequence

from configlint.diagnostics import Diagnostic
from configlint.reporters.base import RunResult

SUITE_NAME = "configlint"

_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` with every character XML 1.0 forbids replaced by a readable escape."""

    def escape(match: re.Match[str]) -> str:
        code = ord(match.group())
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _NOT_IN_XML.sub(escape, text)


def format_junit(result: RunResult) -> str:
    """One ``<testsuite name="configlint">`` inside ``<testsuites>``, with the same counts on both."""
    cases = group_by_file(result)
    counts = {
        "tests": str(len(cases)),
        "failures": str(sum(1 for findings in cases.values() if findings)),
        "errors": "0",
        "skipped": "0",
    }
    root = ET.Element("testsuites", name=SUITE_NAME, **counts)
    suite = ET.SubElement(root, "testsuite", name=SUITE_NAME, **counts)
    for file, findings in cases.items():
        _testcase(suite, file, findings)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def group_by_file(result: RunResult) -> dict[str, list[Diagnostic]]:
    """Findings per file: every checked file (clean ones included), then any other file a finding names.

    A finding can be about a file beside the config (e.g. a sentence-transformers module's
    config) that is not in ``result.files``; it still gets a test case rather than vanishing.
    """
    cases: dict[str, list[Diagnostic]] = {file: [] for file in result.files}
    for diagnostic in result.diagnostics:
        cases.setdefault(diagnostic.file, []).append(diagnostic)
    return cases


def _testcase(suite: ET.Element, file: str, findings: Sequence[Diagnostic]) -> None:
    name = xml_safe(file)
    case = ET.SubElement(suite, "testcase", classname=f"{SUITE_NAME}.{name}", name=name, file=name)
    if not findings:
        return
    if findings[0].line > 0:
        case.set("line", str(findings[0].line))
    codes = dict.fromkeys(d.code for d in findings)
    failure = ET.SubElement(case, "failure", type=xml_safe(", ".join(codes)), message=xml_safe(_summary(findings)))
    failure.text = xml_safe("\n".join(_line(d) for d in findings))


def _summary(findings: Sequence[Diagnostic]) -> str:
    """The finding itself when there is one, else a count by severity and the first finding."""
    first = f"{findings[0].code} {findings[0].message}"
    if len(findings) == 1:
        return first
    by_severity = Counter(d.severity for d in findings)
    parts = ", ".join(f"{by_severity[s]} {s.value}" for s in sorted(by_severity, reverse=True))
    return f"{len(findings)} findings ({parts}); first: {first}"


def _line(diagnostic: Diagnostic) -> str:
    """The text format's ``file:line:col: CODE message`` shape, with the severity and any fix."""
    fix = f" (fix: {diagnostic.fix.message})" if diagnostic.fix is not None else ""
    return (
        f"{diagnostic.file}:{diagnostic.line}:{diagnostic.column}: "
        f"{diagnostic.code} [{diagnostic.severity.value}] {diagnostic.message}{fix}"
    )
