"""SARIF 2.1.0, the format GitHub code scanning, Azure DevOps and most security dashboards ingest.

One run, one ``tool.driver`` describing configlint and every rule that has a result (so a
viewer can show the rule's explanation and its bad/good examples beside the finding), and one
result per diagnostic. The output validates against the OASIS ``sarif-schema-2.1.0.json``
(the tests check it), which is stricter than it looks:

* a ``fix`` object must carry ``artifactChanges`` with text ``replacements``. A diagnostic's fix
  is a list of JSON-pointer edits; turning those into character ranges needs the file's text,
  which a formatter does not have (and after ``--fix`` the file has changed). So the fix is
  described in the result's property bag instead of being passed off as a SARIF ``fix``.
* URIs must be URI references, so paths are percent-encoded; relative paths are given against
  the ``%SRCROOT%`` base, the repository root (``RunResult.root``, else the git toplevel of the
  cwd, else the cwd), which is what lets code-scanning tools map results onto the checkout.

Each result has ``partialFingerprints`` (code, repository-relative file and JSON pointer, not
the line: see :func:`~configlint.reporters.locations.fingerprints`), each rule a ``helpUri`` to
its section of ``docs/rules.md``, and the run an ``invocation`` with the exit code and times
when the CLI supplied them. Message text is kept exact; :func:`configlint.escaping.dumps`
writes the characters a log viewer must not see raw as JSON escapes.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from configlint.diagnostics import Diagnostic, Severity
from configlint.escaping import dumps
from configlint.reporters.base import RunResult
from configlint.reporters.locations import file_uri, fingerprints, information_uri, relative_to_root, root_of, rule_uri, uri_path
from configlint.rules import Rule

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
"""The ``$id`` of the normative OASIS schema (2.1.0 with Errata 01) the output is tested against."""

SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "configlint/v1"
"""The ``partialFingerprints`` key; the version changes if what the hash covers ever changes."""

LEVELS: dict[Severity, str] = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "note",
}
"""SARIF's ``level`` vocabulary; ``info`` is SARIF's ``note``."""


def format_sarif(result: RunResult) -> str:
    """The SARIF log as UTF-8-ready JSON text (non-ASCII kept readable, as in the json format)."""
    return dumps(build_sarif(result), indent=2) + "\n"


def build_sarif(result: RunResult, base: Path | None = None) -> dict[str, Any]:
    """The SARIF log as a dict; ``base`` is what relative URIs are relative to (default: ``result.root``)."""
    base = root_of(result.root) if base is None else base.absolute()
    descriptors, index = _rule_table(result)
    prints = fingerprints(result.diagnostics, base)
    results = [
        _result(diagnostic, index[diagnostic.code], base, fingerprint)
        for diagnostic, fingerprint in zip(result.diagnostics, prints)
    ]
    run: dict[str, Any] = {
        "tool": {"driver": _driver(descriptors)},
        "invocations": [invocation(result)],
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    if any(_uses_srcroot(item) for item in results):
        run["originalUriBaseIds"] = {SRCROOT: {"uri": _directory_uri(base)}}
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _driver(descriptors: list[dict[str, Any]]) -> dict[str, Any]:
    import configlint  # at call time: the package may still be initialising when reporters are imported

    return {
        "name": "configlint",
        "version": configlint.__version__,
        "semanticVersion": configlint.__version__,
        "informationUri": information_uri(),
        "rules": descriptors,
    }


def invocation(result: RunResult) -> dict[str, Any]:
    """How the run went: exit code 2 (an unreadable input or a usage error) is an unsuccessful execution.

    Findings (exit code 1) are a successful analysis, as SARIF means it; the times are given
    only when the caller measured them.
    """
    item: dict[str, Any] = {"executionSuccessful": result.exit_code in (None, 0, 1)}
    if result.exit_code is not None:
        item["exitCode"] = result.exit_code
    for key, moment in (("startTimeUtc", result.started), ("endTimeUtc", result.ended)):
        if moment is not None:
            item[key] = utc_timestamp(moment)
    return item


def utc_timestamp(moment: datetime) -> str:
    """SARIF's ``dateTime``: UTC with a ``Z`` (a naive time is taken as local time, as ``astimezone`` does)."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _rule_table(result: RunResult) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Descriptors for the codes that have results, in order of first appearance, and their indices."""
    descriptors: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    for diagnostic in result.diagnostics:
        if diagnostic.code not in index:
            index[diagnostic.code] = len(descriptors)
            rule = result.rules.get(diagnostic.code)
            if rule is None:  # a code the registry does not know still needs a descriptor to index
                descriptors.append({"id": diagnostic.code, "name": diagnostic.rule_name or diagnostic.code})
            else:
                descriptors.append(rule_descriptor(rule))
    return descriptors, index


