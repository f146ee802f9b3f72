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
import sys
from dataclasses import dataclass
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


class ConfigDocument:
    """A parsed config file: its values, its text, and where each JSON pointer starts.

    Positions and spans come from a token scan that costs more than parsing itself, so it runs
    only when something asks for a position (a finding to report, a fix to apply) or when the
    parse saw duplicate keys or NaN/Infinity that need pointing at.
    """

    __slots__ = ("path", "text", "data", "problems", "_offset", "_positions", "_spans", "_line_starts", "_top")

    def __init__(self, path: str, text: str, data: Any = None, offset: int = 0) -> None:
        self.path = path
        self.text = text
        self.data = data
        self.problems: list[DocumentProblem] = []
        self._offset = offset
        self._positions: dict[str, int] | None = None
        self._spans: dict[str, tuple[int, int, int]] | None = None
        self._line_starts: list[int] | None = None
        self._top: dict[str, int] | None = None

    @property
    def mapping(self) -> dict[str, Any]:
        """The top-level object (empty when the document is not an object)."""
        return self.data if isinstance(self.data, dict) else {}

    @property
    def is_fatal(self) -> bool:
        """True when transformers could not read this file at all."""
        return any(problem.fatal for problem in self.problems)

    @property
    def positions(self) -> dict[str, tuple[int, int]]:
        """Every JSON pointer → (line, column) of its key (object members) or value (array elements)."""
        return {pointer: self.line_col(offset) for pointer, offset in self._scan()[0].items()}

    @property
    def spans(self) -> dict[str, tuple[int, int, int]]:
        """Character offsets per pointer: (member start = key or element start, value start, value end)."""
        return self._scan()[1]

    def position(self, pointer: str) -> tuple[int, int]:
        """Line and column of ``pointer``, falling back to its nearest known ancestor, else 1:1.

        Most findings are about top-level keys; those are located by a shallow pass that jumps
        over nested values with the C JSON scanner, and the full token scan runs only for deeper
        pointers.
        """
        if self._positions is None and pointer.count("/") <= 1 and isinstance(self.data, dict):
            found = _unique_key_offset(self.text, pointer, self.data) if pointer else self._offset
            if found is None:
                found = self._top_level().get(pointer)
            if found is not None:
                return self.line_col(found)
            if not pointer:
                return (1, 1)
        offsets = self._scan()[0]
        while True:
            found = offsets.get(pointer)
            if found is not None:
                return self.line_col(found)
            if not pointer:
                return (1, 1)
            pointer = pointer.rsplit("/", 1)[0]

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a character offset into :attr:`text`."""
        text = self.text
        if "\r" not in text:  # the common case: counting is cheaper than indexing every line
            return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)
        if self._line_starts is None:
            self._line_starts = _line_starts(text)
        line_index = bisect.bisect_right(self._line_starts, offset) - 1
        return line_index + 1, offset - self._line_starts[line_index] + 1

    def _top_level(self) -> dict[str, int]:
        """Offsets of the top-level keys (the last occurrence of a duplicate, as json.loads keeps)."""
        if self._top is None:
            self._top = _top_level_offsets(self.text, self._offset)
        return self._top

    def _scan(self) -> tuple[dict[str, int], dict[str, tuple[int, int, int]]]:
        if self._positions is None or self._spans is None:
            if self.data is None and not self.text.strip():
                self._positions, self._spans = {"": 0}, {}
            else:
                self._positions, self._spans = {}, {}
                _Scanner(self, self._offset).scan()
        return self._positions, self._spans


_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


def _unique_key_offset(text: str, pointer: str, data: dict[str, Any]) -> int | None:
    """Offset of top-level key ``pointer`` when its spelling occurs as an object key exactly once.

    In valid JSON an unescaped ``"`` before the key's characters can only open a string, so a
    ``"key":`` match not preceded by an odd run of backslashes is an object key at *some* depth;
    if the key is at the top level and the text has exactly one such match, that match is it.
    Anything else (duplicates, the same key nested, keys that need escaping) returns None and the
    caller walks the top level instead. One regex search is far cheaper than that walk.
    """
    key = pointer[1:].replace("~1", "/").replace("~0", "~")
    # A key holding JSON punctuation could match across a closing quote; leave those to the walk.
    if key not in data or not key.isprintable() or any(char in key for char in '"\\{}[],:'):
        return None
    found = None
    for match in re.finditer('"' + re.escape(key) + r'"[ \t\n\r]*:', text):
        start = before = match.start()
        while before and text[before - 1] == "\\":
            before -= 1
        if (start - before) % 2 == 0:
            if found is not None:
                return None
            found = start
    return found


def _top_level_offsets(text: str, offset: int) -> dict[str, int]:
    """Key offsets of a valid top-level object, skipping each value with ``raw_decode``."""
    offsets: dict[str, int] = {"": offset}
    index = _SPACE.match(text, offset).end() + 1  # past "{"
    while True:
        index = _SPACE.match(text, index).end()
        if text[index] != '"':
            return offsets  # "}" of an empty object
        key, after_key = json.decoder.scanstring(text, index + 1)
        pointer = "/" + (key.replace("~", "~0").replace("/", "~1") if ("~" in key or "/" in key) else key)
        offsets[pointer] = index
        value_start = _SPACE.match(text, _SPACE.match(text, after_key).end() + 1).end()
        _, index = _DECODER.raw_decode(text, value_start)
        index = _SPACE.match(text, index).end()
        if text[index] != ",":
            return offsets
        index += 1


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for match in _NEWLINE.finditer(text):
        starts.append(match.end())
    return starts


_NEWLINE = re.compile(r"\r\n|\r|\n")


def read_document(path: str | Path, *, root: str | Path | None = None) -> ConfigDocument:
    """Read and parse ``path``. Raises :class:`InputError` only when the file cannot be read.

    ``root`` is the model folder (default: the file's own): the file must be a regular file whose
    links resolve inside it (see :mod:`configlint.safe_fs`)."""
    from configlint.safe_fs import read_regular_bytes

    display = str(path)
    raw = read_regular_bytes(path, root=root, limit=None)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        document = ConfigDocument(path=display, text="")
        # Everything before the bad byte decodes; counting on that text gives the same lines
        # (CR, LF, CRLF) and code-point columns as every other position in a document.
        valid = raw[: error.start].decode("utf-8")
        line, column = ConfigDocument(path=display, text=valid).line_col(len(valid))
        message = (
            f"not valid UTF-8 (byte 0x{raw[error.start]:02x} at offset {error.start}); "
            "transformers reads config files as UTF-8 and would fail"
        )
        document.problems.append(DocumentProblem("not-utf8", message, "", line, column, True))
        return document
    return parse_document(text, display)


def parse_document(text: str, path: str = "<string>") -> ConfigDocument:
    """Parse config text the way transformers would and record every problem."""
    body_offset = 1 if text.startswith(BOM) else 0
    document = ConfigDocument(path=path, text=text, offset=body_offset)
    if not text[body_offset:].strip():
        document.problems.append(DocumentProblem("empty", "file is empty; transformers cannot parse it", "", 1, 1, True))
        return document
    if body_offset:
        message = "file starts with a UTF-8 byte-order mark; transformers' json.loads rejects it ('Unexpected UTF-8 BOM')"
        document.problems.append(DocumentProblem("bom", message, "", 1, 1, True))
    suspicious: list[str] = []

    def pairs_to_dict(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) != len(pairs):
            suspicious.append("duplicate")
        return result

    def constant(name: str) -> float:
        suspicious.append(name)
        return _CONSTANTS[name]

    try:
        document.data = json.loads(text[body_offset:], object_pairs_hook=pairs_to_dict, parse_constant=constant)
    except json.JSONDecodeError as error:
        line, column = document.line_col(error.pos + body_offset)
        document.problems.append(DocumentProblem("invalid-json", f"invalid JSON: {error.msg}", "", line, column, True))
        return document
    except RecursionError:
        document.problems.append(DocumentProblem("invalid-json", "invalid JSON: nested too deeply", "", 1, 1, True))
        return document
    except ValueError:
        # Not a JSONDecodeError: int() refused an integer literal longer than Python's digit
        # limit (sys.get_int_max_str_digits()); json.loads in transformers raises the same.
        line, column = document.line_col(_first_long_integer(text, body_offset))
        message = "invalid JSON: an integer has more digits than Python's int() accepts (sys.get_int_max_str_digits())"
        document.problems.append(DocumentProblem("invalid-json", message, "", line, column, True))
        return document
    if suspicious:
        document.problems.extend(_Scanner(document, body_offset).scan())
    if not isinstance(document.data, dict):
        message = f"top level is {_json_type(document.data)}, not an object; transformers expects a JSON object"
        document.problems.append(DocumentProblem("not-an-object", message, "", 1, 1, True))
    return document


_CONSTANTS = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}


def _first_long_integer(text: str, start: int) -> int:
    """Offset of the first digit run longer than the int() digit limit (``start`` when none is found)."""
    limit = sys.get_int_max_str_digits()
    match = re.compile(rf"\d{{{limit + 1},}}").search(text, start) if limit else None
    return match.start() if match else start


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
    """Walk the tokens of already-valid JSON, recording offsets, spans, duplicate keys and NaN/Infinity.

    Because ``json.loads`` has already accepted the text, the scanner can trust its structure
    and stay small: it only tracks the container stack and the pending key.
    """

    def __init__(self, document: ConfigDocument, offset: int) -> None:
        self.document = document
        self.offset = offset

    def scan(self) -> list[DocumentProblem]:
        document = self.document
        positions: dict[str, int] = {"": self.offset}
        spans: dict[str, tuple[int, int, int]] = {}
        document._positions, document._spans = positions, spans
        problems: list[DocumentProblem] = []
        # Each frame: [pointer, is_object, next_index, seen_keys, pending_key pointer, member_start, value_start]
        stack: list[list[Any]] = []
        key_start = 0
        expecting_key = False
        for match in _TOKEN.finditer(document.text, self.offset):
            token = match.group()
            first = token[0]
            start = match.start()
            if first == '"' and expecting_key:
                frame = stack[-1]
                key = token[1:-1] if "\\" not in token else json.loads(token)
                pointer = frame[0] + "/" + (key.replace("~", "~0").replace("/", "~1") if ("~" in key or "/" in key) else key)
                if key in frame[3]:
                    line, column = document.line_col(start)
                    first_line = document.line_col(positions[pointer])[0]
                    message = f"duplicate key {key!r}: JSON parsers keep only the last one (first defined at line {first_line})"
                    problems.append(DocumentProblem("duplicate-key", message, pointer, line, column, False))
                frame[3].add(key)
                frame[4] = pointer
                positions[pointer] = start
                key_start = start
                expecting_key = False
            elif first == "," or first == ":":
                expecting_key = first == "," and stack[-1][1]
            elif first == "{" or first == "[":
                pointer = self._value_pointer(stack, start, positions)
                member_start = key_start if stack and stack[-1][1] else start
                stack.append([pointer, first == "{", 0, set(), None, member_start, start])
                expecting_key = first == "{"
            elif first == "}" or first == "]":
                frame = stack.pop()
                spans[frame[0]] = (frame[5], frame[6], match.end())
                expecting_key = False
            else:
                pointer = self._value_pointer(stack, start, positions)
                spans[pointer] = (key_start if stack and stack[-1][1] else start, start, match.end())
                if token in _CONSTANTS:
                    line, column = document.line_col(start)
                    message = f"{token} is not valid JSON; Python's json module accepts it, most other tools do not"
                    problems.append(DocumentProblem("non-finite-number", message, pointer, line, column, False))
        return problems

    @staticmethod
    def _value_pointer(stack: list[list[Any]], start: int, positions: dict[str, int]) -> str:
        """Pointer of the value starting at ``start``; array elements get their own position."""
        if not stack:
            return ""
        frame = stack[-1]
        if frame[1]:
            return frame[4]
        pointer = f"{frame[0]}/{frame[2]}"
        frame[2] += 1
        positions[pointer] = start
        return pointer
