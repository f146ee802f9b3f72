"""Config values that make ``from_pretrained`` raise, and the dtype the model loads in.

Every outcome here was recorded from transformers 5.23 with torch 2.13 by
``scripts/differential.py`` (``tests/fixtures/differential/``); ``tests/test_differential.py``
replays each recording, so a claim below that stops being true fails the suite. A refusal is
worded as ``"<ExceptionType>: <transformers' message> (caused by `<key>`)"``: the exception and
message are the ones transformers raises, the key is what configlint blames for it.

Order follows the load: the config class first (its strict type check, then ``dtype`` and the
label keys in ``__post_init__``), then building the model (dtype must be floating point, dropout
probabilities, activation names, weight initialisation).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # annotations only: a config-only check imports this module but reads no weights
    from configlint.checkpoint.inventory import TensorInventory
from configlint.family_model import HEAD_POOLER_DROPOUTS
from configlint.family_table import ACTIVATIONS, FAMILIES

# torch attribute names that are floating-point dtypes, by the name ``str(torch.dtype)`` gives.
FLOATING_DTYPES = {
    "float32": "float32",
    "float": "float32",
    "float16": "float16",
    "half": "float16",
    "bfloat16": "bfloat16",
    "float64": "float64",
    "double": "float64",
}
# torch attribute names that are dtypes but not floating point (the model cannot be built under them).
OTHER_DTYPES = frozenset(
    {
        "bool",
        "uint8",
        "int8",
        "int16",
        "short",
        "int32",
        "int",
        "int64",
        "long",
        "uint16",
        "uint32",
        "uint64",
        "complex32",
        "chalf",
        "complex64",
        "cfloat",
        "complex128",
        "cdouble",
        "qint8",
        "quint8",
        "qint32",
        "quint4x2",
    }
)
# torch's other names for a dtype, and the name its repr prints (recorded with torch 2.13).
TORCH_ALIASES = {
    "short": "int16",
    "int": "int32",
    "long": "int64",
    "chalf": "complex32",
    "cfloat": "complex64",
    "cdouble": "complex128",
}

# Floating point, but torch has no storage type for them: loading the weights raises a TypeError.
FLOAT8_DTYPES = frozenset({"float8_e4m3fn", "float8_e5m2"})
SAFETENSORS_FLOATING = {"F32": "float32", "F16": "float16", "BF16": "bfloat16", "F64": "float64"}

# Dropout probabilities each class builds an nn.Dropout from (nn.Dropout refuses p outside [0, 1]).
_HEAD_POOLER_CLASSES = tuple(sorted(name for entry in FAMILIES.values() for name in entry.head_pooler_classes))
"""The classes that build DeBERTa's ContextPooler (the family table's head_pooler_classes)."""

HEAD_DROPOUTS = {
    "classifier_dropout": (
        "BertForSequenceClassification",
        "BertForTokenClassification",
        "BertForMultipleChoice",
        "RobertaForSequenceClassification",
        "RobertaForTokenClassification",
        "XLMRobertaForSequenceClassification",
        "XLMRobertaForTokenClassification",
        "CamembertForSequenceClassification",
        "CamembertForTokenClassification",
        # ModernBERT's task heads build drop = nn.Dropout(classifier_dropout); its masked-LM class does not (families.json).
        "ModernBertForSequenceClassification",
        "ModernBertForTokenClassification",
        "ModernBertForQuestionAnswering",
        "ModernBertForMultipleChoice",
        "ElectraForSequenceClassification",  # ElectraClassificationHead's dropout
        "ElectraForTokenClassification",
    ),
    "classifier_dropout_prob": (
        "AlbertForPreTraining",
        "AlbertForSequenceClassification",
        "AlbertForTokenClassification",
        "AlbertForMultipleChoice",
    ),
    "qa_dropout": ("DistilBertForQuestionAnswering",),
    "seq_classif_dropout": ("DistilBertForSequenceClassification", "DistilBertForMultipleChoice"),
    # DeBERTa's ContextPooler, built before the classifier's nn.Dropout(cls_dropout) (families.json experiments).
    **dict.fromkeys(HEAD_POOLER_DROPOUTS, _HEAD_POOLER_CLASSES),
}


def refusal(family: str, class_name: str, config: Mapping[str, Any]) -> Refusal | None:
    """What ``CLASS.from_pretrained`` raises because of a config value, or None."""
    return config_load_refusal(family, config) or build_refusal(family, class_name, config)


Refusal = tuple[str, str]
"""``("<ExceptionType>: <transformers' message>", "<the config key or file configlint blames>")``."""


def _blame(error: str, key: str) -> Refusal:
    return error, key


def config_load_refusal(family: str, config: Mapping[str, Any]) -> Refusal | None:
    """What building the family's config class from config.json raises."""
    from configlint.architectures import BuildError, resolve_config
    from configlint.architectures.defaults import validate_config
    from configlint.schema.validation import field_specs, transformers_checked_fields, validate_fields

    try:
        validate_config(family, resolve_config(family, config))
    except BuildError as error:
        return blame_build_error(str(error), config)
    checked = transformers_checked_fields(family)
    for problem in validate_fields(family, config):
        if problem.field in checked:
            value = config[problem.field]
            return _blame(strict_message(problem.field, field_specs(family)[problem.field][0], value), problem.field)
    declared, key = declared_dtype(config)
    if isinstance(declared, str) and not (declared in FLOATING_DTYPES or declared in FLOAT8_DTYPES or declared in OTHER_DTYPES):
        return _blame(f"AttributeError: module 'torch' has no attribute {declared!r}", key)
    id2label = config.get("id2label")
    if isinstance(id2label, dict):
        for label_id in id2label:
            try:
                int(label_id)
            except ValueError as error:
                return _blame(f"ValueError: {error}", "id2label")
    count = config.get("num_labels")
    labels = {int(label_id) for label_id in id2label} if isinstance(id2label, dict) else None
    if isinstance(count, float) and labels is not None and len(labels) == count:
        return None  # recorded: the num_labels setter only rebuilds id2label (range(count)) when the lengths differ
    if "num_labels" in config and not isinstance(count, int):
        return _blame(f"TypeError: {type(count).__name__!r} object cannot be interpreted as an integer", "num_labels")
    return None


