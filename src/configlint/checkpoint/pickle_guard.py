"""Refuse pickles whose opcodes would make CPython's unpickler spend memory or time their size cannot justify.

Refusing every global (see :mod:`configlint.checkpoint.torch_bin`) stops code execution, not
resource exhaustion. The C unpickler builds whatever containers the opcodes describe, so
:func:`check_opcodes` walks each pickle once with :func:`configlint.checkpoint.pickle_scan.scan` (which
also checks every length prefix against the bytes really there) *before* unpickling it, replaying the
unpickler's stack, marks and memo symbolically (one short description per object, never the
object), and refuses it at the first opcode past one of these limits:

* **The memo.** The C unpickler keeps its memo in an array sized by the largest index a PUT,
  BINPUT or LONG_BINPUT names, and zeroes the new part: the nine bytes ``\\x80\\x02 N r <2**29> .``
  cost 8 GB. A real pickler numbers memo entries 0, 1, 2, ... as it writes them, so an index is
  never larger than the count of opcodes before it.
* **Work** (:data:`MAX_PICKLE_OPERATIONS`): every opcode, plus every item an opcode moves into a
  container, counts one. Each pushes at most one object or reference, so the count bounds both
  the objects alive and the time spent (this walk included); without it 60 MB of one-byte
  ``EMPTY_SET`` opcodes became 14 GB of sets.
* **Containers** (:data:`MAX_PICKLE_CONTAINERS`): lists, dicts, sets and frozensets cost several
  times a small object each (an empty set is over 200 bytes for one byte of pickle), so they have
  a budget of their own. A torch state dict needs one dict per module for its ``_metadata``.
* **Keys that can collide.** Building a dict or set whose keys share one hash is quadratic:
  integers k·(2**61−1) all hash to 0 on 64-bit CPython, and 1.3 MB of them took 99 s. str and
  bytes hashes are salted per process and numbers of at most 64 bits have few equal hashes, so
  dict keys and set members must be those (or tuples of those); a state dict's keys are strings.

Separately, :class:`CappedReader` stops every read at a byte budget: in the legacy format the
pickles are followed by gigabytes of raw storage that an argument without its newline would
otherwise pull in.
"""

from __future__ import annotations

from typing import BinaryIO, NoReturn, Protocol

from configlint.checkpoint.pickle_scan import scan
from configlint.errors import CheckpointError

MAX_PICKLE_OPERATIONS = 500_000
"""Opcodes plus the items they move into containers, per pickle. The state dicts torch.save wrote
for our fixtures take about 50 per tensor (1,749 opcodes for 44 tensors), so this is ~10,000 tensors."""
MAX_PICKLE_CONTAINERS = 10_000
"""Lists, dicts, sets and frozensets per pickle: 25 times the ~400 modules of a BERT-large state dict."""

INT64 = range(-(2**63), 2**63)

Kind = str
"""What the walk remembers of one object: ``""`` when its hash cannot be steered (str, bytes, a
number of at most 64 bits, a tuple of those), else what it is ("a list", "the result of a call")."""
HASHABLE: Kind = ""

_SCALARS = frozenset(
    {"BININT", "BININT1", "BININT2", "STRING", "BINSTRING", "SHORT_BINSTRING", "BINBYTES", "SHORT_BINBYTES", "BINBYTES8",
     "NONE", "NEWTRUE", "NEWFALSE", "UNICODE", "SHORT_BINUNICODE", "BINUNICODE", "BINUNICODE8", "FLOAT", "BINFLOAT", "EMPTY_TUPLE"}
)  # fmt: skip
_INTEGERS = frozenset({"INT", "LONG", "LONG1", "LONG4"})
_NEW_CONTAINERS = {"EMPTY_LIST": "a list", "EMPTY_DICT": "a dict", "EMPTY_SET": "a set"}
_NEW_OTHERS = {"BYTEARRAY8": "a bytearray", "NEXT_BUFFER": "a buffer", "GLOBAL": "a global", "EXT1": "a global",
               "EXT2": "a global", "EXT4": "a global", "PERSID": "a persistent object"}  # fmt: skip
_POP_PUSH = {"TUPLE1": 1, "TUPLE2": 2, "TUPLE3": 3, "STACK_GLOBAL": 2, "REDUCE": 2, "NEWOBJ": 2, "NEWOBJ_EX": 3, "BINPERSID": 1}
_POPPED_RESULT = {"STACK_GLOBAL": "a global", "BINPERSID": "a persistent object"}
_TO_MARK = frozenset({"LIST", "DICT", "FROZENSET", "TUPLE", "INST", "OBJ", "POP_MARK", "APPENDS", "SETITEMS", "ADDITEMS"})
_NOTHING = frozenset({"PROTO", "FRAME", "STOP"})
_PUSH_HASHABLE, _PUT, _GET, _MARK, _TUPLE, _INTEGER, _CALL = "push", "put", "get", "mark", "tuple", "integer", "call"
_FAMILY = {
    **dict.fromkeys(_SCALARS, _PUSH_HASHABLE),
    **dict.fromkeys(("BINPUT", "LONG_BINPUT", "PUT", "MEMOIZE"), _PUT),
    **dict.fromkeys(("BINGET", "LONG_BINGET", "GET"), _GET),
    **dict.fromkeys(_INTEGERS, _INTEGER),
    "MARK": _MARK,
    "TUPLE": _TUPLE,
    "REDUCE": _CALL,
}
"""The opcodes :meth:`_Walk.run` handles without a call: most of what torch.save writes."""


