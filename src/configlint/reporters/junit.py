"""JUnit XML, the test-report dialect GitLab, Jenkins and pytest share: one test case per checked file.

Each file configlint checked is a ``<testcase>``; a file with warnings or errors fails, a clean file
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

Info findings are not failures: a file whose findings are all ``info`` is a passing test case,
and its info findings are listed in the case's ``<system-out>`` (as are the info findings of a
failing file), so they stay visible without turning the dashboard red.

The ``type`` attribute lists the file's rule codes and ``message`` summarises them, for the
tools that do show attributes. The output is valid against the Jenkins xunit plugin's
``junit-10.xsd`` (the tests check it), which allows no ``file``/``line`` attribute on a test
case and no ``skipped`` attribute on ``<testsuites>``.

Every field from the input (file name, message, fix text) goes through
:func:`configlint.escaping.visible` before ElementTree escapes ``<&>"``: XML 1.0 cannot carry
most C0 controls at all, not even as character references, and a newline inside a message
would otherwise read as a second finding in the failure text.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Sequence
from datetime import UTC

from configlint.diagnostics import Diagnostic, Severity
from configlint.escaping import visible
from configlint.reporters.base import RunResult

SUITE_NAME = "configlint"


def format_junit(result: RunResult) -> str:
    """One ``<testsuite name="configlint">`` inside ``<testsuites>``, with the same counts on both."""
    cases = group_by_file(result)
    counts = {
        "tests": str(len(cases)),
        "failures": str(sum(1 for findings in cases.values() if _failing(findings))),
        "errors": "0",
    }
    timing = _timing(result)
    root = ET.Element("testsuites", {"name": SUITE_NAME, **counts, **timing})
    suite = ET.SubElement(root, "testsuite", {"name": SUITE_NAME, **counts, "skipped": "0", **timing})
    if result.started is not None:
        suite.set("timestamp", result.started.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="seconds"))
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


def _failing(findings: Sequence[Diagnostic]) -> list[Diagnostic]:
    return [d for d in findings if d.severity is not Severity.INFO]


def _timing(result: RunResult) -> dict[str, str]:
    """``time`` in seconds (the schema's Surefire pattern: digits and up to three decimals), when measured."""
    if result.started is None or result.ended is None:
        return {}
    seconds = max((result.ended - result.started).total_seconds(), 0.0)
    return {"time": f"{seconds:.3f}"}


def _testcase(suite: ET.Element, file: str, findings: Sequence[Diagnostic]) -> None:
    name = visible(file)
    case = ET.SubElement(suite, "testcase", classname=f"{SUITE_NAME}.{name}", name=name)
    failing = _failing(findings)
    if failing:
        codes = dict.fromkeys(d.code for d in failing)
        failure = ET.SubElement(case, "failure", type=", ".join(codes), message=_summary(failing))
        failure.text = "\n".join(_line(d) for d in failing)
    infos = [d for d in findings if d.severity is Severity.INFO]
    if infos:
        ET.SubElement(case, "system-out").text = "\n".join(_line(d) for d in infos)


def _summary(findings: Sequence[Diagnostic]) -> str:
    """The finding itself when there is one, else a count by severity and the first finding."""
    first = f"{findings[0].code} {visible(findings[0].message)}"
    if len(findings) == 1:
        return first
    by_severity = Counter(d.severity for d in findings)
    parts = ", ".join(f"{by_severity[s]} {s.value}" for s in sorted(by_severity, reverse=True))
    return f"{len(findings)} findings ({parts}); first: {first}"


def _line(diagnostic: Diagnostic) -> str:
    """The text format's ``file:line:col: CODE message`` shape, with the severity and any fix."""
    fix = f" (fix: {visible(diagnostic.fix.message)})" if diagnostic.fix is not None else ""
    return (
        f"{visible(diagnostic.file)}:{diagnostic.line}:{diagnostic.column}: "
        f"{diagnostic.code} [{diagnostic.severity.value}] {visible(diagnostic.message)}{fix}"
    )