def strict_message(field: str, spec: tuple[Any, ...], value: Any) -> str:
    """huggingface_hub's ``@strict`` wording for a value its field's annotation refuses (as recorded)."""
    options = spec[1:] if spec[0] == "union" else (spec,)
    prefix = f"StrictDataclassFieldValidationError: Validation error for field {field!r}: TypeError: Field {field!r}"
    if all(option[0] == "const" for option in options):  # a Literal (ModernBERT's classifier_pooling; recorded wording)
        return f"{prefix} expected one of {tuple(option[1] for option in options)!r}, got {value}"
    types: list[str] = []
    shown: list[str] = []
    for option in options:
        names = _PYTHON_TYPES.get(option[0], (option[0],))
        types.extend(names)
        item = option[1] if option[0] == "list" and len(option) > 1 else None
        if item is not None and item[0] in _PYTHON_TYPES and len(_PYTHON_TYPES[item[0]]) == 1:
            shown.append(f"list[{_PYTHON_TYPES[item[0]][0]}]")  # a generic alias prints bare (recorded: list[int])
        else:
            shown.extend(f"<class '{name}'>" for name in names)
    if len(types) == 1:
        return f"{prefix} expected {types[0]}, got {type(value).__name__} (value: {value!r})"
    return f"{prefix} with value {value!r} doesn't match any type in ({', '.join(shown)})."


_PYTHON_TYPES = {
    "int": ("int",),
    "float": ("float",),
    "number": ("float", "int"),
    "str": ("str",),
    "bool": ("bool",),
    "null": ("NoneType",),
    "list": ("list",),
    "dict": ("dict",),
}


def build_refusal(family: str, class_name: str, config: Mapping[str, Any]) -> Refusal | None:
    """What constructing the model class raises for a config its config class accepted."""
    declared, key = declared_dtype(config)
    if isinstance(declared, str) and declared in OTHER_DTYPES:
        return _blame(
            f"ValueError: {class_name} cannot be instantiated under `dtype=torch.{TORCH_ALIASES.get(declared, declared)}` "
            "as it's not a floating-point dtype",
            key,
        )
    if isinstance(declared, list) and declared:
        return _blame("IndexError: list index out of range", key)
    if declared is not None and not isinstance(declared, (str, dict)):  # a dict is a per-module dtype map
        return _blame(f"AttributeError: {type(declared).__name__!r} object has no attribute 'is_floating_point'", key)
    if isinstance(declared, str) and declared in FLOAT8_DTYPES:
        storage = declared[0].upper() + declared[1:]
        return _blame(f"TypeError: couldn't find storage object {storage}Storage", key)
    entry = FAMILIES[family]
    act_field = entry.activation_field
    activation = config.get(act_field)
    if isinstance(activation, str) and activation not in ACTIVATIONS:
        return _blame(f"KeyError: {activation!r}", act_field)  # ACT2FN[name]'s KeyError (recorded with 5.23)
    heads = tuple(field for field, classes in HEAD_DROPOUTS.items() if class_name in classes)
    for field in entry.encoder_dropouts + heads:
        value = config.get(field)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and (value < 0 or value > 1):
            return _blame(f"ValueError: dropout probability has to be between 0 and 1, but got {value!r}", field)
    return None


# Fragments of the errors building a model raises (configlint.architectures) and the keys behind them.
BUILD_ERROR_KEYS = (
    ("Padding_idx", ("pad_token_id", "vocab_size", "max_position_embeddings")),
    ("cross attention", ("add_cross_attention", "is_decoder")),
    ("`layer_types`", ("num_hidden_layers", "layer_types")),  # ModernBERT's validate_layer_type
    ("attention heads", ("num_attention_heads", "hidden_size")),
    ("n_heads", ("n_heads", "dim")),
    ("division", ("num_attention_heads", "n_heads")),
    ("num_labels", ("num_labels", "id2label")),
    ("step sign", ("max_position_embeddings",)),
    ("modulo by zero", ("num_attention_heads", "n_heads", "global_attn_every_n_layers")),
    ("negative power", ("hidden_size", "num_attention_heads", "dim", "n_heads")),
)


