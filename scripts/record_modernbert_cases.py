"""Record what transformers does with the ModernBERT keys configlint's Z rules and weight map talk about.

    $ORACLE5 scripts/record_modernbert_cases.py tests/fixtures/transformers/modernbert-cases.json

Run with the transformers 5.x oracle (torch installed); the suite reads the JSON it writes and
never imports torch. Each case makes ``ModernBertConfig`` from a tiny config with one change, builds
the class it names and runs one forward pass on four tokens: each step is "ok" or "raised
ExceptionType: message", and a digest of the output (logits, or the last hidden state) lets cases
be compared ("ignored" means the baseline's digest).
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

TINY = {
    "hidden_size": 8,
    "intermediate_size": 12,
    "num_attention_heads": 2,
    "num_hidden_layers": 3,
    "vocab_size": 49,
    "pad_token_id": 0,
    "bos_token_id": 1,
    "eos_token_id": 2,
    "cls_token_id": 1,
    "sep_token_id": 2,
    "local_attention": 4,
    "max_position_embeddings": 20,
}
INPUT_IDS = [1, 5, 6, 2]
SEQ = "ModernBertForSequenceClassification"
CASES: dict[str, tuple[str, dict[str, Any]]] = {
    "modernbert-baseline-seq": (SEQ, {}),
    # pooler_type is no ModernBertConfig field and no module reads it: the same logits as the baseline.
    "modernbert-pooler-type-mean": (SEQ, {"pooler_type": "mean"}),
    # classifier_pooling is what the sequence-classification head pools with.
    "modernbert-classifier-pooling-mean": (SEQ, {"classifier_pooling": "mean"}),
    # classifier_activation is looked up in ACT2FN when the prediction head is built; the base model builds none.
    "modernbert-classifier-activation-unknown-seq": (SEQ, {"classifier_activation": "gelux"}),
    "modernbert-classifier-activation-unknown-base": ("ModernBertModel", {"classifier_activation": "gelux"}),
    # layer_types must have num_hidden_layers entries.
    "modernbert-layer-types-short": ("ModernBertModel", {"layer_types": ["full_attention", "sliding_attention"]}),
    # Without layer_types, __post_init__ derives them with i % global_attn_every_n_layers.
    "modernbert-global-attn-every-zero": ("ModernBertModel", {"global_attn_every_n_layers": 0}),
}


def _outcome(error: BaseException | None) -> str:
    return "ok" if error is None else f"raised {type(error).__name__}: {' '.join(str(error).split())[:200]}"


def _run(class_name: str, overrides: dict[str, Any]) -> dict[str, Any]:
    import torch
    import transformers

    result: dict[str, Any] = {"class": class_name, "overrides": overrides}
    try:
        config = transformers.ModernBertConfig(**{**TINY, **overrides})
    except Exception as error:  # the outcome is the recording
        result["config"] = _outcome(error)
        return result
    result["config"] = "ok"
    torch.manual_seed(0)
    try:
        model = getattr(transformers, class_name)(config).eval()
    except Exception as error:  # the outcome is the recording
        result["build"] = _outcome(error)
        return result
    result["build"] = "ok"
    try:
        with torch.no_grad():
            output = model(input_ids=torch.tensor([INPUT_IDS]))
        tensor = output.logits if hasattr(output, "logits") else output.last_hidden_state
        result["forward"] = "ok"
        result["digest"] = hashlib.sha256(tensor.numpy().round(5).tobytes()).hexdigest()[:16]
    except Exception as error:  # the outcome is the recording
        result["forward"] = _outcome(error)
    return result


LOADS: dict[str, tuple[str, str, float]] = {
    # initializer_range at load: nothing to initialise (the saved class), or a fresh head (saved as the base model).
    "modernbert-load-init-range-zero-complete": (SEQ, SEQ, 0.0),
    "modernbert-load-init-range-zero-new-head": ("ModernBertModel", SEQ, 0.0),
    "modernbert-load-init-range-negative-new-head": ("ModernBertModel", SEQ, -0.02),
    "modernbert-load-init-range-default-new-head": ("ModernBertModel", SEQ, 0.02),
    # The usual fine-tuning route: a masked-LM checkpoint (it has head.*) loaded as a classifier,
    # so only classifier.* is new.
    "modernbert-load-init-range-zero-mlm-as-classifier": ("ModernBertForMaskedLM", SEQ, 0.0),
    "modernbert-load-init-range-negative-mlm-as-classifier": ("ModernBertForMaskedLM", SEQ, -0.02),
}


def _load(saved: str, loaded: str, initializer_range: float) -> dict[str, Any]:
    """``saved`` written with the default initializer_range, then ``loaded.from_pretrained`` with ``initializer_range``."""
    import tempfile

    import torch
    import transformers

    result: dict[str, Any] = {"saved": saved, "loaded": loaded, "initializer_range": initializer_range}
    with tempfile.TemporaryDirectory() as folder:
        torch.manual_seed(0)
        getattr(transformers, saved)(transformers.ModernBertConfig(**TINY)).save_pretrained(folder)
        config = Path(folder, "config.json")
        written = json.loads(config.read_text(encoding="utf-8"))
        config.write_text(json.dumps({**written, "initializer_range": initializer_range}), encoding="utf-8")
        try:
            getattr(transformers, loaded).from_pretrained(folder)
            result["load"] = "ok"
        except Exception as error:  # the outcome is the recording
            result["load"] = _outcome(error)
    return result


def main() -> None:
    import torch
    import transformers

    record = {
        "transformers": transformers.__version__,
        "torch": torch.__version__.split("+")[0],
        "tiny": TINY,
        "input_ids": INPUT_IDS,
        "cases": {name: _run(class_name, overrides) for name, (class_name, overrides) in CASES.items()},
        "loads": {name: _load(*load) for name, load in LOADS.items()},
    }
    Path(sys.argv[1]).write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