class PickleSource(Protocol):
    """What ``pickle.Unpickler`` and :func:`~configlint.checkpoint.pickle_scan.scan` read from: a file, or a :class:`CappedReader`."""

    def read(self, size: int = -1, /) -> bytes: ...
    def readline(self, size: int = -1, /) -> bytes: ...
    def tell(self) -> int: ...
    def seek(self, offset: int, whence: int = 0, /) -> int: ...


def check_opcodes(stream: PickleSource, source: str) -> None:
    """Walk one pickle's opcodes from the stream's position, refuse it or rewind to where it started.

    Raises :class:`CheckpointError` past a limit (the message names it) or when the opcodes do
    not make a consistent stack; a pickle the scan cannot frame (truncated data, an unknown opcode)
    raises :class:`~configlint.checkpoint.pickle_scan.PickleFormatError`, a ``ValueError`` that
    callers translate as they translate the unpickler's.
    """
    start = stream.tell()
    try:
        _Walk(source).run(stream)
    finally:
        stream.seek(start)


class _Walk:
    """The unpickler's stack, marks and memo, with a :data:`Kind` in place of each object."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.stack: list[Kind] = []
        self.marks: list[int] = []  # stack length at each MARK, as the C unpickler keeps them
        self.memo: list[Kind | None] = []
        self.containers = 0
        self.position = 0

    def run(self, stream: PickleSource) -> None:
        """The hot loop: what torch.save writes most (scalars, memo, MARK, TUPLE) is handled inline, the rest by :meth:`_step`."""
        stack, marks, memo = self.stack, self.marks, self.memo
        work = 0
        for count, (name, argument, position) in enumerate(scan(stream), start=1):
            family = _FAMILY.get(name)
            if family is _PUSH_HASHABLE:
                stack.append(HASHABLE)
            elif family is _PUT:
                index = len(memo) if name == "MEMOIZE" else argument
                if not isinstance(index, int) or index >= count:
                    self.position = position
                    self._refuse(
                        f"it stores memo entry {index:,} after only {count:,} opcodes; unpickling it would allocate memory for every entry below it"
                    )
                if len(stack) <= (marks[-1] if marks else 0):
                    self.position = position
                    self._invalid("nothing to memoize")
                if index == len(memo):  # a real pickler numbers entries in order
                    memo.append(stack[-1])
                else:
                    memo.extend([None] * (index + 1 - len(memo)))
                    memo[index] = stack[-1]
            elif family is _GET:
                kind = memo[argument] if isinstance(argument, int) and argument < len(memo) else None
                if kind is None:
                    self.position = position
                    self._invalid(f"memo entry {argument!r} is read before it is stored")
                stack.append(kind)
            elif family is _MARK:
                marks.append(len(stack))
            elif family is _TUPLE and marks:
                at = marks.pop()
                work += len(stack) - at
                kind = _tuple_kind(stack[at:])
                del stack[at:]
                stack.append(kind)
            elif family is _INTEGER:
                stack.append(HASHABLE if argument in INT64 else "an integer wider than 64 bits")
            elif family is _CALL and len(stack) - 2 >= (marks[-1] if marks else 0):
                del stack[-2:]
                stack.append("the result of a call")
            else:
                self.position = position
                work += self._step(name, argument)
            work += 1
            if work > MAX_PICKLE_OPERATIONS:
                self.position = position
                self._refuse(
                    f"it takes more than {MAX_PICKLE_OPERATIONS:,} operations (opcodes and the items they move into containers), configlint's limit per pickle (MAX_PICKLE_OPERATIONS)"
                )

    def _step(self, name: str, argument: object) -> int:
        """Replay one opcode :meth:`run` does not handle inline; return the items it moved into a container."""
        stack = self.stack
        if name in _TO_MARK:
            return self._to_mark(name)
        elif name in _NEW_CONTAINERS:
            self._count_container()
            stack.append(_NEW_CONTAINERS[name])
        elif name in _POP_PUSH:
            popped = self._pop(_POP_PUSH[name])
            stack.append(_tuple_kind(popped) if name.startswith("TUPLE") else _POPPED_RESULT.get(name, "the result of a call"))
        elif name in ("SETITEM", "APPEND"):
            key_value = self._pop(2 if name == "SETITEM" else 1)
            self._container_below()
            if name == "SETITEM":
                self._check_keys(key_value[:1], "a dict key")
        elif name in ("BUILD", "READONLY_BUFFER"):
            self._pop(1 if name == "BUILD" else 0)
            self._container_below()
        elif name == "DUP":
            stack.append(self._pop(1)[0])
            stack.append(stack[-1])
        elif name == "POP":
            if self.marks and self.marks[-1] == len(stack):
                self.marks.pop()  # protocol 0: POP takes a MARK off the stack
            else:
                self._pop(1)
        elif name in _NEW_OTHERS:
            stack.append(_NEW_OTHERS[name])
        elif name == "STOP":
            self._pop(1)
        elif name not in _NOTHING:
            self._refuse(f"opcode {name} is not one configlint knows")
        return 0

    def _to_mark(self, name: str) -> int:
        """The opcodes that take everything above the topmost MARK; return how many items they took."""
        if not self.marks:
            self._invalid(f"{name} without a MARK")
        at = self.marks.pop()
        items = self.stack[at:]
        del self.stack[at:]
        if name in ("APPENDS", "SETITEMS", "ADDITEMS"):
            self._container_below()
        if name in ("DICT", "SETITEMS"):
            if len(items) % 2:
                self._invalid(f"{name} with an odd number of items")
            self._check_keys(items[::2], "a dict key")
        elif name in ("FROZENSET", "ADDITEMS"):
            self._check_keys(items, "a set member")
        if name in ("LIST", "DICT", "FROZENSET"):
            self._count_container()
            self.stack.append({"LIST": "a list", "DICT": "a dict", "FROZENSET": "a frozenset"}[name])
        elif name == "TUPLE":
            self.stack.append(_tuple_kind(items))
        elif name in ("INST", "OBJ"):
            if name == "OBJ" and not items:
                self._invalid("OBJ without a class")
            self.stack.append("the result of a call")
        return len(items)

    def _pop(self, count: int) -> list[Kind]:
        """Take ``count`` objects off the stack; like the C unpickler, never from below the topmost MARK."""
        fence = self.marks[-1] if self.marks else 0
        if len(self.stack) - count < fence:
            self._invalid("stack underflow")
        if count == 0:
            return []
        popped = self.stack[-count:]
        del self.stack[-count:]
        return popped

    def _container_below(self) -> None:
        """APPEND(S), SETITEM(S), ADDITEMS and BUILD change the object under their operands: it must exist."""
        if not self.stack:
            self._invalid("stack underflow")

    def _count_container(self) -> None:
        self.containers += 1
        if self.containers > MAX_PICKLE_CONTAINERS:
            self._refuse(
                f"it builds more than {MAX_PICKLE_CONTAINERS:,} lists, dicts and sets, configlint's limit per pickle (MAX_PICKLE_CONTAINERS)"
            )

    def _check_keys(self, kinds: list[Kind], role: str) -> None:
        unsafe = next((kind for kind in kinds if kind), None)
        if unsafe is not None:
            self._refuse(
                f"it uses {unsafe} as {role}; configlint accepts only strings, bytes, numbers of at most 64 bits "
                "and tuples of those there, whose hashes a file cannot make collide"
            )

    def _refuse(self, reason: str) -> NoReturn:
        raise CheckpointError(f"the pickle is refused at offset {self.position}: {reason}", source=self.source)

    def _invalid(self, reason: str) -> NoReturn:
        raise CheckpointError(f"not a valid torch pickle ({reason} at offset {self.position})", source=self.source)


def _tuple_kind(items: list[Kind]) -> Kind:
    if not any(items):
        return HASHABLE
    unsafe = next(kind for kind in items if kind)
    return unsafe if unsafe.startswith("a tuple holding ") else f"a tuple holding {unsafe}"


class CappedReader:
    """A read-only view of a binary stream that hands out at most ``budget`` bytes from where it began.

    Offers what ``pickle.Unpickler`` and the scan use (``read``, ``readline``,
    ``tell``, ``seek``) and no ``readinto``/``peek``, so the unpickler asks for exactly what it
    needs. Past the budget a read comes back short, which both report as truncated data.
    """

    def __init__(self, stream: BinaryIO, budget: int) -> None:
        self._stream = stream
        self._end = stream.tell() + budget

    def _left(self) -> int:
        return max(0, self._end - self._stream.tell())

    def read(self, size: int = -1) -> bytes:
        left = self._left()
        return self._stream.read(left if size is None or size < 0 else min(size, left))

    def readline(self, size: int = -1) -> bytes:
        left = self._left()
        return self._stream.readline(left if size is None or size < 0 else min(size, left))

    def tell(self) -> int:
        return self._stream.tell()

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._stream.seek(offset, whence)
