"""Apply :class:`~configlint.diagnostics.Edit` objects to JSON *text* with minimal diffs.

Fixes and migrations must not reformat a user's file: key order, indentation, line endings
(CRLF files exist), number spellings (``1e-12`` stays ``1e-12``) and non-ASCII text are kept.
So edits work on the original characters, using the member spans the document scanner
recorded, and touch only the lines they must: removing a member deletes its line(s) and one
comma, renaming replaces only the key token, replacing replaces only the value token.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from configlint.diagnostics import Edit
from configlint.document import ConfigDocument, parse_document

_KEY_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"')


def render(value: Any) -> str:
    """A value as JSON, keeping non-ASCII characters readable."""
    return json.dumps(value, ensure_ascii=False)


def newline_of(text: str) -> str:
    """The file's own line ending, for inserted lines: CRLF, CR alone (classic Mac files) or LF."""
    if "\r\n" in text:
        return "\r\n"
    return "\r" if "\r" in text and "\n" not in text else "\n"


def apply_edits(document: ConfigDocument, edits: Iterable[Edit]) -> tuple[str, list[Edit]]:
    """Return the new text and the edits that were applied (conflicting ones are skipped).

    Additions go last, on the re-parsed result of the other edits, because where a member is
    appended depends on which members are still there.
    """
    unique = _unique(edits)
    in_place = [edit for edit in unique if edit.op != "add"]
    additions = [edit for edit in unique if edit.op == "add"]
    text, applied = _apply_in_place(document, in_place)
    if additions:
        if applied:
            document = parse_document(text, document.path)
        text, added = _apply_in_place(document, additions)
        applied += added
    return text, applied


def _apply_in_place(document: ConfigDocument, edits: list[Edit]) -> tuple[str, list[Edit]]:
    """Apply edits from the end of the text backwards so earlier offsets stay valid."""
    text = document.text
    removals = [edit for edit in edits if edit.op == "remove"]
    planned: list[tuple[int, int, str, tuple[Edit, ...]]] = list(_plan_removals(document, removals))
    for edit in edits:
        if edit.op != "remove":
            change = _plan(document, edit)
            if change is not None:
                planned.append((*change, (edit,)))
    # Backwards through the text; at one insertion point the later edit goes first, so the
    # inserted members end up in the order the edits were given.
    rank = {id(item): index for index, item in enumerate(planned)}
    planned.sort(key=lambda item: (item[0], item[1], rank[id(item)]), reverse=True)
    applied: list[Edit] = []
    limit = len(text) + 1
    for start, end, replacement, group in planned:
        if end > limit:
            continue
        text = text[:start] + replacement + text[end:]
        limit = start
        applied.extend(group)
    order = {id(edit): index for index, edit in enumerate(edits)}
    applied.sort(key=lambda edit: order[id(edit)])
    return text, applied


def _unique(edits: Iterable[Edit]) -> list[Edit]:
    seen: set[tuple[str, str]] = set()
    result = []
    for edit in edits:
        key = (edit.op, edit.pointer)
        if key not in seen:
            seen.add(key)
            result.append(edit)
    return result


def _plan(document: ConfigDocument, edit: Edit) -> tuple[int, int, str] | None:
    if edit.op == "replace":
        span = document.spans.get(edit.pointer)
        return (span[1], span[2], render(edit.value)) if span else None
    if edit.op == "rename":
        span = document.spans.get(edit.pointer)
        if span is None or span[0] == span[1]:
            return None
        key = _KEY_TOKEN.match(document.text, span[0])
        return (span[0], key.end(), render(str(edit.value))) if key else None
    if edit.op == "add":
        return _plan_add(document, edit.pointer, edit.value)
    raise ValueError(f"unknown edit op {edit.op!r}")


def _line_start(text: str, index: int) -> int:
    return max(text.rfind("\n", 0, index), text.rfind("\r", 0, index)) + 1


def _children(document: ConfigDocument, parent: str) -> list[tuple[str, tuple[int, int, int]]]:
    """Direct members of the container at ``parent``, in text order."""
    container = document.spans.get(parent)
    if container is None:
        return []
    prefix = parent + "/"
    members = [
        (pointer, span)
        for pointer, span in document.spans.items()
        if pointer.startswith(prefix) and "/" not in pointer[len(prefix) :] and container[1] < span[0] < container[2]
    ]
    return sorted(members, key=lambda item: item[1][0])


def _plan_removals(document: ConfigDocument, edits: list[Edit]) -> Iterator[tuple[int, int, str, tuple[Edit, ...]]]:
    """Plan removals per container, so that removing neighbours (or every trailing member) in one
    pass still leaves valid JSON: each run of removed members goes with exactly one comma."""
    by_parent: dict[str, dict[str, Edit]] = {}
    for edit in edits:
        if edit.pointer and edit.pointer in document.spans:
            by_parent.setdefault(edit.pointer.rpartition("/")[0], {})[edit.pointer] = edit
    text = document.text
    for parent, removed in by_parent.items():
        members = _children(document, parent)
        runs: list[list[int]] = []
        for index, (pointer, _) in enumerate(members):
            if pointer in removed:
                if runs and runs[-1][-1] == index - 1:
                    runs[-1].append(index)
                else:
                    runs.append([index])
        for run in runs:
            first, last = members[run[0]][1], members[run[-1]][1]
            group = tuple(removed[members[index][0]] for index in run)
            if run[-1] + 1 < len(members):
                # Followed by a kept member: drop the run and its trailing comma, whole lines when alone on them.
                next_start = members[run[-1] + 1][1][0]
                line_start = _line_start(text, first[0])
                if text[line_start : first[0]].strip() == "" and _line_start(text, next_start) > last[2]:
                    yield (line_start, _line_start(text, next_start), "", group)
                else:
                    yield (first[0], next_start, "", group)
            elif run[0] > 0:
                # The run ends the container: drop the comma after the last kept member.
                yield (members[run[0] - 1][1][2], last[2], "", group)
            else:
                # Everything goes: leave an empty container.
                container = document.spans[parent]
                yield (container[1] + 1, container[2] - 1, "", group)


def _plan_add(document: ConfigDocument, pointer: str, value: Any) -> tuple[int, int, str] | None:
    parent, _, key = pointer.rpartition("/")
    key = key.replace("~1", "/").replace("~0", "~")
    container = document.spans.get(parent)
    if container is None:
        return None
    text = document.text
    close = container[2] - 1  # the closing brace
    members = [
        (p, s)
        for p, s in document.spans.items()
        if p.rpartition("/")[0] == parent and p != parent and container[1] < s[0] < close
    ]
    member = f"{render(key)}: {render(value)}"
    if not members:
        return (container[1] + 1, close, member)
    last_pointer, last = max(members, key=lambda item: item[1][2])
    first = min(members, key=lambda item: item[1][0])[1]
    line_start = _line_start(text, first[0])
    indent = text[line_start : first[0]]
    if indent.strip() == "" and line_start > container[1]:
        return (last[2], last[2], f",{newline_of(text)}{indent}{member}")
    return (last[2], last[2], f", {member}")


def edit_text(text: str, edits: Sequence[Edit], path: str = "<string>") -> tuple[str, list[Edit]]:
    """Convenience for tests and migrations: parse ``text`` and apply ``edits`` to it."""
    return apply_edits(parse_document(text, path), edits)
