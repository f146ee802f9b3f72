"""Check what a zip's end records claim about its central directory before :mod:`zipfile` reads it.

``zipfile.ZipFile`` reads the whole central directory in one ``read(size)`` of the size the end
record claims, then builds a ``ZipInfo`` (several hundred bytes) for every 46-byte entry in it. A
hostile ``pytorch_model.bin`` of 6 GB whose end record claims a 6 GB directory makes that one read
allocate 6 GB, and any directory packed with tiny entries costs ten times its size. So the end
record (and the ZIP64 one, which zipfile prefers when present) is found and parsed here exactly
where zipfile will look for it, and the archive is refused past :data:`MAX_ZIP_ENTRIES` or
:data:`MAX_CENTRAL_DIRECTORY_BYTES` before zipfile reads anything else.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import BinaryIO

from configlint.errors import CheckpointError

MAX_ZIP_ENTRIES = 65_536
"""Members per archive. torch.save writes one per storage plus a handful (``data.pkl``, ``version``,
``byteorder``...): 48 for our BERT fixture, a few hundred for BERT-large."""
MAX_CENTRAL_DIRECTORY_BYTES = 4 * 1024 * 1024
"""Bytes of central directory: at most ~90,000 minimal entries, ~50 MB of ``ZipInfo`` objects."""

_END = struct.Struct("<4s4H2LH")  # end of central directory record
_LOCATOR = struct.Struct("<4sLQL")  # ZIP64 end of central directory locator
_END64 = struct.Struct("<4sQ2H2L4Q")  # ZIP64 end of central directory record
_MAX_COMMENT = 0xFFFF


@dataclass(frozen=True, slots=True)
class DirectoryClaim:
    """What the end record zipfile will use says about the central directory."""

    entries: int
    size: int
    zip64: bool


def read_claim(handle: BinaryIO) -> DirectoryClaim | None:
    """The end record zipfile will find, or None when there is none (zipfile then says "not a zip file").

    Mirrors ``zipfile._EndRecData``: the record is the file's last 22 bytes when it has no comment,
    else the last ``PK\\5\\6`` in the final 64 KiB; a ZIP64 record counts when its locator sits just
    before that record and the ZIP64 record just before the locator. Reads at most 64 KiB + 98 bytes.
    """
    file_size = handle.seek(0, 2)
    if file_size < _END.size:
        return None
    handle.seek(file_size - _END.size)
    record = handle.read(_END.size)
    record_at = file_size - _END.size
    if not (record[:4] == b"PK\x05\x06" and record[-2:] == b"\0\0"):
        start = max(file_size - _MAX_COMMENT - 1 - _END.size, 0)
        handle.seek(start)
        tail = handle.read(file_size - start)
        found = tail.rfind(b"PK\x05\x06")
        if found < 0 or len(tail) - found < _END.size:
            return None
        record, record_at = tail[found : found + _END.size], start + found
    _, _, _, entries_here, entries, size, _, _ = _END.unpack(record)
    zip64 = _zip64_claim(handle, record_at)
    return zip64 or DirectoryClaim(max(entries_here, entries), size, zip64=False)


def _zip64_claim(handle: BinaryIO, record_at: int) -> DirectoryClaim | None:
    locator_at = record_at - _LOCATOR.size
    record64_at = locator_at - _END64.size
    if record64_at < 0:
        return None
    handle.seek(locator_at)
    if handle.read(4) != b"PK\x06\x07":
        return None
    handle.seek(record64_at)
    record = handle.read(_END64.size)
    if len(record) != _END64.size or record[:4] != b"PK\x06\x06":
        return None
    fields = _END64.unpack(record)
    return DirectoryClaim(max(fields[6], fields[7]), fields[8], zip64=True)


def check_central_directory(handle: BinaryIO, source: str) -> None:
    """Refuse an archive whose end record claims more entries or directory bytes than the caps.

    Leaves the handle at offset 0 for zipfile. An archive without an end record passes: zipfile
    refuses it with its own message.
    """
    claim = read_claim(handle)
    handle.seek(0)
    if claim is None:
        return
    record = "ZIP64 end record" if claim.zip64 else "end record"
    if claim.entries > MAX_ZIP_ENTRIES:
        raise CheckpointError(
            f"the zip {record} claims {claim.entries:,} members; refused before reading the directory "
            f"(configlint's limit, MAX_ZIP_ENTRIES, is {MAX_ZIP_ENTRIES:,})",
            source=source,
        )
    if claim.size > MAX_CENTRAL_DIRECTORY_BYTES:
        raise CheckpointError(
            f"the zip {record} claims a central directory of {claim.size:,} bytes; refused before reading it "
            f"(configlint's limit, MAX_CENTRAL_DIRECTORY_BYTES, is {MAX_CENTRAL_DIRECTORY_BYTES:,})",
            source=source,
        )


def check_member_count(count: int, source: str) -> None:
    """zipfile walks the directory by bytes, not by the claimed count: cap the members it really found."""
    if count > MAX_ZIP_ENTRIES:
        raise CheckpointError(
            f"the zip central directory holds {count:,} members; refused (configlint's limit, MAX_ZIP_ENTRIES, is {MAX_ZIP_ENTRIES:,})",
            source=source,
        )
