"""Write a file of a model folder all at once, inside the folder, keeping what the file was.

The path is resolved with :func:`configlint.safe_fs.locate` (links followed only inside the
folder) and the new text goes to ``.<name>.<random>.tmp`` in the directory the file really lives
in, held open: it is written, fsynced, given the original's owner, extended attributes and mode,
then renamed over the file (and the directory fsynced). A crash, a full disk or a kill at any
moment leaves the old file or the new one, never a mix.

Decisions, and why:

- **Owner.** A rename puts a new inode in place, owned by whoever wrote it: a fix run as root
  would turn another user's file into root's. The temporary gets the original's uid and gid with
  ``fchown`` before the rename; when that is not permitted (not root, file owned by someone
  else), the fix is refused rather than silently changing the owner.
- **Hard links** (``st_nlink > 1``) are refused. A rename would split them (the other names keep
  the old text), and the only way to change every name at once is to rewrite the inode in place,
  which a kill or a full disk can leave half-written — the one thing a fix must never do. The
  message says how to give the file a name of its own first.
- **Extended attributes** (ACLs, SELinux labels, user.* metadata) are copied where the platform
  has ``os.listxattr``; one that cannot be set on the new file refuses the fix, the file unchanged.
- **A huggingface_hub cache** is never written: it belongs to huggingface_hub, and its blobs are
  shared by every snapshot (and, with the shared store, every repo) that links to them.
- Read-only files and anything that is not a regular file are refused; a temporary left by a
  ``SIGKILL`` is removed by the next write once it is :data:`STALE_TEMPORARY_SECONDS` old.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import stat
import time
from pathlib import Path

from configlint.errors import InputError
from configlint.safe_fs import Location, ModelRoot, RefusedFileError, describe_kind, locate, model_root, open_in

STALE_TEMPORARY_SECONDS = 600
"""A temporary file this old beside its target was left by a killed write; the next write removes it."""

NEW_FILE_MODE = 0o644
_TEMPORARY_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789_"
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


def _writable_root(path: Path, root: str | Path | None) -> ModelRoot:
    model = model_root(path.parent if root is None else root)
    if model.cache_repo is not None:
        raise RefusedFileError(
            f"is in the huggingface_hub cache ({model.cache_repo}), which belongs to huggingface_hub and whose files "
            "several snapshots may share; not written: copy the folder first (cp -rL SNAPSHOT COPY) and work on the copy",
            source=path,
        )
    return model


def check_writable(path: str | Path, *, root: str | Path | None = None) -> None:
    """Refuse now what :func:`write_text_atomic` would refuse, writing nothing (missing folders are fine).

    A command that writes several files checks them all first, so a refusal never leaves it half-applied.
    """
    path = Path(path)
    with locate(path, _writable_root(path, root), probe=True) as location:
        _writable_original(location, path)


def write_text_atomic(path: str | Path, text: str, *, root: str | Path | None = None, make_directories: bool = False) -> None:
    """Replace (or create) ``path`` inside the model folder ``root`` (default: its own folder) with ``text``.

    UTF-8, line endings exactly as given. Every refusal and failure is an :class:`InputError`
    that leaves the file as it was and no temporary behind.
    """
    path = Path(path)
    model = _writable_root(path, root)
    with locate(path, model, make_directories=make_directories) as location:
        original = _writable_original(location, path)
        _remove_stale_temporaries(location)
        temporary, fd = _create_temporary(location, path)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as stream:
                stream.write(text)
                stream.flush()
                os.fsync(stream.fileno())
                _keep_metadata(location, original, stream.fileno(), path)
            os.replace(temporary, location.name, src_dir_fd=location.dir_fd, dst_dir_fd=location.dir_fd)
        except BaseException as error:
            _unlink_quietly(location, temporary)
            if isinstance(error, OSError):  # a full disk, a file made immutable meanwhile...
                raise InputError(f"cannot write: {error.strerror or error}; the file is unchanged", source=path) from None
            raise
        try:
            os.fsync(location.dir_fd)  # the rename itself survives a power cut
        except OSError:
            pass  # the new file is in place; some file systems cannot sync a directory


def _writable_original(location: Location, path: Path) -> os.stat_result | None:
    """The file being replaced (None: a new file), after refusing what must not be replaced."""
    status = location.status
    if status is None:
        return None
    if not stat.S_ISREG(status.st_mode):
        raise RefusedFileError(f"is {describe_kind(status.st_mode)}, not a regular file; not written", source=path)
    # Mode bits too, not only access(): root may write anything, but a read-only file says "keep".
    if not os.access(location.name, os.W_OK, dir_fd=location.dir_fd) or not status.st_mode & 0o222:
        raise InputError("file is read-only; not fixed", source=path)
    if status.st_nlink > 1:
        raise RefusedFileError(
            f"has {status.st_nlink} hard links; not fixed: replacing it would leave the other links with the old text, "
            "and rewriting it in place could leave it half-written. Give it a name of its own first "
            "(cp FILE FILE.new && mv FILE.new FILE)",
            source=path,
        )
    return status


def _create_temporary(location: Location, path: Path) -> tuple[str, int]:
    """``.<name>.<8 random characters>.tmp`` beside the file, created exclusively (never through a link)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | _CLOEXEC
    for _ in range(100):
        name = f".{location.name}.{''.join(secrets.choice(_TEMPORARY_ALPHABET) for _ in range(8))}.tmp"
        try:
            return name, os.open(name, flags, 0o600, dir_fd=location.dir_fd)
        except FileExistsError:
            continue
        except OSError as error:
            raise InputError(f"cannot write beside the file: {error.strerror or error}; not fixed", source=path) from None
    raise InputError("cannot write beside the file: no free temporary name; not fixed", source=path)


