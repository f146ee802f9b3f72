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
  the ``%SRCROOT%`` base (the directory configlint ran in), which is what lets code-scanning
  tools map results onto the repository checkout.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from importlib import metadata
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote

from configlint.diagnostics import Diagnostic, Severity
from configlint.reporters.base import RunResult
from configlint.rules import Rule

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
"""The ``$id`` of the normative OASIS schema (2.1.0 with Errata 01) the output is tested against."""

SRCROOT = "%SRCROOT%"
FALLBACK_INFORMATION_URI = "https://pypi.org/project/configlint/"

LEVELS: dict[Severity, str] = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "note",
}
"""SARIF's ``level`` vocabulary; ``info`` is SARIF's ``note``."""


def format_sarif(result: RunResult) -> str:
    """The SARIF log as UTF-8-ready JSON text (non-ASCII kept readable, as in the json format)."""
    return json.dumps(build_sarif(result), indent=2, ensure_ascii=False) + "\n"


def build_sarif(result: RunResult, base: Path | None = None) -> dict[str, Any]:
    """The SARIF log as a dict; ``base`` is what relative URIs are relative to (default: the cwd)."""
    base = Path.cwd() if base is None else base
    descriptors, index = _rule_table(result)
    results = [_result(diagnostic, index[diagnostic.code], base) for diagnostic in result.diagnostics]
    run: dict[str, Any] = {
        "tool": {"driver": _driver(descriptors)},
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


@lru_cache(maxsize=1)
def information_uri() -> str:
    """The project's home page from the installed metadata (``[project.urls]``), else its PyPI page."""
    try:
        urls = metadata.metadata("configlint").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        urls = []
    for entry in urls:
        label, _, url = entry.partition(",")
        if label.strip().lower() in {"homepage", "home", "repository", "source", "documentation"}:
            return url.strip()
    return FALLBACK_INFORMATION_URI


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
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.explanation},
        "help": {"text": _help_text(rule), "markdown": _help_markdown(rule)},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
    }


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


def _result(diagnostic: Diagnostic, rule_index: int, base: Path) -> dict[str, Any]:
    item: dict[str, Any] = {
        "ruleId": diagnostic.code,
        "ruleIndex": rule_index,
        "level": LEVELS[diagnostic.severity],
        "message": {"text": diagnostic.message},
        "locations": [_location(diagnostic, base)],
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

    Paths are percent-encoded from their file-system bytes, so spaces, ``%``, ``:`` (which would
    otherwise read as a URI scheme), non-ASCII and undecodable names all give valid URI references.
    """
    path = Path(file)
    if path.is_absolute():
        try:
            path = path.relative_to(base)
        except ValueError:
            return {"uri": path.as_uri()}
    return {"uri": quote(os.fsencode(PurePath(path).as_posix())), "uriBaseId": SRCROOT}


def _directory_uri(base: Path) -> str:
    """``originalUriBaseIds`` entries must end with a slash to be usable as a base."""
    uri = base.absolute().as_uri()
    return uri if uri.endswith("/") else uri + "/"


def _uses_srcroot(item: dict[str, Any]) -> bool:
    return any(loc["physicalLocation"]["artifactLocation"].get("uriBaseId") == SRCROOT for loc in item["locations"])
