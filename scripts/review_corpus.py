"""Sample findings configlint prints on real configs and show the recorded evidence for each.

    python scripts/review_corpus.py ../shared/realworld/configs [--sample 100] [--seed 17]

Runs the default ``configlint check`` over the folder, draws a seeded sample of findings, and
prints for each the file, code, message and the evidence its rule names (the oracle recording
ids in tests/fixtures/claims/, or the recorded class and attribute lists). A reviewer classifies
each as true and useful, true but noise, or false; docs/corpus-review.md records the counts.
"""

from __future__ import annotations

import argparse
import collections
import random
from pathlib import Path

from configlint.engine import lint_file
from configlint.rules import RULES_BY_CODE


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--sample", type=int, default=100)
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()
    findings = []
    for path in sorted(args.folder.rglob("*.json")):
        try:
            findings.extend(lint_file(path))
        except Exception as error:
            print(f"skipped {path}: {error}")
    print(f"{len(findings)} findings by default; by code: {dict(sorted(collections.Counter(f.code for f in findings).items()))}")
    sample = random.Random(args.seed).sample(findings, min(args.sample, len(findings)))
    for number, finding in enumerate(sample, 1):
        rule = RULES_BY_CODE[finding.code]
        print(f"\n#{number} {Path(finding.file).relative_to(args.folder)} {finding.code} [{finding.severity.value}]")
        print(f"  finding:  {finding.message}")
        print(f"  evidence: {rule.evidence or '(no library claim: ' + rule.summary + ')'}")


if __name__ == "__main__":
    main()
