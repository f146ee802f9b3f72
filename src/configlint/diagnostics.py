"""The one currency every part of configlint trades in: a :class:`Diagnostic`.

Rules produce diagnostics, the engine filters them, reporters format them.
A diagnostic is plain data so that every output format (text, JSON, GitHub
annotations, SARIF, JUnit) can be produced from it without recomputing
anything.
"""

import enum
from collections.abc import Mapping
from typing import Any, NamedTuple


class Severity(str, enum.Enum):
    """How bad a finding is. Ordered: ``info < warning < error``."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank >= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank > other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank <= other.rank

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank < other.rank


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


class Applicability(str, enum.Enum):
    """Whether a fix keeps the model transformers builds identical (``safe``) or changes it (``unsafe``)."""

    SAFE = "safe"
    UNSAFE = "unsafe"


class Edit(NamedTuple):
    """One change to the JSON document, addressed by JSON pointer.

    ``op`` follows RFC 6902 vocabulary: ``remove`` a member, ``replace`` a value,
    ``add`` a member (appended at the end of its object), ``rename`` a key in place.
    ``value`` is the new value (``add``/``replace``) or the new key (``rename``).
    """

    op: str
    pointer: str
    value: Any = None


class Fix(NamedTuple):
    """A machine-applicable correction attached to a diagnostic."""

    message: str
    edits: tuple[Edit, ...]
    applicability: Applicability = Applicability.SAFE


_NO_EXTRA: Mapping[str, Any] = {}
"""The shared default of ``extra``, typed read-only (a plain dict: the audit's workers pickle diagnostics)."""


class Diagnostic(NamedTuple):
    """One finding, pointing at ``file:line:column`` (1-based; column counts Unicode code points).

    ``pointer`` is the RFC 6901 JSON pointer of the offending member ("" is the whole document).
    ``line``/``column`` are 0 when the finding has no position (e.g. an empty file is still
    reported at 1:1, but a finding about a missing key points at the enclosing object).

    The records of this module are named tuples, not dataclasses: every check imports them, and
    ``import dataclasses`` plus a dataclass's generated methods cost about as much as starting
    Python. ``extra`` takes no part in equality or hashing (as before, when it was a dataclass
    field with ``compare=False``), and a diagnostic equals only another diagnostic, never a tuple.
    """

    code: str
    severity: Severity
    message: str
    file: str
    pointer: str = ""
    line: int = 1
    column: int = 1
    fix: Fix | None = None
    rule_name: str = ""
    extra: Mapping[str, Any] = _NO_EXTRA
    """Anything a caller wants to carry along; the default is one shared, never-written empty mapping."""

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return False if isinstance(other, tuple) else NotImplemented
        return self[:-1] == other[:-1]

    def __ne__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return True if isinstance(other, tuple) else NotImplemented
        return self[:-1] != other[:-1]

    def __hash__(self) -> int:
        return hash(self[:-1])

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.column, self.code)

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON shape shared by the json reporter and the Python API."""
        data: dict[str, Any] = {
            "code": self.code,
            "name": self.rule_name,
            "severity": self.severity.value,
            "message": self.message,
            "file": self.file,
            "pointer": self.pointer,
            "line": self.line,
            "column": self.column,
            "fix": None,
        }
        if self.fix is not None:
            data["fix"] = {
                "message": self.fix.message,
                "applicability": self.fix.applicability.value,
                "edits": [
                    {"op": e.op, "pointer": e.pointer, **({"value": e.value} if e.op != "remove" else {})} for e in self.fix.edits
                ],
            }
        return data
