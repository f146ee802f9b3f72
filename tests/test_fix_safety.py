"""Fixers lose nothing: ``check --fix``, ``fix`` and ``migrate`` under faults, kills, read-only
files and symlinks.

Faults are injected at every step of :func:`configlint.fixing.atomic_write` (the write, the
fsync, the chmod, the rename) through the real commands; a subprocess is SIGKILLed while it is
inside a write. Afterwards the original bytes are intact, and no temporary file remains (or, after
a SIGKILL, one obviously named leftover that the next write removes once it is stale).
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from _cli_support import CliRun, assert_clean_exit, run_cli
from configlint import fixing

LEGACY = b'{\n  "architectures": ["BertForMaskedLM"],\n  "hidden_size": 768,\n  "num_attention_heads": 12\n}\n'
"""A config every writing command changes: check --fix adds model_type, google-to-hf migrates it."""

COMMANDS: dict[str, list[str]] = {
    "check --fix": ["check", "--fix"],
    "fix": ["fix"],
    "migrate": ["migrate", "google-to-hf"],
}


def _full_disk(*args: object, **kwargs: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _interrupt(*args: object, **kwargs: object) -> None:
    raise KeyboardInterrupt


def _raises(error: OSError) -> Callable[..., None]:
    """A stand-in for an ``os`` call that fails with ``error``, whatever it is called with."""

    def fail(*args: object, **kwargs: object) -> None:
        raise error

    return fail


_FDOPEN = os.fdopen  # the real one: the fault below replaces os.fdopen with _FailingStream


class _FailingStream:
    """What ``os.fdopen`` returns when the disk fills up halfway through the text."""

    def __init__(self, handle: int, *args: object, **kwargs: object) -> None:
        self.raw = _FDOPEN(handle, "w", encoding="utf-8", newline="")

    def __enter__(self) -> _FailingStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.raw.close()

    def write(self, text: str) -> None:
        self.raw.write(text[: len(text) // 2])
        self.raw.flush()
        _full_disk()


FAULTS: dict[str, tuple[str, Callable[..., object]]] = {
    "write-half-then-disk-full": ("fdopen", _FailingStream),
    "fsync-disk-full": ("fsync", _full_disk),
    "chmod-denied": ("fchmod", _raises(PermissionError(errno.EPERM, "Operation not permitted"))),
    "rename-denied": ("replace", _raises(PermissionError(errno.EACCES, "Permission denied"))),
    "rename-interrupted": ("replace", _interrupt),
}


def _model(tmp_path: Path, content: bytes = LEGACY) -> Path:
    folder = tmp_path / "model"
    folder.mkdir(parents=True)
    path = folder / "config.json"
    path.write_bytes(content)
    return path


def _leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.name.endswith(".tmp"))


@pytest.mark.parametrize("fault", sorted(FAULTS))
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_failed_write_leaves_the_original_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, fault: str
) -> None:
    path = _model(tmp_path)
    name, replacement = FAULTS[fault]
    monkeypatch.setattr(os, name, replacement)
    run = run_cli([*COMMANDS[command], str(path)])
    monkeypatch.undo()
    assert path.read_bytes() == LEGACY
    assert sorted(p.name for p in path.parent.iterdir()) == ["config.json"]
    assert_clean_exit(run, allowed=(2,))
    assert len(run.err.strip().splitlines()) == 1
    expected = "aborted" if fault == "rename-interrupted" else "the file is unchanged"
    assert expected in run.err


def test_the_same_commands_do_write_without_a_fault(tmp_path: Path) -> None:
    """The control for the test above: each command changes this file when nothing fails."""
    for index, command in enumerate(COMMANDS.values()):
        path = _model(tmp_path / str(index))
        assert_clean_exit(run_cli([*command, str(path)]), allowed=(0, 1))
        assert path.read_bytes() != LEGACY and _leftovers(path.parent) == []


_PAUSED_WRITER = """
import os, sys, time
from pathlib import Path
from configlint import fixing

def pause(*args, **kwargs):
    print("paused", flush=True)
    time.sleep(600)

setattr(os, sys.argv[2], pause)
fixing.atomic_write(Path(sys.argv[1]), "x" * 1_000_000)
"""


@pytest.mark.parametrize("step", ["fsync", "replace"])
def test_a_kill_inside_the_write_leaves_the_original_and_a_leftover_the_next_write_removes(tmp_path: Path, step: str) -> None:
    path = _model(tmp_path)
    writer = subprocess.Popen([sys.executable, "-c", _PAUSED_WRITER, str(path), step], stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "paused"
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=30)
    assert path.read_bytes() == LEGACY
    leftovers = _leftovers(path.parent)
    assert len(leftovers) == 1 and leftovers[0].startswith(".config.json.")
    leftover = path.parent / leftovers[0]
    assert leftover.stat().st_size == 1_000_000  # the new text was complete; only the rename was missing

    # A fresh leftover may be a concurrent writer's: the next run keeps it.
    assert_clean_exit(run_cli(["check", "--fix", str(path)]), allowed=(0, 1))
    assert leftover.exists() and path.read_bytes() != LEGACY
    # Once stale, the next write removes it.
    stale = time.time() - fixing.STALE_TEMPORARY_SECONDS - 60
    os.utime(leftover, (stale, stale))
    path.write_bytes(LEGACY)
    assert_clean_exit(run_cli(["fix", str(path)]), allowed=(0, 1))
    assert _leftovers(path.parent) == []


_BIG_WRITER = """
import sys
from pathlib import Path
from configlint import fixing

