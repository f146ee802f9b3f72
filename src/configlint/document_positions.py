"""Where things are in a config's JSON text: line/column of offsets, and offsets of JSON pointers.

The standard library's ``json`` gives values, not positions, so :mod:`configlint.document` asks
this module for them: :class:`LineIndex` turns character offsets into 1-based lines and columns,
:func:`scan_tokens` walks the tokens of already-parsed text once and records every pointer's
offset and span (plus the duplicate keys and NaN/Infinity literals it passes), and the two
``top_level`` helpers find a top-level key without that full walk.

Everything here is linear in the text, however many positions are asked for: a hostile file with
100,000 duplicate keys asks for 200,000 of them, and counting newlines from the start for each
one took 28 seconds (issue 15).
"""

# No postponed annotations: typing.NamedTuple compiles each string annotation of the three named
# tuples below (ForwardRef) when the module is imported, on every pre-commit check.
import bisect
import json
import re
from collections.abc import Callable
from typing import Any, NamedTuple

# One token at a time: strings (with escapes), structural characters, or bare literals
# (numbers, true/false/null, NaN, Infinity). Whitespace is skipped by the scanner.
# The token and newline patterns are compiled where they are used (re's cache keeps them): a
# pre-commit check of a config whose findings sit on unique top-level keys needs neither, and
# compiling them cost about a fifth of a millisecond per process.
_TOKEN = r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+'
_NEWLINE = r"\r\n|\r|\n"
_SPACE = re.compile(r"[ \t\n\r]*", re.VERBOSE | re.MULTILINE | re.DOTALL)
"""JSON whitespace, spelled and flagged as json.decoder compiles it at its import, so re's cache
hands back that pattern instead of compiling another (VERBOSE keeps a space inside a class)."""
_DECODER = json.JSONDecoder()
NON_FINITE = frozenset({"NaN", "Infinity", "-Infinity"})


class LineIndex:
    """1-based line and column (in code points) of character offsets into one text.

    A config is usually asked for a handful of positions, and counting newlines before an offset
    (one C call) is then cheaper than indexing every line; past :attr:`COUNTED_LOOKUPS` lookups, or
    as soon as the text has a CR, the line starts are indexed once and each lookup is a bisection.
    Either way the total cost stays linear in the text.
    """

    COUNTED_LOOKUPS = 16

    __slots__ = ("_text", "_starts", "_counted")

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts: list[int] | None = None
        self._counted = 0 if "\r" not in text else self.COUNTED_LOOKUPS

    def line_col(self, offset: int) -> tuple[int, int]:
        text = self._text
        if self._starts is None:
            if self._counted < self.COUNTED_LOOKUPS:
                self._counted += 1
                return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)
            self._starts = [0] + [match.end() for match in re.finditer(_NEWLINE, text)]
        line_index = bisect.bisect_right(self._starts, offset) - 1
        return line_index + 1, offset - self._starts[line_index] + 1


def pointer_of(parent: str, key: str) -> str:
    """RFC 6901 pointer of member ``key`` of the object at ``parent`` (``~`` → ``~0``, ``/`` → ``~1``)."""
    return parent + "/" + (key.replace("~", "~0").replace("/", "~1") if ("~" in key or "/" in key) else key)


_KEY_PUNCTUATION = frozenset('"\\{}[],:')


def unique_key_offset(text: str, pointer: str, data: dict[str, Any]) -> int | None:
    """Offset of top-level key ``pointer`` when its spelling occurs as an object key exactly once.

    In valid JSON an unescaped ``"`` before the key's characters can only open a string, so a
    ``"key":`` match not preceded by an odd run of backslashes is an object key at *some* depth;
    if the key is at the top level and the text has exactly one such match, that match is it.
    Anything else (duplicates, the same key nested, keys that need escaping) returns None and the
    caller walks the top level instead. The quoted key is found with ``str.find`` (a search for a
    pattern built per key cost more than the rest of the finding's reporting), and the JSON
    whitespace and colon after it are tested in place.
    """
    key = pointer[1:].replace("~1", "/").replace("~0", "~")
    # A key holding JSON punctuation could match across a closing quote; leave those to the walk.
    if key not in data or not key.isprintable() or not _KEY_PUNCTUATION.isdisjoint(key):
        return None
    quoted = f'"{key}"'
    found = None
    start = text.find(quoted)
    while start >= 0:
        after = start + len(quoted)
        if text.startswith(":", after) or text.startswith(":", _SPACE.match(text, after).end()):  # type: ignore[union-attr]
            before = start
            while before and text[before - 1] == "\\":
                before -= 1
            if (start - before) % 2 == 0:
                if found is not None:
                    return None
                found = start
        start = text.find(quoted, start + 1)
    return found


