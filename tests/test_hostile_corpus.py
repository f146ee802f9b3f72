"""Every file of ``tests/corpus/`` ends in exit code 1 or 2, one line per failure, no traceback, and
nothing executed; within 256 MiB of address space and 2 s of CPU per case; and the committed corpus
is exactly what its generator writes.

The cases and what each tests are listed in ``tests/corpus/README.md``. A manifest command is a
command line without its path (``check --output-format sarif``); the case folder is appended.
"""

from __future__ import annotations

import contextlib
import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import _limited_runs
from _cli_support import CliRun, assert_clean_exit, load_script, run_cli
from _limited_runs import LimitedRunner
from _support import REPO

CORPUS = REPO / "tests" / "corpus"
MANIFEST: dict[str, dict[str, list]] = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
MARKER = load_script("generate_hostile_corpus").MARKER
RUNS = [(case, command) for case, entry in MANIFEST.items() for command in entry["commands"]]


@pytest.mark.parametrize(("case", "command"), RUNS, ids=[f"{case}-{command}" for case, command in RUNS])
def test_each_case_fails_cleanly_and_runs_nothing(case: str, command: str, tmp_path: Path) -> None:
    with contextlib.chdir(tmp_path):  # where a relative "touch configlint-pwned" would land
        run = run_cli([*command.split(), str(CORPUS / case)])
    assert_clean_exit(run, allowed=MANIFEST[case]["exit_codes"])
    assert len(run.err.splitlines()) <= 1, run.err
    assert not (tmp_path / MARKER).exists()
    assert list(tmp_path.iterdir()) == []


def test_the_console_script_on_the_whole_corpus(tmp_path: Path) -> None:
    """One real process over every case folder: the exit code and stderr a user sees."""
    result = subprocess.run(
        [sys.executable, "-m", "configlint", "check", "--output-format", "json", str(CORPUS)],
        cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    reported = {Path(finding["file"]).parent.name for finding in json.loads(result.stdout)}
    assert reported == set(MANIFEST)
    assert not (tmp_path / MARKER).exists()


def test_the_committed_corpus_is_what_the_generator_writes(tmp_path: Path) -> None:
    """Regenerate into a temporary folder: same files, same bytes (so README and manifest are current)."""
    load_script("generate_hostile_corpus").write_corpus(tmp_path / "corpus")
    expected = {
        path.relative_to(tmp_path / "corpus"): path.read_bytes() for path in (tmp_path / "corpus").rglob("*") if path.is_file()
    }
    committed = {path.relative_to(CORPUS): path.read_bytes() for path in CORPUS.rglob("*") if path.is_file()}
    assert sorted(committed) == sorted(expected), "run scripts/generate_hostile_corpus.py"
    assert [str(name) for name in expected if committed[name] != expected[name]] == [], "run scripts/generate_hostile_corpus.py"


def test_the_corpus_stays_small() -> None:
    """Bombs are small on disk: the whole corpus is under 600 KB, and only the duplicate-key case
    (300 KB: 50,000 keys, the volume is the point) is over 32 KB."""
    sizes = {
        folder.name: sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())
        for folder in CORPUS.iterdir()
        if folder.is_dir()
    }
    assert sum(sizes.values()) < 600_000
    assert [name for name, size in sizes.items() if size > 32_000] == ["config-duplicate-keys-50k"]


# ---------------------------------------------------------------------------------------------
# Resource limits: the target of issue 15 is that every hostile input ends within 2 s and 256 MiB.

MEMORY_LIMIT = _limited_runs.MEMORY_LIMIT
"""RLIMIT_AS of each child. ``configlint check`` itself peaks at about 38 MB of address space
(VmPeak, measured on examples/ and on the bombs once fixed), so this bound leaves room for real
work and still stops a bomb long before it hurts the machine."""
CPU_SECONDS = 2
"""RLIMIT_CPU of each child: the kernel kills it (SIGXCPU) after 2 s of CPU, all its commands together."""
WALL_SECONDS = 10
"""A hang guard for what burns no CPU (a blocking read); looser than the CPU budget because the
machine is shared and a loaded scheduler stretches wall time, not CPU time."""


def run_limited(runner: LimitedRunner, commands: list[list[str]], cwd: Path) -> list[CliRun]:
    """Run CLI argument lists in one child under :data:`MEMORY_LIMIT` and :data:`CPU_SECONDS`.

    The child is forked from a server that already imported configlint (tests/_limited_runs.py),
    so the CPU budget is the commands' own. A child killed by a limit fails the test here.
    """
    child = runner.call("_limited_runs:cli_runs", commands, cwd=cwd, cpu_seconds=CPU_SECONDS, wall_seconds=WALL_SECONDS)
    assert child.status != -signal.SIGALRM, f"still running after {WALL_SECONDS} s: {commands}"
    assert child.status not in (-signal.SIGKILL, -signal.SIGXCPU), f"killed by the CPU limit ({CPU_SECONDS} s): {commands}"
    assert child.status == 0 and child.raised is None, f"child failed ({child.status}): {child.traceback} {child.stderr}"
    return [CliRun(**run) for run in child.value]


@pytest.mark.parametrize("case", sorted(MANIFEST))
def test_each_case_ends_within_the_resource_limits(case: str, tmp_path: Path, limited_runner: LimitedRunner) -> None:
    """Every command of a case, in one process limited to 256 MiB and 2 s of CPU: clean exits only.

    A bomb that regresses either dies of the CPU limit, times out, or meets MemoryError, which the
    CLI reports as an internal error: each fails here.
    """
    commands = [[*command.split(), str(CORPUS / case)] for command in MANIFEST[case]["commands"]]
    for command, run in zip(commands, run_limited(limited_runner, commands, tmp_path), strict=True):
        assert "MemoryError" not in run.err, (command, run.err)
        assert_clean_exit(run, allowed=MANIFEST[case]["exit_codes"])
    assert list(tmp_path.iterdir()) == []


def test_the_limits_are_real(tmp_path: Path, limited_runner: LimitedRunner) -> None:
    """The harness itself: under the same limits, 300 MiB cannot be had and a busy loop is killed
    (by SIGXCPU, so the CPU count started at the fork, not at the server's start). The busy loop is
    given a 1 s limit, not the cases' 2 s: the same request field and setrlimit call, a second less
    of spinning."""
    memory = limited_runner.call(
        "_limited_runs:allocate", 300 * 1024 * 1024, cwd=tmp_path, cpu_seconds=CPU_SECONDS, wall_seconds=WALL_SECONDS
    )
    assert memory.raised is not None and memory.raised.startswith("MemoryError"), memory
    assert (
        limited_runner.call(
            "_limited_runs:allocate", 1024, cwd=tmp_path, cpu_seconds=CPU_SECONDS, wall_seconds=WALL_SECONDS
        ).value
        == 1024
    )
    busy = limited_runner.call("_limited_runs:spin", cwd=tmp_path, cpu_seconds=1, wall_seconds=WALL_SECONDS)
    assert busy.status == -signal.SIGXCPU, busy