def blame_build_error(error: str, config: Mapping[str, Any]) -> Refusal:
    """``error`` and the config keys that cause it: keys its message names, else integer keys whose value it quotes."""
    keys: list[str] = []
    for fragment, candidates in BUILD_ERROR_KEYS:
        if fragment in error:
            # A division by zero is caused by the divisor that is 0, not by every key that could divide.
            zero = fragment.endswith("by zero")
            keys.extend(key for key in candidates if key in config and key not in keys and (not zero or config[key] == 0))
    if not keys:
        numbers = set(re.findall(r"-?\d+", error))
        keys = [
            key
            for key, value in config.items()
            if isinstance(value, int) and not isinstance(value, bool) and str(value) in numbers
        ]
    return error, ", ".join(keys)


def declared_dtype(config: Mapping[str, Any]) -> tuple[Any, str]:
    """The config's dtype and the key it came from: ``dtype``, else a non-null ``torch_dtype``."""
    if config.get("dtype") is not None or config.get("torch_dtype") is None:
        return config.get("dtype"), "dtype"
    return config["torch_dtype"], "torch_dtype"


def loaded_dtype(config: Mapping[str, Any], inventory: TensorInventory) -> str:
    """The dtype of the loaded model under ``dtype="auto"``: the config's, else the first floating weight's."""
    declared, _ = declared_dtype(config)
    if isinstance(declared, dict):  # transformers takes the "" entry, else torch's default dtype
        entry = declared.get("")
        return FLOATING_DTYPES.get(entry, "float32") if isinstance(entry, str) else "float32"
    if isinstance(declared, str) and declared in FLOATING_DTYPES:
        return FLOATING_DTYPES[declared]
    for name in sorted(inventory.tensors):
        stored = SAFETENSORS_FLOATING.get(inventory.tensors[name].dtype)
        if stored is not None:
            return stored
    return "float32"


def state_dict_dtype_refusal(config: Mapping[str, Any], inventory: TensorInventory) -> Refusal | None:
    """``get_state_dict_dtype`` calls ``is_floating_point()`` on each value until a floating tensor.

    It runs when the config names no floating dtype; a non-tensor value a torch pickle holds before
    every floating tensor has no such method.
    """
    declared, _ = declared_dtype(config)
    if isinstance(declared, dict) or (isinstance(declared, str) and declared in FLOATING_DTYPES):
        return None
    if inventory.leading_non_tensor is None:
        return None
    name = inventory.files[0].name if inventory.files else "pytorch_model.bin"
    kind: str = inventory.leading_non_tensor
    error = NOT_TENSOR_CALLS.get(kind, f"AttributeError: {kind!r} object has no attribute 'is_floating_point'")
    return error, f"{name} (a value that is not a tensor)"


# What ``value.is_floating_point()`` raises for the non-tensor values that have such an attribute (torch 2.13).
NOT_TENSOR_CALLS = {
    "torch.dtype": "TypeError: 'bool' object is not callable",  # torch.dtype.is_floating_point is a property
    "tensor class": "TypeError: unbound method TensorBase.is_floating_point() needs an argument",
}


def initializer_refusal(
    config: Mapping[str, Any], initialised: Mapping[str, tuple[int, ...]], family_default: float = 0.02, family: str = ""
) -> Refusal | None:
    """What ``_init_weights`` raises for the weights it must initialise (``initialised``: key -> shape).

    Only ``nn.Linear`` and ``nn.Embedding`` weights get ``normal_(std=initializer_range)``, which refuses
    a negative std (a missing bias or LayerNorm is only zeroed or filled with ones). An embedding with a
    ``padding_idx`` then zeroes that row, which an empty embedding does not have.
    """
    normal = [key for key in initialised if _gets_normal_init(key)]
    value = config.get("initializer_range", family_default)
    if normal and isinstance(value, float) and not math.isnan(value) and value < 0:
        return _blame(f"RuntimeError: normal expects std >= 0.0, but found std {value!r}", "initializer_range")
    truncated = family in FAMILIES and "truncated-normal-init" in FAMILIES[family].traits
    if normal and truncated and value == 0:  # recorded: modernbert-load-init-range-zero-new-head
        return _blame("ZeroDivisionError: float division by zero", "initializer_range")
    pad = config.get("pad_token_id", 0)
    for key in normal:
        if key.endswith("word_embeddings.weight") and initialised[key][:1] == (0,) and pad == 0 and pad is not False:
            return _blame("IndexError: index 0 is out of bounds for dimension 0 with size 0", "vocab_size")
    return None


def _gets_normal_init(key: str) -> bool:
    module, _, parameter = key.rpartition(".")
    last = module.rpartition(".")[2].lower()
    return parameter == "weight" and "norm" not in last and last not in ("intermediate_act_fn", "transform_act_fn", "activation")


__all__ = [
    "blame_build_error",
    "build_refusal",
    "config_load_refusal",
    "declared_dtype",
    "initializer_refusal",
    "loaded_dtype",
    "refusal",
    "state_dict_dtype_refusal",
]
