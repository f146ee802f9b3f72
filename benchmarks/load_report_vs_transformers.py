"""load-report vs transformers on a roberta-base-sized checkpoint: wall time, peak memory, bytes read.

    python benchmarks/load_report_vs_transformers.py [--transformers-python PYTHON] [--runs N]

Both sides run as whole processes, as a user would run them: ``configlint load-report FOLDER``
against ``RobertaForMaskedLM.from_pretrained(FOLDER, output_loading_info=True)``. The checkpoint
(~500 MB, float32) is a real safetensors header over a sparse data region (see
``tests/_sized_checkpoint.py``). transformers needs torch: pass the interpreter of an environment
that has ``torch==2.13.0 transformers`` (default: this one, if it can import transformers).

Targets (issue 7): >= 30x faster, <= 1/5 of the memory, <= 0.1% of the checkpoint's bytes read.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the sized-checkpoint writer is shared with the Hub tests

from _sized_checkpoint import write_sized_model  # noqa: E402
from _targets import Targets  # noqa: E402  # benchmarks/ is the script folder, so it is on sys.path

# Runs configlint's CLI in a child and reports how many bytes it read from the checkpoint file,
# by wrapping the file objects that configlint opens on it.
CONFIGLINT_CHILD = r"""
import io, sys, pathlib
checkpoint = sys.argv[1]
counted = [0]
class Counting(io.BufferedReader):
    def read(self, size=-1):
        data = super().read(size); counted[0] += len(data); return data
    def readinto(self, buffer):
        n = super().readinto(buffer); counted[0] += n or 0; return n
original = pathlib.Path.open
def open_counting(self, mode="r", *args, **kwargs):
    if str(self) == checkpoint and "b" in mode:
        return Counting(io.FileIO(str(self), "rb"))
    return original(self, mode, *args, **kwargs)
pathlib.Path.open = open_counting
from configlint.cli import main
code = main(["load-report", sys.argv[2], "--format", "json"])
print(f"BYTES {counted[0]}", file=sys.stderr)
sys.exit(code)
"""

TRANSFORMERS_CHILD = r"""
import sys
from transformers import RobertaForMaskedLM
model, info = RobertaForMaskedLM.from_pretrained(sys.argv[1], output_loading_info=True)
print({key: sorted(value) for key, value in info.items()})
"""


def run(argv: list[str]) -> tuple[float, int, str, str]:
    """Wall seconds, peak RSS in bytes, stdout and stderr of one child process (rusage via wait4)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        process = subprocess.Popen(argv, stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return elapsed, usage.ru_maxrss * 1024, out.read(), err.read()


def measure(argv: list[str], runs: int) -> tuple[float, int, str, str]:
    results = [run(argv) for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results), results[-1][2], results[-1][3]


def default_transformers_python() -> str | None:
    probe = subprocess.run([sys.executable, "-c", "import transformers, torch"], capture_output=True)
    return sys.executable if probe.returncode == 0 else None


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--transformers-python", default=os.environ.get("TRANSFORMERS_PYTHON") or default_transformers_python())
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary) / "roberta-base-sized"
        checkpoint = write_sized_model(folder)
        size = checkpoint.stat().st_size
        print(f"checkpoint: roberta-base-sized RobertaForMaskedLM, {size / 1e6:.0f} MB ({checkpoint.name}, sparse on disk)")

        ours_time, ours_rss, ours_out, ours_err = measure(
            [sys.executable, "-c", CONFIGLINT_CHILD, str(checkpoint), str(folder)], args.runs
        )
        read = int(ours_err.split("BYTES ")[-1].split()[0])
        print(
            f"configlint load-report: {ours_time * 1000:.0f} ms wall, peak RSS {ours_rss / 1e6:.0f} MB, "
            f"{read:,} bytes of the checkpoint read ({read / size:.4%})"
        )
        targets = Targets()
        print(f"  bytes target <= 0.1% of the checkpoint: {targets.check('0.1% of the bytes', read / size <= 0.001)}")
        if not args.transformers_python:
            print("transformers: not measured (no interpreter with torch and transformers; pass --transformers-python)")
            targets.exit()
            return
        theirs_time, theirs_rss, theirs_out, _ = measure(
            [args.transformers_python, "-c", TRANSFORMERS_CHILD, str(folder)], args.runs
        )
        print(
            f"transformers from_pretrained(output_loading_info=True): {theirs_time * 1000:.0f} ms wall, peak RSS {theirs_rss / 1e6:.0f} MB"
        )
        print(f"  transformers said: {theirs_out.strip()}")
        speedup, memory = theirs_time / ours_time, ours_rss / theirs_rss
        print(
            f"ratio: configlint is {speedup:.0f}x faster (target >= 30x: {targets.check('30x faster', speedup >= 30)}), "
            f"uses {memory:.2f} of the memory (target <= 0.20: {targets.check('0.20 of the memory', memory <= 0.2)})"
        )
        targets.exit()


if __name__ == "__main__":
    main()
