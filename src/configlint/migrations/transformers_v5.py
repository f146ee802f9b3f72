"""``transformers-v5``: what a transformers 4.x config needs to mean the same under 5.x.

- ``torch_dtype`` → ``dtype`` (renamed in 4.56; 5.x reads the old name only as a fallback).
  When both are present 5.x uses ``dtype``; the stale ``torch_dtype`` is removed.
- ``num_labels`` that disagrees with ``id2label``: 4.x kept the label names and sized the head
  by them; 5.x keeps ``num_labels`` and replaces the names with LABEL_i. Removing ``num_labels``
  keeps the 4.x model.
- ``position_embedding_type`` "relative_key"/"relative_key_query": 5.x removed relative position
  embeddings. Nothing can be rewritten to keep such a model; the migration says so and leaves
  the key, so the linter (D004) keeps warning.
"""

from __future__ import annotations

from configlint.context import LintContext
from configlint.diagnostics import Edit
from configlint.migrations.base import Migration, MigrationPlan


def plan(ctx: LintContext) -> MigrationPlan:
    result = MigrationPlan()
    config = ctx.config
    if "torch_dtype" in config:
        if "dtype" in config:
            result.edits.append(Edit("remove", "/torch_dtype"))
        else:
            result.edits.append(Edit("rename", "/torch_dtype", "dtype"))
    labels, count = config.get("id2label"), config.get("num_labels")
    if isinstance(labels, dict) and isinstance(count, int) and not isinstance(count, bool) and count != len(labels):
        result.edits.append(Edit("remove", "/num_labels"))
        result.notes.append(
            f"num_labels {count} removed: the head keeps the {len(labels)} named labels, as under transformers 4.x"
        )
    relative = config.get("position_embedding_type")
    if isinstance(relative, str) and relative.startswith("relative"):
        result.notes.append(
            f"position_embedding_type {relative!r}: transformers 5 has no relative position embeddings; pin transformers<5 for this model"
        )
    return result


MIGRATION = Migration(
    name="transformers-v5",
    summary="Rename torch_dtype, keep 4.x label names, flag removed relative positions",
    description=__doc__ or "",
    plan=plan,
)
