"""The rule registry: an explicit table, assembled from each concern's ``RULES`` tuple.

Nothing registers itself on import; adding a rule means adding it to its module's ``RULES``
and that module to :data:`ALL_RULES` here, so the catalogue is greppable and ordered.
"""

from __future__ import annotations

from configlint.rules import (
    checkpoint,
    deberta_v2,
    decoder,
    document,
    electra,
    keys,
    labels,
    model_card,
    modernbert,
    mpnet,
    plausibility,
    pooler,
    project_schema,
    schema,
    sentence_transformers,
    shapes,
    values,
    versions,
)
from configlint.rules.base import Finding, Rule

ALL_RULES: tuple[Rule, ...] = (
    *document.RULES,
    *schema.RULES,
    *keys.RULES,
    *project_schema.RULES,
    *pooler.RULES,
    *sentence_transformers.RULES,
    *model_card.RULES,
    *labels.RULES,
    *shapes.RULES,
    *plausibility.RULES,
    *decoder.RULES,
    *mpnet.RULES,
    *values.RULES,
    *versions.RULES,
    *checkpoint.RULES,
    *deberta_v2.RULES,
    *electra.RULES,
    *modernbert.RULES,
)

RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in ALL_RULES}
if len(RULES_BY_CODE) != len(ALL_RULES):  # pragma: no cover - a programming error caught at import
    raise RuntimeError("duplicate rule code in the registry")

__all__ = ["ALL_RULES", "RULES_BY_CODE", "Finding", "Rule"]
