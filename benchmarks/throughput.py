"""Throughput: lint 10,000 configs (the real corpus repeated) in one process, config-only rules.

    python benchmarks/throughput.py [CORPUS_DIR] [--count N]

Texts are read once up front so the number measures linting (parse, detect, validate, rules),
not the disk. Also measured in the same run, as the alternative: validating the same configs
with the pydantic models alone. Target (issue 7): >= 10,000 configs/s.
"""

from __future__ import annotations

import argparse
import json
import time
from itertools import cycle, islice
from pathlib import Path

from _targets import Targets  # benchmarks/ is the script folder, so it is on sys.path
from configlint.document import parse_document
from configlint.engine import lint_document
from configlint.schema import detect_family, validate_with_model

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", nargs="?", default=str((ROOT / ".." / "shared" / "realworld" / "configs").resolve()))
    parser.add_argument("--count", type=int, default=10_000)
    args = parser.parse_args()
    texts = [(str(p), p.read_text(encoding="utf-8", errors="replace")) for p in sorted(Path(args.corpus).glob("*/*.json"))]
    if not texts:
        raise SystemExit(f"no configs under {args.corpus}")
    batch = list(islice(cycle(texts), args.count))
    started = time.perf_counter()
    findings = sum(len(lint_document(parse_document(text, name))) for name, text in batch)
    elapsed = time.perf_counter() - started
    rate = len(batch) / elapsed
    print(
        f"configlint: {len(batch)} configs in {elapsed:.2f} s = {rate:,.0f} configs/s, {elapsed / len(batch) * 1e6:.0f} us/config, {findings} findings"
    )
    targets = Targets()
    print(f"target >= 10,000 configs/s: {targets.check('10,000 configs/s', rate >= 10_000)}")
    started = time.perf_counter()
    for _, text in batch:
        try:
            data = json.loads(text)
        except ValueError:
            continue
        if isinstance(data, dict) and (family := detect_family(data).family):
            validate_with_model(family, data)
    baseline = time.perf_counter() - started
    print(
        f"pydantic model validation alone: {len(batch) / baseline:,.0f} configs/s; configlint (all rules) / pydantic-only time = {elapsed / baseline:.2f}"
    )
    targets.exit()


if __name__ == "__main__":
    main()