print("start", flush=True)
fixing.atomic_write(Path(sys.argv[1]), sys.argv[2] * 20_000_000)
"""


@pytest.mark.parametrize("delay", [0.0, 0.01, 0.05])
def test_a_kill_at_any_moment_leaves_old_or_new_never_a_mix(tmp_path: Path, delay: float) -> None:
    """A 20 MB write killed at some point: the file holds the old bytes or all of the new ones."""
    path = _model(tmp_path)
    writer = subprocess.Popen([sys.executable, "-c", _BIG_WRITER, str(path), "y"], stdout=subprocess.PIPE, text=True)
    assert writer.stdout is not None and writer.stdout.readline().strip() == "start"
    time.sleep(delay)
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=30)
    content = path.read_bytes()
    assert content == LEGACY or content == b"y" * 20_000_000


def test_read_only_files_are_refused_in_one_line_and_the_others_still_fixed(tmp_path: Path) -> None:
    locked = _model(tmp_path / "locked")
    locked.chmod(0o444)
    open_ = _model(tmp_path / "open")
    run = run_cli(["check", "--fix", str(locked), str(open_)])
    assert_clean_exit(run, allowed=(2,))
    assert run.err.strip() == f"configlint: error: {locked}: file is read-only; not fixed"
    assert locked.read_bytes() == LEGACY and open_.read_bytes() != LEGACY
    run = run_cli(["migrate", "google-to-hf", str(locked)])
    assert_clean_exit(run, allowed=(2,))
    assert "read-only" in run.err and len(run.err.splitlines()) == 1 and locked.read_bytes() == LEGACY


def test_a_folder_that_refuses_new_files_is_a_one_line_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Root ignores directory permissions, so the refusal is injected where the temporary is made."""
    path = _model(tmp_path)

    real_open = os.open

    def refuse_new_files(name: str, flags: int, *args: object, **kwargs: object) -> int:
        if flags & os.O_CREAT:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(name, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refuse_new_files)
    run = run_cli(["fix", str(path)])
    assert_clean_exit(run, allowed=(2,))
    assert "cannot write beside the file: Permission denied; not fixed" in run.err and path.read_bytes() == LEGACY


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_links_inside_the_folder_stay_links_and_the_target_is_fixed(tmp_path: Path, command: str) -> None:
    folder = tmp_path / "model"
    target = _model(folder / "versions")  # model/versions/model/config.json
    link = folder / "config.json"
    link.symlink_to("versions/model/config.json")
    run = run_cli([*COMMANDS[command], str(link)])
    assert_clean_exit(run, allowed=(0, 1))
    assert link.is_symlink() and link.resolve() == target.resolve()
    assert target.read_bytes() != LEGACY
    assert _leftovers(folder) == [] and _leftovers(target.parent) == []


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_link_out_of_the_folder_is_never_written_through(tmp_path: Path, command: str) -> None:
    target = _model(tmp_path / "elsewhere")
    folder = tmp_path / "model"
    folder.mkdir()
    link = folder / "config.json"
    link.symlink_to(target)
    run = run_cli([*COMMANDS[command], str(link)])
    assert_clean_exit(run, allowed=(2,))
    assert len(run.err.strip().splitlines()) == 1 and "outside the model folder" in run.err
    assert target.read_bytes() == LEGACY and link.is_symlink()
    assert _leftovers(folder) == [] and _leftovers(target.parent) == []


def test_a_dangling_symlink_is_a_one_line_error(tmp_path: Path) -> None:
    link = tmp_path / "config.json"
    link.symlink_to(tmp_path / "gone.json")
    run: CliRun = run_cli(["fix", str(link)])
    assert_clean_exit(run, allowed=(2,))
    assert "no such file" in run.err and link.is_symlink() and not (tmp_path / "gone.json").exists()


# ---------------------------------------------------------------- what the file was: owner, links, attributes, bytes

OTHER_UID, OTHER_GID = 4242, 4343


def _as_root() -> None:
    if os.geteuid() != 0:
        pytest.skip("giving a file to another user needs root")


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_fix_run_as_root_keeps_another_users_file_theirs(tmp_path: Path, command: str) -> None:
    _as_root()
    path = _model(tmp_path)
    os.chown(path, OTHER_UID, OTHER_GID)
    path.chmod(0o640)
    assert_clean_exit(run_cli([*COMMANDS[command], str(path)]), allowed=(0, 1))
    status = path.stat()
    assert path.read_bytes() != LEGACY
    assert (status.st_uid, status.st_gid, stat.S_IMODE(status.st_mode)) == (OTHER_UID, OTHER_GID, 0o640)


