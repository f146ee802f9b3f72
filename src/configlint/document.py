"""Read a config file exactly as transformers does, and remember where every key is.

transformers reads ``config.json`` with ``open(path, encoding="utf-8").read()`` and
``json.loads`` (stdlib, default settings). We do the same so the values we lint are the
values transformers sees, including the stdlib's quirks: ``NaN``/``Infinity`` are accepted,
duplicate keys are accepted (the last one silently wins), a UTF-8 byte-order mark is a hard
error. Those quirks are reported as *document problems* so that a rule can point at them.

Positions come from a second, token-level scan of the same text (stdlib ``json`` does not
expose positions; see :mod:`configlint.document_positions`). It maps every JSON pointer to the
1-based line and column (in Unicode code points, as SARIF's ``unicodeCodePoints``) of the
member's key, or of the array element's value.

The file comes from a stranger, so reading it is bounded: at most :data:`MAX_CONFIG_BYTES` are
read (``max_bytes`` to change it), every position costs linear time in total, at most
:data:`MAX_LISTED_PROBLEMS` problems of one kind are listed, and strings holding lone UTF-16
surrogates (``"\\ud800"`` escapes, which ``json.loads`` accepts) are made encodable before
anything else sees them, because every later UTF-8 write (a report, an audit row, a fix)
would fail on them.
"""

import _thread
import json
import math
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NamedTuple, Protocol, TypeVar

from configlint.document_positions import (
    Duplicate,
    LineIndex,
    NonFinite,
    TokenScan,
    scan_tokens,
    top_level_offsets,
    unique_key_offset,
)
from configlint.document_strings import (
    SurrogateString,
    clean_lone_surrogates,
    may_hold_lone_surrogates,
    replace_lone_surrogates,
)

BOM = "\ufeff"

MAX_CONFIG_BYTES = 16 * 1024 * 1024
"""The largest config file :func:`read_document` reads (16 MiB; the biggest real config.json files
are a few hundred KB, mostly id2label). Only ``max_bytes + 1`` bytes are ever read to tell."""

MAX_LISTED_PROBLEMS = 100
"""Duplicate keys, NaN literals or lone surrogates listed one by one per document; the rest are
counted in one more problem, so a file of 100,000 duplicate keys gives a report of bounded size."""


def escape_pointer_token(token: str) -> str:
    """RFC 6901: ``~`` becomes ``~0`` and ``/`` becomes ``~1``."""
    return token.replace("~", "~0").replace("/", "~1")


def join_pointer(parent: str, token: str | int) -> str:
    return f"{parent}/{escape_pointer_token(str(token))}"


