"""One pydantic model per family, field for field the config classes of transformers 5.x.

Types and defaults mirror ``BertConfig``, ``RobertaConfig``, ``DistilBertConfig`` and
``AlbertConfig`` (checked against transformers by ``tests/schema/test_transformers_parity.py``
from a recording made by ``scripts/record_transformers_facts.py``). Fields transformers 4.x
had and 5.x dropped (``position_embedding_type``, ``use_cache`` on some classes) stay
declared so that files written by 4.x validate, and rules can explain what 5.x does with them.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import Field

from configlint.schema.common import CommonConfig
from configlint.schema.types import Flag, FloatOnly, Number, Size, Text, TokenId, TokenIds

_POSITION_EMBEDDING_TYPE = Field(
    None,
    description='transformers 4.x: "absolute", "relative_key" or "relative_key_query". '
    "transformers 5 removed relative position embeddings and ignores this key.",
)


class BertFamilyEncoder(CommonConfig):
    """The BERT encoder fields shared by BERT and RoBERTa, in ``BertConfig``'s order."""

    vocab_size: Size = 30522
    hidden_size: Size = 768
    num_hidden_layers: Size = 12
    num_attention_heads: Size = 12
    intermediate_size: Size = 3072
    hidden_act: Text = Field("gelu", description="Activation of every encoder layer's feed-forward block (not the pooler).")
    hidden_dropout_prob: Number = 0.1
    attention_probs_dropout_prob: Number = 0.1
    max_position_embeddings: Size = 512
    type_vocab_size: Size = 2
    initializer_range: FloatOnly = 0.02
    layer_norm_eps: FloatOnly = 1e-12
    pad_token_id: TokenId = 0
    bos_token_id: TokenId = None
    eos_token_id: TokenIds = None
    tie_word_embeddings: Flag = True
    position_embedding_type: Text | None = _POSITION_EMBEDDING_TYPE


class BertConfigModel(BertFamilyEncoder):
    """``BertConfig`` (model_type ``bert``)."""

    family: ClassVar[str] = "bert"
    model_type: Literal["bert"] | None = None
    use_cache: Flag = True
    classifier_dropout: Number | None = Field(
        None, description="Dropout before the classification head; None means hidden_dropout_prob."
    )
    is_decoder: Flag = False
    add_cross_attention: Flag = False


class RobertaConfigModel(BertConfigModel):
    """``RobertaConfig`` (model_type ``roberta``): BERT's fields with RoBERTa's vocabulary and special tokens."""

    family: ClassVar[str] = "roberta"
    model_type: Literal["roberta"] | None = None  # type: ignore[assignment]  # pydantic: a subclass narrows the field to its own model_type
    vocab_size: Size = 50265
    pad_token_id: TokenId = 1
    bos_token_id: TokenId = 0
    eos_token_id: TokenIds = 2


class XLMRobertaConfigModel(RobertaConfigModel):
    """``XLMRobertaConfig`` (model_type ``xlm-roberta``): RoBERTa's fields, with BERT's default vocabulary size.

    XLMRobertaConfig declares RoBERTa's fields in RoBERTa's order, but its ``vocab_size`` default is
    30522 (recorded in config_classes.json), not RoBERTa's 50265.
    """

    family: ClassVar[str] = "xlm-roberta"
    model_type: Literal["xlm-roberta"] | None = None  # type: ignore[assignment]  # pydantic: a subclass narrows the field to its own model_type
    vocab_size: Size = 30522


class CamembertConfigModel(XLMRobertaConfigModel):
    """``CamembertConfig`` (model_type ``camembert``): the same fields and defaults as XLMRobertaConfig (recorded)."""

    family: ClassVar[str] = "camembert"
    model_type: Literal["camembert"] | None = None  # type: ignore[assignment]  # pydantic: a subclass narrows the field to its own model_type


class MPNetConfigModel(CommonConfig):
    """``MPNetConfig`` (model_type ``mpnet``), in its own field order: BERT's names without token types, plus relative attention buckets."""

    family: ClassVar[str] = "mpnet"
    model_type: Literal["mpnet"] | None = None
    vocab_size: Size = 30527
    hidden_size: Size = 768
    num_hidden_layers: Size = 12
    num_attention_heads: Size = 12
    intermediate_size: Size = 3072
    hidden_act: Text = Field("gelu", description="Activation of every encoder layer's feed-forward block (not the pooler).")
    hidden_dropout_prob: Number = 0.1
    attention_probs_dropout_prob: Number = 0.1
    max_position_embeddings: Size = 512
    initializer_range: FloatOnly = 0.02
    layer_norm_eps: FloatOnly = 1e-12
    relative_attention_num_buckets: Size = Field(
        32, description="Rows of the encoder's relative_attention_bias table (one per relative-position bucket)."
    )
    pad_token_id: TokenId = 1
    bos_token_id: TokenId = 0
    eos_token_id: TokenIds = 2
    tie_word_embeddings: Flag = True


