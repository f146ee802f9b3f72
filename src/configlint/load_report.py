"""Predict transformers' load report for a checkpoint folder without torch.

``predict_load_report(config, inventory, as_class)`` answers what
``CLASS.from_pretrained(folder, ignore_mismatched_sizes=True, output_loading_info=True)`` returns in
transformers 5.23: the missing, unexpected and mismatched keys, named exactly as transformers names
them, or the error it raises instead. It replays, on names and shapes only, what these functions do:

* ``core_model_loading.convert_and_load_state_dict_in_model``: checkpoint keys are visited in
  ``dot_natural_key`` order; each is renamed by the legacy ``WeightRenaming``\\ s
  (``LayerNorm.gamma``/``beta`` -> ``weight``/``bias``...), then ``rename_source_key`` adds or strips
  ``base_model_prefix`` when that lands on a model key. A key that lands nowhere is *unexpected*
  under its renamed name; when two checkpoint keys land on the same model key the first one wins
  and the other is silently dropped. ``set_param_for_module`` records a shape difference as
  *mismatched* and takes the key out of *missing* either way.
* ``PreTrainedModel.tie_weights(missing_keys=...)``: for each tied pair (only when
  ``tie_word_embeddings``), a present source fills a missing target; a present target fills a
  missing source (the pair is swapped); when both are missing, a later pair with the same source
  may supply it, else both stay missing. When both are present and one of them is a tied target
  that was mismatched (left on the meta device by ``_move_missing_keys_from_meta_to_device``),
  comparing them crashes inside torch: transformers raises ``NotImplementedError``.
* ``PreTrainedModel._adjust_missing_and_unexpected_keys``: ``_keys_to_ignore_on_load_*`` (empty for
  every BERT-family class) and, because all of them have a ``position_ids`` buffer, any
  ``...position_ids`` checkpoint key is dropped from *unexpected*.

Where transformers refuses to build the model (see :mod:`configlint.architectures`) or finds no
weights file, ``error`` holds ``"<ExceptionType>: <message>"`` as transformers words it. Where the
config's sizes are past configlint's own limits (:mod:`configlint.size_limits`), nothing is
predicted and ``error`` says so, starting with :data:`SIZE_LIMIT_PREFIX`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from configlint.architectures import BASE_CLASSES, CLASSES, BuildError, HeadClass, SizeLimitError, build
from configlint.architectures.common import POSITION_IDS_PATTERN, Shape, apply_legacy_renamings
from configlint.checkpoint.inventory import TensorInventory
from configlint.document import ConfigDocument
from configlint.errors import CheckpointError, InputError
from configlint.load_options import attention_refusal, output_attentions_refusal, quantization_refusal
from configlint.load_refusals import (
    blame_build_error,
    build_refusal,
    config_load_refusal,
    initializer_refusal,
    loaded_dtype,
    state_dict_dtype_refusal,
)

if TYPE_CHECKING:
    from configlint.hub.source import RemoteSource
    from configlint.model_files import ModelFiles

NO_WEIGHTS_ERROR = "OSError: Error no file named model.safetensors, or pytorch_model.bin, found in directory {folder}."
# torch.equal(meta, cpu) inside _tied_params_are_equal: the first sentence of torch 2.x's message.
META_COMPARISON_ERROR = (
    "NotImplementedError: aten::equal: attempted to run this operator with Meta tensors, "
    "but there was no fake impl or Meta kernel registered."
)
# Not a transformers exception: what configlint declines to predict, and why.
SIZE_LIMIT_PREFIX = "not predicted (configlint's size limits): "
# utils/loading_report.log_state_dict_report, without ignore_mismatched_sizes (first sentence).
STRICT_MISMATCH_ERROR = "RuntimeError: You set `ignore_mismatched_sizes` to `False`, thus raising an error."


@dataclass(frozen=True, slots=True)
class Mismatch:
    """A checkpoint tensor whose shape differs from the model's: transformers re-initialises it."""

    key: str
    expected: Shape
    checkpoint: Shape

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "expected": list(self.expected), "checkpoint": list(self.checkpoint)}


