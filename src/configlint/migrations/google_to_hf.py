"""``google-to-hf``: an original Google ``bert_config.json`` / ALBERT TF config → a transformers config.

Google's TensorFlow releases (and the many Chinese ALBERT/BERT ports) ship configs with no
``model_type`` and with keys only their own code read. transformers can load them only by
guessing the family from the folder name. The migration adds ``model_type`` and
``architectures`` (``*ForPreTraining``: a Google checkpoint holds the MLM and NSP/SOP heads) and
removes the keys transformers never reads; ``layernorm_epsilon`` (brightmart's ALBERT ports) is
renamed to ``layer_norm_eps``, the only edit that changes the built model, and says so.
"""

from __future__ import annotations

from configlint.context import LintContext
from configlint.diagnostics import Edit
from configlint.document import join_pointer
from configlint.migrations.base import Migration, MigrationPlan
from configlint.schema import POOLER_KEYS

# Read by Google's TF code (or its ports), never by transformers.
TF_ONLY_KEYS = (
    *POOLER_KEYS,
    "ln_type",
    "net_structure_type",
    "gap_size",
    "num_memory_blocks",
    "down_scale_factor",
    "fp32_layernorm",
    "fp32_embedding",
    "fp32_tokentypes",
    "use_relative_position",
)
PRETRAINING_CLASS = {"bert": "BertForPreTraining", "albert": "AlbertForPreTraining", "roberta": "RobertaForMaskedLM", "distilbert": "DistilBertForMaskedLM"}


def plan(ctx: LintContext) -> MigrationPlan:
    result = MigrationPlan()
    family = ctx.family.family
    if family is None or "model_type" in ctx.config:
        return result
    result.edits += [Edit("remove", join_pointer("", key)) for key in ctx.config if key in TF_ONLY_KEYS]
    if "layernorm_epsilon" in ctx.config and "layer_norm_eps" not in ctx.config:
        result.edits.append(Edit("rename", "/layernorm_epsilon", "layer_norm_eps"))
        result.notes.append(
            f"layernorm_epsilon renamed to layer_norm_eps: transformers now uses {ctx.config['layernorm_epsilon']!r} "
            f"instead of its default {ctx.value('layer_norm_eps')!r}, as the original TF code did"
        )
    result.edits.append(Edit("add", "/model_type", family))
    if "architectures" not in ctx.config:
        result.edits.append(Edit("add", "/architectures", [PRETRAINING_CLASS[family]]))
    return result


MIGRATION = Migration(
    name="google-to-hf",
    summary="Turn an original Google BERT/ALBERT TF config into a transformers config",
    description=__doc__ or "",
    plan=plan,
)