class DocumentProblem(NamedTuple):
    """Something the JSON text does that transformers tolerates or chokes on.

    ``kind`` is one of ``invalid-json``, ``duplicate-key``, ``non-finite-number``, ``bom``,
    ``not-an-object``, ``empty``, ``not-utf8``, ``lone-surrogate``.
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

    __slots__ = ("path", "text", "data", "problems", "_offset", "_positions", "_spans", "_lines", "_top")

    def __init__(self, path: str, text: str, data: Any = None, offset: int = 0) -> None:
        self.path = path
        self.text = text
        self.data = data
        self.problems: list[DocumentProblem] = []
        self._offset = offset
        self._positions: dict[str, int] | None = None
        self._spans: dict[str, tuple[int, int, int]] | None = None
        self._lines: LineIndex | None = None
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
            found = unique_key_offset(self.text, pointer, self.data) if pointer else self._offset
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
        if self._lines is None:
            self._lines = LineIndex(self.text)
        return self._lines.line_col(offset)

    def _top_level(self) -> dict[str, int]:
        """Offsets of the top-level keys (the last occurrence of a duplicate, as json.loads keeps)."""
        if self._top is None:
            self._top = top_level_offsets(self.text, self._offset)
        return self._top

    def _scan(self) -> tuple[dict[str, int], dict[str, tuple[int, int, int]]]:
        if self._positions is None or self._spans is None:
            if self.data is None and not self.text.strip():
                return self._record(TokenScan({"": 0}, {}, [], [])).positions, {}
            scan = self._record(scan_tokens(self.text, self._offset, clean_key=replace_lone_surrogates))
            return scan.positions, scan.spans
        return self._positions, self._spans

    def _record(self, scan: TokenScan) -> TokenScan:
        self._positions, self._spans = scan.positions, scan.spans
        return scan


def read_document(path: str | Path, *, root: str | Path | None = None, max_bytes: int = MAX_CONFIG_BYTES) -> ConfigDocument:
    """Read and parse ``path``. Raises :class:`InputError` only when the file cannot be read.

    ``root`` is the model folder (default: the file's own): the file must be a regular file whose
    links resolve inside it (see :mod:`configlint.safe_fs`). A file longer than ``max_bytes`` is
    refused after reading ``max_bytes + 1`` bytes, whatever its size claims (one line naming the limit).
    """
    from configlint.safe_fs import read_regular_bytes

    return decode_document(read_regular_bytes(path, root=root, limit=max_bytes), str(path))


def decode_document(raw: bytes, display: str) -> ConfigDocument:
    """Parse a config file's bytes (however they were read: a folder, a Hub repo); bad UTF-8 is a fatal problem."""
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


_decoding = _thread._local()
"""Per thread, the list the decoder's hooks note duplicate keys and NaN/Infinity literals in."""


def _pairs_to_dict(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        _decoding.suspicious.append("duplicate")
    return result


def _constant(name: str) -> float:
    _decoding.suspicious.append(name)
    return _CONSTANTS[name]


_DECODER = json.JSONDecoder(object_pairs_hook=_pairs_to_dict, parse_constant=_constant)
"""One decoder for every file: ``json.loads`` with hooks builds a new one per call."""


def _loads(text: str) -> Any:
    """``json.loads(text, object_pairs_hook=..., parse_constant=...)``, with the shared decoder."""
    if text.startswith("\ufeff"):  # json.loads' own check, which JSONDecoder.decode does not make
        raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0)
    return _DECODER.decode(text)


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
    _decoding.suspicious = suspicious
    try:
        document.data = _loads(text[body_offset:])
    except json.JSONDecodeError as error:
        line, column = document.line_col(error.pos + body_offset)
        document.problems.append(DocumentProblem("invalid-json", f"invalid JSON: {error.msg}", "", line, column, True))
        return document
    except RecursionError:
        message = (
            "invalid JSON: nested too deeply for Python's json.loads, which stops at the interpreter's "
            f"recursion limit ({sys.getrecursionlimit():,} levels here)"
        )
        document.problems.append(DocumentProblem("invalid-json", message, "", 1, 1, True))
        return document
    except ValueError:
        # Not a JSONDecodeError: int() refused an integer literal longer than Python's digit
        # limit (sys.get_int_max_str_digits()); json.loads in transformers raises the same.
        line, column = document.line_col(_first_long_integer(text, body_offset))
        message = "invalid JSON: an integer has more digits than Python's int() accepts (sys.get_int_max_str_digits())"
        document.problems.append(DocumentProblem("invalid-json", message, "", line, column, True))
        return document
    surrogates: list[SurrogateString] = []
    if may_hold_lone_surrogates(text):
        document.data, surrogates = clean_lone_surrogates(document.data)
    if suspicious or surrogates:
        scan = document._record(scan_tokens(text, body_offset, clean_key=replace_lone_surrogates))
        document.problems += _listed(document, scan.duplicates, lambda found: found.offset, _duplicate_problem)
        document.problems += _listed(document, scan.non_finite, lambda found: found.offset, _non_finite_problem)
        surrogates.sort(key=lambda found: scan.positions.get(found.pointer, 0))
        document.problems += _listed(document, surrogates, lambda found: scan.positions.get(found.pointer, 0), _surrogate_problem)
    if not isinstance(document.data, dict):
        message = f"top level is {_json_type(document.data)}, not an object; transformers expects a JSON object"
        document.problems.append(DocumentProblem("not-an-object", message, "", 1, 1, True))
    return document


_CONSTANTS = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}


class _Pointed(Protocol):
    @property
    def pointer(self) -> str: ...


_Found = TypeVar("_Found", bound=_Pointed)


def _duplicate_problem(document: ConfigDocument, found: Duplicate) -> DocumentProblem:
    line, column = document.line_col(found.offset)
    first_line = document.line_col(found.first_offset)[0]
    message = f"duplicate key {found.key!r}: JSON parsers keep only the last one (first defined at line {first_line})"
    return DocumentProblem("duplicate-key", message, found.pointer, line, column, False)


def _non_finite_problem(document: ConfigDocument, found: NonFinite) -> DocumentProblem:
    line, column = document.line_col(found.offset)
    message = f"{found.token} is not valid JSON; Python's json module accepts it, most other tools do not"
    return DocumentProblem("non-finite-number", message, found.pointer, line, column, False)


def _surrogate_problem(document: ConfigDocument, found: SurrogateString) -> DocumentProblem:
    line, column = document.position(found.pointer)
    what = "key" if found.is_key else "string"
    message = (
        f"the {what} holds {found.escapes}, a lone UTF-16 surrogate (half of a pair): not a character, and not "
        "writable as UTF-8; configlint reads it as U+FFFD, the replacement character"
    )
    return DocumentProblem("lone-surrogate", message, found.pointer, line, column, False)


def _listed(
    document: ConfigDocument,
    found: Sequence[_Found],
    offset_of: Callable[[_Found], int],
    problem_of: Callable[[ConfigDocument, _Found], DocumentProblem],
) -> list[DocumentProblem]:
    """Problems for the first :data:`MAX_LISTED_PROBLEMS` findings (in text order), then one counting the rest.

    Only the listed ones are worded and positioned: 100,000 duplicate keys cost one scan, not
    100,000 messages.
    """
    listed = [problem_of(document, item) for item in found[:MAX_LISTED_PROBLEMS]]
    if len(found) <= MAX_LISTED_PROBLEMS:
        return listed
    rest = len(found) - MAX_LISTED_PROBLEMS
    first = found[MAX_LISTED_PROBLEMS]
    line, column = document.line_col(offset_of(first))
    message = f"and {rest:,} more like the above (configlint lists at most {MAX_LISTED_PROBLEMS} per file)"
    return [*listed, DocumentProblem(listed[0].kind, message, first.pointer, line, column, False)]


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
