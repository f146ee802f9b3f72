"""The family table: every fact about a model family that more than one part of configlint reads.

One :class:`Family` entry per family holds its names (model_type, class-name prefix, state-dict
prefix), its classes (every head class, the ones that build a pooler, the AutoModel and the
pretraining class), how to recognise it without a ``model_type``, and where its config keys and
weight blocks live. Rules, detection, the weight maps, the load report, size limits and the
migrations all read it; none keeps its own list.

What transformers' config classes declare (field types, defaults, ``attribute_map``) is not
repeated here: it comes from the schema's generated field table (``schema/_field_table.py``,
built from the pydantic models, which ``tests/schema/test_transformers_parity.py`` holds to the
recording of transformers' config classes). The class lists and pooler facts are held to the
recording of transformers' modeling modules by ``tests/test_family_table.py``.

What an entry is made of lives in :mod:`configlint.family_model` (the :class:`Family` fields, the
traits, the config-class facts read off the field table) and :mod:`configlint.family_signatures`
(recognition without model_type); this module is the table and its lookups. Adding a family means
adding one entry to :data:`FAMILIES` (plus its schema model and its weight-map module); see
docs/architecture.md. This module imports nothing heavy: the pre-commit
path reads it on every run.
"""

from __future__ import annotations

from functools import cache

from configlint.family_model import (
    ACTIVATIONS,
    TRAITS,
    Config,
    Family,
    attribute_map,
    config_defaults,
    integer_fields,
)
from configlint.family_signatures import (
    DEBERTA_V2_ONLY_KEYS,
    has_albert_keys,
    has_bert_keys,
    has_deberta_keys,
    has_deberta_v2_keys,
    has_distilbert_keys,
    has_electra_keys,
    has_modernbert_keys,
    has_mpnet_keys,
    has_roberta_sizes,
    has_vocabulary,
)

__all__ = [
    "ACTIVATIONS",
    "FAMILIES",
    "FOREIGN_PREFIXES",
    "RECOGNITION_ORDER",
    "TRAITS",
    "Config",
    "Family",
    "attribute_map",
    "config_defaults",
    "integer_fields",
]


_BERT_DIMENSIONS = (
    "vocab_size", "hidden_size", "num_attention_heads", "intermediate_size", "max_position_embeddings",
    "type_vocab_size", "num_labels",
)  # fmt: skip
_BERT_DROPOUTS = ("hidden_dropout_prob", "attention_probs_dropout_prob")


def _roberta_shaped(name: str, display: str, prefix: str, vocabulary: int, *extra_traits: str) -> Family:
    """A family that copies RoBERTa module for module under its own class names (XLM-RoBERTa, CamemBERT).

    Recorded (families.json, state_dicts.json): ``base_model_prefix`` ``roberta``, the same seven classes,
    the pooler built by the base class and multiple choice only, the same config keys read.
    """
    heads = ("Model", "ForMaskedLM", "ForSequenceClassification", "ForTokenClassification", "ForQuestionAnswering",
             "ForMultipleChoice", "ForCausalLM")  # fmt: skip
    return Family(
        name=name,
        display=display,
        class_prefix=prefix,
        base_model_prefix="roberta",
        base_class=f"{prefix}Model",
        pretraining_class=f"{prefix}ForMaskedLM",
        head_classes=tuple(f"{prefix}{head}" for head in heads),
        pooler_classes=frozenset({f"{prefix}Model", f"{prefix}ForMultipleChoice"}),
        no_pooler=(
            f"{prefix}ForSequenceClassification builds no pooler (its classification head applies its own dense + tanh "
            "to <s>); the masked-LM, causal-LM, token and QA classes build none either"
        ),
        activation_field="hidden_act",
        encoder_dropouts=_BERT_DROPOUTS,
        block_fields=("num_hidden_layers",),
        dimension_fields=_BERT_DIMENSIONS,
        recognise=has_vocabulary(vocabulary),
        schema_model=f"configlint.schema.families:{prefix}ConfigModel",
        traits=frozenset(
            {"bert-names", "padded-positions", "decoder", "tf-pooler-keys-unread", "relative-positions-4x", "prunes-heads-4x"}
        )
        | set(extra_traits),
    )


