"""What a family entry is (:class:`Family`), the traits rules key on, and the facts transformers'
config classes and ACT2FN give (read off the schema's generated field table, never typed by hand).

The entries themselves are :data:`configlint.family_table.FAMILIES`; this module holds what they
are made of, so the table module is only the table and its lookups.
"""

from collections.abc import Callable, Mapping
from functools import cache
from typing import Any, NamedTuple

Config = Mapping[str, Any]


class Family(NamedTuple):
    """One family's facts. ``name`` is its ``model_type`` and configlint's id for it."""

    name: str
    display: str
    """How people write the family's name (messages, docs)."""
    class_prefix: str
    """Every class name of the family starts with it (``Bert`` for ``BertForMaskedLM``)."""
    base_model_prefix: str
    """``PreTrainedModel.base_model_prefix``: where a head class keeps the base model's weights."""
    base_class: str
    """The class ``AutoModel`` builds for the model_type."""
    pretraining_class: str
    """The class a Google-format checkpoint converts to (the one with every pretraining head)."""
    head_classes: tuple[str, ...]
    """Every model class transformers defines for the family, base class first."""
    pooler_classes: frozenset[str]
    """The classes whose base model is built with ``add_pooling_layer=True`` (``pooler.dense`` + tanh)."""
    no_pooler: str
    """What a class without the pooler does instead, as one sentence (for the pooler rules)."""
    activation_field: str
    """The config key that picks every encoder layer's feed-forward activation."""
    encoder_dropouts: tuple[str, ...]
    """Dropout probabilities every class builds an ``nn.Dropout`` from."""
    block_fields: tuple[str, ...]
    """Fields whose product is the number of numbered weight blocks in the state dict."""
    dimension_fields: tuple[str, ...]
    """Fields that size a tensor (or divide one, as heads do)."""
    head_pooler_classes: frozenset[str] = frozenset()
    """The classes that build a pooler of their own on top of the base model (DeBERTa's ContextPooler at
    ``pooler.dense``, with ``pooler_dropout``, ``pooler_hidden_size``, ``pooler_hidden_act``): the "head-pooler" trait's
    classes, so the rules and load refusals about that pooler need no class list per family."""
    own_names: Mapping[str, str] = {}
    """BERT's name of a field → this family's spelling, where they differ (DistilBERT's ``dim``)."""
    recognise: Callable[[Config], bool] = lambda config: False
    """True when a config without model_type or architectures has this family's own keys or sizes."""
    schema_model: str = ""
    """``module:Class`` of the family's pydantic model (imported only when a schema is needed)."""
    config_check: str = ""
    """``module:function`` raising ``BuildError`` for what the family's config class refuses beyond field types
    (ModernBERT's layer_types count), run when a config is loaded, before any size limit or weight map."""
    classifier_dropout_key: str = "classifier_dropout"
    """The key the family's classification heads read their dropout from."""
    traits: frozenset[str] = frozenset()
    """Which of :data:`TRAITS` hold: the rules that depend on one apply to exactly these families."""
    padding_idx_key: str | None = "pad_token_id"
    """The config key the word embeddings' ``padding_idx`` comes from; None when it is a constant (MPNet's row 1)."""
    undeclared_keys_read: frozenset[str] = frozenset()
    """Keys the modelling code reads (``getattr``/``hasattr``) that the config class does not declare,
    so a default config object lacks them; recorded in families.json ``config_keys_read``."""
    zero_sizes: frozenset[str] = frozenset()
    """Size fields for which 0 builds the model without that module (DeBERTa's ``type_vocab_size``)."""
    shape_hints: tuple[tuple[str, str, int], ...] = ()
    """``(key regex, field, factor)``: a mismatched dimension of a matching tensor is ``factor`` × that field,
    tried in order before the shared guesses (DeBERTa's rel_embeddings are 2 × position_buckets)."""

    def key(self, field_name: str) -> str:
        """This family's spelling of BERT's ``field_name`` (``hidden_size`` → ``dim`` for DistilBERT)."""
        return self.own_names.get(field_name, field_name)


