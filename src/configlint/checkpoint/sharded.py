"""Read a sharded checkpoint through its index (``model.safetensors.index.json``).

transformers loads the shards the index's ``weight_map`` names, so the inventory is the union
of those shards' headers. Shard names come from a stranger's JSON: absolute names and ``..`` are
refused here; symlinks that resolve outside the model folder are refused when the shard is opened
(:mod:`configlint.safe_fs`), not followed. The index and its shards are read through a
:class:`~configlint.model_files.ModelFiles`, so local folders, cache snapshots and Hub repos share
this parser, this loop and their messages.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from configlint.checkpoint.inventory import TensorInventory
from configlint.checkpoint.messages import brief
from configlint.errors import CheckpointError, InputError

if TYPE_CHECKING:
    from configlint.model_files import ModelFiles


def shard_names(index: object, *, source: str) -> dict[str, str]:
    """``weight_map`` of an index: tensor name → shard file name, validated."""
    if not isinstance(index, dict) or not isinstance(index.get("weight_map"), dict):
        error = CheckpointError("index has no weight_map object", source=source)
        if isinstance(index, dict) and "weight_map" in index:
            error.weight_map_type = type(index["weight_map"]).__name__  # type: ignore[attr-defined]
        raise error
    weight_map = index["weight_map"]
    for name, shard in weight_map.items():
        if not isinstance(shard, str) or not shard:
            raise CheckpointError(f"weight_map entry {brief(name)} does not name a shard file", source=source)
        if "\0" in shard:
            raise CheckpointError(f"shard {brief(shard)} is not a file name (it holds a NUL byte)", source=source)
        pure = PurePosixPath(shard.replace("\\", "/"))
        if pure.is_absolute() or ".." in pure.parts or ":" in shard:
            raise CheckpointError(f"shard {brief(shard)} escapes the model folder; refused", source=source)
    return dict(weight_map)


MAX_INDEX_BYTES = 16 * 1024 * 1024
"""An index file larger than this is refused before it is parsed (real ones are well under 1 MB)."""


def read_index(files: ModelFiles, name: str) -> dict[str, str]:
    """The validated ``weight_map`` of index file ``name``: the one index parser, for every store."""
    where = files.where(name)
    try:
        index = json.loads(files.read_bytes(name, MAX_INDEX_BYTES).decode("utf-8"))
    except RecursionError:
        raise CheckpointError("cannot read the index: JSON nested too deeply", source=where) from None
    except CheckpointError:
        raise
    except InputError as error:
        raise CheckpointError(f"cannot read the index: it {error.message}", source=where) from None
    except (UnicodeDecodeError, ValueError) as error:
        raise CheckpointError(f"cannot read the index: {error}", source=where) from None
    return shard_names(index, source=where)


def read_sharded(files: ModelFiles, index_name: str, read_shard: Callable[[str], TensorInventory]) -> TensorInventory:
    """Union of the shards an index names, each read once with ``read_shard``: the one shard loop.

    Shard names are joined to the index's folder as transformers joins them (``os.path.join``: on
    POSIX a backslash is part of the name); ``read_shard`` gets that relative name and opens it
    through ``files`` (:func:`configlint.checkpoint.discovery.read_weights` does).
    """
    weight_map = read_index(files, index_name)
    folder = posixpath.dirname(index_name)
    shards: dict[str, TensorInventory] = {}
    for shard in sorted(set(weight_map.values())):
        name = posixpath.join(folder, shard)
        if not files.has(name):
            shown = name if len(shard) <= 255 else posixpath.join(folder, f"{shard[:100]}…")  # no file name is longer
            raise MissingShardError(f"shard {brief(shard)} named by the index is missing", source=files.where(shown))
        shards[shard] = read_shard(name)
        shards[shard].files[:] = [Path(files.where(name))]
    return merge_shards(weight_map, shards, source=files.where(index_name))


def merge_shards(weight_map: dict[str, str], shards: dict[str, TensorInventory], *, source: str) -> TensorInventory:
    """The checkpoint an index describes: every tensor of every shard file the ``weight_map`` names.

    Recorded from transformers 5.23 (tests/fixtures/differential/weights_files.json): it loads whole
    shard files, so a tensor a shard holds but the index does not list is loaded (and reported
    unexpected when the model has no place for it), and an index entry naming a tensor its shard
    lacks is ignored. A tensor in two shards is taken from the first shard in reading order.
    Shared by local folders and Hub repos (whose shards are read by range requests).
    ``shards`` maps each shard name to its inventory, in reading order.
    """
    del weight_map, source  # the shard set (the keys of ``shards``) is all that counts
    inventory = TensorInventory(format="sharded")
    for shard in shards.values():
        inventory.files.extend(shard.files)
        inventory.format = f"sharded-{shard.format}"
        for name, info in shard.tensors.items():
            inventory.tensors.setdefault(name, info)
        for name, kind in shard.non_tensors.items():
            inventory.non_tensors.setdefault(name, kind)
        if inventory.leading_non_tensor is None and len(inventory.files) == len(shard.files):
            inventory.leading_non_tensor = shard.leading_non_tensor  # transformers reads the first shard's dtype
    return inventory


class MissingShardError(CheckpointError):
    """A shard the index names is not in the folder: transformers raises FileNotFoundError for it."""
