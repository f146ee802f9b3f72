"""Tensor-header readers: what a checkpoint holds, without reading (or unpickling) its data."""

from configlint.checkpoint.discovery import WEIGHT_FILES, find_checkpoint, read_checkpoint, weights_file
from configlint.checkpoint.inventory import TensorInfo, TensorInventory
from configlint.checkpoint.safetensors_header import parse_safetensors_header, read_safetensors, read_safetensors_from

__all__ = [
    "WEIGHT_FILES",
    "TensorInfo",
    "TensorInventory",
    "find_checkpoint",
    "parse_safetensors_header",
    "read_checkpoint",
    "read_safetensors",
    "read_safetensors_from",
    "weights_file",
]
