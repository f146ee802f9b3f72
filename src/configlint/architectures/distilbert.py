"""DistilBERT weight maps (``transformers/models/distilbert/modeling_distilbert.py``, 5.23).

DistilBERT names its sizes ``dim``/``n_layers``/``n_heads``/``hidden_dim`` (``hidden_size`` and
friends are aliases, folded by :func:`configlint.architectures.defaults.resolve_config`). It has
no token-type embeddings and no pooler; its LayerNorms use a fixed eps, and sinusoidal position
embeddings are still a stored ``position_embeddings.weight`` (only their initial values differ).
"""

from __future__ import annotations

from collections.abc import Callable

from configlint.architectures.common import (
    BuildError,
    Config,
    Family,
    HeadClass,
    WeightMap,
    activation,
    embedding,
    integer,
    join,
    layer_norm,
    linear,
    linear_head,
    num_labels,
)

BUFFERS = ("embeddings.position_ids",)
LM_TIES = (("vocab_projector.weight", "distilbert.embeddings.word_embeddings.weight"),)
FAMILY = Family.of("distilbert", BUFFERS)
PREFIX = FAMILY.prefix


def base_model(config: Config, prefix: str = "") -> WeightMap:
    """``DistilBertModel``: embeddings, then ``n_layers`` x ``TransformerBlock``.

    ``TransformerBlock`` refuses heads that do not divide ``dim`` (it is only built when there is
    at least one layer).
    """
    dim = integer(config, "dim")
    layers = integer(config, "n_layers")
    heads = integer(config, "n_heads")
    hidden_dim = integer(config, "hidden_dim")
    weights: WeightMap = {}
    emb = join(prefix, "embeddings")
    embedding(weights, f"{emb}.word_embeddings", integer(config, "vocab_size"), dim, padding_idx=config.get("pad_token_id"))
    embedding(weights, f"{emb}.position_embeddings", integer(config, "max_position_embeddings"), dim)
    layer_norm(weights, f"{emb}.LayerNorm", dim)
    if layers and heads == 0:
        raise BuildError("ZeroDivisionError", "integer modulo by zero")
    if layers and dim % heads != 0:
        raise BuildError("ValueError", f"config.n_heads {heads} must divide config.dim {dim} evenly")
    if layers and dim // heads == 0:  # attention_head_size**-0.5 (a dim of 0 passes the divisibility check)
        raise BuildError("ZeroDivisionError", "0.0 cannot be raised to a negative power")
    for index in range(layers):
        layer = join(prefix, f"transformer.layer.{index}")
        for name in ("q_lin", "k_lin", "v_lin", "out_lin"):
            linear(weights, f"{layer}.attention.{name}", dim, dim)
        layer_norm(weights, f"{layer}.sa_layer_norm", dim)
        linear(weights, f"{layer}.ffn.lin1", dim, hidden_dim)
        linear(weights, f"{layer}.ffn.lin2", hidden_dim, dim)
        activation(weights, f"{layer}.ffn.activation", config.get("activation"))
        layer_norm(weights, f"{layer}.output_layer_norm", dim)
    return weights


def _prefixed(config: Config) -> WeightMap:
    return base_model(config, PREFIX)


def _masked_lm(config: Config) -> WeightMap:
    weights = _prefixed(config)
    dim = integer(config, "dim")
    linear(weights, "vocab_transform", dim, dim)
    activation(weights, "activation", config.get("activation"))
    layer_norm(weights, "vocab_layer_norm", dim)
    linear(weights, "vocab_projector", dim, integer(config, "vocab_size"))
    return weights


def _with_pre_classifier(labels: int | None) -> Callable[[Config], WeightMap]:
    """Sequence classification and multiple choice: ``pre_classifier`` (dim x dim) then ``classifier``."""

    def weights_of(config: Config) -> WeightMap:
        weights = _prefixed(config)
        dim = integer(config, "dim")
        linear(weights, "pre_classifier", dim, dim)
        linear(weights, "classifier", dim, num_labels(config) if labels is None else labels)
        return weights

    return weights_of


def _question_answering(config: Config) -> WeightMap:
    """``qa_outputs`` is built first, then the class refuses anything but two labels (start/end)."""
    weights = linear_head(_prefixed, "qa_outputs", "dim")(config)
    labels = num_labels(config)
    if labels != 2:
        raise BuildError("ValueError", f"config.num_labels should be 2, but it is {labels}")
    return weights


CLASSES: tuple[HeadClass, ...] = (
    FAMILY.head("DistilBertModel", base_model),
    FAMILY.head("DistilBertForMaskedLM", _masked_lm, LM_TIES),
    FAMILY.head("DistilBertForSequenceClassification", _with_pre_classifier(None)),
    FAMILY.head("DistilBertForTokenClassification", linear_head(_prefixed, "classifier", "dim")),
    FAMILY.head("DistilBertForQuestionAnswering", _question_answering),
    FAMILY.head("DistilBertForMultipleChoice", _with_pre_classifier(1)),
)
