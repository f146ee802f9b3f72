"""pre-commit latency: a cold `configlint check config.json` against a bare `python -c pass` (and check-jsonschema).

    python benchmarks/precommit_latency.py [CONFIG] [--runs N]

Every command runs as a fresh process (what pre-commit does per hook invocation). The commands
take turns, run after run, so a load that comes and goes on a shared machine hits them alike;
the medians and their ratios are printed. A first untimed run of each writes the bytecode caches
(an installed hook has them), even when PYTHONDONTWRITEBYTECODE is set in the caller's environment.

Targets (issue 18): configlint <= 5x bare Python in the same run; (issue 7) <= 1.5x check-jsonschema on
the same file, when it is installed. The issue's "<= 40 ms" is that same 5x on the machine it was
measured on, where bare Python took 8 ms: an absolute time says more about the machine (and its load)
than about configlint, so the median is printed as information and only the ratios pass or fail.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _targets import Targets  # benchmarks/ is the script folder, so it is on sys.path

ROOT = Path(__file__).resolve().parents[1]
ISSUE_BARE_MS = 8.0
"""``python -c pass`` on the machine issue 18 was measured on; its 40 ms is 5x that."""
RATIO_TARGET = 5.0

ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def run_once(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=ENV)
    return time.perf_counter() - started


def medians(commands: dict[str, list[str]], runs: int) -> dict[str, float]:
    """Median wall time per command, the commands interleaved run after run."""
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for command in commands.values():
        run_once(command)  # bytecode caches
    for _ in range(runs):
        for name, command in commands.items():
            samples[name].append(run_once(command))
    return {name: statistics.median(values) for name, values in samples.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("config", nargs="?", default=str(ROOT / "examples" / "bge-large-zh-v1.5" / "config.json"))
    parser.add_argument("--runs", type=int, default=41)
    args = parser.parse_args()
    bindir = Path(sys.executable).parent
    configlint = shutil.which("configlint", path=str(bindir)) or "configlint"
    checker = shutil.which("check-jsonschema", path=str(bindir)) or shutil.which("check-jsonschema")
    commands = {"bare": [sys.executable, "-c", "pass"], "configlint": [configlint, "check", "--exit-zero", args.config]}
    if checker is not None:
        commands["check-jsonschema"] = [checker, "--schemafile", str(ROOT / "schemas" / "bert.schema.json"), args.config]
    found = medians(commands, args.runs)
    bare, ours = found["bare"], found["configlint"]
    targets = Targets()
    print(f"{args.runs} runs each, interleaved")
    print(f"python -c pass            median {bare * 1000:7.1f} ms")
    print(
        f"configlint check          median {ours * 1000:7.1f} ms  (information: the issue's 40 ms is "
        f"{RATIO_TARGET:g} x its machine's {ISSUE_BARE_MS:g} ms bare Python; here {RATIO_TARGET:g} x is {bare * RATIO_TARGET * 1000:.1f} ms)"
    )
    met = targets.check(f"{RATIO_TARGET:g}x bare Python", ours / bare <= RATIO_TARGET)
    print(f"ratio configlint / python -c pass = {ours / bare:.2f}  (target <= {RATIO_TARGET:g}: {met})")
    if checker is None:
        print("check-jsonschema not installed (pip install check-jsonschema): no ratio to it")
    else:
        theirs = found["check-jsonschema"]
        ratio = ours / theirs
        print(f"check-jsonschema          median {theirs * 1000:7.1f} ms")
        print(f"ratio configlint / check-jsonschema = {ratio:.2f}  (target <= 1.5: {targets.check('1.5x check-jsonschema', ratio <= 1.5)})")  # fmt: skip
    targets.exit()


if __name__ == "__main__":
    main()
