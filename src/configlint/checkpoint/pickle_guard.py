"""Refuse pickles whose opcodes would make CPython's unpickler use memory their size cannot justify.

Refusing every global (see :mod:`configlint.checkpoint.torch_bin`) stops code execution, not
resource exhaustion. Two cheap attacks remain against ``pickle.Unpickler`` itself:

* **The memo.** The C unpickler keeps its memo in an array sized by the largest index a PUT,
  BINPUT or LONG_BINPUT names, and zeroes the new part: the nine bytes ``\\x80\\x02 N r <2**29> .``
  cost 8 GB and seconds before anything else happens. A real pickler numbers memo entries
  0, 1, 2, ... as it writes them, so an index is never larger than the count of opcodes before it.
  :func:`check_opcodes` walks the opcodes once with :func:`pickletools.genops` (which also checks
  every length prefix against the bytes really there) and refuses the first index past that bound.
* **Reads without an end.** In the legacy format the pickles are followed by gigabytes of raw
  storage; an opcode whose argument ends at a newline that never comes (or a length prefix that
  lies) would read all of it. :class:`CappedReader` stops every read at a byte budget.
"""

from __future__ import annotations

import pickletools
from typing import BinaryIO, Protocol

from configlint.errors import CheckpointError

MEMO_PUTS = frozenset({"PUT", "BINPUT", "LONG_BINPUT"})


class PickleSource(Protocol):
    """What ``pickle.Unpickler`` and :func:`pickletools.genops` read from: a file, or a :class:`CappedReader`."""

    def read(self, size: int = -1, /) -> bytes: ...
    def readline(self, size: int = -1, /) -> bytes: ...
    def tell(self) -> int: ...
    def seek(self, offset: int, whence: int = 0, /) -> int: ...


def check_opcodes(stream: PickleSource, source: str) -> None:
    """Walk one pickle's opcodes from the stream's position, refuse it or rewind to where it started.

    Raises :class:`CheckpointError` for a memo bomb; a pickle genops cannot walk (truncated data,
    an unknown opcode) raises genops' own ``ValueError`` & co., which callers translate as they
    translate the unpickler's.
    """
    start = stream.tell()
    try:
        for count, (opcode, argument, position) in enumerate(pickletools.genops(stream), start=1):  # type: ignore[arg-type]
            if opcode.name in MEMO_PUTS and isinstance(argument, int) and argument >= count:
                raise CheckpointError(
                    f"the pickle stores memo entry {argument:,} after only {count:,} opcodes (offset {position}); "
                    "refused: unpickling it would allocate memory for every entry below it",
                    source=source,
                )
    finally:
        stream.seek(start)


class CappedReader:
    """A read-only view of a binary stream that hands out at most ``budget`` bytes from where it began.

    Offers what ``pickle.Unpickler`` and :func:`pickletools.genops` use (``read``, ``readline``,
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
