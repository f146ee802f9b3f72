"""A Hub repo's files as a :class:`~configlint.model_files.ModelFiles`: small files whole, weights by range.

Everything that reads a model (the rules' context, ``load-report``, the audit) reads a Hub repo
through :class:`HubRepoFiles`, and its weights through the same reader as a local folder
(:func:`configlint.checkpoint.discovery.read_weights`): the file is chosen as transformers
chooses it from the repo's file list, then

* ``model.safetensors``: the 8-byte length and the JSON header, usually in one 64 KiB read;
* ``*.index.json``: the index (one parser, :func:`~configlint.checkpoint.sharded.read_index`), then
  each shard's header, merged by :func:`~configlint.checkpoint.sharded.merge_shards`;
* ``pytorch_model.bin`` (a zip since torch 1.6): :class:`RangeFile` makes the file seekable over
  HTTP, so :mod:`zipfile` reads only the end-of-archive record, the central directory and the
  ``data.pkl`` member — typically two reads, one at each end. A legacy (pre-zip) pickle is read
  only when it is small: its tensor list is interleaved with data that is not worth streaming.

A file already in huggingface_hub's cache for the commit is read from there, as a
:class:`~configlint.model_files.SnapshotFolder` (links only into that repo's ``blobs/``); a small
file read once (config.json, modules.json) is kept, so the rules read it without another request.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, BinaryIO, Protocol, TypeVar

from configlint.checkpoint.safetensors_header import FIRST_READ
from configlint.hub.errors import HubError
from configlint.model_files import MissingFileError, SnapshotFolder, join

if TYPE_CHECKING:
    from configlint.document import ConfigDocument
    from configlint.hub.source import RemoteSource
    from configlint.hub.transfer import HubFiles

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
"""config.json, modules.json and module configs larger than this are refused (real ones are kilobytes)."""
_TORCH_NAMES = (".bin", ".pt", ".pth")
T = TypeVar("T")


class Blob(Protocol):
    """One repo file, readable by byte range."""

    name: str

    @property
    def size(self) -> int: ...

    def read(self, offset: int, length: int) -> bytes: ...


class RemoteBlob:
    """A repo file read by ranges. Its size comes from the model info, or, when a model listing gave
    only the name, from the first read: :data:`SPECULATIVE_READ` bytes from the start, kept, so a
    safetensors header that fits costs that one request (two with the Hub's LFS redirect)."""

    def __init__(self, name: str, size: int | None, files: HubFiles) -> None:
        self.name = name
        self._size = size
        self.files = files
        self._head = b""

    @property
    def size(self) -> int:
        if self._size is None:
            self._head, self._size = self.files.read_head(self.name, SPECULATIVE_READ)
        return self._size

    def read(self, offset: int, length: int) -> bytes:
        if offset + length <= len(self._head):
            return self._head[offset : offset + length]
        return self.files.read_range(self.name, offset, length)


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


class HubRepoFiles:
    """One commit of a Hub repo as :class:`~configlint.model_files.ModelFiles`.

    ``sizes`` is the commit's file list (sizes None when a model listing did not say them);
    ``remote`` None reads nothing from the network (``HF_HUB_OFFLINE``, or a configlint cache
    entry, whose files are given as ``texts``).
    """

    def __init__(
        self,
        source: RemoteSource,
        commit: str,
        sizes: dict[str, int | None] | None = None,
        remote: HubFiles | None = None,
        *,
        texts: dict[str, bytes] | None = None,
    ) -> None:
        self.source = source
        self.commit = commit
        self.sizes = sizes or {}
        self.remote = remote
        self.texts: dict[str, bytes] = dict(texts or {})
        """Small files read whole so far (and the cache entry's), by name: read once, then kept."""
        self.documents: dict[str, ConfigDocument] = {}

    @property
    def label(self) -> str:
        return str(self.source)

    def where(self, name: str) -> str:
        return f"{self.source}/{name}"

    def cached(self, name: str) -> SnapshotFolder | None:
        """The snapshot of this commit in huggingface_hub's cache holding ``name``, if a download left it there."""
        from huggingface_hub import try_to_load_from_cache

        found = try_to_load_from_cache(self.source.repo_id, name, revision=self.commit)
        if not isinstance(found, str):
            return None
        return SnapshotFolder(Path(found).parents[len(PurePosixPath(name).parts) - 1])

    def has(self, name: str) -> bool:
        name = join(name)
        return name in self.texts or name in self.sizes or self.cached(name) is not None

    def inside(self, name: str) -> bool:
        from configlint.module_paths import module_path_problem

        return module_path_problem(name) is None  # a repo has no links: the name alone decides

    def read_bytes(self, name: str, limit: int) -> bytes:
        from configlint.safe_fs import RefusedFileError

        name = join(name)
        if name in self.texts:
            data = self.texts[name]
        elif (local := self.cached(name)) is not None:
            data = local.read_bytes(name, limit)
        elif self.remote is not None and name in self.sizes:
            listed = self.sizes[name]
            if listed is not None and listed > limit:
                raise RefusedFileError(f"is larger than {limit:,} bytes; refused", source=self.where(name))
            data = self.remote.read_whole(name, limit)
        else:
            raise MissingFileError("no such file", source=self.where(name))
        if len(data) > limit:
            raise RefusedFileError(f"is larger than {limit:,} bytes; refused", source=self.where(name))
        self.texts[name] = data
        return data

    def read_document(self, name: str, limit: int) -> ConfigDocument:
        """Parsed once per repo: the fetch's check of ``modules.json`` and the rules share one parse."""
        from configlint.document import decode_document

        name = join(name)
        if name not in self.documents:
            self.documents[name] = decode_document(self.read_bytes(name, limit), self.where(name))
        return self.documents[name]

    def open_binary(self, name: str) -> BinaryIO:
        name = join(name)
        local = self.cached(name)
        if local is not None:
            return local.open_binary(name)
        if self.remote is None or name not in self.sizes:
            raise MissingFileError("is listed but cannot be opened", source=self.where(name))
        from configlint.checkpoint.torch_bin import LFS_PREFIX

        raw = RangeFile(RemoteBlob(name, self.sizes[name], self.remote))
        legacy = name.endswith(_TORCH_NAMES) and not raw.read_at(0, 4).startswith((b"PK", LFS_PREFIX))
        if legacy and raw.blob.size > LEGACY_REMOTE_MAX:
            raise HubError(
                "too-large",
                f"{name} is a legacy (pre-zip) torch pickle of {raw.blob.size:,} bytes; configlint reads those remotely "
                f"only up to {LEGACY_REMOTE_MAX:,} bytes (download it and check the folder)",
                source=self.source,
            )
        return io.BufferedReader(raw, READAHEAD)


def json_text(files: HubRepoFiles, name: str) -> str | None:
    """A small JSON file of the repo as text (None when there is none); too large is a ``too-large`` error."""
    return _small(files, name, lambda: files.read_bytes(name, MAX_JSON_BYTES).decode("utf-8", errors="replace"))


def json_document(files: HubRepoFiles, name: str) -> ConfigDocument | None:
    """A small JSON file of the repo, parsed once (None when there is none); too large is a ``too-large`` error."""
    return _small(files, name, lambda: files.read_document(name, MAX_JSON_BYTES))


def _small(files: HubRepoFiles, name: str, read: Callable[[], T]) -> T | None:
    from configlint.safe_fs import RefusedFileError

    if not files.has(name):
        return None
    try:
        return read()
    except MissingFileError:
        return None
    except RefusedFileError as error:
        raise HubError("too-large", f"{name} {error.message}", source=files.source) from None
