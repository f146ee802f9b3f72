"""Sample findings configlint prints on real configs and show the recorded evidence for each.

    python scripts/review_corpus.py ../shared/realworld/configs [--sample 100] [--seed 17]

The corpus stores each file under a flattened name (``owner__repo__path.json``); its MANIFEST.tsv
says where it sat. The name matters (transformers loads a folder's ``config.json``, not a
``bert_config.json`` beside it, and a Pooling config is read through its model's modules.json),
so every file is put back at ``<repo>@<commit>/<path>`` in a temporary folder and the default
``configlint check`` runs over that tree, as it would over the repositories. A seeded sample of
the findings is printed, each with the evidence its rule names (oracle recording ids in
tests/fixtures/claims/, or the recorded class and attribute lists) and the verdict of the
criteria below, which a reviewer checks finding by finding; docs/corpus-review.md records the
counts.
"""

from __future__ import annotations

import argparse
import collections
import csv
import dataclasses
import random
import re
import shutil
import tempfile
from pathlib import Path

from configlint.diagnostics import Diagnostic
from configlint.discovery import discover
from configlint.engine import lint_file
from configlint.rules import RULES_BY_CODE
from configlint.rules.keys import ALBERT_EXPORT_KEYS

NOISE = {
    "P001": "dead pooler keys of an otherwise clean file: true (recorded pooler-keys-bert), harmless, nothing to act on",
}
"""Finding kinds that are true but not worth a line by default, with the reason (everything else that is
true is useful: it names a build failure, a silent change of the model, or a key that does not do what it says)."""


def restore(folder: Path, into: Path) -> int:
    """Copy every corpus file to ``into/<repo>@<commit>/<path>``; returns how many."""
    with (folder / "MANIFEST.tsv").open(encoding="utf-8", newline="") as manifest:
        rows = list(csv.DictReader(manifest, delimiter="\t"))
    for row in rows:
        target = into / f"{row['repo'].replace('/', '__')}@{_version(row)}" / row["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(folder / row["file"], target)
    return len(rows)


def _version(row: dict[str, str]) -> str:
    """The commit a file came from, or the version suffix of its corpus name (``config@60f536e4.json``)."""
    if re.fullmatch(r"[0-9a-f]{7,40}", row["commit"]):
        return row["commit"][:12]
    found = re.search(r"@([0-9a-f]{6,40})\.json$", row["file"])
    return found.group(1) if found else "latest"


def plain_tf_era(finding: Diagnostic) -> bool:
    """F002's TF-era finding on a file whose only keys transformers drops are pooler leftovers and ALBERT's
    export settings (or none): useful by the criteria here (it names the one command that makes the file
    loadable), but the last review counted every TF-era F002 as noise, so the closing line gives both counts."""
    if finding.code != "F002" or not finding.message.startswith("TF-era config"):
        return False
    dropped = re.search(r", without (.*?), which no", finding.message)
    keys = re.split(r", | and ", dropped.group(1)) if dropped else []
    leftovers = {"directionality", "use_pooler", *ALBERT_EXPORT_KEYS}  # recorded as changing nothing
    settings = [k for k in keys if k and not k.startswith("pooler_") and k not in leftovers and "more" not in k]
    return not settings and "layernorm_epsilon" not in finding.message


def verdict(finding: Diagnostic) -> str:
    reason = NOISE.get(finding.code)
    if reason:
        return f"noise ({reason})"
    if plain_tf_era(finding):
        return "useful (a TF-era file with nothing transformers would drop but leftovers: the migration line only)"
    return "useful"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--sample", type=int, default=100)
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        count = restore(args.folder, root)
        findings: list[Diagnostic] = []
        for item in discover([root]).files:
            findings.extend(lint_file(item.path))
        findings = [dataclasses.replace(f, file=str(Path(f.file).relative_to(root))) for f in findings]
    print(f"{count} files restored; {len(findings)} findings by default; by code: "
          f"{dict(sorted(collections.Counter(f.code for f in findings).items()))}")  # fmt: skip
    sample = random.Random(args.seed).sample(findings, min(args.sample, len(findings)))
    verdicts = collections.Counter(verdict(f).split(" ")[0] for f in sample)
    for number, finding in enumerate(sample, 1):
        rule = RULES_BY_CODE[finding.code]
        print(f"\n#{number} {finding.file} {finding.code} [{finding.severity.value}]")
        print(f"  finding:  {finding.message}")
        print(f"  evidence: {rule.evidence or '(no library claim: ' + rule.summary + ')'}")
        print(f"  verdict:  {verdict(finding)}")
    plain = sum(plain_tf_era(f) for f in sample)
    print(f"\nsample of {len(sample)}: {dict(sorted(verdicts.items()))}; {plain} of the useful are plain TF-era F002 findings")


if __name__ == "__main__":
    main()
