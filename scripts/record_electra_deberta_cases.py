"""Record the ELECTRA and DeBERTa-v2 load-report cases the main generator does not make.

    /work/oracle-venv/bin/python scripts/record_electra_deberta_cases.py
    /work/oracle4-venv/bin/python scripts/record_electra_deberta_cases.py --dropouts-only

Writes new case folders only (``tests/fixtures/load_report/<case>/``: config.json, weights,
expected.json) with the helpers of ``generate_load_report_fixtures.py``, so the cases are made
exactly as the others are. They cover what that generator's tiny configs leave out: DeBERTa's
convolution layer (``conv_kernel_size``, as deberta-v2-xlarge has), its non-legacy masked-LM head,
unshared relative-position projections, absolute positions switched off, and ELECTRA's
multiple-choice summary. Re-run it after ``generate_load_report_fixtures.py`` (which rewrites the
folder).

It also writes ``tests/fixtures/transformers/deberta-v2-dropouts-<version>.json`` (and
``deberta-dropouts-<version>.json`` for DeBERTa v1): the dropout probability of every head module
DeBERTa's classifiers build, with and without
``classifier_dropout`` / ``cls_dropout`` (P007 says DeBERTa ignores the first and reads the second),
and ``deberta-v2-pruned-heads-<version>.json`` (``deberta-pruned-heads-…`` for v1): what building
DeBERTa's classes from a config with ``pruned_heads`` does (Y005).
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

ROOT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "load_report"
FACTS = ROOT.parent / "transformers"
DROPOUT_CLASSES = ("DebertaV2ForSequenceClassification", "DebertaV2ForMultipleChoice", "DebertaV2ForTokenClassification")
DROPOUT_SETTINGS: dict[str, dict[str, Any]] = {
    "defaults": {},
    "classifier_dropout_0.3": {"classifier_dropout": 0.3},
    "cls_dropout_0.3": {"cls_dropout": 0.3},
}


def cases() -> tuple[Any, ...]:
    """The load-report cases (the main generator's helpers import transformers 5 only)."""
    from generate_load_report_fixtures import Case, set_keys

    return (
        Case(
            "deberta-v2-conv-clean",
            "conv_kernel_size 3 (deberta-v2-xlarge's convolution layer) saved and loaded unchanged",
            "DebertaV2ForSequenceClassification",
            model_overrides={"conv_kernel_size": 3, "conv_act": "gelu"},
        ),
        Case(
            "deberta-v2-conv-dropped",
            "checkpoint with the convolution layer, config without conv_kernel_size",
            "DebertaV2ForSequenceClassification",
            model_overrides={"conv_kernel_size": 3, "conv_act": "gelu"},
            config_edit=lambda data: data.pop("conv_kernel_size"),
        ),
        Case(
            "deberta-v2-masked-lm-not-legacy",
            "legacy false: lm_predictions.lm_head instead of cls.predictions, saved and loaded unchanged",
            "DebertaV2ForMaskedLM",
            model_overrides={"legacy": False},
        ),
        Case(
            "deberta-v2-masked-lm-legacy-switched",
            "checkpoint of the legacy head, config legacy false",
            "DebertaV2ForMaskedLM",
            config_edit=set_keys(legacy=False),
        ),
        Case(
            "deberta-v2-unshared-att-key",
            "share_att_key false: pos_key_proj and pos_query_proj per layer, saved and loaded unchanged",
            "DebertaV2ForTokenClassification",
            model_overrides={"share_att_key": False, "pos_att_type": "p2c|c2p"},
        ),
        Case(
            "deberta-v2-att-key-shared-by-config",
            "checkpoint with pos_key_proj/pos_query_proj, config share_att_key true",
            "DebertaV2ForQuestionAnswering",
            model_overrides={"share_att_key": False},
            config_edit=set_keys(share_att_key=True),
        ),
        Case(
            "deberta-v2-absolute-positions-dropped",
            "checkpoint with position_embeddings, config position_biased_input false (ignored on load)",
            "DebertaV2Model",
            model_overrides={"position_biased_input": True, "type_vocab_size": 2},
            config_edit=set_keys(position_biased_input=False),
        ),
        Case(
            "deberta-v2-embedding-size-clean",
            "embedding_size 6 with hidden_size 8: embed_proj and a 6-wide legacy MLM head, saved and loaded unchanged",
            "DebertaV2ForMaskedLM",
            model_overrides={"embedding_size": 6},
        ),
        Case(
            "deberta-v2-pooler-dropout-2",
            "config pooler_dropout 2.0: ContextPooler's nn.Dropout refuses it when the class is built",
            "DebertaV2ForSequenceClassification",
            config_edit=set_keys(pooler_dropout=2.0),
        ),
        Case(
            "deberta-v2-cls-dropout-negative",
            "config cls_dropout -0.5: the classifier's nn.Dropout refuses it when the class is built",
            "DebertaV2ForMultipleChoice",
            config_edit=set_keys(cls_dropout=-0.5),
        ),
        Case(
            "electra-classifier-dropout-2",
            "config classifier_dropout 2.0: ElectraClassificationHead's nn.Dropout refuses it",
            "ElectraForSequenceClassification",
            config_edit=set_keys(classifier_dropout=2.0),
        ),
        Case(
            "electra-summary-without-projection",
            "checkpoint with sequence_summary.summary, config summary_use_proj false",
            "ElectraForMultipleChoice",
            config_edit=set_keys(summary_use_proj=False),
        ),
        Case(
            "electra-summary-type-attn",
            'summary_type "attn": sequence_summary refuses to be built',
            "ElectraForMultipleChoice",
            config_edit=set_keys(summary_type="attn"),
        ),
    )


# Per DeBERTa version: its config class and the classes whose dropouts / pruned-heads builds are recorded
# (DeBERTa v1 has no multiple-choice class; families.json).
DEBERTAS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "deberta-v2": ("DebertaV2Config", "DebertaV2", DROPOUT_CLASSES),
    "deberta": ("DebertaConfig", "Deberta", ("DebertaForSequenceClassification", "DebertaForTokenClassification")),
}


