"""``google-to-hf``: an original Google ``bert_config.json`` / ALBERT TF config → a transformers config.

Google's TensorFlow releases (and the many Chinese ALBERT/BERT ports) ship configs with no
``model_type`` and with keys only their own code read. transformers can load them only by
guessing the family from the folder name. The migration adds ``model_type`` and
``architectures`` (``*ForPreTraining``: a Google checkpoint holds the MLM and NSP/SOP heads) and
removes the keys transformers never reads; ``layernorm_epsilon`` (brightmart's ALBERT ports) is
renamed to ``layer_norm_eps``, the only edit that changes the built model, and says so.

A folder is loaded through its ``config.json`` (transformers' ``CONFIG_NAME``, the file
``PreTrainedConfig._get_config_dict`` opens in a directory), so a legacy ``bert_config.json``
is migrated into a new ``config.json`` beside it instead of being edited in place: the original
stays as it was, because Google's TF scripts take it by name (``--bert_config_file``). The
runner writes that file like any other new file (it refuses to replace a different existing
``config.json`` unless forced). Moving the original aside is the user's choice
(:func:`rename_original`, ``--rename-original``): it becomes ``bert_config.json.orig``, the
suffix patch and git's merge tools give the file a change was made from, which keeps it out of
every ``*config*.json`` pattern (discovery, the pre-commit hooks) and says where it came from.
A legacy file already named ``config.json`` is edited in place.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePath

from configlint.context import LintContext
from configlint.diagnostics import Edit
from configlint.document import join_pointer
from configlint.edits import apply_edits
from configlint.errors import InputError
from configlint.family_table import FAMILIES
from configlint.migrations.base import Migration, MigrationPlan
from configlint.migrations.runner import MigrationResult
from configlint.schema import POOLER_KEYS

CONFIG_NAME = "config.json"
"""The name transformers loads a folder's config from."""
ORIGINAL_SUFFIX = ".orig"

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
        result.edits.append(Edit("add", "/architectures", [FAMILIES[family].pretraining_class]))
    if ctx.folder is not None and PurePath(ctx.document.path).name != CONFIG_NAME:
        text, _ = apply_edits(ctx.document, result.edits)
        result.edits = []
        result.new_files[CONFIG_NAME] = text
    return result


def replaced_original(result: MigrationResult) -> bool:
    """True when the migration wrote ``config.json`` beside a differently named original, left untouched."""
    return result.path.name != CONFIG_NAME and result.path.parent / CONFIG_NAME in result.new_files


def rename_original(path: Path) -> Path:
    """Move a migrated legacy config to ``<name>.orig`` beside it; never over an existing file.

    A hard link to the new name fails atomically when that name exists (``os.rename`` would
    replace it); filesystems without hard links get a check and a rename. A symbolic link is moved
    as a link, so nothing outside the folder changes.
    """
    target = path.with_name(path.name + ORIGINAL_SUFFIX)
    exists = InputError(f"{target.name} already exists, so it was kept (the migrated {CONFIG_NAME} is written)", source=path)
    try:
        try:
            os.link(path, target, follow_symlinks=False)
        except FileExistsError:
            raise exists from None
        except OSError:  # no hard links here (FAT, some network filesystems)
            if os.path.lexists(target):
                raise exists from None
            os.rename(path, target)
        else:
            os.unlink(path)
    except OSError as error:
        raise InputError(
            f"cannot rename it to {target.name}: {error.strerror}; it was kept (the migrated {CONFIG_NAME} is written)",
            source=path,
        ) from None
    return target


MIGRATION = Migration(
    name="google-to-hf",
    summary="Turn an original Google BERT/ALBERT TF config into a transformers config",
    description=__doc__ or "",
    plan=plan,
)
