"""config.json keys that pick the loader path: ``quantization_config``, ``attn_implementation``.

Each outcome below was recorded from transformers 5.23 with torch 2.13 by ``scripts/differential.py``
(kind ``loading_options``, ``tests/fixtures/differential/loading_options.json``) in an environment
holding only torch, safetensors and transformers' own dependencies. Where transformers needs another
package for a value (accelerate, optimum, flash-attn, kernels...), what it raised there is what a
user without that package sees; with the package installed, loading goes on along a path configlint
does not model, and the report's cause says so rather than promising a load.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

Refusal = tuple[str, str]

# quant_method -> (what from_pretrained raised without the package, the package it asked for).
QUANTIZERS: dict[str, tuple[str, str]] = {
    "bitsandbytes": (
        "ImportError: Using `bitsandbytes` {bits}-bit quantization requires accelerate: `pip install 'accelerate>=1.1.0'`",
        "accelerate",
    ),
    "gptq": ("ImportError: Loading a GPTQ quantized model requires optimum (`pip install optimum`)", "optimum"),
    "awq": ("ImportError: Loading an AWQ quantized model requires gptqmodel.", "gptqmodel"),
    "fp8": ("ImportError: Loading an FP8 quantized model requires accelerate (`pip install accelerate`)", "accelerate"),
    "quanto": (
        "ImportError: Loading an optimum-quanto quantized model requires optimum-quanto library (`pip install optimum-quanto`)",
        "optimum-quanto",
    ),
    "torchao": ("ModuleNotFoundError: No module named 'torchao'", "torchao"),
    "hqq": ("ImportError: A valid HQQ version (>=0.2.1) is not available.", "hqq"),
    "compressed-tensors": (
        "ImportError: compressed-tensors>=0.15.0 is required for compressed-tensors quantization.",
        "compressed-tensors",
    ),
    "bitnet": ("ImportError: Loading a BitNet quantized model requires accelerate (`pip install accelerate`)", "accelerate"),
    "eetq": ("ImportError: Loading an EETQ quantized model requires kernels (`pip install kernels`)", "kernels"),
    "mxfp4": ("ImportError: Using mxfp4 requires Accelerate: `pip install accelerate`", "accelerate"),
}
# Attention implementations that loaded with torch alone; flash attention needs its package.
PLAIN_ATTENTION = frozenset({"eager", "sdpa", "flex_attention", "paged|sdpa", "paged|eager", "paged|flex_attention"})
FLASH_ATTENTION = {"flash_attention_2": "FlashAttention2", "flash_attention_3": "FlashAttention3"}
ATTENTION_KEYS = ("_attn_implementation", "attn_implementation")


def _needs(package: str, key: str) -> str:
    return (
        f"{key} (this outcome is what transformers raised without {package} installed; "
        f"with {package}, loading takes a quantized or kernel path configlint does not predict)"
    )


def quantization_refusal(config: Mapping[str, Any]) -> Refusal | None:
    """What ``quantization_config`` makes ``from_pretrained`` raise, before the model is built."""
    value = config.get("quantization_config")
    if value is None:
        return None
    if not isinstance(value, dict):
        return f"AttributeError: {type(value).__name__!r} object has no attribute 'to_dict'", "quantization_config"
    method = value.get("quant_method")
    if method is None:
        return (
            "ValueError: The model's quantization config from the arguments has no `quant_method` attribute.",
            "quantization_config",
        )
    known = QUANTIZERS.get(method) if isinstance(method, str) else None
    if known is None:
        return None  # recorded: an unknown quant_method is ignored and the model loads unquantized
    message, package = known
    bits = 4 if value.get("load_in_4bit") is True else 8
    return message.format(bits=bits), _needs(package, "quantization_config")


def _attention_key(config: Mapping[str, Any]) -> str:
    """config.json's ``_attn_implementation``, even null, replaces what ``attn_implementation`` asked for."""
    return ATTENTION_KEYS[0] if ATTENTION_KEYS[0] in config else ATTENTION_KEYS[1]


def output_attentions_refusal(config: Mapping[str, Any]) -> Refusal | None:
    """``PreTrainedConfig.validate_output_attentions``, a class validator run when the config loads."""
    key = _attention_key(config)
    value = config.get(key)
    if config.get("output_attentions") and value not in ("eager", None):
        return (
            "StrictDataclassClassValidationError: Class validation error for validator 'validate_output_attentions': "
            "ValueError: The `output_attentions` attribute is not supported when using the `attn_implementation` "
            f"set to {value}.",
            f"output_attentions, {key}",
        )
    return None


def attention_refusal(config: Mapping[str, Any]) -> Refusal | None:
    """What the attention implementation config.json asks for makes the model's constructor raise."""
    key = _attention_key(config)
    value = config.get(key)
    if value is not None and not isinstance(value, str):
        return f"AttributeError: {type(value).__name__!r} object has no attribute 'startswith'", key
    if isinstance(value, str) and value not in PLAIN_ATTENTION:
        if value in FLASH_ATTENTION:
            name = FLASH_ATTENTION[value]
            return (
                f"ImportError: {name} has been toggled on, but it cannot be used due to the following error: "
                f"the package for {name} doesn't seem to be installed.",
                _needs("flash-attn", key),
            )
        if "/" in value:
            return ("ImportError: `kernels` is either not installed or uses an incompatible version.", _needs("kernels", key))
        return f'ValueError: Specified `attn_implementation="{value}"` is not supported.', key
    experts = config.get("_experts_implementation")
    if experts is not None and experts != "eager":
        return f'ValueError: Specified `experts_implementation="{experts}"` is not supported.', "_experts_implementation"
    return None


__all__ = ["attention_refusal", "output_attentions_refusal", "quantization_refusal"]