@dataclass(frozen=True, slots=True)
class LoadReport:
    """The predicted ``output_loading_info``, keys sorted; ``error`` set when transformers would raise.

    ``strict_error`` is what the same call raises *without* ``ignore_mismatched_sizes``: any
    mismatch then ends in ``log_state_dict_report``'s RuntimeError, raised from a ``finally`` and
    so replacing even the tie-weights crash. It is not part of :meth:`to_dict`. ``dtype`` is the
    loaded model's ``dtype`` (``float32``...) when it loads; ``cause`` names the config key(s) or
    file configlint blames for ``error`` (transformers' own message often does not).
    """

    as_class: str | None
    missing: tuple[str, ...] = ()
    unexpected: tuple[str, ...] = ()
    mismatched: tuple[Mismatch, ...] = ()
    error: str | None = None
    strict_error: str | None = None
    dtype: str | None = None
    cause: str | None = None

    @property
    def clean(self) -> bool:
        """True when every weight loads as is: nothing missing, unexpected or mismatched, no error."""
        return not (self.missing or self.unexpected or self.mismatched or self.error)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of ``configlint load-report --format json``."""
        return {
            "as": self.as_class,
            "missing": list(self.missing),
            "unexpected": list(self.unexpected),
            "mismatched": [mismatch.to_dict() for mismatch in self.mismatched],
            "error": self.error,
        }


def dot_natural_key(key: str) -> list[tuple[Any, ...]]:
    """``core_model_loading.dot_natural_key``: numbers compare as numbers, ``layer.10`` after ``layer.9``."""
    parts: list[tuple[Any, ...]] = []
    for part in key.split("."):
        if part.isdigit():
            parts.append((0, int(part)))
            continue
        text = part.rstrip("0123456789")
        digits = part[len(text) :]
        parts.append((1, text, int(digits)) if digits else (1, text))
    return parts


def rename_checkpoint_key(key: str, prefix: str, model_keys: Mapping[str, Any] | Iterable[str]) -> str:
    """The model key transformers loads checkpoint ``key`` into (or reports it under, if none).

    ``rename_source_key``: legacy renamings in turn, then strip ``prefix.`` when the rest is a model
    key, else add it when that is one. If renaming led nowhere but the original name is a model key,
    the original name is used (the renaming is undone).
    """
    keys = model_keys if isinstance(model_keys, Mapping) else dict.fromkeys(model_keys)
    renamed = _fix_prefix(apply_legacy_renamings(key), prefix, keys)
    if renamed not in keys and key in keys:
        renamed = _fix_prefix(key, prefix, keys)
    return renamed


def _fix_prefix(key: str, prefix: str, keys: Mapping[str, Any]) -> str:
    # transformers strips the regex "^{prefix}." (its dot matches any character but a newline).
    if key.startswith(prefix) and len(key) > len(prefix) and key[len(prefix)] != "\n":
        stripped = key[len(prefix) + 1 :]
        if stripped in keys:
            return stripped
    if f"{prefix}.{key}" in keys:
        return f"{prefix}.{key}"
    return key


def config_for_report(document: ConfigDocument) -> dict[str, Any]:
    """The mapping ``from_pretrained`` builds the model from; InputError when transformers cannot read the file."""
    fatal = next((problem for problem in document.problems if problem.fatal), None)
    if fatal is not None:
        raise InputError(fatal.message, source=document.path, position=f"{fatal.line}:{fatal.column}")
    data: dict[str, Any] = document.data
    return data


def resolve_class_name(config: Mapping[str, Any], as_class: str | None) -> str | None:
    """``as_class``, else the config's first ``architectures`` entry, else the base class of its ``model_type``."""
    if as_class:
        return as_class
    architectures = config.get("architectures")
    if isinstance(architectures, list) and architectures and isinstance(architectures[0], str):
        return architectures[0]
    model_type = config.get("model_type")
    return BASE_CLASSES.get(model_type) if isinstance(model_type, str) else None


def report_folder(folder: str | Path, as_class: str | None = None) -> LoadReport:
    """The load report of a local model folder: the config and the weights transformers picks.

    The config is config.json or the versioned file its ``configuration_files`` selects; the
    weights are the file ``transformers_weights`` names, else the first of the usual names. Weights
    files transformers also refuses become the report's ``error``; raises
    :class:`~configlint.errors.InputError` when configlint cannot read the folder otherwise.
    """
    from configlint.model_files import open_folder

    folder = Path(folder)
    return report_for_config(folder, _read_config(open_folder(folder), "config.json"), as_class)


def _read_config(files: ModelFiles, name: str) -> dict[str, Any]:
    """A config file of the model, read through its :class:`~configlint.model_files.ModelFiles` (bounded, links checked)."""
    from configlint.document import MAX_CONFIG_BYTES

    return config_for_report(files.read_document(name, MAX_CONFIG_BYTES))


