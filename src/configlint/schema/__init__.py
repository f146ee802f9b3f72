"""Schema of BERT-family configs.

``families`` holds the pydantic models (the source of truth, used for JSON Schema export and
the Python API); ``validation`` checks configs with a table generated from them, so that the
hot path never imports pydantic. Names are resolved lazily for the same reason.
"""

from __future__ import annotations

from configlint._lazy import lazy_exports
from configlint.schema.detection import FAMILIES, HEAD_CLASSES, POOLER_CLASSES, FamilyGuess, detect_family, family_of_architecture
from configlint.schema.keys import POOLER_KEYS

_LAZY = {
    "FAMILY_MODELS": "configlint.schema.families",
    "CommonConfig": "configlint.schema.common",
    "FieldProblem": "configlint.schema.validation",
    "describe_value": "configlint.schema.validation",
    "field_specs": "configlint.schema.validation",
    "attribute_map": "configlint.schema.validation",
    "transformers_checked_fields": "configlint.schema.validation",
    "validate_fields": "configlint.schema.validation",
    "validate_with_model": "configlint.schema.families",
}

__getattr__ = lazy_exports(__name__, _LAZY)


__all__ = [
    "FAMILIES",
    "HEAD_CLASSES",
    "POOLER_CLASSES",
    "FamilyGuess",
    "POOLER_KEYS",
    "detect_family",
    "family_of_architecture",
    *_LAZY,
]
