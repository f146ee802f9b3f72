"""RoBERTa weight maps (``transformers/models/roberta/modeling_roberta.py``, 5.23).

RoBERTa's encoder and pooler are BERT's, module for module; what differs is the embeddings
(position embeddings are padded with ``pad_token_id`` too, so a ``pad_token_id`` beyond
``max_position_embeddings`` fails to build), the ``lm_head`` of the language models, and the
two-layer ``RobertaClassificationHead`` of sequence classification, which has no pooler.
"""

from __future__ import annotations

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

BUFFERS = ("embeddings.position_ids", "embeddings.token_type_ids")
LM_TIES = (
    ("lm_head.decoder.weight", "roberta.embeddings.word_embeddings.weight"),
    ("lm_head.decoder.bias", "lm_head.bias"),
)
FAMILY = Family.of("roberta", BUFFERS)
PREFIX = FAMILY.prefix


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


def base_model(config: Config, prefix: str = "", *, pooler: bool = True) -> WeightMap:
    """``RobertaModel(config, add_pooling_layer=pooler)`` with its keys under ``prefix``."""
    weights: WeightMap = {}
    embeddings(weights, join(prefix, "embeddings"), config)
    bert.encoder(weights, join(prefix, "encoder"), config, "RobertaLayer")
    if pooler:
        hidden = integer(config, "hidden_size")
        linear(weights, join(prefix, "pooler.dense"), hidden, hidden)
    return weights


_model, _with_pooler, _without_pooler = pooled_variants(base_model, PREFIX)


def _language_model(config: Config) -> WeightMap:
    """``RobertaLMHead``: dense + layer_norm (lower-case), decoder to the vocabulary, and its own bias."""
    weights = _without_pooler(config)
    hidden = integer(config, "hidden_size")
    vocab = integer(config, "vocab_size")
    linear(weights, "lm_head.dense", hidden, hidden)
    layer_norm(weights, "lm_head.layer_norm", hidden)
    linear(weights, "lm_head.decoder", hidden, vocab)
    bias(weights, "lm_head.bias", vocab)
    return weights


def _sequence_classification(config: Config) -> WeightMap:
    """``RobertaClassificationHead`` reads the first token itself: dense then out_proj, no pooler."""
    weights = _without_pooler(config)
    hidden = integer(config, "hidden_size")
    linear(weights, "classifier.dense", hidden, hidden)
    linear(weights, "classifier.out_proj", hidden, num_labels(config))
    return weights


CLASSES: tuple[HeadClass, ...] = (
    FAMILY.head("RobertaModel", _model),
    FAMILY.head("RobertaForMaskedLM", _language_model, LM_TIES),
    FAMILY.head("RobertaForSequenceClassification", _sequence_classification),
    FAMILY.head("RobertaForTokenClassification", linear_head(_without_pooler, "classifier", "hidden_size")),
    FAMILY.head("RobertaForQuestionAnswering", linear_head(_without_pooler, "qa_outputs", "hidden_size")),
    FAMILY.head("RobertaForMultipleChoice", linear_head(_with_pooler, "classifier", "hidden_size", 1)),
    FAMILY.head("RobertaForCausalLM", _language_model, LM_TIES),
)
