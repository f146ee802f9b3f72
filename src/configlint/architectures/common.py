"""Building blocks shared by the four families' weight maps.

A weight map is a pure function from a resolved config (see :mod:`configlint.architectures.defaults`)
to ``{state-dict key: shape}``: exactly the keys of ``model.state_dict()`` in transformers 5.23,
which holds parameters and *persistent* buffers only. Every BERT-family buffer (``position_ids``,
``token_type_ids``) is registered ``persistent=False`` in 5.x, so none of them is a state-dict key;
they are listed separately because they decide which old checkpoint keys loading ignores.

Model construction can fail before any weight is read (an ``nn.Embedding`` whose ``padding_idx``
is out of range, attention heads that do not divide the hidden size...). The weight maps raise
:class:`BuildError` at the point transformers would, with the same exception type and message, so
the load report can say what transformers says.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

Shape = tuple[int, ...]
WeightMap = dict[str, Shape]
Config = Mapping[str, Any]


class BuildError(Exception):
    """transformers would raise while building the model; ``str()`` is ``"<ExceptionType>: <message>"``."""

    def __init__(self, exception_type: str, message: str) -> None:
        self.exception_type = exception_type
        self.message = message
        super().__init__(f"{exception_type}: {message}".rstrip())  # an empty message reads "Type:", as recorded


@dataclass(frozen=True, slots=True)
class HeadClass:
    """What configlint knows about one transformers model class (e.g. ``BertForMaskedLM``).

    ``tied_weights`` are ``_tied_weights_keys`` as ``(target, source)`` pairs in declaration order:
    the order matters because ``PreTrainedModel.tie_weights`` walks them in turn. They only apply
    when the config's ``tie_word_embeddings`` is true (``get_expanded_tied_weights_keys``).
    """

    name: str
    family: str
    base_model_prefix: str
    weights: Callable[[Config], WeightMap]
    tied_weights: tuple[tuple[str, str], ...] = ()
    keys_to_ignore_on_load_missing: frozenset[str] = frozenset()
    keys_to_ignore_on_load_unexpected: frozenset[str] = frozenset()
    non_persistent_buffers: tuple[str, ...] = ()


Tied = tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Family:
    """One family's weight-map constants, and a maker of its :class:`HeadClass` entries.

    ``base_class`` holds its modules at the root; every other class holds them under ``prefix``,
    so the base model's (non-persistent) ``buffers`` move there too. Build it with :meth:`of`,
    which takes the names from the family table.
    """

    name: str
    prefix: str
    base_class: str
    buffers: tuple[str, ...]

    @classmethod
    def of(cls, name: str, buffers: tuple[str, ...]) -> Family:
        from configlint.family_table import FAMILIES

        entry = FAMILIES[name]
        return cls(name, entry.base_model_prefix, entry.base_class, buffers)

    def head(self, name: str, weights: Callable[[Config], WeightMap], tied: Tied = ()) -> HeadClass:
        placed = self.buffers if name == self.base_class else tuple(f"{self.prefix}.{b}" for b in self.buffers)
        return HeadClass(
            name=name,
            family=self.name,
            base_model_prefix=self.prefix,
            weights=weights,
            tied_weights=tied,
            non_persistent_buffers=placed,
        )


def pooled_variants(
    base_model: Callable[..., WeightMap], prefix: str
) -> tuple[Callable[[Config], WeightMap], Callable[[Config], WeightMap], Callable[[Config], WeightMap]]:
    """``base_model(config, prefix="", *, pooler=True)`` as the three bodies head classes use.

    Returns (the base class itself at the root, under ``prefix`` with the pooler, under ``prefix``
    without it): ``add_pooling_layer=False`` is how a head class drops a pooler it does not use.
    """
    return (
        lambda config: base_model(config),
        lambda config: base_model(config, prefix),
        lambda config: base_model(config, prefix, pooler=False),
    )


def linear_head(
    base_model: Callable[[Config], WeightMap], name: str, width_key: str, labels: int | None = None
) -> Callable[[Config], WeightMap]:
    """A head that adds one ``nn.Linear(config[width_key], labels)`` named ``name`` to ``base_model``.

    ``labels`` None means ``config.num_labels`` (classification, token classification, QA heads);
    multiple-choice heads score each choice with a single output.
    """

    def weights_of(config: Config) -> WeightMap:
        weights = base_model(config)
        linear(weights, name, integer(config, width_key), num_labels(config) if labels is None else labels)
        return weights

    return weights_of


# ---------------------------------------------------------------------------------------------
# Tensor helpers: the shapes torch.nn gives each module's parameters.


def join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


def linear(weights: WeightMap, prefix: str, in_features: int, out_features: int, *, bias: bool = True) -> None:
    """``nn.Linear(in, out)``: ``weight`` is ``(out, in)``, ``bias`` is ``(out,)``."""
    weights[f"{prefix}.weight"] = _tensor((out_features, in_features))
    if bias:
        weights[f"{prefix}.bias"] = _tensor((out_features,))


def layer_norm(weights: WeightMap, prefix: str, size: int) -> None:
    """``nn.LayerNorm(size)``: ``weight`` and ``bias`` of ``(size,)``."""
    weights[f"{prefix}.weight"] = _tensor((size,))
    weights[f"{prefix}.bias"] = _tensor((size,))


def activation(weights: WeightMap, prefix: str, name: Any) -> None:
    """``ACT2FN[name]``: ``"prelu"`` is ``nn.PReLU()``, the one activation with a parameter (``weight`` of ``(1,)``)."""
    if name == "prelu":
        weights[f"{prefix}.weight"] = _tensor((1,))


def bias(weights: WeightMap, name: str, size: int) -> None:
    """A bare ``nn.Parameter(torch.zeros(size))`` (the LM heads' output bias)."""
    weights[name] = _tensor((size,))


def embedding(weights: WeightMap, prefix: str, count: int, size: int, *, padding_idx: Any = None) -> None:
    """``nn.Embedding(count, size, padding_idx)``, including torch's range assertion on ``padding_idx``."""
    if padding_idx is not None and (padding_idx > 0 and padding_idx >= count or padding_idx < 0 and padding_idx < -count):
        raise BuildError("AssertionError", "Padding_idx must be within num_embeddings")
    weights[f"{prefix}.weight"] = _tensor((count, size))


# ---------------------------------------------------------------------------------------------
# Config values


def integer(config: Config, name: str) -> int:
    """A config value that sizes a tensor (already type-checked by :func:`check_types`)."""
    value = config.get(name)
    if isinstance(value, bool) or not isinstance(value, int):
        raise BuildError("TypeError", f"config field {name!r} must be an integer, got {value!r}")
    return value


def check_types(config: Config, fields: tuple[str, ...], optional: tuple[str, ...] = ()) -> None:
    """The strict config class's own check: a declared ``int`` field holding anything else is refused.

    huggingface_hub's ``@strict`` dataclass validation raises this when transformers loads the
    config, before any model is built; ``optional`` fields may also be null.
    """
    for name in fields + optional:
        value = config.get(name)
        if value is None and name in optional:
            continue
        if isinstance(value, bool) or not isinstance(value, int):
            raise BuildError(
                "StrictDataclassFieldValidationError",
                f"Validation error for field {name!r}: TypeError: Field {name!r} expected int, "
                f"got {type(value).__name__} (value: {value!r})",
            )


def _tensor(shape: Shape) -> Shape:
    """``torch.empty(shape)``, which refuses a negative dimension."""
    for size in shape:
        if size < 0:
            raise BuildError("RuntimeError", f"Trying to create tensor with negative dimension {size}: {list(shape)}")
    return shape


def attention_size(hidden: int, heads: int, *, check: str | None, zero_division: str) -> int:
    """``all_head_size`` of a self-attention block: ``heads * (hidden // heads)``.

    ``check`` is the ``ValueError`` message of a block that refuses a hidden size the heads do not
    divide (BERT and RoBERTa do, unless the config has an ``embedding_size`` attribute; ALBERT's
    config always has one, so ALBERT never checks and silently builds a narrower attention).
    ``zero_division`` is what Python says when ``heads`` is 0 in the expression that block uses.
    """
    if heads == 0:
        raise BuildError("ZeroDivisionError", zero_division)
    if check is not None and hidden % heads != 0:
        raise BuildError("ValueError", check)
    if hidden // heads == 0:  # every family's attention computes ``attention_head_size**-0.5``
        raise BuildError("ZeroDivisionError", "0.0 cannot be raised to a negative power")
    return heads * (hidden // heads)


def num_labels(config: Config) -> int:
    """``PreTrainedConfig.num_labels``: a ``num_labels`` key wins, else the length of ``id2label`` (default 2).

    Recorded from transformers 5.23 (tests/fixtures/differential/labels.json): the config sets a
    ``num_labels`` key through its property setter after ``id2label``, which rebuilds ``id2label``
    as ``range(num_labels)`` whenever the lengths differ; ``id2label`` ids are ``int()``-ed first,
    so ids that collide (``"1"``, ``"01"``) count once.
    """
    count = config.get("num_labels")
    if isinstance(count, int):  # a bool too: range(True) is one label
        return max(int(count), 0)
    id2label = config.get("id2label")
    if isinstance(id2label, dict):
        return len({_int_or_key(key) for key in id2label})
    if id2label is not None:
        return len(id2label)
    return 2


def _int_or_key(key: Any) -> Any:
    try:
        return int(key)
    except (TypeError, ValueError):
        return key


# ---------------------------------------------------------------------------------------------
# Load-time key renamings (transformers.conversion_mapping, "legacy": applied to every model)


@dataclass(frozen=True, slots=True)
class Renaming:
    """One ``WeightRenaming``: compiled the way ``core_model_loading.WeightTransform.__init__`` does.

    Source patterns are regexes searched anywhere in the key (longest first); a pattern ending in a
    word character gets ``(?!\\w)`` so ``weight`` does not match ``weight_g``. The first occurrence
    of the matched text is replaced by the (single) target.
    """

    sources: tuple[str, ...]
    target: str

    def branches(self) -> list[tuple[int, str]]:
        """(index of the source, its regex), longest source first."""
        branches = []
        for index, source in sorted(enumerate(self.sources), key=lambda item: -len(item[1])):
            pattern = source.replace("*.", r".*\.")
            if re.search(r"[a-zA-Z0-9]$", pattern):
                pattern += r"(?!\w)"
            branches.append((index, pattern))
        return branches

    def compiled(self) -> re.Pattern[str]:
        return re.compile("|".join(f"(?P<g{index}>{pattern})" for index, pattern in self.branches()))

    def apply(self, key: str) -> str:
        match = _COMPILED[self].search(key) if self in _COMPILED else self.compiled().search(key)
        if match is None:
            return key
        return key.replace(match.group(0), self.target, 1)


# get_checkpoint_conversion_mapping("legacy") in transformers 5.23; no BERT-family model_type or class
# has a mapping of its own (tests/fixtures/load_report/classes.json records what each class gets).
LEGACY_RENAMINGS: tuple[Renaming, ...] = (
    Renaming(("LayerNorm.gamma",), "LayerNorm.weight"),
    Renaming(("LayerNorm.beta",), "LayerNorm.bias"),
    Renaming((".weight_g",), ".parametrizations.weight.original0"),
    Renaming((".weight_v",), ".parametrizations.weight.original1"),
    Renaming((r"^model\.language_model\.model", r"^language_model\.model\.model"), "model.language_model"),
)
_COMPILED: dict[Renaming, re.Pattern[str]] = {renaming: renaming.compiled() for renaming in LEGACY_RENAMINGS}
# Matches every key some legacy renaming would change: most keys need none, and one search says so.
_ANY_LEGACY_SOURCE = re.compile("|".join(f"(?:{pattern})" for renaming in LEGACY_RENAMINGS for _, pattern in renaming.branches()))


def apply_legacy_renamings(key: str) -> str:
    """The key after every legacy renaming in turn, as transformers applies them at load."""
    if _ANY_LEGACY_SOURCE.search(key) is None:
        return key
    for renaming in LEGACY_RENAMINGS:
        key = renaming.apply(key)
    return key


# PreTrainedModel._adjust_missing_and_unexpected_keys: once-persistent position_ids are never "unexpected".
POSITION_IDS_PATTERN = r"(^|\.)position_ids$"