def report_for_config(
    folder: Path,
    config: Mapping[str, Any],
    as_class: str | None = None,
    *,
    default_weights: Callable[[], TensorInventory | None] | None = None,
) -> LoadReport:
    """:func:`report_folder` for config.json's already-parsed ``config`` (the W rules' context passes its own).

    ``default_weights`` reads the weights transformers picks when config.json names none (default:
    :func:`~configlint.checkpoint.discovery.read_weights` of the file it chooses), so a caller that already read them
    passes them on; it raises :class:`~configlint.errors.CheckpointError` as that function does.
    """
    from configlint.checkpoint.discovery import choose_weights, read_weights
    from configlint.load_choice import chosen_config_file, explicit_weights, weights_refusal
    from configlint.model_files import open_folder

    files = open_folder(folder)
    chosen = chosen_config_file(folder, config)
    if isinstance(chosen, tuple):
        return _failed(resolve_class_name(config, as_class), *chosen)
    if chosen is not None:
        config = _read_config(files, chosen.name)
    explicit = config.get("transformers_weights")
    try:
        if explicit is None:
            name = choose_weights(files) if default_weights is None else None
            inventory = default_weights() if default_weights is not None else read_weights(files, name) if name else None
        else:
            target = explicit_weights(folder, explicit)
            if isinstance(target, tuple):
                return _refused_weights(config, as_class, target)
            inventory = read_weights(files, Path(os.path.relpath(target, folder)).as_posix())
    except CheckpointError as error:
        translated = weights_refusal(error, folder)
        if translated is None:
            raise
        return _refused_weights(config, as_class, translated, error)
    if inventory is not None and inventory.format.startswith("sharded") and not inventory.files:
        # Recorded: an index whose weight_map names no shard ends in an IndexError.
        empty = ("IndexError: list index out of range", f"{choose_weights(files) or 'the weights'} (an empty weight_map)")
        return _refused_weights(config, as_class, empty)
    return predict_load_report(config, inventory, as_class, folder=str(folder))


def report_remote(
    source: RemoteSource, as_class: str | None = None, *, token: str | None = None, cost: Callable[[str], None] | None = None
) -> LoadReport:
    """A Hub repo's load report (``cost`` hears what reading it cost); unreadable or absent weights raise, as for a folder."""
    from configlint.document import parse_document
    from configlint.hub.fetch import fetch_model

    model = fetch_model(source, token=token, require_weights=True)
    if cost is not None:
        cost(model.cost())
    if model.checkpoint.error is not None:
        raise model.checkpoint.error
    config = config_for_report(parse_document(model.config_text, f"{source}/config.json"))
    return predict_load_report(config, model.checkpoint.inventory, as_class, folder=str(source))


def _refused_weights(
    config: Mapping[str, Any], as_class: str | None, refusal: tuple[str, str], error: CheckpointError | None = None
) -> LoadReport:
    """A weights refusal, unless the config, the dtype read from the weights or the model build refuses first
    (they come earlier in the load): a state dict with a key that is not a string still has its values read
    for the dtype, and a non-tensor value met there refuses before the keys are sorted."""
    leading = getattr(error, "leading_non_tensor", None)
    files = [Path(error.source)] if error is not None and error.source else []
    refused = predict_load_report(config, TensorInventory(files=files, leading_non_tensor=leading), as_class)
    return refused if refused.error else _failed(refused.as_class, *refusal)


