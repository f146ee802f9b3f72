"""Read a config file exactly as transformers does, and remember where every key is.

transformers reads ``config.json`` with ``open(path, encoding="utf-8").read()`` and
``json.loads`` (stdlib, default settings). We do the same so the values we lint are the
values transformers sees, including the stdlib's quirks: ``NaN``/``Infinity`` are accepted,
duplicate keys are accepted (the last one silently wins), a UTF-8 byte-order mark is a hard
error. Those quirks are reported as *document problems* so that a rule can point at them.

Positions come from a second, token-level scan of the same text (stdlib ``json`` does not
expose positions). It maps every JSON pointer to the 1-based line and column (in Unicode
code points, as SARIF's ``unicodeCodePoints``) of the member's key, or of the array
element's value.
"""

from __future__ import annotations

import bisect
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from configlint.errors import InputError

BOM = "\ufeff"

# One token at a time: strings (with escapes), structural characters, or bare literals
# (numbers, true/false/null, NaN, Infinity). Whitespace is skipped by the scanner.
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+', re.DOTALL)


def escape_pointer_token(token: str) -> str:
    """RFC 6901: ``~`` becomes ``~0`` and ``/`` becomes ``~1``."""
    return token.replace("~", "~0").replace("/", "~1")


def join_pointer(parent: str, token: str | int) -> str:
    return f"{parent}/{escape_pointer_token(str(token))}"


@dataclass(frozen=True, slots=True)
class DocumentProblem:
    """Something the JSON text does that transformers tolerates or chokes on.

    ``kind`` is one of ``invalid-json``, ``duplicate-key``, ``non-finite-number``, ``bom``,
    ``not-an-object``, ``empty``, ``not-utf8``.
    """

    kind: str
    message: str
    pointer: str
    line: int
    column: int
    fatal: bool


