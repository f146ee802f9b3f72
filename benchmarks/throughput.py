"""Throughput: lint 10,000 configs (the real corpus repeated) in one process, config-only rules.

    python benchmarks/throughput.py [CORPUS_DIR] [--count N] [--rounds R]

Texts are read once up front so the number measures linting (parse, detect, validate, rules),
not the disk. Also measured in the same run, as the alternative: validating the same configs
with the pydantic models alone. The two take turns for ``--rounds`` rounds and the fastest round
of each counts, so a load that comes and goes on a shared machine skews neither.

Target (issue 18): configlint's time <= 2.75 x the pydantic-only time in the same run. The issue
asked for ">= 40,000 configs/s" where "pydantic validation alone does about 110k/s on the same
set", on a machine 2.4x faster than the one it is checked on now; a rate in configs/s depends on
the machine, a ratio to the alternative measured beside it does not, so the target is the issue's
own ratio, 110,000 / 40,000 = 2.75. The configs/s are printed as information.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from itertools import cycle, islice
from pathlib import Path

from _targets import Targets  # benchmarks/ is the script folder, so it is on sys.path
from configlint.document import parse_document
from configlint.engine import lint_document
from configlint.schema import detect_family, validate_with_model

ROOT = Path(__file__).resolve().parents[1]
MAX_RATIO = 110_000 / 40_000
"""Issue 18: pydantic alone did about 110k configs/s where configlint was to reach 40k: 2.75."""


def lint_all(batch: list[tuple[str, str]]) -> int:
    return sum(len(lint_document(parse_document(text, name))) for name, text in batch)


def validate_all(batch: list[tuple[str, str]]) -> int:
    validated = 0
    for _, text in batch:
        try:
            data = json.loads(text)
        except ValueError:
            continue
        if isinstance(data, dict) and (family := detect_family(data).family):
            validate_with_model(family, data)
            validated += 1
    return validated


def fastest(work: Callable[[], int], times: list[float]) -> int:
    started = time.perf_counter()
    result = work()
    times.append(time.perf_counter() - started)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", nargs="?", default=str((ROOT / ".." / "shared" / "realworld" / "configs").resolve()))
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    texts = [(str(p), p.read_text(encoding="utf-8", errors="replace")) for p in sorted(Path(args.corpus).glob("*/*.json"))]
    if not texts:
        raise SystemExit(f"no configs under {args.corpus}")
    batch = list(islice(cycle(texts), args.count))
    ours: list[float] = []
    theirs: list[float] = []
    validate_all(batch[:500])  # pydantic builds its validators on first use; configlint's caches fill in round one too
    for _ in range(args.rounds):
        findings = fastest(lambda: lint_all(batch), ours)
        fastest(lambda: validate_all(batch), theirs)
    elapsed, baseline = min(ours), min(theirs)
    rate = len(batch) / elapsed
    targets = Targets()
    print(f"configlint: {len(batch)} configs in {elapsed:.2f} s = {rate:,.0f} configs/s, {elapsed / len(batch) * 1e6:.0f} us/config, {findings} findings (fastest of {args.rounds} rounds)")  # fmt: skip
    ratio = elapsed / baseline
    print(f"pydantic model validation alone: {len(batch) / baseline:,.0f} configs/s, {baseline / len(batch) * 1e6:.0f} us/config")  # fmt: skip
    print(f"configlint (all default rules) / pydantic-only time = {ratio:.2f} (target <= {MAX_RATIO:.2f}, issue 18's 110k/s / 40k/s: {targets.check(f'time ratio <= {MAX_RATIO:.2f}', ratio <= MAX_RATIO)})")  # fmt: skip
    targets.exit()


if __name__ == "__main__":
    main()
