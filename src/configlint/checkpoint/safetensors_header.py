"""Read a safetensors file's header — names, dtypes, shapes — and never its tensor data.

A safetensors file is an 8-byte little-endian header length N, N bytes of JSON, then the data
region. The header is validated the way the safetensors library validates it (header size cap,
known dtypes, offsets that tile the data region from 0 with no gap or overlap, each tensor's
byte length equal to its element count times its dtype width, the data region filling the
file), so a file configlint accepts is one transformers can load. Text files named
``model.safetensors`` — Git LFS pointers, HTML error pages — get a message that says so.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path

from configlint.checkpoint.inventory import TensorInfo, TensorInventory
from configlint.checkpoint.messages import brief
from configlint.errors import CheckpointError

MAX_HEADER_BYTES = 100_000_000
"""The safetensors library refuses larger headers (``HeaderTooLarge``)."""

DTYPE_BITS: dict[str, int] = {
    "BOOL": 8, "U8": 8, "I8": 8, "F8_E5M2": 8, "F8_E4M3": 8, "F8_E8M0": 8, "F4": 4, "F6_E2M3": 6, "F6_E3M2": 6,
    "I16": 16, "U16": 16, "F16": 16, "BF16": 16, "I32": 32, "U32": 32, "F32": 32, "C64": 64,
    "F64": 64, "I64": 64, "U64": 64,
}  # fmt: skip
"""Bits per element of every dtype the safetensors format defines."""

LFS_POINTER = b"version https://git-lfs.github.com/spec/v1"
FIRST_READ = 64 * 1024
"""How many bytes a remote reader should fetch first: the length prefix and, usually, the header."""

_USIZE_LIMIT = 2**64
"""Shapes, bit counts and offsets are ``usize`` in the safetensors library; larger values are refused."""

Reader = Callable[[int, int], bytes]
"""``read(offset, length) -> bytes``: local files and HTTP range requests look the same."""


def header_length(prefix: bytes, *, source: str, file_size: int | None) -> int:
    """The header length from the first bytes of the file, with the checks that need nothing else."""
    if prefix.startswith(LFS_POINTER[:8]):
        raise CheckpointError("is a Git LFS pointer, not the weights (run `git lfs pull`)", source=source)
    if len(prefix) < 8:
        raise CheckpointError(f"is {len(prefix)} bytes long, too short for a safetensors file", source=source)
    length = int.from_bytes(prefix[:8], "little")  # "<Q"
    if _looks_like_text(prefix[:8]):
        raise CheckpointError("is a text file, not safetensors", source=source, position="offset 0")
    if length > MAX_HEADER_BYTES:
        raise CheckpointError(
            f"claims a {length:,}-byte header (the limit is {MAX_HEADER_BYTES:,})", source=source, position="offset 0"
        )
    if file_size is not None and 8 + length > file_size:
        raise CheckpointError(
            f"is truncated: the header needs {8 + length:,} bytes, the file has {file_size:,}", source=source, position="offset 0"
        )
    return length


def _looks_like_text(prefix: bytes) -> bool:
    return all(32 <= byte < 127 or byte in b"\t\r\n" for byte in prefix)


def parse_safetensors_header(header: bytes, *, file_size: int | None, source: str) -> TensorInventory:
    """Validate the JSON header (the bytes after the length prefix) and describe its tensors."""
    try:
        table = json.loads(header.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise CheckpointError(f"header is not UTF-8 JSON ({error})", source=source, position="offset 8") from None
    if not isinstance(table, dict):
        raise CheckpointError("header is not a JSON object", source=source, position="offset 8")
    metadata = table.pop("__metadata__", None)
    if metadata is not None and not (isinstance(metadata, dict) and all(isinstance(v, str) for v in metadata.values())):
        raise CheckpointError("__metadata__ must map strings to strings", source=source, position="offset 8")
    inventory = TensorInventory(format="safetensors")
    extents: list[tuple[int, int, str]] = []
    for name, entry in table.items():
        info, begin, end = _tensor(name, entry, source)
        inventory.tensors[name] = info
        extents.append((begin, end, name))
    expected = 0
    for begin, end, name in sorted(extents):
        if begin != expected:
            problem = "overlaps the previous tensor" if begin < expected else f"leaves a gap of {begin - expected} bytes"
            raise CheckpointError(f"tensor {brief(name)} {problem} (offsets must tile the data from 0)", source=source)
        expected = end
    if file_size is not None and 8 + len(header) + expected != file_size:
        data = file_size - 8 - len(header)
        raise CheckpointError(
            f"data region is {data:,} bytes but the tensors describe {expected:,} (truncated or padded)", source=source
        )
    return inventory


def _is_usize(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < _USIZE_LIMIT


def _tensor(name: str, entry: object, source: str) -> tuple[TensorInfo, int, int]:
    # Every value below comes from a stranger's header: messages show it through brief(), which
    # bounds the length (a 100 MB name or shape would otherwise become the error message).
    if not isinstance(entry, dict):
        raise CheckpointError(f"entry {brief(name)} is not an object", source=source)
    dtype, shape, offsets = entry.get("dtype"), entry.get("shape"), entry.get("data_offsets")
    if not isinstance(dtype, str) or dtype not in DTYPE_BITS:
        raise CheckpointError(f"tensor {brief(name)} has unknown dtype {brief(dtype)}", source=source)
    if not (isinstance(shape, list) and all(_is_usize(n) for n in shape)):
        raise CheckpointError(f"tensor {brief(name)} has an invalid shape {brief(shape)}", source=source)
    if not (isinstance(offsets, list) and len(offsets) == 2 and all(_is_usize(n) for n in offsets) and offsets[0] <= offsets[1]):
        raise CheckpointError(f"tensor {brief(name)} has invalid data_offsets {brief(offsets)}", source=source)
    bits = math.prod(shape) * DTYPE_BITS[dtype]
    if bits >= _USIZE_LIMIT:
        # safetensors computes sizes with checked 64-bit arithmetic (ValidationOverflow).
        raise CheckpointError(
            f"tensor {brief(name)}: {dtype}{brief(shape)} has more bits than 64-bit sizes can count", source=source
        )
    if bits % 8 or bits // 8 != offsets[1] - offsets[0]:
        raise CheckpointError(
            f"tensor {brief(name)} is {offsets[1] - offsets[0]} bytes but {dtype}{brief(shape)} needs {bits / 8:g}", source=source
        )
    return TensorInfo(name, tuple(shape), dtype), offsets[0], offsets[1]


def read_safetensors_from(read: Reader, *, file_size: int | None, source: str) -> TensorInventory:
    """Read a header through ``read(offset, length)``: one call when the header is small, two otherwise."""
    first = read(0, FIRST_READ if file_size is None else min(FIRST_READ, file_size))
    length = header_length(first, source=source, file_size=file_size)
    header = first[8 : 8 + length]
    if len(header) < length:
        header += read(len(first), 8 + length - len(first))
    if len(header) < length:
        raise CheckpointError(f"is truncated inside its {length:,}-byte header", source=source)
    return parse_safetensors_header(header, file_size=file_size, source=source)


def read_safetensors(path: str | Path) -> TensorInventory:
    """The tensors of a local ``.safetensors`` file (only its header is read)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:

            def read(offset: int, length: int) -> bytes:
                handle.seek(offset)
                return handle.read(length)

            inventory = read_safetensors_from(read, file_size=size, source=str(path))
    except OSError as error:
        raise CheckpointError(f"cannot read: {error.strerror or error}", source=path) from None
    inventory.files.append(path)
    return inventory
