"""Every file of ``tests/corpus/`` ends in exit code 1 or 2, one line per failure, no traceback, and
nothing executed; within 256 MiB of address space and 2 s of CPU per case; and the committed corpus
is exactly what its generator writes.

The cases and what each tests are listed in ``tests/corpus/README.md``. A manifest command is a
command line without its path (``check --output-format sarif``); the case folder is appended.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from _cli_support import CliRun, assert_clean_exit, load_script, run_cli
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

MEMORY_LIMIT = 256 * 1024 * 1024
"""RLIMIT_AS of each child. ``configlint check`` itself peaks at about 38 MB of address space
(VmPeak, measured on examples/ and on the bombs once fixed), so this bound leaves room for real
work and still stops a bomb long before it hurts the machine."""
CPU_SECONDS = 2
"""RLIMIT_CPU of each child: the kernel kills it (SIGXCPU) after 2 s of CPU, all its commands together."""
WALL_SECONDS = 10
"""A hang guard for what burns no CPU (a blocking read); looser than the CPU budget because the
machine is shared and a loaded scheduler stretches wall time, not CPU time."""

# In the child: run each command in-process as run_cli does (strict UTF-8 streams), report as JSON.
_CHILD = """
import json, sys
sys.path.insert(0, sys.argv[1])
from _cli_support import run_cli
runs = [run_cli(argv) for argv in json.loads(sys.argv[2])]
sys.stdout.write(json.dumps([{"code": run.code, "out": run.out[-2000:], "err": run.err} for run in runs]))
"""


def _limit_resources() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS + 1))  # SIGXCPU at the soft limit


def run_limited(commands: list[list[str]], cwd: Path) -> list[CliRun]:
    """Run CLI argument lists in one child process under :data:`MEMORY_LIMIT` and :data:`CPU_SECONDS`.

    ``MALLOC_ARENA_MAX=2`` keeps glibc from reserving a 64 MB arena per thread, so the address
    space measured is what configlint allocates. A child killed by a limit fails the test here.
    """
    env = {**os.environ, "MALLOC_ARENA_MAX": "2"}
    try:
        child = subprocess.run(
            [sys.executable, "-c", _CHILD, str(REPO / "tests"), json.dumps(commands)],
            cwd=cwd, env=env, preexec_fn=_limit_resources, capture_output=True, timeout=WALL_SECONDS, check=False,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        pytest.fail(f"still running after {WALL_SECONDS} s: {commands}")
    stderr = child.stderr.decode("utf-8", "replace")
    assert child.returncode not in (-9, -24), f"killed by the CPU limit ({CPU_SECONDS} s): {commands}"
    assert child.returncode == 0, f"child failed ({child.returncode}): {stderr[-2000:]}"
    return [CliRun(**run) for run in json.loads(child.stdout)]


@pytest.mark.parametrize("case", sorted(MANIFEST))
def test_each_case_ends_within_the_resource_limits(case: str, tmp_path: Path) -> None:
    """Every command of a case, in one process limited to 256 MiB and 2 s of CPU: clean exits only.

    A bomb that regresses either dies of the CPU limit, times out, or meets MemoryError, which the
    CLI reports as an internal error: each fails here.
    """
    commands = [[*command.split(), str(CORPUS / case)] for command in MANIFEST[case]["commands"]]
    for command, run in zip(commands, run_limited(commands, tmp_path), strict=True):
        assert "MemoryError" not in run.err, (command, run.err)
        assert_clean_exit(run, allowed=MANIFEST[case]["exit_codes"])
    assert list(tmp_path.iterdir()) == []


def test_the_limits_are_real(tmp_path: Path) -> None:
    """The harness itself: under the same limits, 300 MiB cannot be had and a busy loop is killed."""

    def limited(code: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", code],
            cwd=tmp_path,
            env={**os.environ, "MALLOC_ARENA_MAX": "2"},
            preexec_fn=_limit_resources,
            capture_output=True,
            text=True,
            timeout=WALL_SECONDS,
            check=False,
        )

    assert "MemoryError" in limited("bytearray(300 * 1024 * 1024)").stderr
    assert limited("while True: pass").returncode == -24  # SIGXCPU