TRAITS: dict[str, str] = {
    "bert-names": "sizes and norms under BERT's key names (hidden_size, num_attention_heads, layer_norm_eps...)",
    "padded-positions": "position ids start after pad_token_id (RoBERTa's offset), so positions must leave room for it",
    "roberta-special-tokens": "published configs put <s>, <pad>, </s> at ids 0, 1, 2 (RoBERTa's; XLM-RoBERTa's too, CamemBERT's are 5, 1, 6)",
    "decoder": "is_decoder and add_cross_attention build a decoder with cross-attention (BERT's causal-LM path)",
    "tf-pooler-keys-unread": "no class reads the TF-era pooler keys (pooler_type, pooler_fc_size, use_pooler...)",
    "relative-positions-4x": "transformers 4.x builds relative position embeddings from position_embedding_type; 5.x ignores it",
    "prunes-heads-4x": "transformers 4.x prunes the heads pruned_heads names when loading; 5.x builds every head",
    "head-pooler": "a head class builds a pooler of its own (DeBERTa's ContextPooler), which pooler_classes does not list",
    "truncated-normal-init": "new weights are drawn from a normal truncated at ± initializer_cutoff_factor·std (ModernBERT): "
    "initializer_range 0 makes initialising any weight raise ZeroDivisionError",
}
"""The traits rules are keyed on, so a new family gets exactly the rules whose facts hold for it."""

HEAD_POOLER_DROPOUTS = ("pooler_dropout", "cls_dropout")
"""The dropouts of a "head-pooler" family's pooled classes: ContextPooler's ``nn.Dropout(pooler_dropout)`` and the
``nn.Dropout(cls_dropout)`` before the classifier (recorded: families.json experiments, deberta(-v2)-dropouts-*.json)."""


# --- what the config classes declare, read from the schema's generated field table ---------------


def _fields(name: str) -> dict[str, Any]:
    from configlint.schema._field_table import FIELD_TABLE

    table: dict[str, Any] = FIELD_TABLE[name]
    return table


@cache
def config_defaults(name: str) -> Mapping[str, Any]:
    """The defaults of the family's config class for the fields it declares itself.

    The fields the common base declares (labels, dtype, output flags...) are left out: their
    absence means something of its own to the load report (the label count, the dtype choice).
    """
    table = _fields(name)
    own = set(table["checked"])
    return {key: default for key, (_, default) in table["fields"].items() if key in own}


@cache
def attribute_map(name: str) -> Mapping[str, str]:
    """``PretrainedConfig.attribute_map``: a key on the left is stored under the name on the right."""
    aliases: dict[str, str] = _fields(name)["attribute_map"]
    return aliases


_INT: tuple[Any, ...] = ("int",)
_OPTIONAL_INT: tuple[Any, ...] = ("union", ("int",), ("null",))


@cache
def integer_fields(name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The fields the config class declares ``int`` and ``int | None``, in declaration order.

    transformers' strict config validation refuses a string, float, bool (or, for the first,
    null) there when the config loads.
    """
    table = _fields(name)
    own = set(table["checked"])
    fields = [(key, spec) for key, (spec, _) in table["fields"].items() if key in own]
    return (
        tuple(key for key, spec in fields if spec == _INT),
        tuple(key for key, spec in fields if spec == _OPTIONAL_INT),
    )


# --- facts about transformers that hold across families ------------------------------------------

ACTIVATIONS: tuple[str, ...] = (
    "gelu", "gelu_10", "gelu_accurate", "gelu_fast", "gelu_new", "gelu_python", "gelu_python_tanh",
    "gelu_pytorch_tanh", "hardswish", "laplace", "leaky_relu", "linear", "mish", "prelu", "quick_gelu",
    "relu", "relu2", "relu6", "sigmoid", "silu", "sqrtsoftplus", "swish", "tanh", "xielu",
)  # fmt: skip
"""``transformers.activations.ACT2FN``'s keys in 5.23; any other name is a KeyError when the encoder is built."""
