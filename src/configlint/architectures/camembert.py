"""CamemBERT weight maps (``transformers/models/camembert/modeling_camembert.py``, 5.23).

CamemBERT copies RoBERTa module for module under its own class names, with the same
``base_model_prefix`` (``roberta``): recorded in ``tests/fixtures/load_report/state_dicts.json``.
"""

from __future__ import annotations

from configlint.architectures.common import HeadClass
from configlint.architectures.roberta import roberta_shaped_classes

CLASSES: tuple[HeadClass, ...] = roberta_shaped_classes("camembert")
