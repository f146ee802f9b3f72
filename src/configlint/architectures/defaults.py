"""A config.json as transformers 5.24 sees it once its config class has filled in the defaults.

``BertModel.from_pretrained(folder)`` builds a ``BertConfig`` from ``config.json`` whatever its
``model_type`` says (it only warns), so the defaults that apply are those of the *loading* class's
family, not of the file's ``model_type``. Keys the config class does not declare are kept as plain
attributes (which matters: ``hasattr(config, "embedding_size")`` switches off BERT's head-size check).

The values below are the dataclass defaults of ``BertConfig``, ``RobertaConfig``,
``DistilBertConfig`` and ``AlbertConfig`` in transformers 5.24 (the test suite compares them with
``tests/fixtures/transformers/config_classes.json``), limited to what shapes a model or its loading.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from configlint.architectures.common import BuildError, _int_or_key, check_types, num_labels

FAMILY_DEFAULTS: dict[str, dict[str, Any]] = {
    "bert": {
        "vocab_size": 30522,
        "hidden_size": 768,
        "num_hidden_layers": 12,
        "num_attention_heads": 12,
        "intermediate_size": 3072,
        "max_position_embeddings": 512,
        "type_vocab_size": 2,
        "pad_token_id": 0,
        "is_decoder": False,
        "add_cross_attention": False,
        "tie_word_embeddings": True,
    },
    "roberta": {
        "vocab_size": 50265,
        "hidden_size": 768,
        "num_hidden_layers": 12,
        "num_attention_heads": 12,
        "intermediate_size": 3072,
        "max_position_embeddings": 512,
        "type_vocab_size": 2,
        "pad_token_id": 1,
        "is_decoder": False,
        "add_cross_attention": False,
        "tie_word_embeddings": True,
    },
    "distilbert": {
        "vocab_size": 30522,
        "max_position_embeddings": 512,
        "sinusoidal_pos_embds": False,
        "n_layers": 6,
        "n_heads": 12,
        "dim": 768,
        "hidden_dim": 3072,
        "pad_token_id": 0,
        "tie_word_embeddings": True,
    },
    "albert": {
        "vocab_size": 30000,
        "embedding_size": 128,
        "hidden_size": 4096,
        "num_hidden_layers": 12,
        "num_hidden_groups": 1,
        "num_attention_heads": 64,
        "intermediate_size": 16384,
        "inner_group_num": 1,
        "max_position_embeddings": 512,
        "type_vocab_size": 2,
        "pad_token_id": 0,
        "tie_word_embeddings": True,
    },
}

# ``PretrainedConfig.attribute_map``: a key on the left is stored under the name on the right.
ATTRIBUTE_MAPS: dict[str, dict[str, str]] = {
    "bert": {},
    "roberta": {},
    "distilbert": {"hidden_size": "dim", "num_attention_heads": "n_heads", "num_hidden_layers": "n_layers"},
    "albert": {},
}


def resolve_config(family: str, raw: Mapping[str, Any]) -> dict[str, Any]:
    """The family's defaults overlaid with ``raw``, aliases folded onto their real names.

    An alias is set after the declared fields (the strict dataclass ``__init__`` assigns declared
    fields first and leftover kwargs through ``__setattr__``, which follows ``attribute_map``), so
    when a DistilBERT config has both ``dim`` and ``hidden_size``, ``hidden_size`` wins.
    """
    aliases = ATTRIBUTE_MAPS[family]
    resolved = dict(FAMILY_DEFAULTS[family])
    resolved.update((key, value) for key, value in raw.items() if key not in aliases)
    resolved.update((aliases[key], value) for key, value in raw.items() if key in aliases)
    return resolved


# Fields the config classes declare as ``int`` (then ``int | None``), in declaration order: the
# strict dataclass validation refuses a string, float, bool or null there when the config loads.
INTEGER_FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "bert": (
        (
            "vocab_size",
            "hidden_size",
            "num_hidden_layers",
            "num_attention_heads",
            "intermediate_size",
            "max_position_embeddings",
            "type_vocab_size",
        ),
        ("pad_token_id", "bos_token_id"),
    ),
    "roberta": (
        (
            "vocab_size",
            "hidden_size",
            "num_hidden_layers",
            "num_attention_heads",
            "intermediate_size",
            "max_position_embeddings",
            "type_vocab_size",
        ),
        ("pad_token_id", "bos_token_id"),
    ),
    "distilbert": (
        ("vocab_size", "max_position_embeddings", "n_layers", "n_heads", "dim", "hidden_dim"),
        ("pad_token_id", "bos_token_id"),
    ),
    "albert": (
        (
            "vocab_size",
            "embedding_size",
            "hidden_size",
            "num_hidden_layers",
            "num_hidden_groups",
            "num_attention_heads",
            "intermediate_size",
            "inner_group_num",
            "max_position_embeddings",
            "type_vocab_size",
        ),
        ("pad_token_id", "bos_token_id"),
    ),
}


def validate_config(family: str, resolved: Mapping[str, Any]) -> None:
    """What loading the config itself refuses (``BuildError``), before any model is built.

    The strict type check of the sizing fields, then ``PreTrainedConfig.__post_init__``'s refusal
    of single-label classification with one label.
    """
    fields, optional = INTEGER_FIELDS[family]
    check_types(resolved, fields, optional)
    # __post_init__ checks the count id2label gives; a num_labels key is applied after it (recorded).
    id2label = resolved.get("id2label")
    count = len({_int_or_key(key) for key in id2label}) if isinstance(id2label, dict) else num_labels(resolved)
    if resolved.get("problem_type") == "single_label_classification" and count == 1:
        raise BuildError("ValueError", '`problem_type="single_label_classification"` requires `num_labels > 1`.')
