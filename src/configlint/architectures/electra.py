"""ELECTRA weight maps (``transformers/models/electra/modeling_electra.py``, 5.23).

ELECTRA's encoder is BERT's, module for module (``ElectraLayer`` = ``BertLayer``). What differs:
the embeddings are ``embedding_size`` wide and ``ElectraModel`` projects them to ``hidden_size``
with ``embeddings_project`` only when the two differ; there is no pooler in any class; and the
heads are ELECTRA's own (discriminator, generator, a two-layer classification head with a fixed
GELU, and ``sequence_summary`` for multiple choice). ``ElectraConfig`` always has
``embedding_size``, so ``ElectraSelfAttention`` never checks that the heads divide the hidden
size (as in ALBERT). Every name and shape was read off the recorded state dicts
(``tests/fixtures/load_report/state_dicts.json``).
"""

from __future__ import annotations

from configlint.architectures import bert
from configlint.architectures.common import (
    BuildError,
    Config,
    Family,
    HeadClass,
    WeightMap,
    activation,
    integer,
    join,
    layer_norm,
    linear,
    linear_head,
    num_labels,
)

BUFFERS = ("embeddings.position_ids", "embeddings.token_type_ids")
GENERATOR_TIES = (("generator_lm_head.weight", "electra.embeddings.word_embeddings.weight"),)
FAMILY = Family.of("electra", BUFFERS)
PREFIX = FAMILY.prefix


def base_model(config: Config, prefix: str = "") -> WeightMap:
    """``ElectraModel``: embeddings (word, position, token type, LayerNorm), the projection, BERT's encoder."""
    size = integer(config, "embedding_size")
    hidden = integer(config, "hidden_size")
    weights: WeightMap = {}
    bert.embeddings(weights, join(prefix, "embeddings"), config, "embedding_size")
    if size != hidden:
        linear(weights, join(prefix, "embeddings_project"), size, hidden)
    bert.encoder(weights, join(prefix, "encoder"), config, "ElectraLayer")
    return weights


def _model(config: Config) -> WeightMap:
    return base_model(config)


def _inner(config: Config) -> WeightMap:
    return base_model(config, PREFIX)


def _pretraining(config: Config) -> WeightMap:
    """``ElectraDiscriminatorPredictions``: dense, ``get_activation(hidden_act)``, one logit per token."""
    weights = _inner(config)
    hidden = integer(config, "hidden_size")
    linear(weights, "discriminator_predictions.dense", hidden, hidden)
    activation(weights, "discriminator_predictions.activation", config.get("hidden_act"))
    linear(weights, "discriminator_predictions.dense_prediction", hidden, 1)
    return weights


def _generator(config: Config) -> WeightMap:
    """``ElectraGeneratorPredictions`` (dense to embedding_size, fixed GELU, LayerNorm) and the LM head."""
    weights = _inner(config)
    size = integer(config, "embedding_size")
    layer_norm(weights, "generator_predictions.LayerNorm", size)
    linear(weights, "generator_predictions.dense", integer(config, "hidden_size"), size)
    linear(weights, "generator_lm_head", size, integer(config, "vocab_size"))
    return weights


def _sequence_classification(config: Config) -> WeightMap:
    """``ElectraClassificationHead``: dense, GELU (``get_activation("gelu")``, not hidden_act), out_proj."""
    weights = _inner(config)
    hidden = integer(config, "hidden_size")
    linear(weights, "classifier.dense", hidden, hidden)
    linear(weights, "classifier.out_proj", hidden, num_labels(config))
    return weights


def _multiple_choice(config: Config) -> WeightMap:
    """``ElectraSequenceSummary`` (the ``summary_*`` keys), then one score per choice.

    ``summary_type`` "attn" raises NotImplementedError when the summary is built; the projection
    exists only with ``summary_use_proj`` and has num_labels outputs only with a positive count and
    ``summary_proj_to_labels`` (a key ElectraConfig does not declare).
    """
    weights = _inner(config)
    hidden = integer(config, "hidden_size")
    if config.get("summary_type", "last") == "attn":
        raise BuildError("NotImplementedError", "")
    if config.get("summary_use_proj"):
        labels = num_labels(config)
        width = labels if config.get("summary_proj_to_labels") and labels > 0 else hidden
        linear(weights, "sequence_summary.summary", hidden, width)
    if config.get("summary_activation"):
        activation(weights, "sequence_summary.activation", config.get("summary_activation"))
    linear(weights, "classifier", hidden, 1)
    return weights


CLASSES: tuple[HeadClass, ...] = (
    FAMILY.head("ElectraModel", _model),
    FAMILY.head("ElectraForPreTraining", _pretraining),
    FAMILY.head("ElectraForMaskedLM", _generator, GENERATOR_TIES),
    FAMILY.head("ElectraForCausalLM", _generator, GENERATOR_TIES),
    FAMILY.head("ElectraForSequenceClassification", _sequence_classification),
    FAMILY.head("ElectraForTokenClassification", linear_head(_inner, "classifier", "hidden_size")),
    FAMILY.head("ElectraForQuestionAnswering", linear_head(_inner, "qa_outputs", "hidden_size")),
    FAMILY.head("ElectraForMultipleChoice", _multiple_choice),
)