def predict_load_report(
    config: Mapping[str, Any],
    inventory: TensorInventory | None,
    as_class: str | None = None,
    *,
    folder: str = "<folder>",
) -> LoadReport:
    """Predict ``from_pretrained(..., ignore_mismatched_sizes=True, output_loading_info=True)``.

    ``config`` is the raw config.json mapping; ``inventory`` what the checkpoint holds (None when the
    folder has no weights file; ``folder`` only words that error). ``as_class`` defaults as in
    :func:`resolve_class_name`.
    """
    name = resolve_class_name(config, as_class)
    if name is None:
        return _failed(None, "config.json names no architectures and no known model_type; pass a class")
    head = CLASSES.get(name)
    if head is None:
        known = ", ".join(sorted(CLASSES))
        return _failed(name, f"AttributeError: configlint knows no model class {name!r} (known: {known})")
    refused = config_load_refusal(head.family, config) or output_attentions_refusal(config) or quantization_refusal(config)
    if refused is None and inventory is not None:
        refused = state_dict_dtype_refusal(config, inventory)
    if refused is None:  # PreTrainedModel.__init__ checks the attention before any layer is built
        refused = attention_refusal(config)
    if refused is not None:
        return _failed(name, *refused)
    try:
        resolved, expected = build(head, config)
    except BuildError as error:
        return _failed(name, *blame_build_error(str(error), config))
    except SizeLimitError as error:
        return _failed(name, f"{SIZE_LIMIT_PREFIX}{error}")
    refused = build_refusal(head.family, name, config)
    if refused is not None:
        return _failed(name, *refused)
    if inventory is None:
        return _failed(name, NO_WEIGHTS_ERROR.format(folder=folder))

    loaded: dict[str, Shape] = {}
    unexpected: set[str] = set()
    for key in sorted(inventory.tensors, key=dot_natural_key):
        target = rename_checkpoint_key(key, head.base_model_prefix, expected)
        if target in expected:
            loaded.setdefault(target, tuple(inventory.tensors[key].shape))
        else:
            unexpected.add(target)
    unexpected.update(rename_checkpoint_key(key, head.base_model_prefix, expected) for key in inventory.non_tensors)
    missing = set(expected) - set(loaded)
    mismatched = {key: shape for key, shape in loaded.items() if shape != expected[key]}

    strict_error = STRICT_MISMATCH_ERROR if mismatched else None
    tied = head.tied_weights if resolved.get("tie_word_embeddings") else ()
    if not _tie_weights(tied, missing, set(mismatched), expected):
        return LoadReport(name, error=META_COMPARISON_ERROR, strict_error=strict_error or META_COMPARISON_ERROR)

    if missing or mismatched:
        refused = initializer_refusal(config, {key: expected[key] for key in missing | set(mismatched)}, family=head.family)
        if refused is not None:
            return _failed(name, *refused)
    ignored = _ignore_unexpected_pattern(head)
    if ignored is not None:
        unexpected = {key for key in unexpected if ignored.search(key) is None}
    if head.keys_to_ignore_on_load_missing:
        pattern = re.compile("|".join(f"({p})" for p in head.keys_to_ignore_on_load_missing))
        missing = {key for key in missing if pattern.search(key) is None}
    return LoadReport(
        name,
        missing=tuple(sorted(missing)),
        unexpected=tuple(sorted(unexpected)),
        mismatched=tuple(Mismatch(key, expected[key], mismatched[key]) for key in sorted(mismatched)),
        strict_error=strict_error,
        dtype=loaded_dtype(config, inventory),
    )


def _failed(name: str | None, error: str, cause: str | None = None) -> LoadReport:
    """transformers raises before loading anything, with or without ``ignore_mismatched_sizes``."""
    return LoadReport(name, error=error, strict_error=error, cause=cause or None)


def _tie_weights(
    pairs: tuple[tuple[str, str], ...], missing: set[str], mismatched: set[str], expected: Mapping[str, Shape]
) -> bool:
    """Replay ``PreTrainedModel.tie_weights(missing_keys=missing)``; False where transformers crashes.

    A tied target is never moved off the meta device unless it was loaded with the right shape, so
    a missing or mismatched target is "on meta"; a tie makes the target share its source's tensor.
    """
    targets = {target for target, _ in pairs}
    on_meta = {key: key in targets and (key in missing or key in mismatched) for pair in pairs for key in pair}
    for index, (target, source) in enumerate(pairs):
        remove_from_missing = True
        source_there = source not in missing
        target_there = target not in missing
        if source_there and target_there:
            if on_meta[source] and on_meta[target]:
                continue
            if (on_meta[source] or on_meta[target]) and expected[source] == expected[target]:
                return False
            continue  # equal or not, tying (or declining to) changes no key's status
        if not source_there and target_there:
            target, source = source, target
        elif not source_there and not target_there:
            for later_target, later_source in pairs[index + 1 :]:
                if later_source == source and later_target not in missing:
                    source = later_target
                    break
            else:
                remove_from_missing = False
        on_meta[target] = on_meta.get(source, False)
        if remove_from_missing:
            missing.discard(target)
    return True


def _ignore_unexpected_pattern(head: HeadClass) -> re.Pattern[str] | None:
    patterns = set(head.keys_to_ignore_on_load_unexpected)
    if any(buffer.endswith("position_ids") for buffer in head.non_persistent_buffers):
        patterns.add(POSITION_IDS_PATTERN)
    if not patterns:
        return None
    return re.compile("|".join(f"({pattern})" for pattern in sorted(patterns)))


__all__ = [
    "LoadReport",
    "Mismatch",
    "dot_natural_key",
    "predict_load_report",
    "rename_checkpoint_key",
    "report_folder",
    "report_for_config",
    "report_remote",
    "resolve_class_name",
]
