"""The cases ``record_claims.py`` runs in the oracle libraries, keyed by a stable id.

Each case is a tiny config (the family's base below, with keys set or dropped), optionally a
model class to build and run, and the config attributes to read back. Rule tests refer to the
ids; the recordings in tests/fixtures/claims/ hold the outcomes per library version. Keep ids
stable: messages' evidence and docs/rules.md name them.
"""

from __future__ import annotations

from typing import Any

FAMILY_CLASSES = {
    "bert": "BertConfig",
    "roberta": "RobertaConfig",
    "distilbert": "DistilBertConfig",
    "albert": "AlbertConfig",
    "xlm-roberta": "XLMRobertaConfig",
    "camembert": "CamembertConfig",
    "mpnet": "MPNetConfig",
    "electra": "ElectraConfig",
    "deberta-v2": "DebertaV2Config",
    "modernbert": "ModernBertConfig",
    "deberta": "DebertaConfig",
}
FAMILY_CLASS_PREFIXES = (
    "Bert",
    "Roberta",
    "DistilBert",
    "Albert",
    "XLMRoberta",
    "Camembert",
    "MPNet",
    "Electra",
    "DebertaV2",
    "ModernBert",
    "Deberta",  # DeBERTa (v1); its names are a superset of the DebertaV2 prefix's
)
"""Class-name prefixes whose exported names are recorded (with their TF and Flax variants), for F004."""

BASES: dict[str, dict[str, Any]] = {
    "bert": {
        "model_type": "bert",
        "vocab_size": 99,
        "hidden_size": 32,
        "num_hidden_layers": 2,
        "num_attention_heads": 4,
        "intermediate_size": 37,
        "max_position_embeddings": 64,
    },
    "roberta": {
        "model_type": "roberta",
        "vocab_size": 99,
        "hidden_size": 32,
        "num_hidden_layers": 2,
        "num_attention_heads": 4,
        "intermediate_size": 37,
        "max_position_embeddings": 66,
        "pad_token_id": 1,
        "bos_token_id": 0,
        "eos_token_id": 2,
    },
    "distilbert": {
        "model_type": "distilbert",
        "vocab_size": 99,
        "dim": 32,
        "n_layers": 2,
        "n_heads": 4,
        "hidden_dim": 37,
        "max_position_embeddings": 64,
    },
    "albert": {
        "model_type": "albert",
        "vocab_size": 99,
        "embedding_size": 16,
        "hidden_size": 32,
        "num_hidden_layers": 2,
        "num_attention_heads": 4,
        "intermediate_size": 37,
        "max_position_embeddings": 64,
    },
}


def config_of(case: dict[str, Any]) -> dict[str, Any]:
    """The config.json a case writes: its family's base, with ``set`` applied and ``drop`` removed."""
    config = {**BASES[case["family"]], **case.get("set", {})}
    for key in case.get("drop", ()):
        config.pop(key, None)
    return config


def _case(id: str, family: str, cls: str | None = None, **rest: Any) -> dict[str, Any]:
    case: dict[str, Any] = {"id": id, "family": family, **rest}
    if cls:
        case["class"] = cls
    return case


# Baselines: the same class without the key under test, for "ignored" (same digest) claims.
_BASELINES = [
    _case(f"baseline-{family}-{cls}", family, cls)
    for family, classes in {
        "bert": ("BertModel", "BertForMaskedLM", "BertForSequenceClassification"),
        "roberta": ("RobertaModel", "RobertaForMaskedLM"),
        "distilbert": ("DistilBertModel", "DistilBertForSequenceClassification"),
        "albert": ("AlbertModel", "AlbertForSequenceClassification"),
    }.items()
    for cls in classes
]

# Keys seen in real configs that are not attributes of the family's config class; each is
# built with and without, to see whether any code reads it.
UNREAD_KEYS: dict[str, tuple[str, str, Any]] = {
    "use_relative_position": ("bert", "BertModel", True),
    "ln_type": ("albert", "AlbertModel", "preln"),
    "down_scale_factor": ("albert", "AlbertModel", 2),
    "net_structure_type": ("albert", "AlbertModel", 1),
    "gap_size": ("albert", "AlbertModel", 4),
    "num_memory_blocks": ("albert", "AlbertModel", 2),
    "layernorm_epsilon": ("bert", "BertModel", 0.5),
    "fp32_layernorm": ("bert", "BertModel", True),
    "output_past": ("bert", "BertModel", False),
    "attention_head_size": ("bert", "BertModel", 4),
    "use_token_type_embeddings": ("bert", "BertModel", False),
    "use_position_embeddings": ("bert", "BertModel", False),
    "attention_dropout_prob": ("bert", "BertModel", 0.5),
    "tie_weights_": ("bert", "BertForMaskedLM", False),
    "fp16": ("bert", "BertModel", True),
    "lr": ("bert", "BertModel", 0.001),
}

