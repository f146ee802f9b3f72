"""RoBERTa weight maps (``transformers/models/roberta/modeling_roberta.py``, 5.23).

RoBERTa's encoder and pooler are BERT's, module for module; what differs is the embeddings
(position embeddings are padded with ``pad_token_id`` too, so a ``pad_token_id`` beyond
``max_position_embeddings`` fails to build), the ``lm_head`` of the language models, and the
two-layer ``RobertaClassificationHead`` of sequence classification, which has no pooler.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from configlint.architectures import bert
from configlint.architectures.common import (
    BuildError,
    Config,
    Family,
    HeadClass,
    WeightMap,
    bias,
    embedding,
    integer,
    join,
    layer_norm,
    linear,
    linear_head,
    num_labels,
    pooled_variants,
)
from configlint.family_table import FAMILIES

Builder = Callable[[Config], WeightMap]

BUFFERS = ("embeddings.position_ids", "embeddings.token_type_ids")


def embeddings(weights: WeightMap, prefix: str, config: Config) -> None:
    """``RobertaEmbeddings``: built in the order word, token type, LayerNorm, then padded positions."""
    hidden = integer(config, "hidden_size")
    padding = config.get("pad_token_id")
    embedding(weights, f"{prefix}.word_embeddings", integer(config, "vocab_size"), hidden, padding_idx=padding)
    embedding(weights, f"{prefix}.token_type_embeddings", integer(config, "type_vocab_size"), hidden)
    layer_norm(weights, f"{prefix}.LayerNorm", hidden)
    positions = integer(config, "max_position_embeddings")
    if positions < 0:  # the position_ids buffer is torch.arange(max_position_embeddings), made first
        raise BuildError("RuntimeError", "upper bound and lower bound inconsistent with step sign")
    embedding(weights, f"{prefix}.position_embeddings", positions, hidden, padding_idx=padding)


def base_model(config: Config, prefix: str = "", *, pooler: bool = True, layer_class: str = "RobertaLayer") -> WeightMap:
    """``RobertaModel(config, add_pooling_layer=pooler)`` with its keys under ``prefix``.

    ``layer_class`` is the encoder layer's class name, which its cross-attention refusal quotes.
    """
    weights: WeightMap = {}
    embeddings(weights, join(prefix, "embeddings"), config)
    bert.encoder(weights, join(prefix, "encoder"), config, layer_class)
    if pooler:
        hidden = integer(config, "hidden_size")
        linear(weights, join(prefix, "pooler.dense"), hidden, hidden)
    return weights


def language_model(without_pooler: Builder) -> Builder:
    """``RobertaLMHead``: dense + layer_norm (lower-case), decoder to the vocabulary, and its own bias."""

    def weights_of(config: Config) -> WeightMap:
        weights = without_pooler(config)
        hidden = integer(config, "hidden_size")
        vocab = integer(config, "vocab_size")
        linear(weights, "lm_head.dense", hidden, hidden)
        layer_norm(weights, "lm_head.layer_norm", hidden)
        linear(weights, "lm_head.decoder", hidden, vocab)
        bias(weights, "lm_head.bias", vocab)
        return weights

    return weights_of


def classification_head(without_pooler: Builder) -> Builder:
    """``RobertaClassificationHead`` reads the first token itself: dense then out_proj, no pooler (MPNet's is the same)."""

    def weights_of(config: Config) -> WeightMap:
        weights = without_pooler(config)
        hidden = integer(config, "hidden_size")
        linear(weights, "classifier.dense", hidden, hidden)
        linear(weights, "classifier.out_proj", hidden, num_labels(config))
        return weights

    return weights_of


def roberta_shaped_classes(family_name: str) -> tuple[HeadClass, ...]:
    """The seven classes of a family that copies RoBERTa under its own class names (RoBERTa, XLM-RoBERTa, CamemBERT).

    Names come from the family table (``class_prefix``, ``base_model_prefix``); the recordings of
    every class of the three families (state_dicts.json, classes.json) pin what this builds.
    """
    family = Family.of(family_name, BUFFERS)
    name = FAMILIES[family_name].class_prefix
    ties = (
        ("lm_head.decoder.weight", f"{family.prefix}.embeddings.word_embeddings.weight"),
        ("lm_head.decoder.bias", "lm_head.bias"),
    )
    model, with_pooler, without_pooler = pooled_variants(partial(base_model, layer_class=f"{name}Layer"), family.prefix)
    lm = language_model(without_pooler)
    return (
        family.head(f"{name}Model", model),
        family.head(f"{name}ForMaskedLM", lm, ties),
        family.head(f"{name}ForSequenceClassification", classification_head(without_pooler)),
        family.head(f"{name}ForTokenClassification", linear_head(without_pooler, "classifier", "hidden_size")),
        family.head(f"{name}ForQuestionAnswering", linear_head(without_pooler, "qa_outputs", "hidden_size")),
        family.head(f"{name}ForMultipleChoice", linear_head(with_pooler, "classifier", "hidden_size", 1)),
        family.head(f"{name}ForCausalLM", lm, ties),
    )


CLASSES: tuple[HeadClass, ...] = roberta_shaped_classes("roberta")
