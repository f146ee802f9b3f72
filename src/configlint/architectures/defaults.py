"""A config.json as transformers 5.23 sees it once its config class has filled in the defaults.

``BertModel.from_pretrained(folder)`` builds a ``BertConfig`` from ``config.json`` whatever its
``model_type`` says (it only warns), so the defaults that apply are those of the *loading* class's
family, not of the file's ``model_type``. Keys the config class does not declare are kept as plain
attributes (which matters: ``hasattr(config, "embedding_size")`` switches off BERT's head-size check).

The defaults, aliases and integer fields come from the family table
(:mod:`configlint.family_table`), which reads them off the schema's field table: the dataclass
defaults of each family's config class in transformers 5.23, held to
``tests/fixtures/transformers/config_classes.json`` by the test suite.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

from configlint.architectures.common import BuildError, _int_or_key, check_types, num_labels
from configlint.family_table import FAMILIES, attribute_map, config_defaults, integer_fields


def resolve_config(family: str, raw: Mapping[str, Any]) -> dict[str, Any]:
    """The family's defaults overlaid with ``raw``, aliases folded onto their real names.

    An alias is set after the declared fields (the strict dataclass ``__init__`` assigns declared
    fields first and leftover kwargs through ``__setattr__``, which follows ``attribute_map``), so
    when a DistilBERT config has both ``dim`` and ``hidden_size``, ``hidden_size`` wins.
    """
    aliases = attribute_map(family)
    resolved = dict(config_defaults(family))
    resolved.update((key, value) for key, value in raw.items() if key not in aliases)
    resolved.update((aliases[key], value) for key, value in raw.items() if key in aliases)
    return resolved


def validate_config(family: str, resolved: Mapping[str, Any]) -> None:
    """What loading the config itself refuses (``BuildError``), before any model is built.

    The strict type check of the sizing fields, then ``PreTrainedConfig.__post_init__``'s refusal
    of single-label classification with one label.
    """
    fields, optional = integer_fields(family)
    check_types(resolved, fields, optional)
    check = FAMILIES[family].config_check
    if check:  # the config class's own validators (ModernBERT: layer_types against num_hidden_layers)
        module, _, name = check.partition(":")
        getattr(importlib.import_module(module), name)(resolved)
    # __post_init__ checks the count id2label gives; a num_labels key is applied after it (recorded).
    id2label = resolved.get("id2label")
    count = len({_int_or_key(key) for key in id2label}) if isinstance(id2label, dict) else num_labels(resolved)
    if resolved.get("problem_type") == "single_label_classification" and count == 1:
        raise BuildError("ValueError", '`problem_type="single_label_classification"` requires `num_labels > 1`.')
