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
import signal
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


def _full_disk(*args: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _interrupt(*args: object) -> None:
    raise KeyboardInterrupt


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
    "chmod-denied": ("chmod", lambda *args: (_ for _ in ()).throw(PermissionError(errno.EPERM, "Operation not permitted"))),
    "rename-denied": ("replace", lambda *args: (_ for _ in ()).throw(PermissionError(errno.EACCES, "Permission denied"))),
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
def test_a_failed_write_leaves_the_original_and_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, fault: str) -> None:
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

def pause(*args):
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

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(fixing.tempfile, "mkstemp", refuse)
    run = run_cli(["fix", str(path)])
    assert_clean_exit(run, allowed=(2,))
    assert "cannot write beside the file: Permission denied; not fixed" in run.err and path.read_bytes() == LEGACY


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_symlinks_stay_links_and_the_target_is_fixed(tmp_path: Path, command: str) -> None:
    target = _model(tmp_path / "elsewhere")
    link_folder = tmp_path / "model"
    link_folder.mkdir()
    link = link_folder / "config.json"
    link.symlink_to(target)
    run = run_cli([*COMMANDS[command], str(link)])
    assert_clean_exit(run, allowed=(0, 1))
    assert link.is_symlink() and link.resolve() == target.resolve()
    assert target.read_bytes() != LEGACY
    assert _leftovers(link_folder) == [] and _leftovers(target.parent) == []


def test_a_dangling_symlink_is_a_one_line_error(tmp_path: Path) -> None:
    link = tmp_path / "config.json"
    link.symlink_to(tmp_path / "gone.json")
    run: CliRun = run_cli(["fix", str(link)])
    assert_clean_exit(run, allowed=(2,))
    assert "no such file" in run.err and link.is_symlink() and not (tmp_path / "gone.json").exists()
