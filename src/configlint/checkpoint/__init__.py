"""Tensor-header readers: what a checkpoint holds, without reading (or unpickling) its data.

Names are imported on first use (PEP 562), so asking whether a folder has weights does not load
the safetensors, sharded and torch readers.
"""

from __future__ import annotations

from configlint._lazy import lazy_exports

_LAZY = {
    "WEIGHT_FILES": "configlint.checkpoint.discovery",
    "choose_weights": "configlint.checkpoint.discovery",
    "read_model_weights": "configlint.checkpoint.discovery",
    "read_weights": "configlint.checkpoint.discovery",
    "find_checkpoint": "configlint.checkpoint.discovery",
    "read_checkpoint": "configlint.checkpoint.discovery",
    "weights_file": "configlint.checkpoint.discovery",
    "TensorInfo": "configlint.checkpoint.inventory",
    "TensorInventory": "configlint.checkpoint.inventory",
    "parse_safetensors_header": "configlint.checkpoint.safetensors_header",
    "read_safetensors": "configlint.checkpoint.safetensors_header",
    "read_safetensors_from": "configlint.checkpoint.safetensors_header",
}

__all__ = sorted(_LAZY)
__getattr__ = lazy_exports(__name__, _LAZY)
