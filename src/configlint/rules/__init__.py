"""The rule registry: an explicit table, assembled from each concern's ``RULES`` tuple.

Nothing registers itself on import; adding a rule means adding it to its module's ``RULES``
and that module to :data:`ALL_RULES` here, so the catalogue is greppable and ordered.
"""

from __future__ import annotations

from configlint.rules import (
    checkpoint_rules,
    decoder_rules,
    document_rules,
    key_rules,
    label_rules,
    pooler_rules,
    project_schema,
    schema_rules,
    sentence_transformers_rules,
    shape_rules,
    value_rules,
    version_rules,
)
from configlint.rules.base import Finding, Rule

ALL_RULES: tuple[Rule, ...] = (
    *document_rules.RULES,
    *schema_rules.RULES,
    *key_rules.RULES,
    *project_schema.RULES,
    *pooler_rules.RULES,
    *sentence_transformers_rules.RULES,
    *label_rules.RULES,
    *shape_rules.RULES,
    *decoder_rules.RULES,
    *value_rules.RULES,
    *version_rules.RULES,
    *checkpoint_rules.RULES,
)

RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in ALL_RULES}
if len(RULES_BY_CODE) != len(ALL_RULES):  # pragma: no cover - a programming error caught at import
    raise RuntimeError("duplicate rule code in the registry")

__all__ = ["ALL_RULES", "RULES_BY_CODE", "Finding", "Rule"]
