"""Record what transformers' config classes declare, as the ground truth for configlint's schema.

Run with a Python that has transformers installed (no torch needed); the committed recording is
made with the pinned oracle (transformers 5.23.0):

    $ORACLE5 scripts/record_transformers_facts.py tests/fixtures/transformers/config_classes.json

(``$ORACLE5`` / ``$ORACLE4``: the pinned oracle interpreters, see docs/recordings.md.)

It covers the families configlint knows or is adding (keyed by ``model_type``): for each, the
config class's own dataclass fields (type as written in the annotation, default), its
``attribute_map`` and ``model_type``. What the *models* read is recorded separately by
``scripts/record_family_facts.py`` (``families.json``).

The test suite compares configlint's pydantic models with this recording, so a transformers
upgrade that adds, removes or retypes a field shows up as a failing test, not a silent drift.
"""

from __future__ import annotations

import dataclasses
import json
import sys

import transformers
from transformers import (
    AlbertConfig,
    BertConfig,
    CamembertConfig,
    DebertaConfig,
    DebertaV2Config,
    DistilBertConfig,
    ElectraConfig,
    ModernBertConfig,
    MPNetConfig,
    PreTrainedConfig,
    RobertaConfig,
    XLMRobertaConfig,
)

# Keyed by model_type, the spelling config.json uses.
CLASSES = {
    "bert": BertConfig,
    "roberta": RobertaConfig,
    "distilbert": DistilBertConfig,
    "albert": AlbertConfig,
    "xlm-roberta": XLMRobertaConfig,
    "camembert": CamembertConfig,
    "electra": ElectraConfig,
    "mpnet": MPNetConfig,
    "deberta-v2": DebertaV2Config,
    "modernbert": ModernBertConfig,
    "deberta": DebertaConfig,
}


def type_name(annotation: object) -> str:
    text = annotation if isinstance(annotation, str) else repr(annotation)
    return text.replace("typing.", "").replace("<class '", "").replace("'>", "")


def describe(cls: type) -> dict[str, object]:
    base_fields = {f.name for f in dataclasses.fields(PreTrainedConfig)}
    fields = {}
    for f in dataclasses.fields(cls):
        if f.name.startswith("_") or f.name in base_fields:
            continue
        default = f.default if f.default is not dataclasses.MISSING else None
        fields[f.name] = {"type": type_name(f.type), "default": default}
    return {
        "model_type": cls.model_type,
        "attribute_map": dict(cls.attribute_map),
        "fields": fields,
    }


def main() -> None:
    record = {
        "transformers_version": transformers.__version__,
        "base_fields": sorted(f.name for f in dataclasses.fields(PreTrainedConfig) if not f.name.startswith("_")),
        "families": {name: describe(cls) for name, cls in CLASSES.items()},
    }
    with open(sys.argv[1], "w", encoding="utf-8") as handle:
        json.dump(record, handle, indent=2, sort_keys=True)
        handle.write("\n")


if __name__ == "__main__":
    main()