class AlbertConfigModel(CommonConfig):
    """``AlbertConfig`` (model_type ``albert``): factorised embeddings and shared layer groups.

    Declared in ``AlbertConfig``'s own field order (not BERT's plus extras): transformers' strict
    validation reports the first bad field in that order, and so does configlint.
    """

    family: ClassVar[str] = "albert"
    model_type: Literal["albert"] | None = None
    vocab_size: Size = 30000
    embedding_size: Size = Field(128, description="Width of the token embeddings, projected up to hidden_size.")
    hidden_size: Size = 4096
    num_hidden_layers: Size = 12
    num_hidden_groups: Size = Field(1, description="Number of distinct parameter groups the layers share.")
    num_attention_heads: Size = 64
    intermediate_size: Size = 16384
    inner_group_num: Size = Field(1, description="Layers inside each group.")
    hidden_act: Text = Field("gelu_new", description="Activation of every encoder layer's feed-forward block (not the pooler).")
    hidden_dropout_prob: Number = 0.0
    attention_probs_dropout_prob: Number = 0.0
    max_position_embeddings: Size = 512
    type_vocab_size: Size = 2
    initializer_range: FloatOnly = 0.02
    layer_norm_eps: FloatOnly = 1e-12
    classifier_dropout_prob: Number = Field(0.1, description="ALBERT's name for the classifier dropout.")
    pad_token_id: TokenId = 0
    bos_token_id: TokenId = 2
    eos_token_id: TokenIds = 3
    tie_word_embeddings: Flag = True
    position_embedding_type: Text | None = _POSITION_EMBEDDING_TYPE


class DistilBertConfigModel(CommonConfig):
    """``DistilBertConfig`` (model_type ``distilbert``), with its own field names."""

    family: ClassVar[str] = "distilbert"
    model_type: Literal["distilbert"] | None = None
    attribute_map: ClassVar[dict[str, str]] = {
        "hidden_size": "dim",
        "num_attention_heads": "n_heads",
        "num_hidden_layers": "n_layers",
    }
    vocab_size: Size = 30522
    max_position_embeddings: Size = 512
    sinusoidal_pos_embds: Flag = False
    n_layers: Size = 6
    n_heads: Size = 12
    dim: Size = 768
    hidden_dim: Size = Field(4 * 768, description="Feed-forward width (BERT's intermediate_size).")
    dropout: Number = 0.1
    attention_dropout: Number = 0.1
    activation: Text = Field("gelu", description="Feed-forward activation of every layer.")
    initializer_range: FloatOnly = 0.02
    qa_dropout: Number = 0.1
    seq_classif_dropout: Number = Field(0.2, description="Dropout of the sequence-classification and multiple-choice heads.")
    pad_token_id: TokenId = 0
    eos_token_id: TokenIds = None
    bos_token_id: TokenId = None
    tie_word_embeddings: Flag = True


class ElectraConfigModel(CommonConfig):
    """``ElectraConfig`` (model_type ``electra``), in its own field order.

    ``embedding_size`` is real: ElectraModel projects the embeddings to ``hidden_size`` with
    ``embeddings_project`` when they differ. The ``summary_*`` fields configure the multiple-choice
    head's ``sequence_summary``.
    """

    family: ClassVar[str] = "electra"
    model_type: Literal["electra"] | None = None
    vocab_size: Size = 30522
    embedding_size: Size = Field(128, description="Width of the token embeddings, projected to hidden_size when it differs.")
    hidden_size: Size = 256
    num_hidden_layers: Size = 12
    num_attention_heads: Size = 4
    intermediate_size: Size = 1024
    hidden_act: Text = Field(
        "gelu", description="Activation of every encoder layer and the discriminator head (not the classification head's GELU)."
    )
    hidden_dropout_prob: Number = 0.1
    attention_probs_dropout_prob: Number = 0.1
    max_position_embeddings: Size = 512
    type_vocab_size: Size = 2
    initializer_range: FloatOnly = 0.02
    layer_norm_eps: FloatOnly = 1e-12
    summary_type: Text = Field("first", description="Which token ElectraForMultipleChoice's sequence_summary reads.")
    summary_use_proj: Flag = Field(True, description="Whether sequence_summary has a dense layer (sequence_summary.summary).")
    summary_activation: Text = Field("gelu", description="Activation of sequence_summary.")
    summary_last_dropout: Number = 0.1
    pad_token_id: TokenId = 0
    use_cache: Flag = True
    classifier_dropout: Number | None = Field(
        None, description="Dropout of the classification and token-classification heads; None means hidden_dropout_prob."
    )
    is_decoder: Flag = False
    add_cross_attention: Flag = False
    bos_token_id: TokenId = None
    eos_token_id: TokenIds = None
    tie_word_embeddings: Flag = True
    position_embedding_type: Text | None = _POSITION_EMBEDDING_TYPE