def top_level_offsets(text: str, offset: int) -> dict[str, int]:
    """Key offsets of a valid top-level object, skipping each value with ``raw_decode``.

    A duplicated key maps to its last occurrence, the one ``json.loads`` keeps.
    """
    offsets: dict[str, int] = {"": offset}
    index = _SPACE.match(text, offset).end() + 1  # type: ignore[union-attr]  # past "{"
    while True:
        index = _SPACE.match(text, index).end()  # type: ignore[union-attr]
        if text[index] != '"':
            return offsets  # "}" of an empty object
        key, after_key = json.decoder.scanstring(text, index + 1)  # type: ignore[attr-defined]
        offsets[pointer_of("", key)] = index
        value_start = _SPACE.match(text, _SPACE.match(text, after_key).end() + 1).end()  # type: ignore[union-attr]
        _, index = _DECODER.raw_decode(text, value_start)
        index = _SPACE.match(text, index).end()  # type: ignore[union-attr]
        if text[index] != ",":
            return offsets
        index += 1


class Duplicate(NamedTuple):
    """A key seen again in the same object: where, and where it was first seen."""

    pointer: str
    key: str
    offset: int
    first_offset: int


class NonFinite(NamedTuple):
    """A ``NaN``/``Infinity``/``-Infinity`` literal (stdlib json accepts them; JSON does not)."""

    pointer: str
    token: str
    offset: int


class TokenScan(NamedTuple):
    """What one walk over the tokens found: ``{pointer: offset}``, ``{pointer: span}`` and the oddities."""

    positions: dict[str, int]
    spans: dict[str, tuple[int, int, int]]
    duplicates: list[Duplicate]
    non_finite: list[NonFinite]


def scan_tokens(text: str, offset: int, *, clean_key: Callable[[str], str] = str) -> TokenScan:
    """Walk the tokens of already-valid JSON from ``offset`` (past a BOM), in one linear pass.

    Because ``json.loads`` has already accepted the text, the walk can trust its structure and
    stay small: it only tracks the container stack and the pending key. Positions are offsets
    of the member's key (object members) or of the value (array elements); spans are
    ``(member start, value start, value end)``. ``clean_key`` is applied to keys spelled with
    escapes, so pointers are spelled as the document's (cleaned) data is.
    """
    result = TokenScan({"": offset}, {}, [], [])
    positions, spans = result.positions, result.spans
    # Each frame: [pointer, is_object, next_index, seen_keys, pending_key pointer, member_start, value_start]
    stack: list[list[Any]] = []
    key_start = 0
    expecting_key = False
    for match in re.compile(_TOKEN, re.DOTALL).finditer(text, offset):
        token = match.group()
        first = token[0]
        start = match.start()
        if first == '"' and expecting_key:
            frame = stack[-1]
            key = token[1:-1] if "\\" not in token else clean_key(json.loads(token))
            pointer = pointer_of(frame[0], key)
            if key in frame[3]:
                result.duplicates.append(Duplicate(pointer, key, start, frame[3][key]))
            else:
                frame[3][key] = start
            frame[4] = pointer
            positions[pointer] = start
            key_start = start
            expecting_key = False
        elif first == "," or first == ":":
            expecting_key = first == "," and stack[-1][1]
        elif first == "{" or first == "[":
            pointer = _value_pointer(stack, start, positions)
            member_start = key_start if stack and stack[-1][1] else start
            stack.append([pointer, first == "{", 0, {}, None, member_start, start])
            expecting_key = first == "{"
        elif first == "}" or first == "]":
            frame = stack.pop()
            spans[frame[0]] = (frame[5], frame[6], match.end())
            expecting_key = False
        else:
            pointer = _value_pointer(stack, start, positions)
            spans[pointer] = (key_start if stack and stack[-1][1] else start, start, match.end())
            if token in NON_FINITE:
                result.non_finite.append(NonFinite(pointer, token, start))
    return result


def _value_pointer(stack: list[list[Any]], start: int, positions: dict[str, int]) -> str:
    """Pointer of the value starting at ``start``; array elements get their own position."""
    if not stack:
        return ""
    frame = stack[-1]
    if frame[1]:
        return str(frame[4])
    pointer = f"{frame[0]}/{frame[2]}"
    frame[2] += 1
    positions[pointer] = start
    return pointer
