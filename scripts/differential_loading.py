"""More case makers for ``scripts/differential.py``: what decides *which* files and loader path run.

Issue 16's kind 4 (loading options in config.json: ``attn_implementation``, ``quantization_config``
and other keys that change the loader path), and the weights-file parts of kind 6: the contents of a
``pytorch_model.bin`` (non-tensor values, a nested ``state_dict``, the globals torch's
``weights_only`` loader allows or refuses, in the zip or the legacy non-zip format, written without
torch by ``tests/_torch_bin_writer.py``), which weights file wins when several are present,
config.json's ``transformers_weights`` (also naming a file that exists outside the folder), and
``configuration_files`` (versioned ``config.X.Y.Z.json`` chosen by transformers' version).
Makers return the same ``{"class", "files", "culprit", "what"}`` as :mod:`differential_kinds`.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from differential_kinds import Case, base_case, saved_tensors

# ---------------------------------------------------------------------------------------------
# (4) loading options that live in config.json

ATTN_VALUES: list[Any] = [
    "eager",
    "sdpa",
    "flash_attention_2",
    "flash_attention_3",
    "flex_attention",
    "paged|sdpa",
    "paged|eager",
    "kernels-community/flash-attn",
    "foo",
    "",
    None,
    3,
    ["sdpa"],
    "EAGER",
]
QUANTIZATION_VALUES: list[Any] = [
    {"quant_method": "bitsandbytes", "load_in_8bit": True},
    {"quant_method": "bitsandbytes", "load_in_4bit": True},
    {"quant_method": "gptq", "bits": 4},
    {"quant_method": "awq", "bits": 4},
    {"quant_method": "fp8"},
    {"quant_method": "quanto", "weights": "int8"},
    {"quant_method": "torchao", "quant_type": "int8_weight_only"},
    {"quant_method": "hqq"},
    {"quant_method": "foo"},
    {"quant_method": ""},
    {"quant_method": None},
    {"bits": 4},
    {},
    "bitsandbytes",
    [],
    None,
    3,
    {"quant_method": 3},
    {"quant_method": "compressed-tensors"},
    {"quant_method": "bitnet"},
    {"quant_method": "eetq"},
    {"quant_method": "mxfp4"},
]
OTHER_OPTIONS: dict[str, list[Any]] = {
    "use_cache": [True, False, None, "yes"],
    "is_decoder": [True, False, None, 1],
    "add_cross_attention": [True, False, None],
    "tie_word_embeddings": [True, False, None, 0, "false"],
    "auto_map": [{"AutoModel": "modeling_x.XModel"}, {}, "x", None],
    "trust_remote_code": [True, False],
    "use_safetensors": [False, True, None],
    "torchscript": [True, False, "x"],
    "pruned_heads": [{}, {"0": [0]}, {"a": [0]}, [], None],
    "output_attentions": [True, False, "x"],
    "output_hidden_states": [True, False],
    "return_dict": [True, False, None],
    "chunk_size_feed_forward": [0, 1, 2, -1, "1"],
    "tie_encoder_decoder": [True, False],
    "key_mapping": [{"^bert": "encoder"}, None, "x"],
    "device_map": ["auto", "cpu", None],
    "low_cpu_mem_usage": [True, False],
    "_experts_implementation": ["eager", "foo"],
    "transformers_version": ["4.0.0", "5.23.0", "99.0.0", "x", None],
}


def loading_options(rng: random.Random) -> Case:
    name, config = base_case(rng)
    tensors = saved_tensors(name, config)
    chosen: list[str] = []
    for _ in range(rng.choice([1, 1, 2])):
        pick = rng.random()
        if pick < 0.35:
            key = rng.choice(["attn_implementation", "_attn_implementation"])
            config[key] = rng.choice(ATTN_VALUES)
        elif pick < 0.7:
            key = "quantization_config"
            config[key] = rng.choice(QUANTIZATION_VALUES)
        else:
            key = rng.choice(sorted(OTHER_OPTIONS))
            config[key] = rng.choice(OTHER_OPTIONS[key])
        if key not in chosen:
            chosen.append(key)
    what = "; ".join(f"{key} = {config[key]!r}" for key in chosen)
    return {
        "class": name,
        "files": {"config.json": {"json": config}, "model.safetensors": {"safetensors": tensors}},
        "culprit": chosen,
        "what": what,
    }


# ---------------------------------------------------------------------------------------------
# (6) what a pytorch_model.bin holds

NON_TENSORS: list[tuple[str, Any]] = [
    ("an int", 3),
    ("a string", "x"),
    ("None", None),
    ("a float", 0.5),
    ("a list", {"list": [1, 2]}),
    ("a tuple", {"tuple": [1]}),
    ("torch.device", {"call": "torch.device", "args": ["cpu"]}),
    ("builtins.set", {"call": "builtins.set", "args": [{"list": [1]}]}),
    ("__builtin__.set", {"call": "__builtin__.set", "args": [{"list": []}]}),
    ("collections.Counter", {"call": "collections.Counter", "args": []}),
    ("torch.float32", {"global": "torch.float32"}),
    ("_codecs.encode", {"call": "_codecs.encode", "args": ["ab", "latin1"]}),
    ("builtins.bytearray", {"call": "builtins.bytearray", "args": []}),
    ("a nested dict", {"dict": [["a", 1]]}),
    ("torch.Size", {"call": "torch.Size", "args": [{"tuple": [2, 3]}]}),
    ("torch.FloatTensor", {"global": "torch.FloatTensor"}),
    ("a dict of tensors", {"dict": [["w", {"tensor": ["F32", [2]]}]], "ordered": True}),
]
REFUSED_GLOBALS: list[tuple[str, Any]] = [
    ("builtins.getattr", {"call": "builtins.getattr", "args": []}),
    ("collections.defaultdict", {"call": "collections.defaultdict", "args": []}),
    ("builtins.dict", {"global": "builtins.dict"}),
    ("numpy.dtype", {"call": "numpy.dtype", "args": ["f4"]}),
    ("torch.nn.modules.linear.Linear", {"global": "torch.nn.modules.linear.Linear"}),
    ("builtins.slice", {"call": "builtins.slice", "args": [1]}),
    ("torch.nn.Module", {"global": "torch.nn.Module"}),
]


def _tensor_nodes(tensors: list[list[Any]], rng: random.Random, rebuild: str) -> list[list[Any]]:
    entries = []
    for key, dtype, shape in tensors:
        how = rebuild if rebuild != "mixed" else rng.choice(["v2", "v3", "parameter", "size"])
        entries.append([key, {"tensor": [dtype, shape], "rebuild": how}])
    return entries


def torch_pickles(rng: random.Random) -> Case:
    name, config = base_case(rng)
    tensors = saved_tensors(name, config)
    dtype = rng.choice(["F32", "F32", "F16", "BF16"])
    for tensor in tensors:
        tensor[1] = dtype if tensor[1] == "F32" else tensor[1]
    rebuild = rng.choice(["v2", "v2", "v3", "parameter", "size", "mixed"])
    entries = _tensor_nodes(tensors, rng, rebuild)
    parts = [f"tensors rebuilt by {rebuild}", f"stored {dtype}"]
    extra = rng.random()
    if extra < 0.35:
        label, value = rng.choice(NON_TENSORS)
        entries.insert(rng.randrange(len(entries) + 1), [rng.choice(["extra", "bert.extra", "step", "_metadata"]), value])
        parts.append(f"plus a value that is {label}")
    elif extra < 0.55:
        label, value = rng.choice(REFUSED_GLOBALS)
        entries.insert(rng.randrange(len(entries) + 1), ["extra", value])
        parts.append(f"plus {label}")
    tree: Any = {"dict": entries, "ordered": rng.random() < 0.8}
    wrap = rng.random()
    if wrap < 0.25:
        outer = rng.choice(["state_dict", "model", "module", "model_state_dict"])
        tree = {"dict": [[outer, tree]] + ([["epoch", 3]] if rng.random() < 0.5 else []), "ordered": False}
        parts.append(f"nested under {outer!r}")
    elif wrap < 0.32:
        tree = {"list": [entry[1] for entry in entries]}
        parts.append("a list, not a dict")
    elif wrap < 0.37:
        entries.append([3, {"tensor": ["F32", [1]]}])
        parts.append("an int key")
    weights: dict[str, Any] = {"torch_bin": tree}
    if rng.random() < 0.3:  # torch.save(..., _use_new_zipfile_serialization=False): no zip, raw storages after the pickles
        weights["legacy"] = True
        parts.append("legacy (non-zip) format")
    return {
        "class": name,
        "files": {"config.json": {"json": config}, "pytorch_model.bin": weights},
        "culprit": "pytorch_model.bin",
        "what": "; ".join(parts),
    }


# ---------------------------------------------------------------------------------------------
# (6) which weights file wins; transformers_weights

EXPLICIT_NAMES: list[Any] = [
    "model.safetensors",
    "other.safetensors",
    "weights/model.safetensors",
    "../outside.safetensors",
    "/tmp/abs.safetensors",
    "pytorch_model.bin",
    "adapter_model.bin",
    "model.safetensors.index.json",
    "missing.safetensors",
    "",
    "./other.safetensors",
    "weights/../other.safetensors",
    "other.bin",
    None,
    3,
    ["model.safetensors"],
    "..",
    "weights",
    "other.SAFETENSORS",
    "sub.safetensors.index.json",
    "weights/../../outside.safetensors",
    "./../outside.safetensors",
]
# Names that leave the folder, and the file each would reach beside it (written so that only the name can refuse).
OUTSIDE_FILES = {"../outside.safetensors", "weights/../../outside.safetensors", "./../outside.safetensors"}


def _variant(tensors: list[list[Any]], rng: random.Random) -> list[list[Any]]:
    """Tensors that differ from the saved ones, so the report shows which file was read."""
    kept = [list(t) for t in tensors if rng.random() < 0.85]
    if kept and rng.random() < 0.5:
        victim = rng.choice(kept)
        victim[2] = [dim + 1 for dim in victim[2]]
    return kept


def _shards(stem: str, ext: str, tensors: list[list[Any]], rng: random.Random, files: dict[str, Any]) -> None:
    count = rng.choice([1, 2])
    names = [f"{stem}-{i + 1:05d}-of-{count:05d}.{ext}" for i in range(count)]
    weight_map: dict[str, str] = {}
    parts: dict[str, list[list[Any]]] = {n: [] for n in names}
    for index, tensor in enumerate(tensors):
        parts[names[index % count]].append(tensor)
        weight_map[tensor[0]] = names[index % count]
    for shard, held in parts.items():
        files[shard] = _weights_spec(ext, held, legacy=ext == "bin" and rng.random() < 0.3)
    files[f"{stem}.{ext}.index.json"] = {"json": {"metadata": {}, "weight_map": weight_map}}


def _weights_spec(ext: str, tensors: list[list[Any]], legacy: bool = False) -> dict[str, Any]:
    if ext == "bin":
        tree = {"dict": [[k, {"tensor": [d, s]}] for k, d, s in tensors], "ordered": True}
        return {"torch_bin": tree, "legacy": True} if legacy else {"torch_bin": tree}
    return {"safetensors": tensors}


def weights_choice(rng: random.Random) -> Case:
    name, config = base_case(rng)
    tensors = saved_tensors(name, config)
    files: dict[str, Any] = {}
    present = [kind for kind in ("single-safetensors", "sharded-safetensors", "single-bin", "sharded-bin") if rng.random() < 0.45]
    for kind in present:
        held = _variant(tensors, rng)
        if kind == "single-safetensors":
            files["model.safetensors"] = {"safetensors": held}
        elif kind == "single-bin":
            files["pytorch_model.bin"] = _weights_spec("bin", held, legacy=rng.random() < 0.3)
        else:
            _shards(
                "model" if kind.endswith("safetensors") else "pytorch_model",
                "safetensors" if kind.endswith("safetensors") else "bin",
                held,
                rng,
                files,
            )
    parts = [f"present: {', '.join(present) or 'none'}"]
    culprit: Any = None
    if rng.random() < 0.5:
        explicit = rng.choice(EXPLICIT_NAMES)
        config["transformers_weights"] = explicit
        culprit = "transformers_weights" if explicit is not None else None
        parts.append(f"transformers_weights = {explicit!r}")
        if isinstance(explicit, str) and explicit in OUTSIDE_FILES and rng.random() < 0.7:
            files["../outside.safetensors"] = {"safetensors": _variant(tensors, rng)}
            parts.append("and a weights file exists outside the folder")
        elif isinstance(explicit, str) and rng.random() < 0.7 and not explicit.startswith(("/", "..")):
            target = explicit.removeprefix("./")
            if target.endswith(".index.json"):
                shard = "sub-00001-of-00001.safetensors"
                files[shard] = {"safetensors": _variant(tensors, rng)}
                files[target] = {"json": {"metadata": {}, "weight_map": {t[0]: shard for t in tensors}}}
            elif target and target not in ("..", "weights") and "/.." not in target:
                files[target] = _weights_spec("bin" if target.endswith(".bin") else "safetensors", _variant(tensors, rng))
            parts.append("and that file exists")
    return {"class": name, "files": {"config.json": {"json": config}, **files}, "culprit": culprit, "what": "; ".join(parts)}


# ---------------------------------------------------------------------------------------------
# (6) configuration_files: versioned config files

VERSIONS = ["4.0.0", "4.40.0", "5.0.0", "5.23.0", "5.23.1", "5.24.0", "6.0.0", "10.0.0", "3.0", "5.23.0.dev0", "x.y", "5.22.9"]


def config_files(rng: random.Random) -> Case:
    name, config = base_case(rng)
    versions = rng.sample(VERSIONS, rng.choice([1, 2, 3]))
    files: dict[str, Any] = {}
    sized = {}
    for version in versions:
        other = dict(config)
        layer_key = "n_layers" if "n_layers" in config else "num_hidden_layers"
        other[layer_key] = rng.choice([1, 2, 3])
        other["vocab_size"] = config["vocab_size"] + rng.choice([0, 1, 2])
        sized[version] = other
        if rng.random() < 0.85:
            files[f"config.{version}.json"] = {"json": other}
    listed: Any = [f"config.{v}.json" for v in versions]
    if rng.random() < 0.15:
        listed.append(rng.choice(["config.json", "other.json", "config.json.bak", 3, None]))
    if rng.random() < 0.1:
        listed = rng.choice([listed[0], None, {}, 3])
    config["configuration_files"] = listed
    saved_from = rng.choice([config, *sized.values()])
    tensors = saved_tensors(name, {k: v for k, v in saved_from.items() if k != "configuration_files"})
    files["config.json"] = {"json": config}
    files["model.safetensors"] = {"safetensors": tensors}
    return {
        "class": name,
        "files": files,
        "culprit": "configuration_files",
        "what": f"configuration_files = {listed!r}; files present: {sorted(files)}",
    }


LOADING_KINDS: dict[str, Callable[[random.Random], Case]] = {
    "loading_options": loading_options,
    "torch_pickles": torch_pickles,
    "weights_choice": weights_choice,
    "config_files": config_files,
}
