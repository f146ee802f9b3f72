"""``pooling-to-sentence-transformers``: make a pooling *intent* in config.json take effect.

``pooler_type: "mean"`` (or "avg", "max", "cls") in config.json is ignored by transformers.
sentence-transformers is where pooling is configured: this migration writes ``modules.json``
(Transformer + Pooling, with the module type names every sentence-transformers release from 2
to 6 resolves) and ``1_Pooling/config.json`` in the current format (``embedding_dimension``,
``pooling_mode``, ``include_prompt``, as sentence-transformers 6 saves it), then removes the
dead pooler keys. Existing sentence-transformers files are never overwritten: with a
``modules.json`` present nothing is written, and an existing ``1_Pooling/config.json`` stops the
migration unless ``--force`` (see :func:`configlint.migrations.runner.migrate_file`).
"""

from __future__ import annotations

import json

from configlint.context import LintContext
from configlint.diagnostics import Edit
from configlint.document import join_pointer
from configlint.migrations.base import Migration, MigrationPlan
from configlint.safe_fs import entry_exists
from configlint.schema import POOLER_KEYS

INTENT_TO_MODE = {
    "mean": "mean",
    "avg": "mean",
    "average": "mean",
    "mean_tokens": "mean",
    "mean_pooling": "mean",
    "max": "max",
    "max_tokens": "max",
    "cls": "cls",
}
MODULES = [
    {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
    {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
]


def plan(ctx: LintContext) -> MigrationPlan:
    result = MigrationPlan()
    intent = ctx.config.get("pooler_type")
    mode = INTENT_TO_MODE.get(intent.lower()) if isinstance(intent, str) else None
    if mode is None:
        return result
    width = ctx.int("dim") if ctx.family.family == "distilbert" else ctx.int("hidden_size")
    if width is None:
        return result
    folder = ctx.folder
    if folder is None or not entry_exists(folder / "modules.json"):  # a dangling link counts: never written through
        result.new_files["modules.json"] = json.dumps(MODULES, indent=2) + "\n"
        result.new_files["1_Pooling/config.json"] = (
            json.dumps({"embedding_dimension": width, "pooling_mode": mode, "include_prompt": True}, indent=2) + "\n"
        )
        result.notes.append(f"sentence-transformers now does {mode} pooling over the {width}-wide token embeddings")
    else:
        result.notes.append(
            "modules.json already exists; it was left as it is (check its Pooling module with `configlint check`)"
        )
    result.edits += [Edit("remove", join_pointer("", key)) for key in ctx.config if key in POOLER_KEYS]
    return result


MIGRATION = Migration(
    name="pooling-to-sentence-transformers",
    summary="Write a sentence-transformers Pooling module for a pooler_type intent, drop the dead keys",
    description=__doc__ or "",
    plan=plan,
    changes_model=True,
)