def _keep_metadata(location: Location, original: os.stat_result | None, fd: int, path: Path) -> None:
    """Give the temporary (open as ``fd``) the original's owner, extended attributes and mode."""
    if original is None:
        os.fchmod(fd, NEW_FILE_MODE)
        return
    current = os.fstat(fd)
    if (current.st_uid, current.st_gid) != (original.st_uid, original.st_gid):
        try:
            os.fchown(fd, original.st_uid, original.st_gid)
        except PermissionError:
            raise InputError(
                f"is owned by uid {original.st_uid}, gid {original.st_gid}; configlint (uid {os.geteuid()}) cannot give the "
                "fixed file the same owner; not fixed, the file is unchanged",
                source=path,
            ) from None
    _copy_xattrs(location, fd, path)
    os.fchmod(fd, stat.S_IMODE(original.st_mode))  # after fchown, which may clear set-id bits


def _copy_xattrs(location: Location, fd: int, path: Path) -> None:
    if not hasattr(os, "listxattr"):
        return  # macOS and Windows: Python offers no xattr calls there
    source = open_in(location, path)  # the same checks as any read: a regular file, not a link
    try:
        try:
            names = os.listxattr(source)
        except OSError as error:
            if error.errno in (errno.ENOTSUP, errno.EOPNOTSUPP):
                return
            raise
        for name in names:
            value = os.getxattr(source, name)
            try:
                if os.getxattr(fd, name) == value:
                    continue  # a label the new file already has (SELinux gives one to every new file)
            except OSError:
                pass
            try:
                os.setxattr(fd, name, value)
            except OSError as error:
                raise InputError(
                    f"cannot keep its extended attribute {name}: {error.strerror or error}; not fixed, the file is unchanged",
                    source=path,
                ) from None
    finally:
        os.close(source)


def _temporary_pattern(name: str) -> re.Pattern[str]:
    """The names :func:`_create_temporary` gives this file's temporaries (and ``tempfile.mkstemp`` did)."""
    return re.compile(rf"\.{re.escape(name)}\.[a-z0-9_]{{8}}\.tmp")


def _remove_stale_temporaries(location: Location) -> None:
    pattern = _temporary_pattern(location.name)
    cutoff = time.time() - STALE_TEMPORARY_SECONDS
    try:
        with os.scandir(location.dir_fd) as entries:
            stale = [
                entry.name
                for entry in entries
                if pattern.fullmatch(entry.name)
                and entry.is_file(follow_symlinks=False)
                and entry.stat(follow_symlinks=False).st_mtime < cutoff
            ]
        for name in stale:
            _unlink_quietly(location, name)
    except OSError:
        pass  # cleaning up is a courtesy; the write itself reports real problems


def _unlink_quietly(location: Location, name: str) -> None:
    try:
        os.unlink(name, dir_fd=location.dir_fd)
    except OSError:
        pass
