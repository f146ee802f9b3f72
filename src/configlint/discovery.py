"""Which files ``configlint check DIR`` looks at.

Directories are walked for ``config.json`` and ``*config*.json`` (``bert_config.json``,
``albert_config_base.json``), skipping files that are configs of something other than the
model (tokenizer, generation, sentence-transformers wrappers and training data, adapters). In a
folder that has a ``config.json``, that file is the model's config and the other ``*config*.json``
files beside it are not (sentence-transformers ships ``data_config.json``, a JSON array describing
its training data). ``<module>/config.json`` of a sentence-transformers Pooling module is checked
from the model's own config.json beside ``modules.json``. Explicitly named files are always checked.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

NOT_MODEL_CONFIGS = frozenset(
    {
        "tokenizer_config.json",
        "generation_config.json",
        "config_sentence_transformers.json",
        "sentence_bert_config.json",
        "data_config.json",
        "preprocessor_config.json",
        "processor_config.json",
        "adapter_config.json",
        "feature_extractor_config.json",
        "quantize_config.json",
        "quantization_config.json",
        "peft_config.json",
        "training_config.json",
        "trainer_config.json",
    }
)
_SKIPPED_DIRECTORIES = frozenset({".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox", ".mypy_cache"})


def is_candidate(name: str) -> bool:
    return name == "config.json" or (fnmatch.fnmatchcase(name, "*config*.json") and name not in NOT_MODEL_CONFIGS)


def _is_module_of_parent_model(path: Path) -> bool:
    """``1_Pooling/config.json`` beside a parent model with ``modules.json``: checked via the parent."""
    parent = path.parent.parent
    return path.name == "config.json" and (parent / "modules.json").is_file() and (parent / "config.json").is_file()


def discover(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Yield files to check, in a stable order, each once."""
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(_walk(path))
        else:
            found = [path]
        for item in found:
            key = item.resolve() if item.exists() else item
            if key not in seen:
                seen.add(key)
                yield item


def _walk(root: Path) -> Iterator[Path]:
    for directory, subdirectories, files in os.walk(root):
        subdirectories[:] = sorted(d for d in subdirectories if d not in _SKIPPED_DIRECTORIES and not d.startswith("."))
        has_model_config = "config.json" in files
        for name in files:
            if is_candidate(name) and (name == "config.json" or not has_model_config):
                path = Path(directory) / name
                if not _is_module_of_parent_model(path):
                    yield path