TRANSFORMERS_CASES: list[dict[str, Any]] = [
    *_BASELINES,
    # F002: no model_type, in a folder whose name contains a model type and in one that does not.
    _case("no-model-type-bert-folder", "bert", drop=["model_type"], folder="bert-base-x"),
    _case("no-model-type-plain-folder", "bert", drop=["model_type"], folder="model"),
    _case("no-model-type-roberta-sizes", "roberta", drop=["model_type"], folder="roberta-x", read=["pad_token_id", "vocab_size"]),
    # D005: gradient_checkpointing per family.
    *[
        _case(f"gradient-checkpointing-{f}", f, c, set={"gradient_checkpointing": True})
        for f, c in (
            ("bert", "BertModel"),
            ("roberta", "RobertaModel"),
            ("distilbert", "DistilBertModel"),
            ("albert", "AlbertModel"),
        )
    ],
    # V004: initializer_range 0 and negative, on a class with a fresh classifier.
    _case("initializer-range-zero", "bert", "BertForSequenceClassification", set={"initializer_range": 0.0}),
    _case("initializer-range-negative", "bert", "BertForSequenceClassification", set={"initializer_range": -0.02}),
    # M003: pad_token_id at and past the vocabulary's ends (vocab_size 99).
    *[_case(f"pad-token-id-{v}", "bert", "BertModel", set={"pad_token_id": v}) for v in (-1, -99, -100, 98, 99, 150)],
    _case("eos-token-id-out-of-vocab", "bert", "BertModel", set={"eos_token_id": 150}),
    # D003: dtype spellings.
    *[
        _case(f"dtype-{v.replace('.', '-')}", "bert", set={"dtype": v}, read=["dtype"])
        for v in ("float16", "torch.float16", "fp16", "auto", "float")
    ],
    _case("torch-dtype-torch-float16", "bert", set={"torch_dtype": "torch.float16"}, read=["dtype"]),
    # S001: strings where bools and ints belong.
    _case("output-hidden-states-string", "bert", "BertModel", set={"output_hidden_states": "True"}),
    _case("hidden-size-string", "bert", "BertModel", set={"hidden_size": "32"}),
    _case("return-dict-string", "bert", "BertModel", set={"return_dict": "False"}),
    # L rules.
    _case(
        "num-labels-disagrees",
        "bert",
        "BertForSequenceClassification",
        set={"num_labels": 3, "id2label": {"0": "neg", "1": "pos"}},
        read=["id2label", "num_labels"],
    ),
    _case(
        "single-label-one-label",
        "bert",
        "BertForSequenceClassification",
        set={"problem_type": "single_label_classification", "num_labels": 1},
    ),
    _case("problem-type-typo", "bert", "BertForSequenceClassification", set={"problem_type": "multilabel_classification"}),
    _case("private-num-labels", "bert", "BertForSequenceClassification", set={"_num_labels": 5}, read=["num_labels"]),
    _case("distilbert-qa-three-labels", "distilbert", "DistilBertForQuestionAnswering", set={"num_labels": 3}),
    # P rules.
    _case("hidden-act-unknown", "bert", "BertModel", set={"hidden_act": "gelu2"}),
    _case("hidden-act-tanh", "bert", "BertModel", set={"hidden_act": "tanh"}),
    _case(
        "pooler-keys-bert",
        "bert",
        "BertModel",
        set={"pooler_type": "first_token_transform", "pooler_fc_size": 64, "directionality": "bidi", "use_pooler": False},
    ),
    _case("pooler-type-mean", "bert", "BertModel", set={"pooler_type": "mean"}),
    _case("use-pooler-on-masked-lm", "bert", "BertForMaskedLM", set={"use_pooler": True}),
    _case("classifier-dropout-distilbert", "distilbert", "DistilBertForSequenceClassification", set={"classifier_dropout": 0.37}),
    _case("classifier-dropout-albert", "albert", "AlbertForSequenceClassification", set={"classifier_dropout": 0.37}),
    _case("classifier-dropout-bert", "bert", "BertForSequenceClassification", set={"classifier_dropout": 0.37}),
    # M rules.
    _case("heads-do-not-divide-bert", "bert", "BertModel", set={"hidden_size": 30}),
    _case("heads-do-not-divide-albert", "albert", "AlbertModel", set={"hidden_size": 30}),
    _case("heads-do-not-divide-distilbert", "distilbert", "DistilBertModel", set={"dim": 30}),
    _case("roberta-pad-zero", "roberta", "RobertaModel", set={"pad_token_id": 0}),
    _case("roberta-bos-101", "roberta", "RobertaModel", set={"bos_token_id": 101}),
    # Missed mistakes (issue 17 §2).
    _case("add-cross-attention-without-decoder", "bert", "BertModel", set={"add_cross_attention": True}),
    _case("add-cross-attention-without-decoder-roberta", "roberta", "RobertaModel", set={"add_cross_attention": True}),
    _case("add-cross-attention-with-decoder", "bert", "BertModel", set={"add_cross_attention": True, "is_decoder": True}),
    _case(
        "auto-map-without-trust",
        "bert",
        set={"auto_map": {"AutoConfig": "configuration_custom.CustomConfig", "AutoModel": "modeling_custom.CustomModel"}},
    ),
    _case("is-decoder-masked-lm", "bert", "BertForMaskedLM", set={"is_decoder": True}),
    _case("pruned-heads", "bert", "BertModel", set={"pruned_heads": {"0": [0]}}),
    _case("relative-key-position", "bert", "BertModel", set={"position_embedding_type": "relative_key"}),
    _case("attention-probs-dropout-set", "bert", "BertModel", set={"attention_probs_dropout_prob": 0.5}),
    *[_case(f"unread-{key}", family, cls, set={key: value}) for key, (family, cls, value) in UNREAD_KEYS.items()],
    # J006/J007: files that are not a config at all.
    _case("empty-file", "bert", raw=""),
    _case("latin-1-file", "bert", raw='{"model_type": "bert", "id2label": {"0": "n\xe9gatif"}}'),
]