def test_an_owner_that_cannot_be_kept_refuses_the_fix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What a non-root user meets on a group-writable file of someone else (injected: the tests run as root)."""
    _as_root()
    path = _model(tmp_path)
    os.chown(path, OTHER_UID, OTHER_GID)
    monkeypatch.setattr(os, "fchown", _raises(PermissionError(errno.EPERM, "Operation not permitted")))
    run = run_cli(["fix", str(path)])
    assert_clean_exit(run, allowed=(2,))
    assert f"owned by uid {OTHER_UID}" in run.err and "the file is unchanged" in run.err
    assert path.read_bytes() == LEGACY and path.stat().st_uid == OTHER_UID and _leftovers(path.parent) == []


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_hard_linked_file_is_refused_and_both_names_keep_one_file(tmp_path: Path, command: str) -> None:
    path = _model(tmp_path)
    twin = tmp_path / "backup-config.json"
    os.link(path, twin)
    run = run_cli([*COMMANDS[command], str(path)])
    assert_clean_exit(run, allowed=(2,))
    assert "has 2 hard links; not fixed" in run.err and len(run.err.strip().splitlines()) == 1
    assert path.read_bytes() == twin.read_bytes() == LEGACY
    assert path.stat().st_ino == twin.stat().st_ino and path.stat().st_nlink == 2
    # What the message suggests gives the file a name of its own; then it is fixed.
    shutil.copy(path, tmp_path / "model" / "c.new")
    os.replace(tmp_path / "model" / "c.new", path)
    assert_clean_exit(run_cli([*COMMANDS[command], str(path)]), allowed=(0, 1))
    assert path.read_bytes() != LEGACY and twin.read_bytes() == LEGACY


def _model_with_xattr(tmp_path: Path, value: bytes) -> Path:
    """A model config carrying the extended attribute ``user.origin``; skips where none can be set."""
    if not hasattr(os, "setxattr"):
        pytest.skip("no xattr calls on this platform")
    path = _model(tmp_path)
    try:
        os.setxattr(path, "user.origin", value)
    except OSError as error:
        pytest.skip(f"this file system keeps no user xattrs ({error.strerror})")
    return path


def test_extended_attributes_are_kept(tmp_path: Path) -> None:
    path = _model_with_xattr(tmp_path, b"hub:org/name")
    assert_clean_exit(run_cli(["fix", str(path)]), allowed=(0, 1))
    assert path.read_bytes() != LEGACY and os.getxattr(path, "user.origin") == b"hub:org/name"


def test_an_attribute_that_cannot_be_kept_refuses_the_fix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _model_with_xattr(tmp_path, b"x")
    monkeypatch.setattr(os, "setxattr", _raises(OSError(errno.ENOTSUP, "Operation not supported")))
    run = run_cli(["fix", str(path)])
    assert_clean_exit(run, allowed=(2,))
    assert "cannot keep its extended attribute user.origin" in run.err and path.read_bytes() == LEGACY
    assert _leftovers(path.parent) == []


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"], ids=["CRLF", "CR-only", "LF"])
def test_a_fix_keeps_the_line_endings(tmp_path: Path, newline: str) -> None:
    path = _model(tmp_path, LEGACY.decode().replace("\n", newline).encode())
    assert_clean_exit(run_cli(["fix", str(path)]), allowed=(0, 1))
    fixed = path.read_bytes().decode()
    assert '"model_type"' in fixed
    others = {"\r\n", "\r", "\n"} - {newline}
    lines = fixed.split(newline)
    assert len(lines) > 5 and not any(other in line for line in lines for other in others), repr(fixed)


def test_a_fix_keeps_the_mode(tmp_path: Path) -> None:
    path = _model(tmp_path)
    path.chmod(0o604)
    assert_clean_exit(run_cli(["check", "--fix", str(path)]), allowed=(0, 1))
    assert path.read_bytes() != LEGACY and stat.S_IMODE(path.stat().st_mode) == 0o604


@pytest.mark.parametrize("kind", ["fifo", "directory"])
def test_what_is_not_a_regular_file_is_never_replaced(tmp_path: Path, kind: str) -> None:
    """``--output-file`` shares the writer: a FIFO or a folder at the path is refused, not replaced."""
    path = _model(tmp_path)
    report = tmp_path / "model" / "report.txt"
    os.mkfifo(report) if kind == "fifo" else report.mkdir()
    run = run_cli(["check", "--output-file", str(report), str(path)])
    assert_clean_exit(run, allowed=(2,))
    assert ("named pipe" if kind == "fifo" else "is a directory") in run.err
    assert stat.S_ISFIFO(os.lstat(report).st_mode) if kind == "fifo" else report.is_dir()
