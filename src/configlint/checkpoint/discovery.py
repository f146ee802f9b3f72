"""Find a model folder's weights with transformers 5's precedence, and read their headers.

transformers prefers ``model.safetensors``, then ``model.safetensors.index.json``, then the
torch pickles ``pytorch_model.bin`` and ``pytorch_model.bin.index.json``. Files are found and
opened here (through :mod:`configlint.safe_fs`); the parsers only ever see an open file.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from configlint.errors import CheckpointError, InputError

if TYPE_CHECKING:
    from configlint.checkpoint.inventory import TensorInventory

WEIGHT_FILES = (
    "model.safetensors",
    "model.safetensors.index.json",
    "pytorch_model.bin",
    "pytorch_model.bin.index.json",
)


def weights_file(folder: str | Path) -> Path | None:
    """The file transformers would load weights from, or None when the folder has none.

    Any entry with one of those names counts except a real directory: a FIFO, a device or a
    link leaving the folder is chosen and then refused when read, with a message saying so,
    rather than skipped in silence for a file further down the list.
    """
    for name in WEIGHT_FILES:
        candidate = Path(folder) / name
        try:
            mode = os.lstat(candidate).st_mode
        except OSError:
            continue
        if not stat.S_ISDIR(mode):
            return candidate
    return None


class WeightsRefused(CheckpointError):
    """configlint did not open the weights (outside the model folder, not a regular file).

    It says what configlint refuses, nothing about whether transformers could load the file.
    """


def open_weights(path: Path, root: Path) -> BinaryIO:
    """A weights file of the model folder ``root``, open for reading through :mod:`configlint.safe_fs`."""
    from configlint.safe_fs import RefusedFileError, open_regular

    try:
        return open_regular(path, root=root)
    except RefusedFileError as error:
        raise WeightsRefused(error.message, source=path) from None
    except InputError as error:
        raise CheckpointError(error.message, source=path) from None


def read_checkpoint(path: str | Path, *, root: str | Path | None = None) -> TensorInventory:
    """Read one weights file (or index) of the model folder ``root`` (default: the file's folder).

    The reader is chosen by the file's name and imported only then; every file is opened through
    :func:`open_weights`, so links are followed only inside the folder and only regular files are read.
    """
    from configlint.checkpoint.sharded import read_sharded

    path = Path(path)
    folder = path.parent if root is None else Path(root)
    name = path.name
    if name.endswith(".index.json"):
        reader = _read_safetensors if ".safetensors" in name else _read_bin
        return read_sharded(path, lambda shard: reader(shard, folder), root=folder)
    if name.endswith(".safetensors"):
        return _read_safetensors(path, folder)
    if name.endswith((".bin", ".pt", ".pth")):
        return _read_bin(path, folder)
    raise CheckpointError("is not a checkpoint file configlint can read", source=path)


def _read_safetensors(path: Path, root: Path) -> TensorInventory:
    from configlint.checkpoint.safetensors_header import read_safetensors_from

    with open_weights(path, root) as handle:

        def read(offset: int, length: int) -> bytes:
            handle.seek(offset)
            return handle.read(length)

        try:
            inventory = read_safetensors_from(read, file_size=os.fstat(handle.fileno()).st_size, source=str(path))
        except OSError as error:
            raise CheckpointError(f"cannot read: {error.strerror or error}", source=path) from None
    inventory.files.append(path)
    return inventory


def _read_bin(path: Path, root: Path) -> TensorInventory:
    from configlint.checkpoint.torch_bin import read_torch_file

    with open_weights(path, root) as handle:
        try:
            inventory = read_torch_file(handle, str(path))
        except OSError as error:
            raise CheckpointError(f"cannot read: {error.strerror or error}", source=path) from None
    inventory.files.append(path)
    return inventory


def find_checkpoint(folder: str | Path) -> TensorInventory | None:
    """The inventory of the weights beside a config, or None when there are none."""
    path = weights_file(folder)
    return read_checkpoint(path, root=folder) if path is not None else None
