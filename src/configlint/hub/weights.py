"""Read a Hub repo's tensor headers with a few range requests, through the same parsers as local files.

The weights file is chosen as transformers chooses it (:data:`configlint.checkpoint.WEIGHT_FILES`
order) from the repo's file list. Then:

* ``model.safetensors``: the 8-byte length and the JSON header, usually in one 64 KiB read;
* ``*.index.json``: the index, validated by :func:`~configlint.checkpoint.sharded.shard_names`
  (shard names that leave the repo are refused), then each shard's header, merged by
  :func:`~configlint.checkpoint.sharded.merge_shards`;
* ``pytorch_model.bin`` (a zip since torch 1.6): :class:`RangeFile` makes the file seekable over
  HTTP, so :mod:`zipfile` reads only the end-of-archive record, the central directory and the
  ``data.pkl`` member — typically two reads, one at each end. A legacy (pre-zip) pickle is read
  only when it is small: its tensor list is interleaved with data that is not worth streaming.

Each file is read from the local Hugging Face cache when a snapshot of the commit holds it.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Protocol

from configlint.checkpoint.discovery import WEIGHT_FILES
from configlint.checkpoint.inventory import TensorInventory
from configlint.checkpoint.safetensors_header import FIRST_READ, read_safetensors_from
from configlint.checkpoint.sharded import merge_shards, shard_names
from configlint.checkpoint.torch_bin import LFS_PREFIX, read_torch_file
from configlint.context import CheckpointRead
from configlint.errors import CheckpointError
from configlint.hub.errors import HubError

READAHEAD = FIRST_READ
"""Every range read fetches at least this much: a zip's tail and data.pkl usually fit in one read each."""
SPECULATIVE_READ = FIRST_READ
"""The first read of a weights file whose size is not known yet (64 KiB). A safetensors header is
about 100 bytes per tensor: BERT-base's ~200 tensors make ~20 KB, BERT-large's ~390 ~40 KB, so one
read holds the length prefix and the whole header of every BERT-family size; a longer header costs
one more request for the rest. It also holds a zip's leading magic and a small index file whole."""
LEGACY_REMOTE_MAX = 4 * 1024 * 1024
"""Legacy (non-zip) torch pickles are read remotely only up to this size."""
MAX_JSON_BYTES = 8 * 1024 * 1024
"""config.json, modules.json and index files larger than this are refused (real ones are kilobytes)."""


class Blob(Protocol):
    """One repo file, readable by byte range: a Hub file or its copy in the local cache."""

    name: str

    @property
    def size(self) -> int: ...

    def read(self, offset: int, length: int) -> bytes: ...


@dataclass
class LocalBlob:
    """A file of a cached snapshot (huggingface_hub's cache), read like a remote one."""

    name: str
    size: int
    path: Path

    def read(self, offset: int, length: int) -> bytes:
        with self.path.open("rb") as handle:
            handle.seek(offset)
            return handle.read(length)


class RangeFile(io.RawIOBase):
    """A read-only, seekable file over ``Blob.read``, remembering what it fetched.

    Reads shorter than :data:`READAHEAD` fetch :data:`READAHEAD` bytes, aligned to end at the end
    of the file when they would run past it: that turns zipfile's many small reads near the end
    of the archive (end record, central directory) into one request.
    """

    def __init__(self, blob: Blob) -> None:
        super().__init__()
        self.blob = blob
        self.position = 0
        self.spans: list[tuple[int, bytes]] = []

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self.position, io.SEEK_END: self.blob.size}[whence]
        if base + offset < 0:
            raise ValueError("negative seek position")
        self.position = base + offset
        return self.position

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self.read_at(self.position, len(buffer))
        buffer[: len(data)] = data
        self.position += len(data)
        return len(data)

    def read_at(self, offset: int, length: int) -> bytes:
        length = max(0, min(length, self.blob.size - offset))
        if length == 0:
            return b""
        for start, data in self.spans:
            if start <= offset and offset + length <= start + len(data):
                return data[offset - start : offset - start + length]
        window = max(length, READAHEAD)
        start = max(0, min(offset, self.blob.size - window))
        data = self.blob.read(start, min(window, self.blob.size - start))
        self.spans.append((start, data))
        return data[offset - start : offset - start + length]


def choose_weights(names: set[str] | Mapping[str, object]) -> str | None:
    """The weights file transformers would load, given the repo's file names (None: no weights)."""
    return next((name for name in WEIGHT_FILES if name in names), None)


def read_remote_checkpoint(
    name: str,
    open_blob: Callable[[str], Blob | None],
    *,
    source: str,
) -> CheckpointRead:
    """The inventory of weights file ``name`` (or why it is unusable, as :class:`CheckpointError`).

    ``open_blob`` gives a repo file by name (None when the repo has no such file). Network
    problems propagate as :class:`HubError`: they say nothing about the weights.
    """
    where = f"{source}/{name}"
    try:
        blob = open_blob(name)
        if blob is None:
            raise CheckpointError("is listed but cannot be opened", source=where)
        if name.endswith(".index.json"):
            inventory = _read_index(blob, open_blob, source)
        else:
            inventory = _read_file(blob, where)
    except CheckpointError as error:
        return CheckpointRead(error=error, source=where)
    return CheckpointRead(inventory=inventory, source=where)


def _read_file(blob: Blob, where: str) -> TensorInventory:
    if blob.name.endswith(".safetensors"):
        inventory = read_safetensors_from(RangeFile(blob).read_at, file_size=blob.size, source=where)
    elif blob.name.endswith((".bin", ".pt", ".pth")):
        inventory = _read_torch(blob, where)
    else:
        raise CheckpointError("is not a checkpoint file configlint can read", source=where)
    inventory.files.append(Path(where))
    return inventory


def _read_torch(blob: Blob, where: str) -> TensorInventory:
    raw = RangeFile(blob)
    start = raw.read_at(0, 4)
    if not start.startswith((b"PK", LFS_PREFIX)) and blob.size > LEGACY_REMOTE_MAX:
        raise HubError(
            "too-large",
            f"{blob.name} is a legacy (pre-zip) torch pickle of {blob.size:,} bytes; configlint reads those remotely "
            f"only up to {LEGACY_REMOTE_MAX:,} bytes (download it and check the folder)",
            source=where.rpartition("/")[0],
        )
    return read_torch_file(io.BufferedReader(raw, READAHEAD), where)


def _read_index(blob: Blob, open_blob: Callable[[str], Blob | None], source: str) -> TensorInventory:
    where = f"{source}/{blob.name}"
    if blob.size > MAX_JSON_BYTES:
        raise CheckpointError(f"index is {blob.size:,} bytes; refused", source=where)
    try:
        index = json.loads(blob.read(0, blob.size).decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise CheckpointError(f"cannot read the index: {str(error)[:80]}", source=where) from None
    weight_map = shard_names(index, source=where)
    folder = PurePosixPath(blob.name).parent
    shards: dict[str, TensorInventory] = {}
    for shard in sorted(set(weight_map.values())):
        path = (folder / PurePosixPath(shard.replace("\\", "/"))).as_posix()
        shard_blob = open_blob(path)
        if shard_blob is None:
            raise CheckpointError(f"shard {shard!r} named by the index is missing", source=where)
        shards[shard] = _read_file(shard_blob, f"{source}/{path}")
    return merge_shards(weight_map, shards, source=where)