class DebertaV2ConfigModel(CommonConfig):
    """``DebertaV2Config`` (model_type ``deberta-v2``, also DeBERTa-v3), in its own field order.

    Only the fields the config class declares (its strict validation checks these). DeBERTa's
    modelling code also reads keys the class does not declare: ``pooler_hidden_size`` (default
    hidden_size), ``position_buckets``, ``norm_rel_ebd``, ``share_att_key``, ``embedding_size``
    and ``cls_dropout``; they stay extra keys, as transformers keeps them.
    """

    family: ClassVar[str] = "deberta-v2"
    model_type: Literal["deberta-v2"] | None = None
    vocab_size: Size = 128100
    hidden_size: Size = 1536
    num_hidden_layers: Size = 24
    num_attention_heads: Size = 24
    intermediate_size: Size = 6144
    hidden_act: Text = Field("gelu", description="Activation of every encoder layer's feed-forward block (not the pooler).")
    hidden_dropout_prob: Number = 0.1
    attention_probs_dropout_prob: Number = 0.1
    max_position_embeddings: Size = 512
    type_vocab_size: Size = 0
    initializer_range: FloatOnly = 0.02
    layer_norm_eps: FloatOnly = 1e-7
    relative_attention: Flag = Field(False, description="Disentangled relative attention (encoder.rel_embeddings).")
    max_relative_positions: Size = Field(-1, description="Relative distance range; below 1 means max_position_embeddings.")
    pad_token_id: TokenId = 0
    bos_token_id: TokenId = None
    eos_token_id: TokenIds = None
    position_biased_input: Flag = Field(True, description="Whether absolute position embeddings are added to the tokens.")
    pos_att_type: Text | list[Text] | None = Field(
        None, description='Relative attention terms: a list of "c2p", "p2c" (a "p2c|c2p" string is split).'
    )
    pooler_dropout: Number = Field(0.0, description="Dropout of ContextPooler (sequence classification, multiple choice).")
    pooler_hidden_act: Text = Field("gelu", description="Activation of ContextPooler, applied in the forward pass.")
    legacy: Flag = Field(True, description="DebertaV2ForMaskedLM builds the legacy cls.predictions head (else lm_predictions).")
    tie_word_embeddings: Flag = True


class DebertaConfigModel(DebertaV2ConfigModel):
    """``DebertaConfig`` (model_type ``deberta``, DeBERTa v1): DebertaV2Config's fields in the same order, with the
    defaults of microsoft/deberta-base's size (recorded in config_classes.json: only these five defaults differ).

    The modelling code reads the same undeclared keys with ``getattr`` defaults, except DeBERTa-v2's
    ``position_buckets``, ``norm_rel_ebd``, ``share_att_key`` and ``conv_*``; it also reads ``talking_head``.
    """

    family: ClassVar[str] = "deberta"
    model_type: Literal["deberta"] | None = None  # type: ignore[assignment]  # pydantic: a subclass narrows the field to its own model_type
    vocab_size: Size = 50265
    hidden_size: Size = 768
    num_hidden_layers: Size = 12
    num_attention_heads: Size = 12
    intermediate_size: Size = 3072


