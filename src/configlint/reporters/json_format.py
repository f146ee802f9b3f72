"""Machine-readable JSON: a list of diagnostics in the ``Diagnostic.to_dict`` shape, or one per line.

``json`` is one array; ``json-lines`` is one object per line (JSON Lines), which a log shipper
or ``jq -c`` can stream without reading the whole report. Values are exact (a tab in a message
is ``\\t``, not escaped twice) and :func:`configlint.escaping.dumps` leaves nothing raw that a
terminal could act on, lone surrogates included.

Files that could not be read are not findings: the CLI reports them on stderr and exits 2.
"""

from __future__ import annotations

from configlint.escaping import dumps
from configlint.reporters.base import RunResult


def format_json(result: RunResult) -> str:
    return dumps([d.to_dict() for d in result.diagnostics], indent=2) + "\n"


def format_json_lines(result: RunResult) -> str:
    return "".join(dumps(d.to_dict()) + "\n" for d in result.diagnostics)
