"""Fields every BERT-family config may carry: transformers' ``PreTrainedConfig`` base fields,
the legacy names people still write, and the pooler keys that *look* meaningful but that no
BERT-family class in transformers reads.

The pooler keys are modelled (typed, documented) rather than left to ``extra`` so that the
JSON Schema tells an editor user what they do — nothing — and rules can point at them.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from configlint.schema.types import Flag, LabelNames, Size, Text

DEAD_POOLER_NOTE = (
    "Ignored by transformers: no BERT-family model class reads this key. The pooler, when the "
    "model class has one, is always dense(hidden_size, hidden_size) + tanh on the first token."
)


class CommonConfig(BaseModel):
    """Base fields (transformers ``PreTrainedConfig``) shared by the four families."""

    model_config = ConfigDict(strict=True, extra="allow", populate_by_name=True, protected_namespaces=())

    family: ClassVar[str] = ""
    attribute_map: ClassVar[dict[str, str]] = {}

    model_type: Text | None = Field(None, description="Selects the config class in AutoConfig.")
    architectures: list[Text] | None = Field(
        None, description="Model classes this checkpoint was saved from; AutoModel pipelines use the first."
    )
    transformers_version: Text | None = Field(None, description="transformers version that wrote the file.")
    name_or_path: Text | None = Field(None, alias="_name_or_path", description="Where the config was loaded from.")
    dtype: Text | None = Field(None, description="Weights dtype (transformers >= 4.56 name).")
    torch_dtype: Text | None = Field(None, description="Legacy name of `dtype` (transformers < 4.56).")
    id2label: LabelNames | None = Field(None, description="Class index (as a string key) to label name.")
    label2id: dict[Text, Size] | dict[Text, Text] | None = Field(None, description="Label name to class index.")
    num_labels: Size | None = Field(
        None, description="Size of the classification head; transformers rebuilds id2label from it when they disagree."
    )
    problem_type: Text | None = Field(
        None,
        description='"regression", "single_label_classification" or "multi_label_classification".',
    )
    output_hidden_states: Flag | None = None
    output_attentions: Flag | None = None
    return_dict: Flag | None = None
    chunk_size_feed_forward: Size | None = None
    is_encoder_decoder: Flag | None = None
    tie_word_embeddings: Flag | None = None
    finetuning_task: Text | None = None
    tokenizer_class: Text | None = None
    pruned_heads: dict[Text, list[Size]] | None = None
    gradient_checkpointing: Flag | None = Field(None, description="Legacy training flag; ignored when loading.")
    use_pooler: Flag | None = Field(None, description=DEAD_POOLER_NOTE)
    pooler_type: Text | None = Field(
        None, description=DEAD_POOLER_NOTE + " Mean pooling lives in a sentence-transformers 1_Pooling/config.json."
    )
    pooler_fc_size: Size | None = Field(None, description=DEAD_POOLER_NOTE)
    pooler_num_attention_heads: Size | None = Field(None, description=DEAD_POOLER_NOTE)
    pooler_num_fc_layers: Size | None = Field(None, description=DEAD_POOLER_NOTE)
    pooler_size_per_head: Size | None = Field(None, description=DEAD_POOLER_NOTE)
    directionality: Text | None = Field(None, description="Google BERT export metadata; ignored by transformers.")

    def given(self, name: str) -> bool:
        """Whether the file itself sets ``name`` (by field name or alias)."""
        return name in self.model_fields_set or name in (self.model_extra or {})


__all__ = ["CommonConfig", "DEAD_POOLER_NOTE"]
