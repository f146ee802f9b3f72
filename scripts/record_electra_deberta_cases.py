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
DeBERTa's classes from a config with ``pruned_heads`` does (Y005), ``deberta-v2-positions-<version>.json``
(``deberta-positions-…``): per position setting, whether permuting the input tokens only permutes the
base model's outputs (Y006), and ``deberta-v2-pos-att-type-<version>.json`` (``deberta-pos-att-type-…``):
per ``pos_att_type`` value, what the config class makes of it, the relative parameters built and which
canonical value's outputs it gives (Y007). ``--dropouts-only`` writes these facts files and skips the
load-report cases (which need transformers 5).
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


# Position information (Y006): each setting overrides the family's tiny config (relative attention on,
# c2p and p2c, position_biased_input false). The base model is run in eval mode (no dropout) on a
# sequence and on the same tokens permuted; "permutation_equivariant" is true when the second output is
# the first one permuted, i.e. the model has no notion of word order.
POSITION_SETTINGS: dict[str, dict[str, Any]] = {
    "relative_attention_true": {},
    "relative_attention_false": {"relative_attention": False},
    "relative_attention_false_position_biased_input_true": {"relative_attention": False, "position_biased_input": True},
    "relative_attention_true_pos_att_type_empty": {"pos_att_type": []},
    "relative_attention_true_pos_att_type_null": {"pos_att_type": None},
    "relative_attention_true_pos_att_type_p2p": {"pos_att_type": ["p2p"]},
    "relative_attention_false_conv_kernel_size_3": {"relative_attention": False, "conv_kernel_size": 3},
}
# pos_att_type values (Y007), each compared with the canonical ones on the same weights.
POS_ATT_TYPES: dict[str, Any] = {
    "empty": [],
    "c2p": ["c2p"],
    "p2c": ["p2c"],
    "c2p+p2c": ["c2p", "p2c"],
    "list p2c, c2p": ["p2c", "c2p"],
    "list c2p, p2p": ["c2p", "p2p"],
    "list p2p": ["p2p"],
    "list foo": ["foo"],
    "list C2P": ["C2P"],
    "list ' c2p'": [" c2p"],
    "null": None,
    "string c2p|p2c": "c2p|p2c",
    "string P2C|C2P": "P2C|C2P",
    "string c2p | p2c": "c2p | p2c",
    "string c2p": "c2p",
    "string p2p": "p2p",
    "string c2p|p2p": "c2p|p2p",
}
CANONICAL_POS_ATT_TYPES = ("empty", "c2p", "p2c", "c2p+p2c")
TOKENS = [[5, 1, 7, 2, 9, 3]]
# Weights drawn with std 1 instead of the tiny config's 0.02: with 0.02 the relative term of DeBERTa (v1),
# whose position table is not layer-normed, moves the outputs by less than float32's rounding noise.
INIT = {"initializer_range": 1.0}
PERMUTATION = [3, 0, 5, 1, 4, 2]


def _base_model(family: str, overrides: dict[str, Any]) -> Any:
    """The family's base model from its tiny config with ``overrides``, seeded, in eval mode (dropout off)."""
    import torch
    import transformers

    config_class, prefix, _ = DEBERTAS[family]
    tiny = json.loads((FACTS / "families.json").read_text(encoding="utf-8"))["families"][family]["tiny_config"]
    torch.manual_seed(0)
    return getattr(transformers, f"{prefix}Model")(getattr(transformers, config_class)(**{**tiny, **INIT, **overrides})).eval()


def _output(model: Any, tokens: list[list[int]]) -> Any:
    import torch

    with torch.no_grad():
        return model(input_ids=torch.tensor(tokens)).last_hidden_state


def _relative_parameters(model: Any) -> list[str]:
    """The relative-position parameters built: the encoder's table and layer 0's position projections."""
    return sorted(
        name for name, _ in model.named_parameters() if "rel_embeddings" in name or ".layer.0.attention.self.pos" in name
    )


def record_positions(family: str) -> None:
    """Per setting: the config's position keys as built, and whether permuting the tokens only permutes the outputs."""
    import transformers

    settings: dict[str, Any] = {}
    for setting, overrides in POSITION_SETTINGS.items():
        model = _base_model(family, overrides)
        permuted = [[TOKENS[0][i] for i in PERMUTATION]]
        difference = float((_output(model, permuted) - _output(model, TOKENS)[:, PERMUTATION]).abs().max())
        config = model.config
        settings[setting] = {
            "overrides": overrides,
            "config": {
                key: getattr(config, key, None) for key in ("relative_attention", "position_biased_input", "pos_att_type")
            },
            "conv_layer": getattr(model.encoder, "conv", None) is not None,
            "relative_parameters": _relative_parameters(model),
            "permutation_equivariant": difference < 1e-4,
            "max_difference": f"{difference:.0e}",
        }
    record = {
        "transformers": transformers.__version__,
        "init": INIT,
        "tokens": TOKENS,
        "permutation": PERMUTATION,
        "settings": settings,
    }
    _write(FACTS / f"{family}-positions-{transformers.__version__}.json", record)


def record_pos_att_types(family: str) -> None:
    """Per pos_att_type value: what the config class makes of it, the relative parameters built, whose outputs it gives.

    Every model gets the weights of the c2p+p2c model (DeBERTa-v2 with share_att_key false, so its
    position projections exist), so equal outputs mean the value computes what the canonical one does.
    """
    import torch
    import transformers

    unshared = {"share_att_key": False} if family == "deberta-v2" else {}
    reference = _base_model(family, {**unshared, "pos_att_type": ["c2p", "p2c"]}).state_dict()
    outputs: dict[str, Any] = {}
    values: dict[str, Any] = {}
    for name, value in POS_ATT_TYPES.items():
        try:
            model = _base_model(family, {**unshared, "pos_att_type": value})
        except Exception as error:  # the outcome is the record
            values[name] = {"value": value, "config": f"{type(error).__name__}: {error}"}
            continue
        model.load_state_dict(reference, strict=False)
        outputs[name] = _output(model, TOKENS)
        values[name] = {"value": value, "config": model.config.pos_att_type, "relative_parameters": _relative_parameters(model)}
    for name, entry in values.items():
        if name in outputs:
            entry["outputs_as"] = [c for c in CANONICAL_POS_ATT_TYPES if torch.allclose(outputs[name], outputs[c], atol=1e-4)]
    record = {
        "transformers": transformers.__version__,
        "init": INIT,
        "canonical": list(CANONICAL_POS_ATT_TYPES),
        "pos_att_type": values,
    }
    _write(FACTS / f"{family}-pos-att-type-{transformers.__version__}.json", record)


def _write(path: Path, record: dict[str, Any]) -> None:
    path.write_text(json.dumps(record, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT.parents[2])}")


def main() -> None:
    for family in DEBERTAS:
        record_dropouts(family)
        record_pruned_heads(family)
        record_positions(family)
        record_pos_att_types(family)
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
