"""ruff-like text: ``file:line:col: CODE [severity] message``, then a summary line."""

from __future__ import annotations

from collections import Counter

from configlint.reporters.base import RunResult


def format_text(result: RunResult) -> str:
    lines = [
        f"{d.file}:{d.line}:{d.column}: {d.code} {d.message}"
        + (" [*]" if d.fix is not None else "")
        for d in result.diagnostics
    ]
    if result.summary and not (result.failed_inputs and not result.diagnostics):
        lines.append(summary_line(result))
    return "\n".join(lines) + "\n" if lines else ""


def summary_line(result: RunResult) -> str:
    if not result.diagnostics:
        checked = len(result.files)
        fixed = f" ({result.fixed} fixed)" if result.fixed else ""
        return f"All checks passed!{fixed} ({checked} file{'s' if checked != 1 else ''} checked)"
    by_severity = Counter(d.severity.value for d in result.diagnostics)
    parts = [f"{by_severity[name]} {name}{'s' if by_severity[name] != 1 else ''}" for name in ("error", "warning", "info") if by_severity[name]]
    found = len(result.diagnostics)
    text = f"Found {found} finding{'s' if found != 1 else ''}"
    if parts:
        text += f" ({', '.join(parts)})"
    if result.fixed:
        text += f"; {result.fixed} fixed"
    fixable = sum(1 for d in result.diagnostics if d.fix is not None)
    if fixable:
        text += f".\n[*] {fixable} fixable with `configlint check --fix`"
    return text + ("" if text.endswith(("`", ".")) else ".")


def format_statistics(result: RunResult) -> str:
    """``--statistics``: one line per rule code, most frequent first, like ruff."""
    counts = Counter(d.code for d in result.diagnostics)
    fixable = {d.code for d in result.diagnostics if d.fix is not None}
    lines = []
    for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        rule = result.rules.get(code)
        name = rule.name if rule else ""
        lines.append(f"{count:>5}\t{code}\t{'[*] ' if code in fixable else '    '}{name}")
    return "\n".join(lines) + ("\n" if lines else "")
