"""Random case makers for ``scripts/differential.py``, one per kind of input issue 16 lists.

Each maker takes a ``random.Random`` and returns ``{"class", "files", "culprit", "what"}``: the model
class to load as, the folder's files (see ``tests/_differential_case.py``), the config key or file a
refusal must name, and one line saying what was varied. Starting points are valid tiny models whose
state dicts come from the real classes (so only the varied part can make transformers refuse), and
the candidate config fields come from the config classes' own dataclass annotations.
"""

from __future__ import annotations

import dataclasses
import json
import math
import random
from collections.abc import Callable
from functools import cache
from typing import Any

import torch
import transformers
from transformers.activations import ACT2FN

from generate_load_report_fixtures import CLASSES, FAMILY_OF

CONFIG_CLASSES = {
    "bert": transformers.BertConfig,
    "roberta": transformers.RobertaConfig,
    "distilbert": transformers.DistilBertConfig,
    "albert": transformers.AlbertConfig,
}
TORCH_TO_SAFETENSORS = {
    torch.float32: "F32",
    torch.float16: "F16",
    torch.bfloat16: "BF16",
    torch.float64: "F64",
    torch.int64: "I64",
    torch.int32: "I32",
    torch.uint8: "U8",
    torch.bool: "BOOL",
}
# Fields whose values the other kinds vary on purpose, or that only name the file's origin.
OWN_KINDS = {"dtype", "torch_dtype", "id2label", "label2id", "num_labels"}
# The four families the recordings cover; families added to the fixture generator join once they have a config class here.
ALL_CLASSES = [name for family, names in CLASSES.items() if family in CONFIG_CLASSES for name in names]
LABEL_CLASSES = [
    name for name in ALL_CLASSES if name.endswith(("SequenceClassification", "TokenClassification", "QuestionAnswering"))
] + ["AlbertForPreTraining"]

Case = dict[str, Any]


def tiny_config(rng: random.Random, family: str) -> dict[str, Any]:
    """A small valid config.json body for ``family`` (sizes only)."""
    hidden = rng.choice([8, 12, 16])
    heads = rng.choice([h for h in (1, 2, 4) if hidden % h == 0])
    sizes = {"vocab_size": rng.randint(18, 24), "max_position_embeddings": rng.randint(16, 24)}
    if family == "distilbert":
        sizes.update(dim=hidden, n_heads=heads, n_layers=rng.choice([1, 2]), hidden_dim=rng.choice([12, 16, 20]))
    else:
        sizes.update(
            hidden_size=hidden,
            num_attention_heads=heads,
            num_hidden_layers=rng.choice([1, 2]),
            intermediate_size=rng.choice([12, 16, 20]),
            type_vocab_size=rng.choice([1, 2]),
        )
    if family == "albert":
        sizes["embedding_size"] = rng.choice([4, 6, 8])
    return sizes


def base_case(rng: random.Random, classes: list[str] | None = None) -> tuple[str, dict[str, Any]]:
    """A random class and the config.json ``save_pretrained`` would write for a tiny model of it."""
    name = rng.choice(classes or ALL_CLASSES)
    family = FAMILY_OF[name]
    return name, {"model_type": family, "architectures": [name], **tiny_config(rng, family)}


@cache
def _saved(name: str, config_text: str) -> tuple[tuple[str, str, tuple[int, ...]], ...]:
    config = {k: v for k, v in json.loads(config_text).items() if k not in ("model_type", "architectures")}
    torch.manual_seed(0)
    model = getattr(transformers, name)(CONFIG_CLASSES[FAMILY_OF[name]](**config))
    tied = set(model.all_tied_weights_keys) if model.config.tie_word_embeddings else set()
    return tuple((key, TORCH_TO_SAFETENSORS[t.dtype], tuple(t.shape)) for key, t in model.state_dict().items() if key not in tied)