@dataclass(slots=True)
class ConfigDocument:
    """A parsed config file: its values, its text, and where each JSON pointer starts."""

    path: str
    text: str
    data: Any
    problems: list[DocumentProblem] = field(default_factory=list)
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)
    spans: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    """Character offsets per pointer: (member start = key or element start, value start, value end)."""
    _line_starts: list[int] = field(default_factory=list, repr=False)

    @property
    def mapping(self) -> dict[str, Any]:
        """The top-level object (empty when the document is not an object)."""
        return self.data if isinstance(self.data, dict) else {}

    @property
    def is_fatal(self) -> bool:
        """True when transformers could not read this file at all."""
        return any(problem.fatal for problem in self.problems)

    def position(self, pointer: str) -> tuple[int, int]:
        """Line and column of ``pointer``, falling back to its nearest known ancestor, else 1:1."""
        while True:
            found = self.positions.get(pointer)
            if found is not None:
                return found
            if not pointer:
                return (1, 1)
            pointer = pointer.rsplit("/", 1)[0]

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a character offset into :attr:`text`."""
        line_index = bisect.bisect_right(self._line_starts, offset) - 1
        return line_index + 1, offset - self._line_starts[line_index] + 1


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for match in re.finditer(r"\r\n|\r|\n", text):
        starts.append(match.end())
    return starts


def read_document(path: str | Path) -> ConfigDocument:
    """Read and parse ``path``. Raises :class:`InputError` only when the file cannot be read."""
    display = str(path)
    try:
        raw = Path(path).read_bytes()
    except IsADirectoryError:
        raise InputError("is a directory, not a config file", source=display) from None
    except FileNotFoundError:
        raise InputError("no such file", source=display) from None
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror or error}", source=display) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        document = ConfigDocument(path=display, text="", data=None, _line_starts=[0])
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        document.problems.append(
            DocumentProblem(
                "not-utf8",
                f"not valid UTF-8 (byte 0x{raw[error.start]:02x} at offset {error.start}); "
                "transformers reads config files as UTF-8 and would fail",
                "",
                line,
                column,
                True,
            )
        )
        return document
    return parse_document(text, display)


def parse_document(text: str, path: str = "<string>") -> ConfigDocument:
    """Parse config text the way transformers would and record every problem and position."""
    document = ConfigDocument(path=path, text=text, data=None, _line_starts=_line_starts(text))
    if not text.strip():
        document.problems.append(
            DocumentProblem("empty", "file is empty; transformers cannot parse it", "", 1, 1, True)
        )
        return document
    body_offset = 0
    if text.startswith(BOM):
        document.problems.append(
            DocumentProblem(
                "bom",
                "file starts with a UTF-8 byte-order mark; transformers' json.loads rejects it "
                "('Unexpected UTF-8 BOM')",
                "",
                1,
                1,
                True,
            )
        )
        body_offset = 1
    non_finite: list[str] = []
    try:
        document.data = json.loads(text[body_offset:], parse_constant=lambda name: non_finite.append(name) or _CONSTANTS[name])
    except json.JSONDecodeError as error:
        line, column = document.line_col(error.pos + body_offset)
        document.problems.append(
            DocumentProblem("invalid-json", f"invalid JSON: {error.msg}", "", line, column, True)
        )
        return document
    except RecursionError:
        document.problems.append(
            DocumentProblem("invalid-json", "invalid JSON: nested too deeply", "", 1, 1, True)
        )
        return document
    _Scanner(document, body_offset, bool(non_finite)).scan()
    if not isinstance(document.data, dict):
        document.problems.append(
            DocumentProblem(
                "not-an-object",
                f"top level is {_json_type(document.data)}, not an object; transformers expects a JSON object",
                "",
                1 if body_offset == 0 else 1,
                1,
                True,
            )
        )
    return document


_CONSTANTS = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}


def _json_type(value: Any) -> str:
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if value is None:
        return "null"
    return "a number"


class _Scanner:
    """Walk the tokens of already-valid JSON, recording positions, duplicate keys and NaN/Infinity.

    Because ``json.loads`` has already accepted the text, the scanner can trust its structure
    and stay small: it only tracks the container stack and the pending key.
    """

    def __init__(self, document: ConfigDocument, offset: int, look_for_constants: bool) -> None:
        self.document = document
        self.offset = offset
        self.look_for_constants = look_for_constants

    def scan(self) -> None:
        document = self.document
        positions = document.positions
        spans = document.spans
        # Each frame: [pointer, is_object, next_index, seen_keys, pending_key, member_start, value_start]
        stack: list[list[Any]] = []
        key_start = 0
        expecting_key = False
        positions[""] = (1, 1)
        for match in _TOKEN.finditer(document.text, self.offset):
            token = match.group()
            first = token[0]
            if first in "{[":
                pointer = self._value_pointer(stack, match.start())
                member_start = key_start if stack and stack[-1][1] else match.start()
                stack.append([pointer, first == "{", 0, set(), None, member_start, match.start()])
                expecting_key = first == "{"
            elif first in "}]":
                frame = stack.pop()
                spans[frame[0]] = (frame[5], frame[6], match.end())
                expecting_key = False
            elif first == ",":
                expecting_key = bool(stack) and stack[-1][1]
            elif first == ":":
                expecting_key = False
            elif first == '"' and expecting_key:
                frame = stack[-1]
                key = json.loads(token)
                pointer = join_pointer(frame[0], key)
                where = document.line_col(match.start())
                if key in frame[3]:
                    document.problems.append(
                        DocumentProblem(
                            "duplicate-key",
                            f"duplicate key {key!r}: JSON parsers keep only the last one "
                            f"(first defined at line {positions[pointer][0]})",
                            pointer,
                            where[0],
                            where[1],
                            False,
                        )
                    )
                frame[3].add(key)
                frame[4] = key
                key_start = match.start()
                positions[pointer] = where
                expecting_key = False
            else:
                pointer = self._value_pointer(stack, match.start())
                member_start = key_start if stack and stack[-1][1] else match.start()
                spans[pointer] = (member_start, match.start(), match.end())
                if self.look_for_constants and token in _CONSTANTS:
                    line, column = document.line_col(match.start())
                    document.problems.append(
                        DocumentProblem(
                            "non-finite-number",
                            f"{token} is not valid JSON; Python's json module accepts it, most other tools do not",
                            pointer,
                            line,
                            column,
                            False,
                        )
                    )

    def _value_pointer(self, stack: list[list[Any]], start: int) -> str:
        """Pointer of the value starting at ``start``; array elements get their own position."""
        if not stack:
            return ""
        frame = stack[-1]
        if frame[1]:
            return join_pointer(frame[0], frame[4])
        pointer = join_pointer(frame[0], frame[2])
        frame[2] += 1
        self.document.positions[pointer] = self.document.line_col(start)
        return pointer
