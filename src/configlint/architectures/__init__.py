"""What each BERT-family model class expects in its state dict, as a pure function of config.json.

    >>> from configlint.architectures import expected_state_dict
    >>> expected_state_dict("BertForSequenceClassification", {"hidden_size": 8, ...})
    {"bert.embeddings.word_embeddings.weight": (30522, 8), ...}

One module per family (``bert``, ``roberta``, ``distilbert``, ``albert``) holds the weight maps and
class metadata; ``common`` holds the shared tensor helpers and the load-time key renamings;
``defaults`` fills in a config the way the family's transformers config class does. Nothing here
imports torch or transformers: the facts were read off transformers 5.23 and are pinned by
fixtures recorded from it (``scripts/generate_load_report_fixtures.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from configlint.architectures import (
    albert,
    bert,
    camembert,
    deberta,
    deberta_v2,
    distilbert,
    electra,
    modernbert,
    mpnet,
    roberta,
    xlm_roberta,
)
from configlint.architectures.common import BuildError, HeadClass, Shape, WeightMap
from configlint.architectures.defaults import resolve_config, validate_config
from configlint.family_table import FAMILIES
from configlint.size_limits import SizeLimitError, size_limit_problems

__all__ = [
    "BASE_CLASSES",
    "CLASSES",
    "BuildError",
    "HeadClass",
    "Shape",
    "SizeLimitError",
    "WeightMap",
    "build",
    "expected_state_dict",
    "get_class",
    "resolve_config",
]

CLASSES: dict[str, HeadClass] = {
    head.name: head
    for module in (bert, roberta, distilbert, albert, xlm_roberta, camembert, mpnet, electra, deberta_v2, modernbert, deberta)
    for head in module.CLASSES
}

# The class ``AutoModel`` picks for each ``model_type``: what to load as when nothing else says.
BASE_CLASSES: dict[str, str] = {name: entry.base_class for name, entry in FAMILIES.items()}


def get_class(name: str) -> HeadClass | None:
    """The class called ``name`` (exact transformers spelling), or None when configlint does not model it."""
    return CLASSES.get(name)


def build(head: HeadClass, config: Mapping[str, Any]) -> tuple[dict[str, Any], WeightMap]:
    """The resolved config and ``{key: shape}`` of ``head``'s state dict, or :class:`BuildError`.

    The error is what transformers raises instead (its exception type and message): a config its
    strict config class refuses, or a module that refuses the config while being built. Before
    anything is expanded, sizes past configlint's own limits raise
    :class:`~configlint.size_limits.SizeLimitError` (memory and time stay bounded whatever the config says).
    """
    resolved = resolve_config(head.family, config)
    validate_config(head.family, resolved)
    problems = size_limit_problems(head.family, resolved.get)
    if problems:
        raise SizeLimitError(problems)
    return resolved, head.weights(resolved)


def expected_state_dict(class_name: str, config: Mapping[str, Any]) -> WeightMap:
    """``{key: shape}`` of ``CLASS(config).state_dict()`` for a raw config.json mapping.

    Raises ``KeyError`` for an unknown class, :class:`BuildError` where transformers itself
    would refuse the config or fail to build the model, and :class:`SizeLimitError` for sizes
    configlint does not model.
    """
    return build(CLASSES[class_name], config)[1]
