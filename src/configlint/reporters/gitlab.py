"""GitLab Code Quality: the JSON array GitLab shows in the merge request widget and diff.

GitLab documents the report rather than publishing a schema: an array of issues, each with
``description``, ``check_name``, ``fingerprint``, ``severity`` (``info``, ``minor``, ``major``,
``critical`` or ``blocker``) and ``location.path`` (relative to the repository root) with
``location.lines.begin``. GitLab keeps one issue per fingerprint and compares fingerprints
between the source and target branches, so they come from
:func:`~configlint.reporters.locations.fingerprints` (stable when a finding moves to another
line, distinct for repeated findings).

``error`` is ``major`` and ``warning`` ``minor``; ``critical``/``blocker`` stay unused, so a
pipeline's own security or build jobs can still rank above a finding in one config file.
"""

from __future__ import annotations

from typing import Any

from configlint.diagnostics import Diagnostic, Severity
from configlint.escaping import dumps
from configlint.reporters.base import RunResult
from configlint.reporters.locations import fingerprints, relative_to_root, root_of

SEVERITIES: dict[Severity, str] = {
    Severity.ERROR: "major",
    Severity.WARNING: "minor",
    Severity.INFO: "info",
}


def format_gitlab(result: RunResult) -> str:
    root = root_of(result.root)
    prints = fingerprints(result.diagnostics, root)
    issues = [
        _issue(diagnostic, fingerprint, relative_to_root(diagnostic.file, root) or diagnostic.file)
        for diagnostic, fingerprint in zip(result.diagnostics, prints)
    ]
    return dumps(issues, indent=2) + "\n"


def _issue(diagnostic: Diagnostic, fingerprint: str, path: str) -> dict[str, Any]:
    """One issue; a finding without a position (line 0) is put on line 1, as ``begin`` must be a line."""
    return {
        "description": f"{diagnostic.code} {diagnostic.message}",
        "check_name": diagnostic.code,
        "fingerprint": fingerprint,
        "severity": SEVERITIES[diagnostic.severity],
        "location": {"path": path, "lines": {"begin": max(diagnostic.line, 1)}},
    }