_BERT_NO_POOLER = "BertForMaskedLM, BertLMHeadModel, BertForTokenClassification and BertForQuestionAnswering build none"

FAMILIES: dict[str, Family] = {
    "bert": Family(
        name="bert",
        display="BERT",
        class_prefix="Bert",
        base_model_prefix="bert",
        base_class="BertModel",
        pretraining_class="BertForPreTraining",
        head_classes=(
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
        pooler_classes=frozenset(
            {
                "BertModel",
                "BertForPreTraining",
                "BertForNextSentencePrediction",
                "BertForSequenceClassification",
                "BertForMultipleChoice",
            }
        ),
        no_pooler=_BERT_NO_POOLER,
        activation_field="hidden_act",
        encoder_dropouts=_BERT_DROPOUTS,
        block_fields=("num_hidden_layers",),
        dimension_fields=_BERT_DIMENSIONS,
        recognise=has_bert_keys,
        schema_model="configlint.schema.families:BertConfigModel",
        traits=frozenset({"bert-names", "decoder", "tf-pooler-keys-unread", "relative-positions-4x", "prunes-heads-4x"}),
    ),
    "roberta": Family(
        name="roberta",
        display="RoBERTa",
        class_prefix="Roberta",
        base_model_prefix="roberta",
        base_class="RobertaModel",
        pretraining_class="RobertaForMaskedLM",
        head_classes=(
            "RobertaModel",
            "RobertaForMaskedLM",
            "RobertaForSequenceClassification",
            "RobertaForTokenClassification",
            "RobertaForQuestionAnswering",
            "RobertaForMultipleChoice",
            "RobertaForCausalLM",
        ),
        pooler_classes=frozenset({"RobertaModel", "RobertaForMultipleChoice"}),
        no_pooler=(
            "RobertaForSequenceClassification builds no pooler (its classification head applies its own dense + tanh to <s>); "
            "the masked-LM, causal-LM, token and QA classes build none either"
        ),
        activation_field="hidden_act",
        encoder_dropouts=_BERT_DROPOUTS,
        block_fields=("num_hidden_layers",),
        dimension_fields=_BERT_DIMENSIONS,
        recognise=has_roberta_sizes,
        schema_model="configlint.schema.families:RobertaConfigModel",
        traits=frozenset(
            {
                "bert-names",
                "padded-positions",
                "roberta-special-tokens",
                "decoder",
                "tf-pooler-keys-unread",
                "relative-positions-4x",
                "prunes-heads-4x",
            }
        ),
    ),
    "distilbert": Family(
        name="distilbert",
        display="DistilBERT",
        class_prefix="DistilBert",
        base_model_prefix="distilbert",
        base_class="DistilBertModel",
        pretraining_class="DistilBertForMaskedLM",
        head_classes=(
            "DistilBertModel",
            "DistilBertForMaskedLM",
            "DistilBertForSequenceClassification",
            "DistilBertForTokenClassification",
            "DistilBertForQuestionAnswering",
            "DistilBertForMultipleChoice",
        ),
        pooler_classes=frozenset(),
        no_pooler="DistilBERT has no pooler (its classifier uses pre_classifier + ReLU on the first token)",
        activation_field="activation",
        encoder_dropouts=("dropout", "attention_dropout"),
        block_fields=("n_layers",),
        dimension_fields=("vocab_size", "dim", "n_heads", "hidden_dim", "max_position_embeddings", "num_labels"),
        own_names={
            "hidden_size": "dim",
            "num_attention_heads": "n_heads",
            "num_hidden_layers": "n_layers",
            "intermediate_size": "hidden_dim",  # no attribute_map alias: only the name differs
        },
        recognise=has_distilbert_keys,
        schema_model="configlint.schema.families:DistilBertConfigModel",
        classifier_dropout_key="seq_classif_dropout",
        traits=frozenset({"tf-pooler-keys-unread", "prunes-heads-4x"}),
    ),
    "albert": Family(
        name="albert",
        display="ALBERT",
        class_prefix="Albert",
        base_model_prefix="albert",
        base_class="AlbertModel",
        pretraining_class="AlbertForPreTraining",
        head_classes=(
            "AlbertModel",
            "AlbertForMaskedLM",
            "AlbertForPreTraining",
            "AlbertForSequenceClassification",
            "AlbertForTokenClassification",
            "AlbertForQuestionAnswering",
            "AlbertForMultipleChoice",
        ),
        pooler_classes=frozenset(
            {"AlbertModel", "AlbertForPreTraining", "AlbertForSequenceClassification", "AlbertForMultipleChoice"}
        ),
        no_pooler="AlbertForMaskedLM, AlbertForTokenClassification and AlbertForQuestionAnswering build none",
        activation_field="hidden_act",
        encoder_dropouts=_BERT_DROPOUTS,
        block_fields=("num_hidden_groups", "inner_group_num"),
        dimension_fields=(*_BERT_DIMENSIONS, "embedding_size"),
        recognise=has_albert_keys,
        schema_model="configlint.schema.families:AlbertConfigModel",
        classifier_dropout_key="classifier_dropout_prob",
        traits=frozenset({"bert-names", "tf-pooler-keys-unread", "relative-positions-4x", "prunes-heads-4x"}),
    ),
    # 250002: the SentencePiece vocabulary of xlm-roberta-base/-large and the models fine-tuned from them (e5, bge-m3).
    "xlm-roberta": _roberta_shaped("xlm-roberta", "XLM-RoBERTa", "XLMRoberta", 250002, "roberta-special-tokens"),
    # 32005: camembert-base's vocabulary; its <s> and </s> are 5 and 6 (the published fine-tunes in tests/fixtures/realworld_families).
    "camembert": _roberta_shaped("camembert", "CamemBERT", "Camembert", 32005),
    "mpnet": Family(
        name="mpnet",
        display="MPNet",
        class_prefix="MPNet",
        base_model_prefix="mpnet",
        base_class="MPNetModel",
        pretraining_class="MPNetForMaskedLM",
        head_classes=(
            "MPNetModel",
            "MPNetForMaskedLM",
            "MPNetForSequenceClassification",
            "MPNetForTokenClassification",
            "MPNetForQuestionAnswering",
            "MPNetForMultipleChoice",
        ),
        pooler_classes=frozenset({"MPNetModel", "MPNetForMultipleChoice"}),
        no_pooler=(
            "MPNetForSequenceClassification builds no pooler (its classification head applies its own dense + tanh to <s>); "
            "the masked-LM, token and QA classes build none either"
        ),
        activation_field="hidden_act",
        encoder_dropouts=_BERT_DROPOUTS,
        block_fields=("num_hidden_layers",),
        dimension_fields=(
            "vocab_size",
            "hidden_size",
            "num_attention_heads",
            "intermediate_size",
            "max_position_embeddings",
            "relative_attention_num_buckets",
            "num_labels",
        ),  # fmt: skip
        recognise=has_mpnet_keys,
        schema_model="configlint.schema.families:MPNetConfigModel",
        classifier_dropout_key="hidden_dropout_prob",  # MPNetClassificationHead's dropout (classifier_dropout is not read)
        padding_idx_key=None,  # MPNetEmbeddings.padding_idx = 1 (recorded: mpnet-build-pad-token-id-out-of-vocab builds)
        traits=frozenset({"bert-names", "tf-pooler-keys-unread", "prunes-heads-4x"}),
    ),
    "electra": Family(
        name="electra",
        display="ELECTRA",
        class_prefix="Electra",
        base_model_prefix="electra",
        base_class="ElectraModel",
        pretraining_class="ElectraForPreTraining",
        head_classes=(
            "ElectraModel",
            "ElectraForPreTraining",
            "ElectraForMaskedLM",
            "ElectraForCausalLM",
            "ElectraForSequenceClassification",
            "ElectraForTokenClassification",
            "ElectraForQuestionAnswering",
            "ElectraForMultipleChoice",
        ),
        pooler_classes=frozenset(),
        no_pooler=(
            "ELECTRA has no pooler: ElectraModel returns hidden states only, ElectraForSequenceClassification's "
            "classification head applies its own dense + GELU to the first token (GELU whatever hidden_act says), "
            "and ElectraForMultipleChoice reads the first token through sequence_summary (the summary_* keys)"
        ),
        activation_field="hidden_act",
        encoder_dropouts=_BERT_DROPOUTS,
        block_fields=("num_hidden_layers",),
        dimension_fields=(*_BERT_DIMENSIONS, "embedding_size"),
        recognise=has_electra_keys,
        schema_model="configlint.schema.families:ElectraConfigModel",
        undeclared_keys_read=frozenset({"summary_proj_to_labels", "summary_first_dropout"}),  # sequence_summary
        traits=frozenset({"bert-names", "decoder", "tf-pooler-keys-unread", "relative-positions-4x", "prunes-heads-4x"}),
    ),
    "deberta-v2": Family(
        name="deberta-v2",
        display="DeBERTa-v2",
        class_prefix="DebertaV2",
        base_model_prefix="deberta",
        base_class="DebertaV2Model",
        pretraining_class="DebertaV2ForMaskedLM",
        head_classes=(
            "DebertaV2Model",
            "DebertaV2ForMaskedLM",
            "DebertaV2ForSequenceClassification",
            "DebertaV2ForTokenClassification",
            "DebertaV2ForQuestionAnswering",
            "DebertaV2ForMultipleChoice",
        ),
        pooler_classes=frozenset(),
        head_pooler_classes=frozenset({"DebertaV2ForSequenceClassification", "DebertaV2ForMultipleChoice"}),
        no_pooler=(
            "DebertaV2Model builds no pooler; DebertaV2ForSequenceClassification and DebertaV2ForMultipleChoice build "
            "their own ContextPooler (pooler_dropout, then pooler.dense of pooler_hidden_size and pooler_hidden_act on the "
            "first token), configured by pooler_hidden_size, pooler_hidden_act and pooler_dropout; the masked-LM, token "
            "and QA classes build none"
        ),
        activation_field="hidden_act",
        encoder_dropouts=_BERT_DROPOUTS,
        block_fields=("num_hidden_layers",),
        dimension_fields=(
            *_BERT_DIMENSIONS,
            "embedding_size",
            "pooler_hidden_size",
            "max_relative_positions",
            "position_buckets",
        ),  # fmt: skip
        recognise=has_deberta_v2_keys,
        schema_model="configlint.schema.families:DebertaV2ConfigModel",
        classifier_dropout_key="cls_dropout",  # sequence classification and multiple choice; None means hidden_dropout_prob
        traits=frozenset({"bert-names", "tf-pooler-keys-unread", "head-pooler"}),
        undeclared_keys_read=frozenset(
            {
                *DEBERTA_V2_ONLY_KEYS,
                "embedding_size",
                "attention_head_size",
                "cls_dropout",
                "conv_kernel_size",
                "conv_groups",
                "conv_act",
                "gradient_checkpointing",  # PreTrainedModel.post_init (families.json: read at build by every class)
            }
        ),  # fmt: skip
        zero_sizes=frozenset({"type_vocab_size"}),
        shape_hints=(  # DebertaV2Encoder / ContextPooler (architectures/deberta_v2.py)
            (r"(^|\.)pooler\.dense\.", "pooler_hidden_size", 1),
            (r"rel_embeddings", "position_buckets", 2),
            (r"rel_embeddings", "max_relative_positions", 2),
            (r"rel_embeddings", "max_position_embeddings", 2),
        ),  # 0 (the default): no token_type_embeddings (recorded: forward ok)
    ),
    "modernbert": Family(
        name="modernbert",
        display="ModernBERT",
        class_prefix="ModernBert",
        base_model_prefix="model",
        base_class="ModernBertModel",
        pretraining_class="ModernBertForMaskedLM",  # no pretraining mapping: the masked-LM class is the pretraining class
        head_classes=(
            "ModernBertModel",
            "ModernBertForMaskedLM",
            "ModernBertForSequenceClassification",
            "ModernBertForTokenClassification",
            "ModernBertForQuestionAnswering",
            "ModernBertForMultipleChoice",
        ),
        pooler_classes=frozenset(),
        no_pooler=(
            "ModernBERT builds no pooler: ModernBertModel returns hidden states only, and its sequence-classification and "
            'multiple-choice heads pool as classifier_pooling says ("cls": the first token, "mean": the mean over the '
            "attention mask) before the prediction head: head.dense, the classifier_activation, then head.norm"
        ),
        activation_field="hidden_activation",
        encoder_dropouts=("embedding_dropout", "mlp_dropout"),  # attention_dropout <= 0 builds an Identity, not nn.Dropout
        block_fields=("num_hidden_layers",),
        dimension_fields=(
            "vocab_size",
            "hidden_size",
            "num_attention_heads",
            "intermediate_size",
            "max_position_embeddings",
            "local_attention",
            "num_labels",
        ),  # fmt: skip
        recognise=has_modernbert_keys,
        schema_model="configlint.schema.families:ModernBertConfigModel",
        config_check="configlint.architectures.modernbert:check_layer_types",
        # Read by ModernBertConfig itself (5.23 __post_init__ / convert_rope_params_to_dict), not declared as fields;
        # gradient_checkpointing by PreTrainedModel.post_init (families.json: read at build by every ModernBERT class).
        undeclared_keys_read=frozenset(
            {"global_attn_every_n_layers", "global_rope_theta", "local_rope_theta", "rope_scaling", "gradient_checkpointing"}
        ),
        traits=frozenset({"tf-pooler-keys-unread", "truncated-normal-init"}),
    ),
    "deberta": Family(
        name="deberta",
        display="DeBERTa",
        class_prefix="Deberta",  # DebertaV2 is the longer prefix, so v2's classes stay v2's
        base_model_prefix="deberta",
        base_class="DebertaModel",
        pretraining_class="DebertaForMaskedLM",  # no pretraining mapping: the masked-LM class (families.json)
        head_classes=(
            "DebertaModel",
            "DebertaForMaskedLM",
            "DebertaForSequenceClassification",
            "DebertaForTokenClassification",
            "DebertaForQuestionAnswering",
        ),
        pooler_classes=frozenset(),
        head_pooler_classes=frozenset({"DebertaForSequenceClassification"}),
        no_pooler=(
            "DebertaModel builds no pooler; DebertaForSequenceClassification builds its own ContextPooler (pooler_dropout, "
            "then pooler.dense of pooler_hidden_size and pooler_hidden_act on the first token), configured by "
            "pooler_hidden_size, pooler_hidden_act and pooler_dropout; the masked-LM, token and QA classes build none "
            "(DeBERTa has no multiple-choice class)"
        ),
        activation_field="hidden_act",
        encoder_dropouts=_BERT_DROPOUTS,
        block_fields=("num_hidden_layers",),
        dimension_fields=(*_BERT_DIMENSIONS, "embedding_size", "pooler_hidden_size", "max_relative_positions"),
        recognise=has_deberta_keys,
        schema_model="configlint.schema.families:DebertaConfigModel",
        classifier_dropout_key="cls_dropout",  # sequence classification; None means hidden_dropout_prob
        traits=frozenset({"bert-names", "tf-pooler-keys-unread", "head-pooler"}),
        # Read with getattr defaults (families.json config_keys_read "absent"), not declared by DebertaConfig;
        # gradient_checkpointing by PreTrainedModel.post_init.
        undeclared_keys_read=frozenset({"embedding_size", "talking_head", "cls_dropout", "gradient_checkpointing"}),
        zero_sizes=frozenset({"type_vocab_size"}),
        shape_hints=(  # DebertaEncoder / ContextPooler (architectures/deberta.py)
            (r"(^|\.)pooler\.dense\.", "pooler_hidden_size", 1),
            (r"rel_embeddings", "max_relative_positions", 2),
            (r"rel_embeddings", "max_position_embeddings", 2),
        ),  # 0 (the default): no token_type_embeddings
    ),
}
"""Every family configlint models, in the order of ``configlint schema`` output and the docs."""

RECOGNITION_ORDER: tuple[str, ...] = (
    "modernbert",
    "distilbert",
    "deberta-v2",  # before ELECTRA: DeBERTa's attention keys are declared by no other family's config class, while an
    "deberta",  # embedding_size not below hidden_size (ELECTRA's signature) is a DeBERTa option too
    "electra",
    "albert",
    "mpnet",
    "xlm-roberta",
    "camembert",
    "roberta",
    "bert",
)
"""The order :func:`recognise_by_keys` tries the families in: most specific keys first, BERT last."""

FOREIGN_PREFIXES: tuple[str, ...] = ("RobertaPreLayerNorm", "BertGeneration", "XLMRobertaXL", "ModernBertDecoder")
"""Class-name prefixes of other model types that start like one of ours."""


def families_with(*traits: str, lacking: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The families that have every one of ``traits`` and none of ``lacking`` (a rule's ``families=``), in table order."""
    unknown = set(traits + lacking) - set(TRAITS)
    if unknown:  # pragma: no cover - a programming error caught at import
        raise KeyError(f"unknown family trait(s): {', '.join(sorted(unknown))}")
    return tuple(name for name, entry in FAMILIES.items() if entry.traits.issuperset(traits) and entry.traits.isdisjoint(lacking))


def families_with_pooler(has_pooler: bool = True) -> tuple[str, ...]:
    """The families some class of which builds the base model's pooler (or, with False, none does)."""
    return tuple(name for name, entry in FAMILIES.items() if bool(entry.pooler_classes) == has_pooler)


def family(name: str) -> Family:
    """The entry of family ``name`` (``KeyError`` for a family configlint does not model)."""
    return FAMILIES[name]


@cache
def _prefixes() -> tuple[tuple[str, str | None], ...]:
    """Class-name prefixes, longest first: ``DistilBert`` must win over ``Bert``, ``RobertaPreLayerNorm`` over ``Roberta``."""
    pairs: list[tuple[str, str | None]] = [(prefix, None) for prefix in FOREIGN_PREFIXES]
    pairs += [(entry.class_prefix, entry.name) for entry in FAMILIES.values()]
    return tuple(sorted(pairs, key=lambda pair: -len(pair[0])))


def family_of_architecture(class_name: str) -> str | None:
    """The family whose class-name prefix ``class_name`` starts with, or None."""
    for prefix, name in _prefixes():
        if class_name.startswith(prefix):
            return name
    return None


def recognise_by_keys(config: Config) -> str | None:
    """The family a config without model_type or architectures belongs to, judged by its keys."""
    for name in RECOGNITION_ORDER:
        if FAMILIES[name].recognise(config):
            return name
    return None


def family_of_class(class_name: str) -> Family | None:
    """The entry whose ``head_classes`` list ``class_name`` exactly."""
    return _class_index().get(class_name)


@cache
def _class_index() -> dict[str, Family]:
    return {head: entry for entry in FAMILIES.values() for head in entry.head_classes}


def builds_pooler(class_name: str) -> bool:
    """True when ``class_name`` builds the BERT-style pooler (``pooler.dense`` + tanh on the first token)."""
    entry = family_of_class(class_name)
    return entry is not None and class_name in entry.pooler_classes


def all_pooler_classes() -> frozenset[str]:
    return frozenset(name for entry in FAMILIES.values() for name in entry.pooler_classes)


def head_classes() -> dict[str, tuple[str, ...]]:
    return {name: entry.head_classes for name, entry in FAMILIES.items()}
