"""A model's files, however they are stored: one small interface, so every reader reads one way.

A model is a config.json, a few JSON siblings (``modules.json``, ``1_Pooling/config.json``, an
index) and weights whose *headers* configlint reads. The same model can be a local folder, a Hub
repo read by range requests, or a snapshot in huggingface_hub's cache; the context of the rules,
``load-report``, ``--fix`` and the audit must see it the same way, with the same limits and the same
messages. So they all read through :class:`ModelFiles`:

* :meth:`~ModelFiles.has` and :meth:`~ModelFiles.inside` answer questions by name (there is no
  listing: a stranger's folder can hold millions of entries, and no reader needs them all);
* :meth:`~ModelFiles.read_bytes` reads a small file whole, refused past a limit whatever its size claims,
  and :meth:`~ModelFiles.read_document` parses a JSON one, once (config.json, modules.json...);
* :meth:`~ModelFiles.open_binary` opens a weights file for the header readers (seekable; over
  HTTP every read becomes a range request).

Names are POSIX paths relative to the model; every refusal is an :class:`~configlint.errors.InputError`
(a :class:`~configlint.safe_fs.RefusedFileError` when configlint will not open the file) whose
source is :meth:`~ModelFiles.where` the file. The local implementations are here; the Hub's is
:class:`configlint.hub.weights.HubRepoFiles`.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, BinaryIO, Protocol

from configlint.errors import InputError
from configlint.safe_fs import ModelRoot, RefusedFileError, locate, model_root, open_in

if TYPE_CHECKING:
    from configlint.document import ConfigDocument


class ModelFiles(Protocol):
    """The files of one model, addressed by relative POSIX names."""

    @property
    def label(self) -> str:
        """The model as messages name it: the folder as given, or ``org/name@rev``."""
        ...

    def where(self, name: str) -> str:
        """One of its files as messages name it (the ``source`` of every error about it)."""
        ...

    def has(self, name: str) -> bool:
        """Whether an entry of that name is there (a file, a link, a FIFO: anything but a directory).

        Nothing is opened or followed: a weights file that links outside is *chosen* and then
        refused when read, with a message saying so, rather than skipped in silence.
        """
        ...

    def inside(self, name: str) -> bool:
        """Whether ``name`` (which need not exist) stays inside the model once links are resolved."""
        ...

    def read_bytes(self, name: str, limit: int) -> bytes:
        """The whole file, refused (:class:`~configlint.safe_fs.RefusedFileError`) past ``limit`` bytes."""
        ...

    def read_document(self, name: str, limit: int) -> ConfigDocument:
        """A JSON file of the model, parsed with positions (:func:`configlint.document.decode_document`), once."""
        ...

    def open_binary(self, name: str) -> BinaryIO:
        """A weights file, open for seekable binary reading (the caller closes it)."""
        ...


class MissingFileError(InputError):
    """The model has no file of that name."""


def join(*parts: str) -> str:
    """Relative names joined as POSIX paths, ``.`` and empty parts dropped (``"./1_Pooling/"`` + ``"config.json"``);
    ``""`` is the model folder itself."""
    joined = PurePosixPath(*(part for part in parts if part)).as_posix()
    return "" if joined == "." else joined


class LocalFolder:
    """A folder on disk, every file opened through :mod:`configlint.safe_fs`.

    Links are resolved by configlint and followed only while they stay inside the folder; only
    regular files are read (a FIFO or a device is refused, never waited on).
    """

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self.folder)!r})"

    @property
    def label(self) -> str:
        return str(self.folder)

    def path(self, name: str) -> Path:
        """Where ``name`` is, lexically (nothing resolved); a NUL byte names no file on any system."""
        if "\0" in name:
            raise RefusedFileError(
                "is not a file name (it holds a NUL byte); refused", source=self.folder / name.replace("\0", "\\0")
            )
        return self.folder / name

    def where(self, name: str) -> str:
        return str(self.path(name))

    def root(self) -> ModelRoot:
        """Where this folder's links may lead (see :class:`configlint.safe_fs.ModelRoot`)."""
        return model_root(self.folder)

    def has(self, name: str) -> bool:
        try:
            return not stat.S_ISDIR(os.lstat(self.path(name)).st_mode)
        except (OSError, InputError):
            return False

    def inside(self, name: str) -> bool:
        if not join(name):
            return True  # the folder itself
        if "\0" in name:
            return False
        try:
            with locate(self.path(name), self.root(), probe=True):
                return True
        except RefusedFileError:
            return False
        except InputError:
            return True  # missing, or not a directory: nothing outside was reached

    def open_binary(self, name: str) -> BinaryIO:
        path = self.path(name)
        with locate(path, self.root()) as location:
            fd = open_in(location, path)
        return open(fd, "rb")

    def read_bytes(self, name: str, limit: int) -> bytes:
        path = self.path(name)
        with self.open_binary(name) as handle:
            try:
                data = handle.read(limit + 1)
            except OSError as error:
                raise InputError(f"cannot read: {error.strerror or error}", source=path) from None
        if len(data) > limit:
            raise RefusedFileError(f"is larger than {limit:,} bytes; refused", source=path)
        return data

    def read_document(self, name: str, limit: int) -> ConfigDocument:
        from configlint.document import decode_document

        return decode_document(self.read_bytes(name, limit), self.where(name))


class SnapshotFolder(LocalFolder):
    """A snapshot in huggingface_hub's cache: ``models--org--name/snapshots/<rev>/``.

    There every file is a relative link into the repo's ``blobs/`` (huggingface_hub's
    ``file_download._create_symlink`` makes them), so links are legitimate here, but only into
    that repo's ``blobs/`` (and the cache-wide store huggingface_hub 2.x links those to, when
    its marker is there) or within the snapshot itself: never another snapshot, another repo, or
    anything else.
    """

    def root(self) -> ModelRoot:
        root = model_root(self.folder)
        if root.cache_repo is None:
            return root
        repo, snapshot = root.cache_repo, root.folder_parts[:3]  # (models--org--name, snapshots, <rev>)
        shared = tuple(prefix for prefix in root.allowed if prefix == ("blobs",))
        return _SnapshotRoot(root.folder, root.base, root.folder_parts, (snapshot, (repo, "blobs"), *shared), repo)


class _SnapshotRoot(ModelRoot):
    """A :class:`~configlint.safe_fs.ModelRoot` whose refusals say where a snapshot's links may lead."""

    def outside(self) -> str:
        return (
            f"resolves outside its huggingface_hub cache folder {self.cache_repo} (its snapshot and blobs/); "
            "refused: configlint follows a snapshot's links only there"
        )


def snapshot_of(folder: str | Path) -> bool:
    """True when ``folder`` is (inside) a huggingface_hub cache snapshot."""
    return model_root(folder).cache_repo is not None


def open_folder(folder: str | Path) -> LocalFolder:
    """The right implementation for a folder on disk: a cache snapshot, or a plain folder."""
    return SnapshotFolder(folder) if snapshot_of(folder) else LocalFolder(folder)


__all__ = ["LocalFolder", "MissingFileError", "ModelFiles", "SnapshotFolder", "join", "open_folder", "snapshot_of"]
