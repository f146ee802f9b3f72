"""Which family a config belongs to, and how sure we are.

transformers' ``AutoConfig`` reads ``model_type`` (what it does without one is version-dependent
and recorded in the claims fixtures; rule F002 reports it). configlint decides by ``model_type``,
else by the first architecture's class-name prefix, else by the family table's key signatures
(:func:`configlint.family_table.recognise_by_keys`), and records the basis so rules can warn when
the file alone does not say.
"""

from collections.abc import Mapping
from typing import Any, NamedTuple

from configlint.family_table import FAMILIES as _TABLE
from configlint.family_table import all_pooler_classes, family_of_architecture, head_classes, recognise_by_keys

FAMILIES: tuple[str, ...] = tuple(_TABLE)


class FamilyGuess(NamedTuple):
    """``family`` is one of :data:`FAMILIES` or ``None``; ``basis`` says why."""

    family: str | None
    basis: str  # "model_type", "architectures", "keys", "foreign-model-type", "unknown"
    model_type: str | None = None


HEAD_CLASSES: dict[str, tuple[str, ...]] = head_classes()
"""The model classes transformers 5.x defines per family (what ``architectures`` may name)."""

POOLER_CLASSES: frozenset[str] = all_pooler_classes()
"""Classes whose base model is built with add_pooling_layer=True (dense + tanh on the first token)."""

__all__ = ["FAMILIES", "HEAD_CLASSES", "POOLER_CLASSES", "FamilyGuess", "detect_family", "family_of_architecture"]


def detect_family(config: Mapping[str, Any]) -> FamilyGuess:
    model_type = config.get("model_type")
    if isinstance(model_type, str) and model_type:
        if model_type in _TABLE:
            return FamilyGuess(model_type, "model_type", model_type)
        return FamilyGuess(None, "foreign-model-type", model_type)
    architectures = config.get("architectures")
    if isinstance(architectures, list):
        for name in architectures:
            if isinstance(name, str) and (family := family_of_architecture(name)):
                return FamilyGuess(family, "architectures")
    return FamilyGuess(recognise_by_keys(config), "keys")