_TRANSFORMER = {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"}
_POOLING = {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"}


def _st(
    id: str, modules: list[dict[str, Any]] | None = None, pooling: dict[str, Any] | None = None, **extra: Any
) -> dict[str, Any]:
    files: dict[str, Any] = {"modules.json": modules if modules is not None else [_TRANSFORMER, _POOLING]}
    if pooling is not None:
        files["1_Pooling/config.json"] = pooling
    files.update(extra)
    return {"id": id, "files": files}


ST_CASES: list[dict[str, Any]] = [
    _st("st-baseline-mean", pooling={"word_embedding_dimension": 32, "pooling_mode_mean_tokens": True}),
    _st("st-baseline-cls", pooling={"word_embedding_dimension": 32, "pooling_mode_cls_token": True}),
    _st("st-dimension-mismatch", pooling={"word_embedding_dimension": 48, "pooling_mode_mean_tokens": True}),
    _st(
        "st-no-mode-true",
        pooling={"word_embedding_dimension": 32, "pooling_mode_cls_token": False, "pooling_mode_mean_tokens": False},
    ),
    _st("st-mode-avg", pooling={"embedding_dimension": 32, "pooling_mode": "avg"}),
    _st(
        "st-several-modes",
        pooling={"word_embedding_dimension": 32, "pooling_mode_cls_token": True, "pooling_mode_mean_tokens": True},
    ),
    _st("st-unknown-key", pooling={"word_embedding_dimension": 32, "pooling_mode_mean_token": True}),
    _st("st-lasttoken", pooling={"word_embedding_dimension": 32, "pooling_mode_lasttoken": True}),
    _st(
        "st-no-idx",
        modules=[{k: v for k, v in m.items() if k != "idx"} for m in (_TRANSFORMER, _POOLING)],
        pooling={"word_embedding_dimension": 32, "pooling_mode_mean_tokens": True},
    ),
    _st(
        "st-no-name",
        modules=[{k: v for k, v in m.items() if k != "name"} for m in (_TRANSFORMER, _POOLING)],
        pooling={"word_embedding_dimension": 32, "pooling_mode_mean_tokens": True},
    ),
    _st(
        "st-no-type",
        modules=[_TRANSFORMER, {k: v for k, v in _POOLING.items() if k != "type"}],
        pooling={"word_embedding_dimension": 32, "pooling_mode_mean_tokens": True},
    ),
    _st("st-pooling-folder-missing"),
    _st(
        "st-dense-folder-missing",
        modules=[
            _TRANSFORMER,
            _POOLING,
            {"idx": 2, "name": "2", "path": "2_Dense", "type": "sentence_transformers.models.Dense"},
        ],
        pooling={"word_embedding_dimension": 32, "pooling_mode_mean_tokens": True},
    ),
    _st(
        "st-type-typo",
        modules=[_TRANSFORMER, {**_POOLING, "type": "sentence_transformers.models.Poolling"}],
        pooling={"word_embedding_dimension": 32, "pooling_mode_mean_tokens": True},
    ),
    _st("st-no-pooling-module", modules=[_TRANSFORMER]),
]
