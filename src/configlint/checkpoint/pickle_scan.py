"""Split a pickle into opcodes the way CPython's unpickler reads it, cheaply enough to run before every load.

:mod:`configlint.checkpoint.pickle_guard` walks every pickle once before unpickling it. Walking with
:func:`pickletools.genops` costs about as much as a restricted load of the whole state dict
(genops reads each opcode and argument through the stream and decodes every argument), so this
module frames opcodes over a byte buffer instead and decodes only the arguments the guard uses:
integers (whose size decides whether they may be dict keys) and memo indices. The framing rules
(fixed sizes, newline-terminated arguments, length prefixes) come from pickletools' own opcode
table, so a new protocol's opcodes are framed, or refused as unknown, without code here.

An in-memory pickle (``io.BytesIO``, a zip checkpoint's ``data.pkl``) is scanned in place; any
other stream is read in chunks as far as the pickle goes, so the legacy format's raw storages
behind the pickles are not read.
"""

from __future__ import annotations

import io
import pickletools
from collections.abc import Iterator
from typing import Protocol

CHUNK = 64 * 1024

_NO_ARGUMENT, _FIXED, _LINE, _TWO_LINES, _PREFIXED = range(5)
_PREFIXES = {  # length-prefix layout: (bytes of the prefix, signed)
    pickletools.TAKEN_FROM_ARGUMENT1: (1, False),
    pickletools.TAKEN_FROM_ARGUMENT4: (4, True),
    pickletools.TAKEN_FROM_ARGUMENT4U: (4, False),
    pickletools.TAKEN_FROM_ARGUMENT8U: (8, False),
}
_DECODED = frozenset({"INT", "LONG", "LONG1", "LONG4", "PUT", "BINPUT", "LONG_BINPUT", "GET", "BINGET", "LONG_BINGET"})
"""Opcodes whose argument the guard reads; every other argument is skipped, not decoded."""


class ScanSource(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...
    def tell(self) -> int: ...


class PickleFormatError(ValueError):
    """The bytes are not a pickle the unpickler could read to its STOP (same family as genops' errors)."""


_Layout = tuple[str, int, int, bool, bool]
"""How an opcode's argument is framed: (name, shape, size, signed, decoded); a tuple, unpacked in one step.
``shape`` is one of _NO_ARGUMENT ... _PREFIXED; ``size`` is the argument's bytes (_FIXED) or its length
prefix's (_PREFIXED); ``signed`` says whether that prefix is; ``decoded`` whether the guard reads it."""


def _layout(opcode: pickletools.OpcodeInfo) -> _Layout:
    argument = opcode.arg
    decoded = opcode.name in _DECODED
    if argument is None:
        return opcode.name, _NO_ARGUMENT, 0, False, decoded
    if argument.n >= 0:
        return opcode.name, _FIXED, argument.n, False, decoded  # the decoded ones are unsigned memo indices
    if argument.n == pickletools.UP_TO_NEWLINE:
        return opcode.name, _TWO_LINES if argument.name == "stringnl_noescape_pair" else _LINE, 0, False, decoded
    size, signed = _PREFIXES[argument.n]
    return opcode.name, _PREFIXED, size, signed, decoded


_TABLE: list[_Layout | None] = [None] * 256
for _opcode in pickletools.opcodes:
    _TABLE[ord(_opcode.code)] = _layout(_opcode)


class _Buffer:
    """The bytes from the stream's position on, read in chunks only as far as the scan needs."""

    def __init__(self, stream: ScanSource) -> None:
        self.base = stream.tell()
        if isinstance(stream, io.BytesIO):
            self.data: bytes | bytearray = stream.getvalue()  # no copy: BytesIO shares an unmodified buffer
            self.start = self.base
            self.base = 0
            self._stream: ScanSource | None = None
        else:
            self.data = bytearray()
            self.start = 0
            self._stream = stream

    def fill(self, end: int) -> bool:
        """Make ``data`` at least ``end`` bytes long; False when the stream ends first."""
        while len(self.data) < end:
            chunk = self._stream.read(max(CHUNK, end - len(self.data))) if self._stream is not None else b""
            if not chunk:
                return False
            self.data += chunk  # bytearray: extended in place
        return True

    def line_end(self, start: int) -> int:
        """The offset just past the next newline from ``start``; raises when there is none."""
        searched = start
        while (found := self.data.find(b"\n", searched)) < 0:
            searched = len(self.data)
            if not self.fill(searched + 1):
                raise PickleFormatError(f"no newline after offset {self.base + start}: the pickle was truncated")
        return found + 1


def scan(stream: ScanSource) -> Iterator[tuple[str, object, int]]:
    """``(opcode name, argument, offset)`` for each opcode from the stream's position to STOP included.

    The argument is decoded (to an int) only for the opcodes in :data:`_DECODED`, else it is None.
    Raises :class:`PickleFormatError` for an unknown opcode, a negative length or truncated data.
    Leaves the stream wherever the chunked reads left it: callers rewind.
    """
    buffer = _Buffer(stream)
    data, base, position = buffer.data, buffer.base, buffer.start
    while True:
        if position >= len(data) and not buffer.fill(position + 1):
            raise PickleFormatError("the pickle was truncated before its STOP opcode")
        offset = position
        layout = _TABLE[data[position]]
        if layout is None:
            raise PickleFormatError(f"unknown opcode {data[position]:#04x} at offset {base + offset}")
        name, shape, size, signed, decoded = layout
        position += 1
        argument: object = None
        if shape == _FIXED:
            end = position + size
            if end > len(data) and not buffer.fill(end):
                raise PickleFormatError(f"{name} at offset {base + offset} is truncated")
            if decoded:
                argument = data[position] if size == 1 else int.from_bytes(data[position:end], "little")
            position = end
        elif shape == _PREFIXED:
            end = position + size
            if end > len(data) and not buffer.fill(end):
                raise PickleFormatError(f"{name} at offset {base + offset} is truncated")
            length = data[position] if size == 1 else int.from_bytes(data[position:end], "little", signed=signed)
            if length < 0:
                raise PickleFormatError(f"{name} at offset {base + offset} has a negative length")
            position, end = end, end + length
            if end > len(data) and not buffer.fill(end):
                raise PickleFormatError(f"{name} at offset {base + offset} claims {length:,} bytes the pickle does not have")
            if decoded:  # LONG1, LONG4: a two's complement integer
                argument = int.from_bytes(data[position:end], "little", signed=True)
            position = end
        elif shape != _NO_ARGUMENT:
            end = buffer.line_end(position)
            if shape == _TWO_LINES:
                end = buffer.line_end(end)
            if decoded:
                argument = _decimal(bytes(data[position : end - 1]), name, base + offset)
            position = end
        yield name, argument, base + offset
        if name == "STOP":
            return


def _decimal(text: bytes, name: str, offset: int) -> int:
    """The argument of INT, LONG, PUT or GET, as the unpickler parses it (LONG may end in ``L``)."""
    if name == "LONG" and text.endswith(b"L"):
        text = text[:-1]
    try:
        return int(text)
    except ValueError:  # not a number, or past int()'s digit limit: the unpickler refuses both
        raise PickleFormatError(f"{name} at offset {offset} has argument {text[:20]!r}, not an integer") from None
