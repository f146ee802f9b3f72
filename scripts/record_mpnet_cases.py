"""Record what transformers does with the MPNet keys configlint's X rules talk about.

    /path/to/oracle-venv/bin/python scripts/record_mpnet_cases.py tests/fixtures/transformers/mpnet-cases.json

Run with the transformers 5.x oracle (torch installed); the suite reads the JSON it writes and
never imports torch. Each case builds MPNetModel from a tiny config with one change and runs one
forward pass on the input it names: "ok" or "raised ExceptionType: message", plus the padding
rows the embeddings were built with and a digest of the output, to compare cases with each other.
The build cases record what constructing MPNetModel raises (or its state dict) for sizes its
modules refuse, which the weight map predicts.
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
    "num_hidden_layers": 2,
    "vocab_size": 47,
    "max_position_embeddings": 22,
}
CASES: dict[str, tuple[dict[str, Any], list[int]]] = {
    # max_position_embeddings 22: positions count from 2 (padding_idx 1 + 1), so 20 tokens fit and 21 do not.
    "mpnet-positions-20-tokens": ({}, list(range(3, 23))),
    "mpnet-positions-21-tokens": ({}, list(range(3, 24))),
    # pad_token_id is not what the embeddings pad: baseline and pad 0 must agree.
    "mpnet-pad-baseline": ({}, [5, 6, 7, 1, 1]),
    "mpnet-pad-token-id-0": ({"pad_token_id": 0}, [5, 6, 7, 1, 1]),
    # relative_attention_num_buckets below the 32 the bias lookup uses: bucket 31 is reached at a distance of 128 or more.
    "mpnet-buckets-31": ({"relative_attention_num_buckets": 31}, [5, 6, 7, 8]),
    "mpnet-buckets-32": ({"relative_attention_num_buckets": 32}, [5, 6, 7, 8]),
    "mpnet-buckets-31-150-tokens": ({"relative_attention_num_buckets": 31, "max_position_embeddings": 200}, [5] * 150),
    "mpnet-buckets-32-150-tokens": ({"relative_attention_num_buckets": 32, "max_position_embeddings": 200}, [5] * 150),
}


BUILD_CASES: dict[str, dict[str, Any]] = {
    # What building MPNetModel raises for sizes its modules refuse (configlint.architectures.mpnet predicts each).
    "mpnet-build-zero-heads": {"num_attention_heads": 0},
    "mpnet-build-heads-do-not-divide": {"num_attention_heads": 3},
    "mpnet-build-heads-do-not-divide-with-embedding-size": {"num_attention_heads": 3, "embedding_size": 3},
    "mpnet-build-head-size-zero-with-embedding-size": {"hidden_size": 4, "num_attention_heads": 8, "embedding_size": 3},
    "mpnet-build-negative-positions": {"max_position_embeddings": -1},
    "mpnet-build-vocab-of-one": {"vocab_size": 1},
    "mpnet-build-negative-buckets": {"relative_attention_num_buckets": -1},
    "mpnet-build-no-layers": {"num_hidden_layers": 0},
    # pad_token_id is not the embeddings' padding_idx: out of the vocabulary, it builds.
    "mpnet-build-pad-token-id-out-of-vocab": {"pad_token_id": 99},
}


def _outcome(error: BaseException | None) -> str:
    return "ok" if error is None else f"raised {type(error).__name__}: {' '.join(str(error).split())[:200]}"


def main() -> None:
    import torch
    import transformers
    from transformers import MPNetConfig, MPNetModel

    results: dict[str, Any] = {}
    for name, (overrides, ids) in CASES.items():
        torch.manual_seed(0)
        model = MPNetModel(MPNetConfig(**{**TINY, **overrides})).eval()
        result: dict[str, Any] = {
            "overrides": overrides,
            "input_ids": ids,
            "word_padding_idx": model.embeddings.word_embeddings.padding_idx,
            "position_padding_idx": model.embeddings.position_embeddings.padding_idx,
        }
        try:
            with torch.no_grad():
                output = model(input_ids=torch.tensor([ids])).last_hidden_state
            result["forward"] = "ok"
            result["digest"] = hashlib.sha256(output.numpy().round(5).tobytes()).hexdigest()[:16]
        except Exception as error:  # the outcome is the recording
            result["forward"] = _outcome(error)
        results[name] = result
    builds: dict[str, Any] = {}
    for name, overrides in BUILD_CASES.items():
        config = {**TINY, **overrides}
        try:
            model = MPNetModel(MPNetConfig(**config))
            builds[name] = {
                "config": config,
                "build": "ok",
                "state_dict": {k: list(v.shape) for k, v in model.state_dict().items()},
            }
        except Exception as error:  # the outcome is the recording
            builds[name] = {"config": config, "build": f"{type(error).__name__}: {' '.join(str(error).split())[:200]}"}
    record = {
        "transformers": transformers.__version__,
        "builds": builds,
        "torch": torch.__version__.split("+")[0],
        "tiny": TINY,
        "cases": results,
    }
    Path(sys.argv[1]).write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
