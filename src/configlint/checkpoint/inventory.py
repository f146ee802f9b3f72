"""What a checkpoint holds, described without reading any tensor data.

Every reader (safetensors header, sharded index, torch ``.bin`` through a
restricted unpickler) produces the same :class:`TensorInventory`, so the
architecture weight maps and the load-report predictor never care which
file format the weights came in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, slots=True)
class TensorInfo:
    """One stored tensor: its checkpoint key, shape and dtype as safetensors spells it (``F32``, ``BF16``...)."""

    name: str
    shape: tuple[int, ...]
    dtype: str


@dataclass(slots=True)
class TensorInventory:
    """All tensors of one checkpoint (possibly spread over shards), keyed by name."""

    tensors: dict[str, TensorInfo] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)
    format: str = ""  # "safetensors", "safetensors-sharded", "torch-zip", "torch-legacy", ...
    non_tensors: dict[str, str] = field(default_factory=dict)
    """A torch pickle's keys whose values are not tensors, with each value's type name (they are still keys)."""
    leading_non_tensor: str | None = None
    """The type of a non-tensor value stored before every floating tensor (what dtype="auto" would read first)."""

    def __contains__(self, name: object) -> bool:
        return name in self.tensors

    def __len__(self) -> int:
        return len(self.tensors)

    def shape(self, name: str) -> tuple[int, ...] | None:
        info = self.tensors.get(name)
        return info.shape if info is not None else None