def rule_descriptor(rule: Rule) -> dict[str, Any]:
    """A ``reportingDescriptor``: what code-scanning UIs show as the rule's title and help page."""
    descriptor: dict[str, Any] = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.explanation},
        "help": {"text": _help_text(rule), "markdown": _help_markdown(rule)},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
    }
    help_uri = rule_uri(rule.code, rule.name)
    if help_uri is not None:
        descriptor["helpUri"] = help_uri
    return descriptor


def _help_text(rule: Rule) -> str:
    parts = [rule.explanation, f"Bad:\n{_indented(rule.bad)}", f"Good:\n{_indented(rule.good)}"]
    return "\n\n".join(parts + _notes(rule))


def _indented(block: str) -> str:
    return "\n".join("    " + line for line in block.splitlines())


def _help_markdown(rule: Rule) -> str:
    parts = [rule.explanation, f"**Bad**\n\n{_fenced(rule.bad)}", f"**Good**\n\n{_fenced(rule.good)}"]
    return "\n\n".join(parts + _notes(rule))


def _notes(rule: Rule) -> list[str]:
    return [f"{label}: {text}" for label, text in (("Fix", rule.fix), ("Evidence", rule.evidence)) if text]


def _fenced(code: str) -> str:
    """A fenced block whose fence is longer than any backtick run inside, so examples cannot end it early."""
    longest, run = 0, 0
    for char in code:
        run = run + 1 if char == "`" else 0
        longest = max(longest, run)
    fence = "`" * max(3, longest + 1)
    return f"{fence}json\n{code}\n{fence}"


def _result(diagnostic: Diagnostic, rule_index: int, base: Path, fingerprint: str) -> dict[str, Any]:
    item: dict[str, Any] = {
        "ruleId": diagnostic.code,
        "ruleIndex": rule_index,
        "level": LEVELS[diagnostic.severity],
        "message": {"text": diagnostic.message},
        "locations": [_location(diagnostic, base)],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
    }
    fix = diagnostic.to_dict()["fix"]
    if fix is not None:
        item["properties"] = {"fix": fix}
    return item


def _location(diagnostic: Diagnostic, base: Path) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": artifact_location(diagnostic.file, base)}
    if diagnostic.line > 0:
        physical["region"] = {"startLine": diagnostic.line}
        if diagnostic.column > 0:
            physical["region"]["startColumn"] = diagnostic.column
    location: dict[str, Any] = {"physicalLocation": physical}
    if diagnostic.pointer:
        last = diagnostic.pointer.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")
        location["logicalLocations"] = [{"fullyQualifiedName": diagnostic.pointer, "name": last}]
    return location


def artifact_location(file: str, base: Path) -> dict[str, str]:
    """A relative POSIX URI against ``%SRCROOT%`` when the file is under ``base``, else a ``file:`` URI.

    ``file`` is relative to the cwd (or absolute); ``base`` may be above the cwd (the repository
    root). Paths are percent-encoded from their file-system bytes, so spaces, ``%``, ``:`` (which
    would otherwise read as a URI scheme), non-ASCII, controls and undecodable names all give
    valid URI references.
    """
    relative = relative_to_root(file, base.absolute())
    if relative is None:
        return {"uri": file_uri(Path(file).absolute())}
    return {"uri": uri_path(relative), "uriBaseId": SRCROOT}


def _directory_uri(base: Path) -> str:
    """``originalUriBaseIds`` entries must end with a slash to be usable as a base."""
    uri = file_uri(base.absolute())
    return uri if uri.endswith("/") else uri + "/"


def _uses_srcroot(item: dict[str, Any]) -> bool:
    return any(loc["physicalLocation"]["artifactLocation"].get("uriBaseId") == SRCROOT for loc in item["locations"])
