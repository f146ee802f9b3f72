"""Find a model folder's weights with transformers 5's precedence, and read their headers.

transformers prefers ``model.safetensors``, then ``model.safetensors.index.json``, then the
torch pickles ``pytorch_model.bin`` and ``pytorch_model.bin.index.json``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from configlint.errors import CheckpointError

if TYPE_CHECKING:
    from configlint.checkpoint.inventory import TensorInventory

WEIGHT_FILES = (
    "model.safetensors",
    "model.safetensors.index.json",
    "pytorch_model.bin",
    "pytorch_model.bin.index.json",
)


def weights_file(folder: str | Path) -> Path | None:
    """The file transformers would load weights from, or None when the folder has none."""
    for name in WEIGHT_FILES:
        candidate = Path(folder) / name
        if candidate.is_file():
            return candidate
    return None


def read_checkpoint(path: str | Path) -> TensorInventory:
    """Read one weights file (or index), choosing the reader by its name (imported only then)."""
    from configlint.checkpoint.safetensors_header import read_safetensors
    from configlint.checkpoint.sharded import read_sharded

    path = Path(path)
    name = path.name
    if name.endswith(".index.json"):
        reader = read_safetensors if ".safetensors" in name else _read_bin
        return read_sharded(path, reader)
    if name.endswith(".safetensors"):
        return read_safetensors(path)
    if name.endswith((".bin", ".pt", ".pth")):
        return _read_bin(path)
    raise CheckpointError("is not a checkpoint file configlint can read", source=path)


def _read_bin(path: Path) -> TensorInventory:
    from configlint.checkpoint.torch_bin import read_torch_bin

    return read_torch_bin(path)


def find_checkpoint(folder: str | Path) -> TensorInventory | None:
    """The inventory of the weights beside a config, or None when there are none."""
    path = weights_file(folder)
    return read_checkpoint(path) if path is not None else None
