"""ruff-like text for people: ``concise`` (``text``) is one line per finding, ``full`` adds the source line.

``concise``: ``file:line:col: CODE [severity] message [*]``, then a summary. ``full``: the same
line, then the offending line of the file with a caret under the column (when the CLI passed
the file's text in ``RunResult.sources``), a blank line between findings.

``[*]`` marks a fix ``--fix`` would apply in this run: a safe fix, or an unsafe one when
``--unsafe-fixes`` was given. The summary counts them with ruff's wording, including the
unsafe fixes left hidden.

Every piece of text from the input (file names, messages, the source line) goes through
:func:`configlint.escaping.visible`, so the output has no raw control character: one finding
is one line whatever its file is called.
"""

from __future__ import annotations

import re
from collections import Counter

from configlint.diagnostics import Diagnostic
from configlint.escaping import visible
from configlint.reporters.base import RunResult

SOURCE_CONTEXT = 60
"""Characters of the source line shown on each side of the column: a minified config is one huge line."""

_NEWLINE = r"\r\n|\r|\n"
"""The line ends ``ConfigDocument.line_col`` counts, so line N here is line N of a diagnostic. Only the ``full``
format splits files into lines, so ``re`` compiles this (and :func:`display_width` imports unicodedata, a shared
library to load) on first use rather than in every pre-commit process."""


def format_text(result: RunResult) -> str:
    """The default: the concise format."""
    return format_concise(result)


def format_concise(result: RunResult) -> str:
    lines = [finding_line(d, result) for d in result.diagnostics]
    if wants_summary(result):
        lines.append(summary_line(result))
    return "\n".join(lines) + "\n" if lines else ""


def format_full(result: RunResult) -> str:
    split: dict[str, list[str]] = {}  # each file's text is split once, however many findings it has
    blocks = []
    for diagnostic in result.diagnostics:
        text = result.sources.get(diagnostic.file)
        if text is not None and diagnostic.file not in split:
            split[diagnostic.file] = re.split(_NEWLINE, text)
        block = [finding_line(diagnostic, result), *source_excerpt(diagnostic, split.get(diagnostic.file))]
        blocks.append("\n".join(block))
    if wants_summary(result):
        blocks.append(summary_line(result))
    return "\n\n".join(blocks) + "\n" if blocks else ""


def finding_line(diagnostic: Diagnostic, result: RunResult) -> str:
    marker = " [*]" if result.fix_available(diagnostic) else ""
    return (
        f"{visible(diagnostic.file)}:{diagnostic.line}:{diagnostic.column}: "
        f"{diagnostic.code} [{diagnostic.severity.value}] {visible(diagnostic.message)}{marker}"
    )


def source_excerpt(diagnostic: Diagnostic, lines: list[str] | None) -> list[str]:
    """``N | the line`` and ``  | ^`` under the column; nothing without a position or the file's lines.

    The line is cut to :data:`SOURCE_CONTEXT` characters around the column, and the caret is
    placed by display width, so it stays under its character after escapes and wide (CJK) text.
    """
    if lines is None or diagnostic.line <= 0 or diagnostic.line > len(lines):
        return []
    line = lines[diagnostic.line - 1]
    index = min(max(diagnostic.column - 1, 0), len(line))
    start, end = max(index - SOURCE_CONTEXT, 0), index + SOURCE_CONTEXT
    before = ("…" if start > 0 else "") + visible(line[start:index])
    after = visible(line[index:end]) + ("…" if end < len(line) else "")
    gutter = str(diagnostic.line)
    return [f"{gutter} | {before}{after}", f"{' ' * len(gutter)} | {' ' * display_width(before)}^"]


def display_width(text: str) -> int:
    """Terminal columns: wide and full-width characters take two, combining marks none."""
    import unicodedata

    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def _plural(count: int, word: str, suffix: str = "s") -> str:
    return f"{count} {word}{suffix if count != 1 else ''}"


def wants_summary(result: RunResult) -> bool:
    """No summary with ``--quiet``, and no "All checks passed!" when an input could not be checked."""
    return result.summary and not (result.failed_inputs and not result.diagnostics)


def summary_line(result: RunResult) -> str:
    if not result.diagnostics:
        checked = len(result.files)
        fixed = f" ({result.fixed} fixed)" if result.fixed else ""
        return f"All checks passed!{fixed} ({_plural(checked, 'file')} checked)"
    by_severity = Counter(d.severity.value for d in result.diagnostics)
    parts = [_plural(by_severity[name], name) for name in ("error", "warning", "info") if by_severity[name]]
    text = f"Found {_plural(len(result.diagnostics), 'finding')} ({', '.join(parts)})"
    if result.fixed:
        text += f"; {result.fixed} fixed"
    fixes = fix_summary(result)
    return f"{text}.\n{fixes}" if fixes else f"{text}."


def fix_summary(result: RunResult) -> str:
    """ruff's fix line: what ``--fix`` applies, and how many unsafe fixes ``--unsafe-fixes`` would add."""
    available = sum(1 for d in result.diagnostics if result.fix_available(d))
    hidden = sum(1 for d in result.diagnostics if result.fix_hidden(d))
    hint = f"{_plural(hidden, 'hidden fix', 'es')} can be enabled with the `--unsafe-fixes` option"
    if available and hidden:
        return f"[*] {available} fixable with the `--fix` option ({hint})."
    if available:
        return f"[*] {available} fixable with the `--fix` option."
    if hidden:
        return f"No fixes available ({hint})."
    return ""


def format_statistics(result: RunResult) -> str:
    """``--statistics``: one line per rule code, most frequent first, like ruff."""
    counts = Counter(d.code for d in result.diagnostics)
    fixable = {d.code for d in result.diagnostics if result.fix_available(d)}
    lines = []
    for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        rule = result.rules.get(code)
        name = rule.name if rule else ""
        lines.append(f"{count:>5}\t{visible(code)}\t{'[*] ' if code in fixable else '    '}{name}")
    return "\n".join(lines) + ("\n" if lines else "")
