"""``transformers-v5``: what a transformers 4.x config needs to mean the same under 5.x.

Every note quotes the recorded fact the linter states (:data:`configlint.rules.version_claims.VERSION_CLAIMS`,
recorded with transformers 4.57 and 5.23), so ``migrate`` and ``check`` never disagree:

- ``torch_dtype`` → ``dtype`` (renamed in 4.56; 5.x reads the old name only as a fallback).
  When both are present 5.x uses ``dtype``; the stale ``torch_dtype`` is removed.
- ``num_labels`` that disagrees with ``id2label`` (L001): 4.x kept the label names and sized the
  head by them; 5.x keeps ``num_labels`` and replaces the names with LABEL_i. Removing
  ``num_labels`` keeps the 4.x model.
- no ``model_type`` (F002): 4.x loaded such a config when its folder's path named a model type; 5.x
  refuses it. When ``architectures`` makes the family certain, ``model_type`` is added.
- ``position_embedding_type`` "relative_key"/"relative_key_query" (D004) and ``pruned_heads``
  (D006): 4.x builds what they ask, 5.x ignores them. Nothing can be rewritten to keep such a
  model; the migration says so and leaves the keys, so the linter keeps warning.
"""

from __future__ import annotations

from configlint.context import LintContext
from configlint.diagnostics import Edit
from configlint.migrations.base import Migration, MigrationPlan
from configlint.rules.version_claims import said_by


def plan(ctx: LintContext) -> MigrationPlan:
    result = MigrationPlan()
    config = ctx.config
    if "torch_dtype" in config:
        if "dtype" in config:
            result.edits.append(Edit("remove", "/torch_dtype"))
        else:
            result.edits.append(Edit("rename", "/torch_dtype", "dtype"))
    if "model_type" not in config and ctx.family.family is not None and ctx.family.basis == "architectures":
        result.edits.append(Edit("add", "/model_type", ctx.family.family))
        result.notes.append(f"model_type {ctx.family.family!r} added (architectures names the class): {said_by('F002', 5)}")
    labels, count = config.get("id2label"), config.get("num_labels")
    if isinstance(labels, dict) and isinstance(count, int) and not isinstance(count, bool) and count != len(labels):
        result.edits.append(Edit("remove", "/num_labels"))
        result.notes.append(
            f"num_labels {count} removed: the head keeps the {len(labels)} named labels, as under transformers 4.x "
            f"({said_by('L001', 4, labels=len(labels))}; {said_by('L001', 5, count=count, last=count - 1)})"
        )
    relative = config.get("position_embedding_type")
    if isinstance(relative, str) and relative.startswith("relative"):
        result.notes.append(
            f"position_embedding_type {relative!r} kept: {said_by('D004', 5, value=relative)}; nothing in the config "
            "can keep 4.x's model, so pin transformers<5 for it"
        )
    heads = config.get("pruned_heads")
    if isinstance(heads, dict) and any(heads.values()):
        result.notes.append(
            f"pruned_heads kept: {said_by('D006', 5)} ({said_by('D006', 4)}); nothing in the config can keep 4.x's "
            "pruned model, so pin transformers<5 for it"
        )
    return result


MIGRATION = Migration(
    name="transformers-v5",
    summary="Rename torch_dtype, keep 4.x label names, add a certain model_type, flag what 5.x ignores",
    description=__doc__ or "",
    plan=plan,
)
