"""Run a function under the kernel's resource limits, in a child forked from one prepared interpreter.

The hostile-input tests need a fresh process per case only for the limits: ``RLIMIT_CPU`` counts
a process's CPU time from its start, and a bomb that wins must not take the test worker with it.
Starting an interpreter and importing configlint for each case cost about 0.25 s of CPU per case.
Here one server process per test worker is started once, under ``RLIMIT_AS`` (inherited by every
child) and with ``MALLOC_ARENA_MAX=2``, imports what the cases need, and then forks a child per
call. A forked child starts with zero CPU time (fork(2)), so its own ``RLIMIT_CPU`` bounds the
call alone; its address space is the server's, which is what a fresh interpreter had after the
same imports. ``SIGALRM`` (default action: terminate) is the wall-clock hang guard.

Each call answers one line of JSON: the child's exit status and what it returned or raised.
"""

from __future__ import annotations

import json
import os
import resource
import select
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from _support import REPO

MEMORY_LIMIT = 256 * 1024 * 1024
"""RLIMIT_AS of the server and so of every child: 256 MiB of address space."""

_SERVER = r"""
import importlib, json, os, resource, signal, sys, tempfile, traceback
sys.path.insert(0, sys.argv[1])
for name in json.loads(sys.argv[2]):
    module, _, function = name.partition(":")
    loaded = importlib.import_module(module)
    if function:
        getattr(loaded, function)()
requests, answers = sys.stdin.buffer, sys.stdout.buffer
while line := requests.readline():
    request = json.loads(line)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        null = os.open(os.devnull, os.O_RDWR)
        os.dup2(null, 0)  # a case reading stdin ("-") must not read the next request
        os.dup2(null, 1)  # nor write into the answers
        errors = tempfile.TemporaryFile()
        os.dup2(errors.fileno(), 2)
        try:
            os.chdir(request["cwd"])
            resource.setrlimit(resource.RLIMIT_CPU, (request["cpu"], request["cpu"] + 1))  # SIGXCPU at the soft limit
            signal.alarm(request["wall"])
            module, _, name = request["call"].partition(":")
            result = {"value": getattr(importlib.import_module(module), name)(*request["args"])}
        except BaseException as error:
            result = {"raised": f"{type(error).__name__}: {error}", "traceback": traceback.format_exc()[-3000:]}
        sys.stderr.flush()
        errors.seek(0)
        result["stderr"] = errors.read()[-3000:].decode("utf-8", "replace")
        with os.fdopen(write, "wb") as pipe:
            pipe.write(json.dumps(result).encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        body = pipe.read()
    _, status = os.waitpid(pid, 0)
    answers.write(json.dumps({"status": os.waitstatus_to_exitcode(status), "body": body.decode()}).encode() + b"\n")
    answers.flush()
"""


@dataclass(frozen=True)
class LimitedRun:
    """What one forked child did: its exit status (negative: the signal that killed it) and its result."""

    status: int
    value: Any = None
    raised: str | None = None
    traceback: str | None = None
    stderr: str = ""


class LimitedRunner:
    """One server process; :meth:`call` forks a limited child of it per call (one call at a time)."""

    def __init__(self, preload: list[str]) -> None:
        """``preload``: modules the server imports, or ``module:function`` to call, before the first fork."""
        self._preload = preload
        self._process = self._start()

    def _start(self) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, "-c", _SERVER, str(REPO / "tests"), json.dumps(self._preload)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env={**os.environ, "MALLOC_ARENA_MAX": "2"}, preexec_fn=_limit_address_space,
        )  # fmt: skip

    def call(self, function: str, *args: Any, cwd: Path, cpu_seconds: int, wall_seconds: int) -> LimitedRun:
        """``module:function(*args)`` in a child limited to ``cpu_seconds`` of CPU and ``wall_seconds`` of wall time."""
        if self._process.poll() is not None:  # a failed call ended it: the next test gets a fresh one
            self._process = self._start()
        assert self._process.stdin is not None and self._process.stdout is not None
        request = {"call": function, "args": list(args), "cwd": str(cwd), "cpu": cpu_seconds, "wall": wall_seconds}
        self._process.stdin.write(json.dumps(request).encode() + b"\n")
        self._process.stdin.flush()
        ready, _, _ = select.select([self._process.stdout], [], [], wall_seconds + 30)  # the alarm ends the child first
        line = self._process.stdout.readline() if ready else b""
        if not line:
            self.close()
            raise AssertionError(f"the limited-run server gave no answer: {self._stderr()}")
        answer = json.loads(line)
        return LimitedRun(answer["status"], **(json.loads(answer["body"]) if answer["body"] else {}))

    def close(self) -> None:
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()

    def _stderr(self) -> str:
        assert self._process.stderr is not None
        return self._process.stderr.read().decode("utf-8", "replace")[-3000:] if self._process.poll() is not None else ""


def _limit_address_space() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


# ------------------------------------------------------------------ functions a child can call


def warm_up() -> None:
    """Run check and load-report once on honest folders, so the modules they import lazily are
    imported in the server and each child starts where a fresh process would be after its first
    read; a child's CPU budget is then what its own case costs."""
    from _cli_support import run_cli

    fixtures = REPO / "tests" / "fixtures" / "load_report"
    for folder in ("BertForMaskedLM-clean", "bert-bin-zip", "bert-bin-legacy", "bert-sharded"):
        run_cli(["check", str(fixtures / folder)])
        run_cli(["load-report", str(fixtures / folder)])
    run_cli(["check", str(REPO / "examples")])


def cli_runs(commands: list[list[str]]) -> list[dict[str, object]]:
    """Each CLI argument list run in-process as ``run_cli`` does (strict UTF-8 streams)."""
    from _cli_support import run_cli

    return [{"code": run.code, "out": run.out[-2000:], "err": run.err} for run in map(run_cli, commands)]


def torch_bin_refusal(path: str) -> str | None:
    """The CheckpointError ``read_torch_bin`` refuses ``path`` with (None: it read the file)."""
    from configlint.checkpoint.torch_bin import read_torch_bin
    from configlint.errors import CheckpointError

    try:
        read_torch_bin(path)
    except CheckpointError as error:
        return str(error)
    return None


def allocate(size: int) -> int:
    return len(bytearray(size))


def spin() -> None:
    while True:
        pass