def record_dropouts(family: str) -> None:
    """Every head dropout (outside the base model) of one DeBERTa version's classifiers, per setting."""
    import torch
    import transformers

    config_class, _, classes = DEBERTAS[family]
    tiny = json.loads((FACTS / "families.json").read_text(encoding="utf-8"))["families"][family]["tiny_config"]
    record: dict[str, Any] = {"transformers": transformers.__version__, "classes": {}}
    for class_name in classes:
        record["classes"][class_name] = {
            setting: {
                name: module.p
                for name, module in getattr(transformers, class_name)(
                    getattr(transformers, config_class)(**{**tiny, **overrides})
                ).named_modules()
                if isinstance(module, torch.nn.Dropout) and not name.startswith("deberta")
            }
            for setting, overrides in DROPOUT_SETTINGS.items()
        }
    path = FACTS / f"{family}-dropouts-{transformers.__version__}.json"
    path.write_text(json.dumps(record, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT.parents[2])}")


def record_pruned_heads(family: str) -> None:
    """Build each class of one DeBERTa version from a config with ``pruned_heads``: "ok" and a query shape, or the error."""
    import transformers

    config_class, prefix, classes = DEBERTAS[family]
    tiny = json.loads((FACTS / "families.json").read_text(encoding="utf-8"))["families"][family]["tiny_config"]
    outcomes: dict[str, str] = {}
    base = f"{prefix}Model"
    for class_name in (base, *classes, f"{prefix}ForMaskedLM", f"{prefix}ForQuestionAnswering"):
        try:
            model = getattr(transformers, class_name)(getattr(transformers, config_class)(**tiny, pruned_heads={0: [1]}))
        except Exception as error:  # the outcome is the record
            outcomes[class_name] = f"{type(error).__name__}: {error}"
        else:
            query = model.get_submodule(("" if class_name == base else "deberta.") + "encoder.layer.0.attention.self")
            # DeBERTa-v2 projects queries with query_proj; v1 with in_proj (queries, keys and values stacked).
            name = "query_proj" if hasattr(query, "query_proj") else "in_proj"
            outcomes[class_name] = f"ok, {name} {list(getattr(query, name).weight.shape)}"
    record = {"transformers": transformers.__version__, "pruned_heads": {"0": [1]}, "build": outcomes}
    path = FACTS / f"{family}-pruned-heads-{transformers.__version__}.json"
    path.write_text(json.dumps(record, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT.parents[2])}")


def main() -> None:
    for family in DEBERTAS:
        record_dropouts(family)
        record_pruned_heads(family)
    if "--dropouts-only" in sys.argv[1:]:
        return
    from generate_load_report_fixtures import make_case

    for case in cases():
        folder = ROOT / case.name
        if folder.exists():
            shutil.rmtree(folder)
        make_case(case, ROOT)
        print(f"wrote {folder.relative_to(ROOT.parents[2])}")


if __name__ == "__main__":
    main()
