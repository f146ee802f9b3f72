"""Record the sizes real BERT-family configs use, the evidence for M010 (implausible sizes).

    python scripts/record_real_sizes.py ../shared/realworld/configs

Reads every model config the corpus MANIFEST.tsv lists (duplicates skipped) and writes
tests/fixtures/claims/realworld-sizes.json: per family, how many configs give a feed-forward
width (intermediate_size, DistilBERT's hidden_dim) and a hidden width, how many of those have a
feed-forward block narrower than the model, the ratios seen, and for ALBERT how many factorised
embeddings (embedding_size) are not smaller than hidden_size. M010 flags only what no config here
has, so its claim is "none of N real configs".
"""

from __future__ import annotations

import collections
import csv
import json
import sys
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "claims" / "realworld-sizes.json"
WIDTH = {"distilbert": ("dim", "hidden_dim")}


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def survey(folder: Path) -> dict[str, Any]:
    families: dict[str, dict[str, Any]] = {}
    with (folder / "MANIFEST.tsv").open(encoding="utf-8", newline="") as manifest:
        rows = [row for row in csv.DictReader(manifest, delimiter="\t") if not row["duplicate_of"]]
    for row in rows:
        family = row["family"]
        if family not in ("bert", "roberta", "distilbert", "albert"):
            continue
        try:
            config = json.loads((folder / row["file"]).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            continue
        if not isinstance(config, dict):
            continue
        hidden_key, ffn_key = WIDTH.get(family, ("hidden_size", "intermediate_size"))
        hidden, ffn = _int(config.get(hidden_key)), _int(config.get(ffn_key))
        entry = families.setdefault(family, {"configs": 0, "ratios": collections.Counter(), "ffn_narrower": 0})
        if hidden is None or ffn is None:
            continue
        entry["configs"] += 1
        entry["ratios"][f"{ffn / hidden:.2f}"] += 1
        entry["ffn_narrower"] += ffn < hidden
        embedding = _int(config.get("embedding_size"))
        if family == "albert" and embedding is not None:
            entry["with_embedding_size"] = entry.get("with_embedding_size", 0) + 1
            entry["embedding_not_smaller"] = entry.get("embedding_not_smaller", 0) + (embedding >= hidden)
    for entry in families.values():
        entry["ratios"] = dict(sorted(entry["ratios"].items(), key=lambda item: float(item[0])))
    return {
        "source": "../shared/realworld/configs (MANIFEST.tsv, duplicates skipped)",
        "families": dict(sorted(families.items())),
    }


if __name__ == "__main__":
    OUT.write_text(json.dumps(survey(Path(sys.argv[1])), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")
