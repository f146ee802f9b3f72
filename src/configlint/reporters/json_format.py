"""Machine-readable JSON: a list of diagnostics in the ``Diagnostic.to_dict`` shape.

Files that could not be read are not findings: the CLI reports them on stderr and exits 2.
"""

from __future__ import annotations

import json

from configlint.reporters.base import RunResult


def format_json(result: RunResult) -> str:
    return json.dumps([d.to_dict() for d in result.diagnostics], indent=2, ensure_ascii=False) + "\n"
