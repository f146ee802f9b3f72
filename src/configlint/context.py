"""Everything a rule may look at, computed once per file and shared by all rules.

Rules ask the context for *effective* values (the file's value, else the family default that
transformers would use), typed: ``ctx.int("hidden_size")`` is None when the file holds a value
of the wrong type, so rules never crash on configs the schema check already flagged.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TypeVar, overload

from configlint.document import ConfigDocument
from configlint.errors import InputError
from configlint.family_table import FAMILIES, Family
from configlint.schema import FamilyGuess
from configlint.schema.validation import FieldProblem, attribute_map, field_specs
from configlint.targets import DEFAULT_TARGETS, Targets

Text = str
"""``str`` for annotations inside :class:`LintContext`, whose ``str`` method shadows the builtin there."""

if TYPE_CHECKING:
    from configlint.checkpoint.inventory import TensorInventory
    from configlint.errors import CheckpointError
    from configlint.extend_schema import ExtendSchema
    from configlint.load_report import LoadReport
    from configlint.model_files import ModelFiles


_T = TypeVar("_T")


class cached_property(Generic[_T]):
    """``functools.cached_property`` without its lock: Python 3.11's takes an RLock on every first
    access, a few microseconds per context and property, and a context belongs to one thread (two
    threads racing would compute the same value twice, never a wrong one)."""

    def __init__(self, compute: Callable[[Any], _T]) -> None:
        self.compute = compute
        self.name = compute.__name__
        self.__doc__ = compute.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> cached_property[_T]: ...
    @overload
    def __get__(self, instance: object, owner: type | None = None) -> _T: ...
    def __get__(self, instance: object | None, owner: type | None = None) -> _T | cached_property[_T]:
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.compute(instance)
        return value


@functools.cache
def _lookup_tables(family: str) -> tuple[dict[str, tuple[str, ...]], dict[str, Any]]:
    """For :meth:`LintContext.value`, once per family: each attribute's aliases (in attribute_map
    order: the first one present wins) and each field's transformers default. Rules ask a few
    values of every config; scanning the attribute_map and the field table each time cost more."""
    aliases: dict[str, tuple[str, ...]] = {}
    for alias, target in attribute_map(family).items():
        aliases[target] = (*aliases.get(target, ()), alias)
    defaults = {name: entry[1] for name, entry in field_specs(family).items()}
    return aliases, defaults


class CheckpointRead(NamedTuple):
    """The weights beside a config: their inventory, or why they could not be read (both None: no weights)."""

    inventory: TensorInventory | None = None
    error: CheckpointError | None = None
    source: str = ""
    """The weights file (or index) it came from, for messages."""


class LintContext:
    """What a rule sees of one config. A plain class, not a dataclass: every check imports this module, and
    ``import dataclasses`` plus a dataclass's generated methods cost about as much as starting Python. It
    keeps a ``__dict__``: :class:`cached_property` stores its values there."""

    def __init__(
        self,
        document: ConfigDocument,
        family: FamilyGuess,
        field_problems: list[FieldProblem] | None = None,
        folder: Path | None = None,
        kind: str = "model",
        preset_checkpoint: CheckpointRead | None = None,
        extend_schema: ExtendSchema | None = None,
        model_files: ModelFiles | None = None,
        targets: Targets = DEFAULT_TARGETS,
    ) -> None:
        self.document = document
        self.family = family
        self.field_problems: list[FieldProblem] = [] if field_problems is None else field_problems
        self.folder = folder
        """The directory holding the config, when it came from a file (None for ``lint_mapping``)."""
        self.kind = kind
        """``model`` (a model config.json), ``st-pooling`` (a sentence-transformers Pooling config) or
        ``st-modules`` (a sentence-transformers modules.json): see :func:`configlint.engine.document_kind`."""
        self.preset_checkpoint = preset_checkpoint
        """The weights as already read elsewhere (a Hub repo's tensor headers); None: look in ``folder``."""
        self.extend_schema = extend_schema
        """The project's own JSON Schema (``extend-schema``), already loaded and checked; rule S101 applies it."""
        self.model_files = model_files
        """The model's files when they are not a folder on disk (a Hub repo); None: ``folder``'s, if any."""
        self.targets = targets
        """The library majors version-dependent findings speak for (the selection's; set by the engine)."""
        self.config: dict[str, Any] = document.mapping
        """The top-level object as transformers reads it (empty when the file is not an object)."""

    @property
    def family_name(self) -> str | None:
        return self.family.family

    @property
    def family_entry(self) -> Family | None:
        """The family table's entry of the detected family (None for a foreign or unknown one)."""
        return FAMILIES.get(self.family.family or "")

    def given(self, name: str) -> bool:
        return name in self.config

    def value(self, name: str) -> Any:
        """The value transformers would use: the file's, else the family default (None if unknown).

        DistilBERT's ``attribute_map`` makes ``hidden_size`` an alias that *overrides* ``dim``
        when both are present (the alias is applied after the field), and likewise for heads and layers.
        """
        config = self.config
        family = self.family.family
        if family is None:
            return config.get(name)
        aliases, defaults = _lookup_tables(family)
        for alias in aliases.get(name, ()):
            if alias in config:
                return config[alias]
        if name in config:
            return config[name]
        return defaults.get(name)

    def int(self, name: str) -> int | None:
        value = self.value(name)
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    def number(self, name: str) -> float | None:
        value = self.value(name)
        return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None

    def str(self, name: Text) -> Text | None:
        value = self.value(name)
        return value if isinstance(value, str) else None

    def bool(self, name: Text) -> bool | None:
        value = self.value(name)
        return value if isinstance(value, bool) else None

    @cached_property
    def architectures(self) -> list[Text]:
        value = self.config.get("architectures")
        return [name for name in value if isinstance(name, str)] if isinstance(value, list) else []

    @cached_property
    def checkpoint(self) -> CheckpointRead:
        """The tensor inventory of the weights transformers would load beside this config, read once.

        Only headers are read (see :mod:`configlint.checkpoint`); the import happens here so that
        linting a config with no weights beside it never loads the readers.
        """
        if self.preset_checkpoint is not None:
            return self.preset_checkpoint
        # transformers reads config.json; a legacy bert_config.json beside the weights is not theirs.
        if self.files is None or Path(self.document.path).name != "config.json":
            return CheckpointRead()
        from configlint.checkpoint import discovery

        return discovery.read_model_weights(self.files)

    @cached_property
    def files(self) -> ModelFiles | None:
        """What every read beside the config goes through (weights, siblings, module folders): see
        :mod:`configlint.model_files`. Made on first use, so a config alone opens nothing."""
        if self.model_files is not None:
            return self.model_files
        if self.folder is None:
            return None
        from configlint.model_files import open_folder

        return open_folder(self.folder)

    def checkpoint_if_read(self) -> CheckpointRead | None:
        """The weights if a rule has already read them, else None (nothing is read here).

        A fix loop lints the same file several times; it passes this on as the next context's
        checkpoint so the weights are read once, and not at all when no selected rule needs them.
        """
        read: CheckpointRead | None = self.__dict__.get("checkpoint")
        return read

    @cached_property
    def load_report(self) -> LoadReport | None:
        """What ``from_pretrained`` of the declared class would report on these weights (None: no weights read)."""
        inventory = self.checkpoint.inventory
        if self.folder is not None and self.preset_checkpoint is None and self.checkpoint.source:
            # The folder's own report, as `configlint load-report` gives it (versioned configs, transformers_weights).
            from configlint.errors import ConfiglintError
            from configlint.load_report import report_for_config

            def weights() -> TensorInventory | None:
                if self.checkpoint.error is not None:
                    raise self.checkpoint.error
                return inventory

            try:
                return report_for_config(Path(self.folder), self.config, default_weights=weights)
            except ConfiglintError:
                return None  # W001 reports the weights configlint could not read
        if inventory is None:
            return None
        from configlint.load_report import predict_load_report

        return predict_load_report(self.config, inventory)

    def sibling(self, relative: Text) -> ConfigDocument | None:
        """A JSON file beside the config (e.g. ``modules.json``), parsed with positions; None if absent or unparsable."""
        if relative not in self._siblings:
            self._siblings[relative] = self._load_sibling(relative)
        return self._siblings[relative]

    @cached_property
    def _siblings(self) -> dict[Text, ConfigDocument | None]:
        return {}

    def memo(self, key: Text, compute: Callable[[LintContext], _T]) -> _T:
        """What several rules derive from this file alike (its unread keys, its Pooling documents),
        computed by the first rule that asks and shared by the others; ``key`` names the derivation."""
        memos = self._memos
        if key in memos:
            known: _T = memos[key]
            return known
        value = memos[key] = compute(self)
        return value

    @cached_property
    def _memos(self) -> dict[Text, Any]:
        return {}

    @cached_property
    def sibling_errors(self) -> dict[Text, Text]:
        """Why a sibling that is there could not be read (refused: a link out of the folder, not a
        regular file, too large...), by the relative name :meth:`sibling` was asked for."""
        return {}

    def _load_sibling(self, relative: Text) -> ConfigDocument | None:
        files = self.files
        if files is None or not files.has(relative):
            return None
        if files.where(relative) == self.document.path:
            # The config itself (a Transformer module's path ""): parsed once, and as it is now (a fix pass's text).
            return self.document if self.document.data is not None else None
        from configlint.document import MAX_CONFIG_BYTES

        try:
            sibling = files.read_document(relative, MAX_CONFIG_BYTES)
        except InputError as error:
            self.sibling_errors[relative] = error.message
            return None
        # A JSON array (modules.json) is a fine sibling; only unparsable text is not.
        return sibling if sibling.data is not None else None
