"""The one place that opens files of a model folder: nothing outside the folder, nothing irregular.

configlint reads folders written by strangers. A planted ``config.json -> /etc/shadow``, a
``model.safetensors -> /dev/zero`` or a FIFO named ``config.json`` must not make it read, hang
on, or write anything outside the folder it was asked to check. So every path is walked from
the folder's own directory, one component at a time, with ``openat``-style calls (``dir_fd``)
and ``O_NOFOLLOW``: symbolic links are read with ``readlink`` and resolved here, never by the
kernel, and a link whose target leaves the folder is refused before anything behind it is
opened. The directories walked through stay open, so swapping one for a link half-way cannot
redirect the open. The file itself is refused unless ``lstat`` says it is a regular file, and
is then opened ``O_NONBLOCK | O_NOFOLLOW`` and checked again with ``fstat`` on the descriptor
(a FIFO swapped in after the ``lstat`` cannot block the open, nor be read).

One layout widens the folder: a huggingface_hub cache snapshot
(``models--org--name/snapshots/<rev>/config.json -> ../../blobs/<etag>``, relative links, as
huggingface_hub's ``file_download._create_symlink`` makes them) is the normal form of every
downloaded model. Inside a snapshot, links may resolve anywhere in the same ``models--org--name``
folder, and into the cache-wide shared blob store (``<cache>/blobs/``, marked by
``.huggingface-shared-blobs``) to which huggingface_hub 2.x links a repo's ``blobs/<etag>``;
never into another repo's folder or elsewhere. Writing into a cache is refused: see
:mod:`configlint.safe_write`.
"""

import contextlib
import errno
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import BinaryIO, NamedTuple

from configlint.errors import InputError

MAX_SYMLINKS = 40
"""Links followed while resolving one path (Linux's own limit), so a loop of links ends."""

_CACHE_REPO = r"models--.+"  # compiled by ``re`` on first use: only a snapshot-shaped path asks
_SHARED_BLOBS_MARKER = ".huggingface-shared-blobs"
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_DIRECTORY_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | _CLOEXEC
_READ_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | _CLOEXEC


class RefusedFileError(InputError):
    """configlint would not open this file (outside the folder, not a regular file).

    It says what configlint refuses and why, nothing about what another tool would do with the file.
    """


class ModelRoot(NamedTuple):
    """Where a model folder's files may resolve to.

    Walks start at ``base`` (the folder itself, resolved; or the cache directory holding a
    ``models--org--name`` repo folder) and descend ``folder_parts`` to the model folder. A file
    is inside when its resolved parts, relative to ``base``, begin with one of ``allowed``.
    """

    folder: str
    """The folder as named (absolute, not resolved): paths are placed in it lexically."""
    base: str
    folder_parts: tuple[str, ...] = ()
    allowed: tuple[tuple[str, ...], ...] = ((),)
    cache_repo: str | None = None
    """``models--org--name`` when the folder is a huggingface_hub cache snapshot (or inside one)."""

    def outside(self) -> str:
        if self.cache_repo is None:
            return (
                "resolves outside the model folder (through a symbolic link); refused: configlint reads and writes only inside it"
            )
        return f"resolves outside its huggingface_hub cache folder {self.cache_repo}; refused: configlint follows links only within it"


def model_root(folder: str | Path) -> ModelRoot:
    """The :class:`ModelRoot` of a model folder; the folder named by the user is trusted as named."""
    named = os.path.abspath(folder)
    real = Path(os.path.realpath(named))
    for snapshot in (real, *real.parents):
        snapshots = snapshot.parent
        repo = snapshots.parent
        if snapshots.name == "snapshots" and snapshot.name and re.fullmatch(_CACHE_REPO, repo.name):
            allowed: tuple[tuple[str, ...], ...] = ((repo.name,),)
            with contextlib.suppress(OSError):
                if stat.S_ISREG(os.lstat(repo.parent / "blobs" / _SHARED_BLOBS_MARKER).st_mode):
                    allowed += (("blobs",),)
            return ModelRoot(named, str(repo.parent), real.relative_to(repo.parent).parts, allowed, repo.name)
    return ModelRoot(named, str(real))


class Location(NamedTuple):
    """Where a path resolved to: a directory held open and a name in it (which may not exist yet)."""

    dir_fd: int
    name: str
    parts: tuple[str, ...]
    """The resolved path relative to the root's base."""
    status: os.stat_result | None
    """``lstat`` of the entry (never a symlink: links are resolved), None when it does not exist."""


def describe_kind(mode: int) -> str:
    """What a non-regular file is, for a message."""
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _relative_parts(path: Path, root: ModelRoot) -> tuple[str, ...]:
    relative = os.path.relpath(os.path.abspath(path), root.folder)
    if relative == ".." or relative.startswith(".." + os.sep):
        raise RefusedFileError("is not inside the model folder; refused", source=path)
    return tuple(part for part in PurePosixPath(relative).parts if part != ".")