class ModernBertConfigModel(CommonConfig):
    """``ModernBertConfig`` (model_type ``modernbert``), in its own field order (transformers 5.23).

    ModernBERT names things its own way (``hidden_activation``, ``norm_eps``, no token types) and
    chooses its heads' pooling with ``classifier_pooling``. The last four fields are what 4.x
    configs carry and 5.23 no longer declares: ``global_attn_every_n_layers`` becomes
    ``layer_types`` and the two rope thetas become ``rope_parameters`` when those are absent
    (read by ``ModernBertConfig.__post_init__`` / ``convert_rope_params_to_dict``), so they are
    declared here for their types and descriptions but not checked as 5.23's own fields.
    """

    family: ClassVar[str] = "modernbert"
    model_type: Literal["modernbert"] | None = None
    vocab_size: Size = 50368
    hidden_size: Size = 768
    intermediate_size: Size = Field(1152, description="Width of each MLP's output half; Wi is hidden_size x 2*intermediate_size.")
    num_hidden_layers: Size = 22
    num_attention_heads: Size = 12
    hidden_activation: Text = Field("gelu", description="Activation of every layer's gated MLP (ModernBERT's hidden_act).")
    max_position_embeddings: Size = 8192
    initializer_range: FloatOnly = 0.02
    initializer_cutoff_factor: FloatOnly = 2.0
    norm_eps: FloatOnly = Field(1e-5, description="Epsilon of every LayerNorm (ModernBERT's layer_norm_eps).")
    norm_bias: Flag = Field(False, description="Whether the LayerNorms have a bias tensor.")
    pad_token_id: TokenId = 50283
    eos_token_id: TokenIds = 50282
    bos_token_id: TokenId = 50281
    cls_token_id: TokenId = 50281
    sep_token_id: TokenId = 50282
    attention_bias: Flag = False
    attention_dropout: Number = 0.0
    layer_types: list[Text] | None = Field(
        None,
        description='"full_attention" or "sliding_attention" per layer; its length must be num_hidden_layers. '
        "None: derived from global_attn_every_n_layers (default 3).",
    )
    rope_parameters: dict[Literal["full_attention", "sliding_attention"], dict[str, Any]] | None = Field(
        None, description="Rotary settings per attention type (rope_type, rope_theta); None: global/local_rope_theta."
    )
    local_attention: Size = Field(128, description="Window of the sliding-attention layers, in tokens.")
    embedding_dropout: Number = 0.0
    mlp_bias: Flag = False
    mlp_dropout: Number = 0.0
    decoder_bias: Flag = Field(True, description="Whether ModernBertForMaskedLM's decoder has a bias.")
    classifier_pooling: Literal["cls", "mean"] = Field(
        "cls",
        description='How the sequence-classification and multiple-choice heads pool: "cls" (first token) or "mean" '
        "(attention-masked mean). Any other value is refused when the config is made.",
    )
    classifier_dropout: Number = Field(0.0, description="Dropout before the classifier of every task head.")
    classifier_bias: Flag = Field(False, description="Whether the prediction head's dense layer (head.dense) has a bias.")
    classifier_activation: Text = Field("gelu", description="Activation of the prediction head (head.act).")
    deterministic_flash_attn: Flag = False
    sparse_prediction: Flag = False
    sparse_pred_ignore_index: Size = -100
    tie_word_embeddings: Flag = True
    global_attn_every_n_layers: Size | None = Field(
        None, description="transformers 4.x: every n-th layer attends globally. 5.x turns it into layer_types (default 3)."
    )
    global_rope_theta: Number | None = Field(
        None, description="transformers 4.x; 5.x: rope_parameters.full_attention.rope_theta."
    )
    local_rope_theta: Number | None = Field(
        None, description="transformers 4.x; 5.x: rope_parameters.sliding_attention.rope_theta."
    )
    reference_compile: Flag | None = Field(
        None, description="transformers 4.x: torch.compile the layers; 5.x drops it when saving."
    )


FAMILY_MODELS: dict[str, type[CommonConfig]] = {
    "bert": BertConfigModel,
    "roberta": RobertaConfigModel,
    "distilbert": DistilBertConfigModel,
    "albert": AlbertConfigModel,
    "xlm-roberta": XLMRobertaConfigModel,
    "camembert": CamembertConfigModel,
    "mpnet": MPNetConfigModel,
    "electra": ElectraConfigModel,
    "deberta-v2": DebertaV2ConfigModel,
    "modernbert": ModernBertConfigModel,
    "deberta": DebertaConfigModel,
}
"""The explicit table of families; the order is the order of ``configlint schema`` output."""


def validate_with_model(family: str, config: dict[str, object]) -> CommonConfig | None:
    """The pydantic model of ``config``, or None when it does not validate (the reference validator)."""
    from pydantic import ValidationError

    try:
        return FAMILY_MODELS[family].model_validate(config)
    except ValidationError:
        return None
