"""Schema of BERT-family configs: pydantic models per family, detection, validation, JSON Schema export."""

from configlint.schema.common import POOLER_KEYS, CommonConfig
from configlint.schema.detection import FAMILIES, HEAD_CLASSES, FamilyGuess, detect_family, family_of_architecture
from configlint.schema.families import FAMILY_MODELS
from configlint.schema.validation import FieldProblem, describe_value, transformers_checked_fields, validate_family

__all__ = [
    "CommonConfig",
    "FAMILIES",
    "FAMILY_MODELS",
    "HEAD_CLASSES",
    "FamilyGuess",
    "FieldProblem",
    "POOLER_KEYS",
    "describe_value",
    "detect_family",
    "family_of_architecture",
    "transformers_checked_fields",
    "validate_family",
]
