"""Which family a config belongs to, and how sure we are.

transformers' ``AutoConfig`` reads ``model_type``; without it, it falls back to matching a
known model type inside the *path* of the checkpoint, which is how legacy Google
``bert_config.json`` files and ALBERT TF configs still load by accident. configlint decides by
``model_type``, else by the first architecture's class-name prefix, else by the shape of the
keys, and records the basis so rules can warn when the file alone does not say.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

FAMILIES: tuple[str, ...] = ("bert", "roberta", "distilbert", "albert")

# Longest prefix first: "DistilBert" must win over "Bert"-anything, "Roberta" is not "Bert".
_ARCHITECTURE_PREFIXES: tuple[tuple[str, str | None], ...] = (
    ("RobertaPreLayerNorm", None),  # a different model type that merely shares the prefix
    ("BertGeneration", None),  # bert-generation, its own model type
    ("DistilBert", "distilbert"),
    ("Roberta", "roberta"),
    ("Albert", "albert"),
    ("Bert", "bert"),
)


@dataclass(frozen=True, slots=True)
class FamilyGuess:
    """``family`` is one of :data:`FAMILIES` or ``None``; ``basis`` says why."""

    family: str | None
    basis: str  # "model_type", "architectures", "keys", "foreign-model-type", "unknown"
    model_type: str | None = None


# The model classes transformers 5.x defines per family (what ``architectures`` may name).
HEAD_CLASSES: dict[str, tuple[str, ...]] = {
    "bert": (
        "BertModel",
        "BertForMaskedLM",
        "BertForPreTraining",
        "BertForSequenceClassification",
        "BertForTokenClassification",
        "BertForQuestionAnswering",
        "BertForNextSentencePrediction",
        "BertForMultipleChoice",
        "BertLMHeadModel",
    ),
    "roberta": (
        "RobertaModel",
        "RobertaForMaskedLM",
        "RobertaForSequenceClassification",
        "RobertaForTokenClassification",
        "RobertaForQuestionAnswering",
        "RobertaForMultipleChoice",
        "RobertaForCausalLM",
    ),
    "distilbert": (
        "DistilBertModel",
        "DistilBertForMaskedLM",
        "DistilBertForSequenceClassification",
        "DistilBertForTokenClassification",
        "DistilBertForQuestionAnswering",
        "DistilBertForMultipleChoice",
    ),
    "albert": (
        "AlbertModel",
        "AlbertForMaskedLM",
        "AlbertForPreTraining",
        "AlbertForSequenceClassification",
        "AlbertForTokenClassification",
        "AlbertForQuestionAnswering",
        "AlbertForMultipleChoice",
    ),
}


# Classes whose base model is built with add_pooling_layer=True (dense + tanh on the first token).
# Every other class is built with add_pooling_layer=False, and DistilBERT has no pooler at all.
POOLER_CLASSES: frozenset[str] = frozenset(
    {
        "BertModel",
        "BertForPreTraining",
        "BertForNextSentencePrediction",
        "BertForSequenceClassification",
        "BertForMultipleChoice",
        "RobertaModel",
        "RobertaForMultipleChoice",
        "AlbertModel",
        "AlbertForPreTraining",
        "AlbertForSequenceClassification",
        "AlbertForMultipleChoice",
    }
)


def family_of_architecture(name: str) -> str | None:
    for prefix, family in _ARCHITECTURE_PREFIXES:
        if name.startswith(prefix):
            return family
    return None


def detect_family(config: Mapping[str, Any]) -> FamilyGuess:
    model_type = config.get("model_type")
    if isinstance(model_type, str) and model_type:
        if model_type in FAMILIES:
            return FamilyGuess(model_type, "model_type", model_type)
        return FamilyGuess(None, "foreign-model-type", model_type)
    architectures = config.get("architectures")
    if isinstance(architectures, list):
        for name in architectures:
            if isinstance(name, str) and (family := family_of_architecture(name)):
                return FamilyGuess(family, "architectures")
    return FamilyGuess(_family_from_keys(config), "keys")


def _family_from_keys(config: Mapping[str, Any]) -> str | None:
    if "dim" in config and ("n_layers" in config or "n_heads" in config):
        return "distilbert"
    if "embedding_size" in config or "num_hidden_groups" in config or "inner_group_num" in config:
        return "albert"
    if "hidden_size" in config or "num_attention_heads" in config or "intermediate_size" in config:
        return "roberta" if _has_roberta_sizes(config) else "bert"
    return None


def _has_roberta_sizes(config: Mapping[str, Any]) -> bool:
    """RoBERTa's vocabulary (50265 byte-level BPE tokens), or its pad id 1 with the 514 positions that make room for it.

    Such a config without model_type is a RoBERTa checkpoint exported without it; calling it BERT
    would make the migration add the wrong model_type.
    """
    return config.get("vocab_size") == 50265 or (config.get("pad_token_id") == 1 and config.get("max_position_embeddings") == 514)
