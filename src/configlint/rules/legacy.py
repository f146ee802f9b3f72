"""TF-era configs: Google's ``bert_config.json`` / ALBERT ``albert_config*.json`` and their ports.

Such a file was written by no transformers version (no ``model_type``, ``architectures`` or
``transformers_version``) and is not the ``config.json`` transformers loads from a folder. What
is wrong with it for transformers has one cause and one remedy, ``configlint migrate
google-to-hf``, so F002 reports it as one finding that says what the migration writes (the keys
no transformers class reads included), and the rules that would report those keys one by one
(P001's pooler keys, D007's ALBERT export keys) leave them to it: one cause, one finding.

Cheap to import: the migration's key list is imported only when a TF-era file is seen.
"""

from __future__ import annotations

from pathlib import PurePath

from configlint.context import LintContext
from configlint.rules.base import Finding
from configlint.schema import POOLER_KEYS

CONFIG_NAME = "config.json"
"""The name transformers loads a folder's config from (see :mod:`configlint.migrations.google_to_hf`)."""
POOLER_RECORDED = frozenset({"pooler_type", "pooler_fc_size", "directionality", "use_pooler"})
"""Pooler keys recorded as changing nothing (case pooler-keys-bert)."""
WRITTEN_BY_TRANSFORMERS = ("model_type", "architectures", "transformers_version")
"""Keys every config saved by transformers' save_pretrained has at least one of."""


def is_tf_era_file(ctx: LintContext) -> bool:
    """A BERT-family config file not named config.json with none of the keys transformers writes
    (an in-memory mapping has no file name, so it is never one)."""
    # The key test first (in C: dict_keys.isdisjoint looks each name up): nearly every config has
    # model_type, and several rules ask this of every config.
    return (
        ctx.config.keys().isdisjoint(WRITTEN_BY_TRANSFORMERS)
        and ctx.kind == "model"
        and ctx.folder is not None
        and ctx.family_name is not None
        and PurePath(ctx.document.path).name != CONFIG_NAME
    )


def migration_drops(ctx: LintContext) -> list[str]:
    """Keys of a TF-era file that ``migrate google-to-hf`` removes (in the file's order), plus a
    ``layernorm_epsilon`` it renames; empty for any other file."""
    if not is_tf_era_file(ctx):
        return []
    from configlint.migrations.google_to_hf import TF_ONLY_KEYS

    return [key for key in ctx.config if key in TF_ONLY_KEYS or key == "layernorm_epsilon"]


def folded_into_migration(ctx: LintContext, key: str) -> bool:
    """True when ``key`` is already named by the file's one F002 migration finding."""
    return key in migration_drops(ctx)


def tf_era_finding(ctx: LintContext) -> Finding:
    """F002's one finding on a TF-era file: what ``migrate google-to-hf`` writes, and the keys it drops."""
    from configlint.family_table import FAMILIES
    from configlint.rules.keys import known_attributes, recorded_unread

    family = ctx.family_name or "bert"
    drops = migration_drops(ctx)
    # Keys that read like settings (ln_type, use_relative_position) first, the pooler leftovers after.
    removed = sorted((key for key in drops if key != "layernorm_epsilon"), key=lambda key: key in POOLER_KEYS)
    text = (
        f"TF-era config (none of {', '.join(WRITTEN_BY_TRANSFORMERS)}): transformers loads a folder's {CONFIG_NAME}, "
        f"not {PurePath(ctx.document.path).name}; `configlint migrate google-to-hf` writes that {CONFIG_NAME} with "
        f"model_type {family!r} and architectures [{FAMILIES[family].pretraining_class}]"
    )
    unknown = [key for key in removed if key not in known_attributes(family)]
    if unknown:
        shown = ", ".join(unknown[:8]) + (f" and {len(unknown) - 8} more" if len(unknown) > 8 else "")
        text += f", without {shown}, which no {family} config class of transformers has"
        recorded = sorted({case for key in unknown if (case := recorded_unread(key, family))})
        pooler = family == "bert" and any(key in POOLER_RECORDED for key in unknown)  # the case builds BertModel
        cases = recorded + (["pooler-keys-bert"] if pooler else [])
        if cases:
            text += f" (recorded as changing nothing: {', '.join(cases)})"
    if "layernorm_epsilon" in drops:
        text += "; it renames layernorm_epsilon to layer_norm_eps, which transformers reads (the model changes)"
    return Finding("", text)


def _migrated_architectures(ctx: LintContext) -> list[str]:
    """The architectures ``migrate google-to-hf`` adds, from its own plan (planned in memory, nothing is written)."""
    import json

    from configlint.migrations.google_to_hf import plan

    planned = plan(ctx)
    for edit in planned.edits:
        if edit.pointer == "/architectures":
            return list(edit.value)
    written = planned.new_files.get(CONFIG_NAME)
    value = json.loads(written).get("architectures") if written else None
    return [str(name) for name in value] if isinstance(value, list) else []
