"""Find a model's weights with transformers 5's precedence, and read their headers: one way for every store.

transformers prefers ``model.safetensors``, then ``model.safetensors.index.json``, then the
torch pickles ``pytorch_model.bin`` and ``pytorch_model.bin.index.json``. Whether the model is a
local folder, a huggingface_hub cache snapshot or a Hub repo read by range requests, it is a
:class:`~configlint.model_files.ModelFiles`, and this module is the only reader of its weights:
one choice of file (:func:`choose_weights`), one reader table (:data:`READERS`: safetensors, torch
zip or legacy pickle, chosen by name), one index parser and one shard loop
(:mod:`configlint.checkpoint.sharded`). So a broken file gets the same message wherever it lives.
The parsers only ever see an open file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from configlint.errors import CheckpointError, InputError

if TYPE_CHECKING:
    from configlint.checkpoint.inventory import TensorInventory
    from configlint.context import CheckpointRead
    from configlint.model_files import ModelFiles

WEIGHT_FILES = (
    "model.safetensors",
    "model.safetensors.index.json",
    "pytorch_model.bin",
    "pytorch_model.bin.index.json",
)


class WeightsRefused(CheckpointError):
    """configlint did not open the weights (outside the model folder, not a regular file).

    It says what configlint refuses, nothing about whether transformers could load the file.
    """


def choose_weights(files: ModelFiles) -> str | None:
    """The weights file transformers would load, or None when the model has none.

    Any entry with one of those names counts except a directory: a FIFO, a device or a link
    leaving the folder is chosen and then refused when read, with a message saying so, rather
    than skipped in silence for a file further down the list.
    """
    return next((name for name in WEIGHT_FILES if files.has(name)), None)


def open_weights(files: ModelFiles, name: str) -> BinaryIO:
    """Weights file ``name``, open for reading; what the store refuses becomes a :class:`CheckpointError`."""
    from configlint.safe_fs import RefusedFileError

    try:
        return files.open_binary(name)
    except RefusedFileError as error:
        raise WeightsRefused(error.message, source=files.where(name)) from None
    except InputError as error:
        if isinstance(error, CheckpointError):
            raise
        raise CheckpointError(error.message, source=files.where(name)) from None


def _read_safetensors(handle: BinaryIO, where: str) -> TensorInventory:
    from configlint.checkpoint.safetensors_header import read_safetensors_from

    def read(offset: int, length: int) -> bytes:
        handle.seek(offset)
        return handle.read(length)

    return read_safetensors_from(read, file_size=handle.seek(0, 2), source=where)


def _read_torch(handle: BinaryIO, where: str) -> TensorInventory:
    from configlint.checkpoint.torch_bin import read_torch_file

    return read_torch_file(handle, where)


READERS: tuple[tuple[tuple[str, ...], Callable[[BinaryIO, str], TensorInventory]], ...] = (
    ((".safetensors",), _read_safetensors),
    ((".bin", ".pt", ".pth"), _read_torch),
)
"""File name endings → header reader (an open file and its name for messages → inventory)."""


def read_weights(files: ModelFiles, name: str) -> TensorInventory:
    """The inventory of weights file (or index) ``name``; :class:`CheckpointError` when it is unusable.

    The reader is chosen by the name and imported only then. Errors of the store itself (a Hub
    repo's network or budget) propagate as they are: they say nothing about the weights.
    """
    from configlint.checkpoint.sharded import read_sharded

    if name.endswith(".index.json"):
        return read_sharded(files, name, lambda shard: _read_file(files, shard))
    return _read_file(files, name)


def _read_file(files: ModelFiles, name: str) -> TensorInventory:
    where = files.where(name)
    reader = next((read for endings, read in READERS if name.endswith(endings)), None)
    if reader is None:
        raise CheckpointError("is not a checkpoint file configlint can read", source=where)
    with open_weights(files, name) as handle:
        try:
            inventory = reader(handle, where)
        except OSError as error:
            raise CheckpointError(f"cannot read: {error.strerror or error}", source=where) from None
    inventory.files.append(Path(where))
    return inventory


def read_model_weights(files: ModelFiles) -> CheckpointRead:
    """The weights transformers would load from ``files``: their inventory, why they are unusable, or none."""
    from configlint.context import CheckpointRead

    name = choose_weights(files)
    if name is None:
        return CheckpointRead()
    try:
        return CheckpointRead(inventory=read_weights(files, name), source=files.where(name))
    except CheckpointError as error:
        return CheckpointRead(error=error, source=files.where(name))


def _folder_and_name(path: Path, root: Path) -> tuple[ModelFiles, str]:
    import os

    from configlint.model_files import open_folder

    return open_folder(root), Path(os.path.relpath(path, root)).as_posix()


def weights_file(folder: str | Path) -> Path | None:
    """The file transformers would load weights from in a local folder, or None (see :func:`choose_weights`)."""
    from configlint.model_files import open_folder

    files = open_folder(folder)
    name = choose_weights(files)
    return files.path(name) if name is not None else None


def read_checkpoint(path: str | Path, *, root: str | Path | None = None) -> TensorInventory:
    """Read one weights file (or index) of the local model folder ``root`` (default: the file's folder)."""
    path = Path(path)
    files, name = _folder_and_name(path, path.parent if root is None else Path(root))
    return read_weights(files, name)


def find_checkpoint(folder: str | Path) -> TensorInventory | None:
    """The inventory of the weights in a local folder, or None when there are none."""
    from configlint.model_files import open_folder

    files = open_folder(folder)
    name = choose_weights(files)
    return read_weights(files, name) if name is not None else None