@contextlib.contextmanager
def locate(path: str | Path, root: ModelRoot, *, make_directories: bool = False, probe: bool = False) -> Iterator[Location]:
    """Resolve ``path`` (inside ``root.folder``) component by component from ``root.base``.

    Yields the last component's directory, held open, and its name; closes every descriptor on
    exit. Raises :class:`RefusedFileError` when a link leaves the root, and :class:`InputError`
    when a component is missing (unless ``make_directories``, which creates directories inside,
    or ``probe``, which yields the first missing directory: whatever goes below it will be new).
    """
    path = Path(path)
    held: list[int] = []
    try:
        try:
            location = _resolve(path, root, held, make_directories=make_directories, probe=probe)
        except OSError as error:  # a component swapped for a link meanwhile (ELOOP), a name too long...
            raise InputError(f"cannot open: {error.strerror or error}", source=path) from None
        yield location
    finally:
        for fd in held:
            os.close(fd)


def _resolve(path: Path, root: ModelRoot, held: list[int], *, make_directories: bool, probe: bool = False) -> Location:
    """The walk of :func:`locate`; ``held`` collects the directory descriptors (the caller closes them)."""
    pending = [*root.folder_parts, *_relative_parts(path, root)][::-1]  # a stack: the next component last
    held.append(os.open(root.base, _DIRECTORY_FLAGS & ~os.O_NOFOLLOW))
    parts: list[str] = []
    links = 0
    while pending:
        component = pending.pop()
        if component in ("", "."):
            continue
        if component == "..":
            if not parts:
                raise RefusedFileError(root.outside(), source=path)
            parts.pop()
            os.close(held.pop())
            continue
        try:
            status: os.stat_result | None = os.stat(component, dir_fd=held[-1], follow_symlinks=False)
        except FileNotFoundError:
            status = None
        if status is not None and stat.S_ISLNK(status.st_mode):
            links += 1
            if links > MAX_SYMLINKS:
                raise InputError("too many levels of symbolic links", source=path)
            target = PurePosixPath(os.readlink(component, dir_fd=held[-1]))
            if target.is_absolute():
                if not target.is_relative_to(root.base):
                    raise RefusedFileError(root.outside(), source=path)
                while len(held) > 1:
                    os.close(held.pop())
                parts.clear()
                target = target.relative_to(root.base)
            pending.extend(target.parts[::-1])
            continue
        if all(item in ("", ".") for item in pending) or (status is None and probe):
            resolved = (*parts, component)
            if not any(resolved[: len(prefix)] == prefix for prefix in root.allowed):
                raise RefusedFileError(root.outside(), source=path)
            return Location(held[-1], component, resolved, status)
        if status is None:
            if not make_directories:
                raise InputError("no such file", source=path)
            os.mkdir(component, 0o755, dir_fd=held[-1])
        elif not stat.S_ISDIR(status.st_mode):
            raise InputError(f"{'/'.join((*parts, component))} is not a directory", source=path)
        held.append(os.open(component, _DIRECTORY_FLAGS, dir_fd=held[-1]))
        parts.append(component)
    raise RefusedFileError("is a directory, not a file", source=path)


def _check_regular(status: os.stat_result | None, path: Path) -> None:
    if status is None:
        raise InputError("no such file", source=path)
    if stat.S_ISDIR(status.st_mode):
        raise RefusedFileError("is a directory, not a file", source=path)
    if not stat.S_ISREG(status.st_mode):
        raise RefusedFileError(f"is {describe_kind(status.st_mode)}, not a regular file; refused", source=path)


def open_in(location: Location, path: Path) -> int:
    """Open the regular file at ``location`` for reading; the descriptor is checked with ``fstat``."""
    _check_regular(location.status, path)
    try:
        fd = os.open(location.name, _READ_FLAGS, dir_fd=location.dir_fd)
    except OSError as error:
        if error.errno == errno.ELOOP:  # replaced by a symlink since it was looked at
            raise RefusedFileError("became a symbolic link while it was opened; refused", source=path) from None
        raise InputError(f"cannot read: {error.strerror or error}", source=path) from None
    status = os.fstat(fd)
    if not stat.S_ISREG(status.st_mode):
        os.close(fd)
        _check_regular(status, path)
    return fd


def open_regular(path: str | Path, *, root: str | Path | None = None) -> BinaryIO:
    """A regular file inside the model folder ``root`` (default: the file's own folder), open for binary reading.

    Raises :class:`RefusedFileError` for anything outside the folder or not a regular file, and
    :class:`InputError` when it cannot be read; nothing blocks (FIFOs are never waited on).
    """
    path = Path(path)
    model = model_root(path.parent if root is None else root)
    with locate(path, model) as location:
        fd = open_in(location, path)
    return open(fd, "rb")  # builtins.open, not os.fdopen: one way in, whatever a test patches


def read_regular_bytes(path: str | Path, *, root: str | Path | None = None, limit: int | None = None) -> bytes:
    """The bytes of a regular file inside ``root`` (see :func:`open_regular`), at most ``limit`` of them.

    A file longer than ``limit`` is refused after reading ``limit + 1`` bytes, whatever its size claims.
    """
    with open_regular(path, root=root) as handle:
        try:
            data = handle.read() if limit is None else handle.read(limit + 1)
        except OSError as error:
            raise InputError(f"cannot read: {error.strerror or error}", source=path) from None
    if limit is not None and len(data) > limit:
        raise RefusedFileError(f"is larger than {limit:,} bytes; refused", source=path)
    return data


def entry_exists(path: str | Path) -> bool:
    """Whether a directory entry of any kind (a dangling link too) has this name; nothing is followed."""
    try:
        os.lstat(path)
    except OSError:
        return False
    return True
