"""pre-commit latency: a cold `configlint check config.json` against check-jsonschema on the same file.

    python benchmarks/precommit_latency.py [CONFIG] [--runs N]

Both run as fresh processes (what pre-commit does per hook invocation); the medians and their
ratio are printed. Targets (issue 7): configlint <= 150 ms wall and <= 1.5x check-jsonschema.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _targets import Targets  # benchmarks/ is the script folder, so it is on sys.path

ROOT = Path(__file__).resolve().parents[1]


def timed(command: list[str], runs: int) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("config", nargs="?", default=str(ROOT / "examples" / "bge-large-zh-v1.5" / "config.json"))
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    bindir = Path(sys.executable).parent
    configlint = shutil.which("configlint", path=str(bindir)) or "configlint"
    checker = shutil.which("check-jsonschema", path=str(bindir)) or shutil.which("check-jsonschema")
    targets = Targets()
    bare = timed([sys.executable, "-c", "pass"], args.runs)
    ours = timed([configlint, "check", "--exit-zero", args.config], args.runs)
    print(f"python -c pass            median {bare * 1000:7.1f} ms")
    print(f"configlint check          median {ours * 1000:7.1f} ms  (target <= 150 ms: {targets.check('150 ms', ours <= 0.150)}); "
          f"{ours / bare:.1f}x bare Python")  # fmt: skip
    if checker is None:
        print("check-jsonschema not installed (pip install check-jsonschema): no ratio")
        targets.exit()
        return
    theirs = timed([checker, "--schemafile", str(ROOT / "schemas" / "bert.schema.json"), args.config], args.runs)
    ratio = ours / theirs
    print(f"check-jsonschema          median {theirs * 1000:7.1f} ms")
    print(
        f"ratio configlint / check-jsonschema = {ratio:.2f}  (target <= 1.5: {targets.check('ratio to check-jsonschema', ratio <= 1.5)})"
    )
    targets.exit()


if __name__ == "__main__":
    main()