def saved_tensors(name: str, config: dict[str, Any]) -> list[list[Any]]:
    """``[name, dtype, shape]`` of what ``save_pretrained`` stores for ``name`` built from ``config``."""
    return [[key, dtype, list(shape)] for key, dtype, shape in _saved(name, json.dumps(config, sort_keys=True))]


def folder(config: Any, tensors: list[list[Any]], **more: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {"config.json": {"json": config}, "model.safetensors": {"safetensors": tensors}, **more}


def annotated_fields(family: str) -> dict[str, Any]:
    """Every dataclass field of the family's config class (its own and PreTrainedConfig's), with its annotation."""
    return {f.name: f.type for f in dataclasses.fields(CONFIG_CLASSES[family]) if not f.name.startswith("_")}


def _annotation_mentions(annotation: Any, word: str) -> bool:
    return word in str(annotation)


# ---------------------------------------------------------------------------------------------
# (1) types the strict config class refuses or accepts

TYPE_POOL: list[Any] = [
    "0.1",
    "8",
    "gelu",
    "",
    True,
    False,
    0,
    1,
    2,
    8,
    0.5,
    1.0,
    0.02,
    -1,
    None,
    [1],
    ["gelu"],
    {"a": 1},
    [],
    "true",
]


def config_types(rng: random.Random) -> Case:
    name, config = base_case(rng)
    fields = sorted(set(annotated_fields(FAMILY_OF[name])) - OWN_KINDS)
    field = rng.choice(fields)
    value = rng.choice(TYPE_POOL)
    tensors = saved_tensors(name, config)
    config[field] = value
    return {"class": name, "files": folder(config, tensors), "culprit": field, "what": f"{field} = {json.dumps(value)}"}


# ---------------------------------------------------------------------------------------------
# (2) values of the right type that fail when the model is built

ACTIVATIONS = [
    "gelu",
    "relu",
    "tanh",
    "swish",
    "silu",
    "gelu_new",
    "gelu_pytorch_tanh",
    "quick_gelu",
    "mish",
    "linear",
    "sigmoid",
    "gelu_fast",
    "relu6",
    "leaky_relu",
    "GELU",
    "Gelu",
    "foo",
    "",
    "gelu_10",
    "prelu",
    "elu",
    "softmax",
]
INT_VALUES = [-3, -2, -1, 0, 1, 2, 3, 5]
FLOAT_VALUES = [-1.0, -0.5, -0.1, -0.0, 0.0, 1e-12, 0.02, 0.1, 0.5, 0.99, 1.0, 1.01, 1.5, 2.0, math.inf]


def model_build(rng: random.Random) -> Case:
    name, config = base_case(rng)
    fields = annotated_fields(FAMILY_OF[name])
    kind = rng.choice(["float", "int", "str"])
    defaults = {f.name: f.default for f in dataclasses.fields(CONFIG_CLASSES[FAMILY_OF[name]])}
    candidates = sorted(
        f
        for f, a in fields.items()
        if f not in OWN_KINDS
        and _annotation_mentions(a, kind)
        and not (kind == "int" and _annotation_mentions(a, "bool"))
        and (kind != "str" or defaults.get(f) in ACT2FN)
    )
    field = rng.choice(candidates)
    value: Any = rng.choice({"float": FLOAT_VALUES, "int": INT_VALUES, "str": ACTIVATIONS}[kind])
    tensors = saved_tensors(name, config)
    config[field] = value
    if rng.random() < 0.3:  # some weights missing, so transformers must initialise them
        drop = rng.choice(tensors)
        tensors = [t for t in tensors if t is not drop]
    return {"class": name, "files": folder(config, tensors), "culprit": field, "what": f"{field} = {json.dumps(value)}"}


# ---------------------------------------------------------------------------------------------
# (3) dtype / torch_dtype

DTYPE_VALUES: list[Any] = [
    "float32",
    "float16",
    "bfloat16",
    "float64",
    "torch.float16",
    "torch.bfloat16",
    "auto",
    None,
    "float8",
    "float8_e4m3fn",
    "int8",
    "int64",
    "half",
    "float",
    "double",
    "complex64",
    "bool",
    "uint8",
    "Float16",
    "fp16",
    "",
    16,
    True,
    ["float16"],
    "cfloat",
    "long",
    "qint8",
    "float8_e5m2",
    {"": "float16"},
    1.5,
]


def dtype_values(rng: random.Random) -> Case:
    name, config = base_case(rng)
    tensors = saved_tensors(name, config)
    keys = rng.choice([["dtype"], ["torch_dtype"], ["dtype", "torch_dtype"], []])
    for key in keys:
        config[key] = rng.choice(DTYPE_VALUES)
    stored = rng.choice(["F32", "F16", "BF16", "mixed"])
    for index, tensor in enumerate(tensors):
        tensor[1] = rng.choice(["F32", "F16", "BF16"]) if stored == "mixed" else stored
        if index == 0 and stored == "mixed":
            tensor[1] = rng.choice(["F32", "F16", "BF16"])
    what = ", ".join(f"{k} = {json.dumps(config[k])}" for k in keys) or "no dtype key"
    return {
        "class": name,
        "files": folder(config, tensors),
        "culprit": keys[0] if keys else None,
        "what": f"{what}; weights {stored}",
    }


# ---------------------------------------------------------------------------------------------
# (5) labels

LABEL_KEYS = ["0", "1", "2", "3", "01", "-1", "a", "1.0", " 2", "true", "4", "10"]
# id2label maps random draws rarely reach: keys equal after int(), names that are not strings, one name twice.
AWKWARD_ID2LABEL: list[dict[str, Any]] = [
    {"0": "a", "00": "b"},
    {"1": "a", "01": "b", "0": "c"},
    {"0": "a", " 0": "b", "1": "c"},
    {"0": "a", "-0": "b"},
    {"0": "a", "+1": "b"},
    {"0": True, "1": False},
    {"0": "a", "1": 1},
    {"0": "a", "1": "a"},
    {"true": "a", "false": "b"},
    {"0": None, "1": "b"},
    {"0": ["a"], "1": "b"},
]


def labels(rng: random.Random) -> Case:
    name, config = base_case(rng, LABEL_CLASSES)
    saved_labels = rng.choice([1, 2, 3, 4])
    if name == "DistilBertForQuestionAnswering":
        saved_labels = 2  # the class refuses any other count
    saved = {**config, "id2label": {str(i): f"L{i}" for i in range(saved_labels)}}
    tensors = saved_tensors(name, saved)
    parts = []
    if rng.random() < 0.7:
        count = rng.randint(0, 5)
        keys = [str(i) for i in range(count)] if rng.random() < 0.5 else [rng.choice(LABEL_KEYS) for _ in range(count)]
        text_keys = dict.fromkeys(keys)
        config["id2label"] = {k: rng.choice([f"L{i}", "X"]) for i, k in enumerate(text_keys)}
        if rng.random() < 0.25:
            config["id2label"] = dict(rng.choice(AWKWARD_ID2LABEL))
        parts.append(f"id2label {config['id2label']}")
    if rng.random() < 0.5:
        config["num_labels"] = rng.choice([-1, 0, 1, 2, 3, 4, 5, "3", True, None, 2.0])
        parts.append(f"num_labels = {json.dumps(config['num_labels'])}")
    if rng.random() < 0.4:
        values = list(range(4))
        config["label2id"] = {rng.choice(["L0", "L1", "L2", "X"]): rng.choice(values + ["0"]) for _ in range(rng.randint(0, 4))}
        parts.append(f"label2id {config['label2id']}")
    if rng.random() < 0.15:
        config["problem_type"] = rng.choice(["single_label_classification", "regression", "multi_label_classification"])
        parts.append(f"problem_type {config['problem_type']}")
    culprit = [key for key in ("id2label", "num_labels", "problem_type") if key in config] or None
    return {
        "class": name,
        "files": folder(config, tensors),
        "culprit": culprit,
        "what": f"checkpoint has {saved_labels} labels; " + ("; ".join(parts) or "no label keys"),
    }


# ---------------------------------------------------------------------------------------------
# (6) weights files: sharded indexes and which file wins


def _index(weight_map: dict[str, str]) -> dict[str, Any]:
    return {"metadata": {"total_size": 0}, "weight_map": weight_map}


def weights_files(rng: random.Random) -> Case:
    name, config = base_case(rng)
    tensors = saved_tensors(name, config)
    count = rng.choice([2, 3])
    names = [f"model-{i + 1:05d}-of-{count:05d}.safetensors" for i in range(count)]
    shards: dict[str, list[list[Any]]] = {n: [] for n in names}
    for index, tensor in enumerate(tensors):
        shards[names[index % count]].append(tensor)
    weight_map = {t[0]: shard for shard, ts in shards.items() for t in ts}
    variant = rng.choice(
        [
            "sharded",
            "missing-shard",
            "tensor-in-two-shards",
            "unlisted-file",
            "extra-shard",
            "index-names-absent-tensor",
            "shard-holds-unlisted-tensor",
            "single-beside-index",
            "no-weights",
            "duplicate-weight-map-key",
            "metadata-format",
            "weight-map-not-object",
            "empty-weight-map",
            "index-and-stray-single",
        ]
    )
    files: dict[str, dict[str, Any]] = {"config.json": {"json": config}}
    culprit: str | None = "model.safetensors.index.json"
    index_text: str | None = None
    if variant == "missing-shard":
        gone = rng.choice(names)
        shards.pop(gone)
        culprit = gone
    elif variant == "tensor-in-two-shards":
        moved = rng.choice(shards[names[0]])
        shards[names[1]].append(moved)
    elif variant == "unlisted-file":
        victim = rng.choice(tensors)[0]
        weight_map[victim] = "other.safetensors"
        shards["other.safetensors"] = [t for t in tensors if t[0] == victim]
        culprit = "other.safetensors"
    elif variant == "extra-shard":
        shards["model-00009-of-00009.safetensors"] = [["extra.weight", "F32", [2, 2]]]
    elif variant == "index-names-absent-tensor":
        weight_map["bogus.layer.weight"] = names[0]
    elif variant == "shard-holds-unlisted-tensor":
        shards[names[0]].append(["stray.weight", "F32", [3]])
    elif variant == "single-beside-index":
        files["model.safetensors"] = {"safetensors": [t for t in tensors if rng.random() < 0.8]}
        culprit = "model.safetensors"
    elif variant == "index-and-stray-single":
        files["pytorch_model.safetensors"] = {"safetensors": tensors[:1]}
    elif variant == "no-weights":
        shards = {}
        culprit = None
    elif variant == "duplicate-weight-map-key":
        key = rng.choice(tensors)[0]
        body = json.dumps(weight_map)[1:-1]
        index_text = '{"metadata": {}, "weight_map": {' + f'"{key}": "{names[-1]}", ' + body + "}}"
    elif variant == "metadata-format":
        fmt = rng.choice(["tf", "flax", "mlx", "np", "", None])
        for shard in names:
            files[shard] = {"safetensors": shards[shard], "metadata": {} if fmt is None else {"format": fmt}}
        culprit = names[0]
    elif variant == "weight-map-not-object":
        index_text = json.dumps({"weight_map": rng.choice([[], "x", None, 3])})
    elif variant == "empty-weight-map":
        weight_map = {}
    if variant != "no-weights":
        for shard, ts in shards.items():
            files.setdefault(shard, {"safetensors": ts})
        files["model.safetensors.index.json"] = {"text": index_text} if index_text else {"json": _index(weight_map)}
    return {"class": name, "files": files, "culprit": culprit, "what": variant}


# ---------------------------------------------------------------------------------------------
# (7) checkpoint key renamings

RENAMINGS: list[tuple[str, Callable[[str, str], str]]] = [
    (
        "LayerNorm gamma/beta",
        lambda k, p: k.replace("LayerNorm.weight", "LayerNorm.gamma").replace("LayerNorm.bias", "LayerNorm.beta"),
    ),
    ("gamma/beta outside LayerNorm", lambda k, p: k.replace("dense.weight", "dense.gamma").replace("dense.bias", "dense.beta")),
    ("LayerNorm -> layer_norm", lambda k, p: k.replace("LayerNorm", "layer_norm")),
    ("LayerNorm -> layernorm", lambda k, p: k.replace("LayerNorm", "layernorm")),
    ("strip prefix", lambda k, p: k.removeprefix(p + ".")),
    ("add prefix", lambda k, p: k if k.startswith(p + ".") else f"{p}.{k}"),
    ("module. prefix", lambda k, p: f"module.{k}"),
    ("weight_g", lambda k, p: k.replace("dense.weight", "dense.weight_g")),
    ("weight_v", lambda k, p: k.replace("dense.weight", "dense.weight_v")),
    ("other family's prefix", lambda k, p: k.replace(p + ".", "bert." if p != "bert" else "roberta.", 1)),
    ("language_model prefix", lambda k, p: f"model.language_model.model.{k}"),
    ("gamma and weight both", lambda k, p: k),  # handled below: adds the gamma twin
    # The legacy patterns are regexes ending on a name boundary: "." matches any character, a longer
    # name does not match, and the *first* occurrence of the matched text is what gets replaced.
    ("regex dot matches any character", lambda k, p: k.replace("LayerNorm.weight", "LayerNorm_gamma")),
    ("gamma followed by more of a name", lambda k, p: k.replace("LayerNorm.weight", "LayerNorm.gamma_1")),
    ("matched text occurs twice", lambda k, p: k.replace("LayerNorm.weight", "LayerNorm.gamma_x.LayerNorm.gamma")),
    ("weight_g inside a longer name", lambda k, p: k.replace("dense.weight", "dense.weight_gate")),
    (
        "regex metacharacters in keys",
        lambda k, p: k.replace(".dense.", ".dense(*[?.").replace("LayerNorm.weight", "LayerNorm.gamma"),
    ),
    ("language_model prefix not at the start", lambda k, p: f"x.model.language_model.model.{k}"),
    ("language_model prefix, other form", lambda k, p: f"language_model.model.model.{k}"),
]


def key_renamings(rng: random.Random) -> Case:
    name, config = base_case(rng)
    tensors = saved_tensors(name, config)
    prefix = FAMILY_OF[name] if FAMILY_OF[name] != "distilbert" else "distilbert"
    label, rename = rng.choice(RENAMINGS)
    share = rng.choice([0.3, 1.0])
    out = []
    for key, dtype, shape in tensors:
        if rng.random() < share:
            if label == "gamma and weight both" and key.endswith("LayerNorm.weight"):
                out.append([key.replace("LayerNorm.weight", "LayerNorm.gamma"), dtype, [shape[0] + rng.choice([0, 1])]])
            key = rename(key, prefix)
        out.append([key, dtype, shape])
    unique = {t[0]: t for t in out}
    return {
        "class": name,
        "files": folder(config, list(unique.values())),
        "culprit": "model.safetensors",
        "what": f"{label} on {int(share * 100)}% of keys",
    }


KINDS: dict[str, Callable[[random.Random], Case]] = {
    "config_types": config_types,
    "model_build": model_build,
    "dtype": dtype_values,
    "labels": labels,
    "weights_files": weights_files,
    "key_renamings": key_renamings,
}
