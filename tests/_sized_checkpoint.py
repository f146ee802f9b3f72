"""Write full-size checkpoints cheaply: a real safetensors header over a sparse, all-zero data region.

A roberta-base-sized ``model.safetensors`` is ~500 MB, too big to commit and slow to generate with
torch. Its header, though, is a pure function of the config (:mod:`configlint.architectures`), and
the data region can be a hole in a sparse file: the file has the true size and layout, reads as
zeros, and costs almost no disk. transformers loads it like any other checkpoint, which is what
the benchmarks compare against.
"""

from __future__ import annotations

import json
import struct
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from configlint.architectures import expected_state_dict

ROBERTA_BASE: dict[str, Any] = {
    "architectures": ["RobertaForMaskedLM"],
    "model_type": "roberta",
    "attention_probs_dropout_prob": 0.1,
    "bos_token_id": 0,
    "eos_token_id": 2,
    "hidden_act": "gelu",
    "hidden_dropout_prob": 0.1,
    "hidden_size": 768,
    "initializer_range": 0.02,
    "intermediate_size": 3072,
    "layer_norm_eps": 1e-05,
    "max_position_embeddings": 514,
    "num_attention_heads": 12,
    "num_hidden_layers": 12,
    "pad_token_id": 1,
    "type_vocab_size": 1,
    "vocab_size": 50265,
}
"""The published roberta-base config.json (FacebookAI/roberta-base), trimmed of tokenizer-only keys."""

DTYPE_BYTES = {"F64": 8, "F32": 4, "F16": 2, "BF16": 2, "I64": 8, "I32": 4, "I16": 2, "I8": 1, "U8": 1, "BOOL": 1}


def safetensors_header(shapes: dict[str, tuple[int, ...]], dtype: str = "F32") -> tuple[bytes, int]:
    """The 8-byte length prefix plus JSON header for ``shapes`` laid out in order, and the data size."""
    return tensors_header([(name, dtype, shape) for name, shape in shapes.items()])


def tensors_header(tensors: Sequence[Sequence[Any]], metadata: dict[str, str] | None = None) -> tuple[bytes, int]:
    """Like :func:`safetensors_header` for ``(name, dtype, shape)`` tensors of any dtype; ``metadata`` is
    ``__metadata__`` (None: ``{"format": "pt"}`` as save_pretrained writes; empty: no such entry)."""
    entries: dict[str, Any] = {"__metadata__": {"format": "pt"} if metadata is None else metadata}
    if not entries["__metadata__"]:
        del entries["__metadata__"]
    offset = 0
    for name, dtype, shape in tensors:
        size = DTYPE_BYTES[dtype]
        for dim in shape:
            size *= dim
        entries[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": [offset, offset + size]}
        offset += size
    header = json.dumps(entries, separators=(",", ":")).encode()
    header += b" " * (-len(header) % 8)  # safetensors pads the header to 8 bytes
    return struct.pack("<Q", len(header)) + header, offset


def write_sized_model(folder: Path, config: dict[str, Any] | None = None, *, dtype: str = "F32") -> Path:
    """Write ``config.json`` and a sparse ``model.safetensors`` holding every tensor its first architecture stores.

    Tied weights (``lm_head.decoder.weight``) are left out, as ``save_pretrained`` leaves them out.
    """
    config = dict(config or ROBERTA_BASE)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    class_name = config["architectures"][0]
    shapes = expected_state_dict(class_name, config)
    from configlint.architectures import CLASSES

    tied_targets = {target for target, _ in CLASSES[class_name].tied_weights}
    shapes = {name: shape for name, shape in shapes.items() if name not in tied_targets}
    prefix, data_size = safetensors_header(shapes, dtype)
    path = folder / "model.safetensors"
    with path.open("wb") as handle:
        handle.write(prefix)
        handle.truncate(len(prefix) + data_size)
    return path
