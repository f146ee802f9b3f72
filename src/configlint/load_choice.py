"""Which config file and which weights file ``from_pretrained`` reads in a local folder.

Two config.json keys redirect it, and both come from a stranger's file:

* ``configuration_files`` lists versioned configs (``config.4.0.0.json``); transformers
  (``configuration_utils.get_configuration_file``) sorts their version strings *as strings*, walks
  them while each parses to a version <= its own, and loads the last one reached instead of
  config.json. So the sizes that count may not be config.json's.
* ``transformers_weights`` names the weights file (``modeling_utils._get_resolved_checkpoint_files``):
  it must end in ``.safetensors`` or ``.safetensors.index.json`` (or be ``adapter_model.bin``), and a
  path that leaves the folder is refused. configlint refuses such a path too, and never opens it.

Outcomes were recorded from transformers 5.23 (``scripts/differential.py``, kinds ``config_files``
and ``weights_choice``). Each refusal is ``("<ExceptionType>: <message>", "<key or file>")``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from packaging.version import InvalidVersion, Version

from configlint.errors import CheckpointError

Refusal = tuple[str, str]
TRANSFORMERS_VERSION = Version("5.23.0")
"""The transformers version whose choice of versioned config is replayed (the recordings' version)."""


def configuration_file(listed: Any) -> str | Refusal:
    """The config file name transformers picks from ``configuration_files``, or what it raises."""
    key = "configuration_files"
    try:
        names = iter(listed)
    except TypeError:
        return f"TypeError: {type(listed).__name__!r} object is not iterable", key
    versions: dict[str, str] = {}
    for name in names:
        if not isinstance(name, str):
            return f"AttributeError: {type(name).__name__!r} object has no attribute 'startswith'", key
        if name.startswith("config.") and name.endswith(".json") and name != "config.json":
            versions[name.removeprefix("config.").removesuffix(".json")] = name
    chosen = "config.json"
    for text in sorted(versions):
        try:
            parsed = Version(text)
        except InvalidVersion:
            return f"InvalidVersion: Invalid version: {text!r}", key
        if parsed > TRANSFORMERS_VERSION:
            break
        chosen = versions[text]
    return chosen


def explicit_weights(folder: Path, name: Any) -> Path | Refusal:
    """The weights file ``transformers_weights`` names inside ``folder``, or what transformers raises."""
    key = "transformers_weights"
    if not isinstance(name, str):
        return f"AttributeError: {type(name).__name__!r} object has no attribute 'endswith'", key
    if not name.endswith((".safetensors", ".safetensors.index.json")) and name != "adapter_model.bin":
        return (
            "ValueError: The transformers file in the config seems to be incorrect: it is neither a safetensors "
            f"file (*.safetensors) nor a safetensors index file (*.safetensors.index.json): {name}",
            key,
        )
    base = os.path.abspath(folder)
    try:
        contained = os.path.commonpath([base, os.path.abspath(os.path.join(base, name))]) == base
    except ValueError:
        contained = False
    if not contained:
        return f"ValueError: `transformers_weights` must reference a file inside the model directory, got {name}", key
    return named_weights(folder, name)


def chosen_config_file(folder: Path, config: Mapping[str, Any]) -> Path | Refusal | None:
    """The versioned config file to read instead of config.json (None: config.json itself), or the refusal."""
    from configlint.safe_fs import entry_exists

    if "configuration_files" not in config:
        return None
    chosen = configuration_file(config["configuration_files"])
    if isinstance(chosen, tuple) or chosen == "config.json":
        return chosen if isinstance(chosen, tuple) else None
    path = folder / chosen  # a parsed version holds no path separator, so this stays in the folder
    if not entry_exists(path):
        return f"OSError: {folder} does not appear to have a file named {chosen}.", f"configuration_files ({chosen})"
    return path


def weights_refusal(error: CheckpointError, folder: Path) -> Refusal | None:
    """What from_pretrained raises for a weights problem configlint found, when that was recorded."""
    from configlint.checkpoint.sharded import MissingShardError

    name = Path(str(error.source)).name if error.source else "the weights"
    if isinstance(error, MissingWeightsError) and getattr(error, "index", False):
        return (f"ValueError: Can't find a checkpoint index ({error.source}) in {folder}.", f"transformers_weights ({name})")
    if isinstance(error, MissingWeightsError):
        # Recorded: safetensors' loader words it without errno; a torch file is opened by Python's open().
        if str(error.source).endswith(".safetensors"):
            return f"FileNotFoundError: No such file or directory: {error.source}", f"transformers_weights ({name})"
        return f"FileNotFoundError: [Errno 2] No such file or directory: {str(error.source)!r}", f"transformers_weights ({name})"
    if isinstance(error, MissingShardError):
        return f"FileNotFoundError: No such file or directory: {error.source}", name
    found = getattr(error, "weight_map_type", None)
    if found is not None:
        # transformers calls weight_map.values() on whatever the index holds there.
        return (
            f"AttributeError: {found!r} object has no attribute 'values'",
            "model.safetensors.index.json (weight_map is not an object)",
        )
    refused_global = getattr(error, "refused_global", None)
    if refused_global is not None:
        return (
            "UnpicklingError: Weights only load failed.",
            f"{name} (torch.load(weights_only=True) refuses the global {refused_global}; configlint ran nothing)",
        )
    key_type = getattr(error, "key_type", None)
    if key_type is not None:  # dot_natural_key splits every checkpoint key on "."
        return f"AttributeError: {key_type!r} object has no attribute 'split'", f"{name} (a key that is not a string)"
    state_type = getattr(error, "state_type", None)
    if state_type is not None:  # transformers reads the dtype from state_dict.values()
        return f"AttributeError: {state_type!r} object has no attribute 'values'", f"{name} (not a state dict)"
    return None


class MissingWeightsError(CheckpointError):
    """The file ``transformers_weights`` names is not in the folder: transformers raises FileNotFoundError."""


def named_weights(folder: Path, name: str) -> Path:
    """The path ``transformers_weights`` names, once :func:`explicit_weights` accepted it; raises if absent."""
    from configlint.safe_fs import entry_exists

    path = folder / name
    said = os.path.join(folder, name)  # how transformers joins it: "./x" stays in the message
    parts = Path(name).parts
    for index, part in enumerate(parts):  # the OS walks ``a/../b`` through ``a``, which must exist
        if part == ".." and not os.path.isdir(folder.joinpath(*parts[:index])):
            raise MissingWeightsError("the file transformers_weights names is missing", source=said)
    resolved = Path(os.path.normpath(path))
    if not entry_exists(resolved):
        error = MissingWeightsError("the file transformers_weights names is missing", source=said)
        error.index = name.endswith(".safetensors.index.json")  # type: ignore[attr-defined]
        raise error
    return resolved


__all__ = [
    "TRANSFORMERS_VERSION",
    "chosen_config_file",
    "configuration_file",
    "explicit_weights",
    "named_weights",
    "weights_refusal",
]
