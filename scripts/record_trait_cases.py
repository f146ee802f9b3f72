"""Record the facts behind two family traits for RoBERTa, XLM-RoBERTa, CamemBERT and MPNet, per transformers major.

    $ORACLE5 scripts/record_trait_cases.py tests/fixtures/transformers
    $ORACLE4 scripts/record_trait_cases.py tests/fixtures/transformers

writes ``trait-cases-<transformers version>.json``. ``padded-positions`` says position ids start
after pad_token_id: with 22 positions, the longest input that runs is recorded for pad_token_id 1
and 0 (RoBERTa's offset moves with the pad id; MPNet's does not). ``prunes-heads-4x`` says 4.x
prunes the heads ``pruned_heads`` names: the first layer's query width is recorded with one head
of two pruned. The suite reads the JSON and never imports torch.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

FAMILIES = {"roberta": "Roberta", "xlm-roberta": "XLMRoberta", "camembert": "Camembert", "mpnet": "MPNet"}
QUERY = {
    "roberta": "encoder.layer.0.attention.self.query.weight",
    "xlm-roberta": "encoder.layer.0.attention.self.query.weight",
    "camembert": "encoder.layer.0.attention.self.query.weight",
}
TINY = {"hidden_size": 8, "intermediate_size": 12, "num_attention_heads": 2, "num_hidden_layers": 2, "vocab_size": 47}
POSITIONS = 22


def _longest_input(model: Any, torch: Any) -> tuple[int, str | None]:
    """The longest run of non-pad tokens (id 5) the model accepts with POSITIONS position rows, and what one more raises."""
    for length in range(1, POSITIONS + 1):
        try:
            with torch.no_grad():
                model(input_ids=torch.full((1, length), 5))
        except (IndexError, RuntimeError) as error:  # 4.x: IndexError from the embedding; 5.x: RuntimeError from a gather
            return length - 1, type(error).__name__
    return POSITIONS, None


def main() -> None:
    import torch
    import transformers

    record: dict[str, Any] = {"transformers": transformers.__version__, "torch": torch.__version__.split("+")[0], "families": {}}
    for family, prefix in FAMILIES.items():
        config_class, model_class = getattr(transformers, f"{prefix}Config"), getattr(transformers, f"{prefix}Model")
        facts: dict[str, Any] = {}
        for pad in (1, 0):
            model = model_class(config_class(**TINY, max_position_embeddings=POSITIONS, pad_token_id=pad)).eval()
            facts[f"longest_input_pad_{pad}"], facts[f"one_more_raises_pad_{pad}"] = _longest_input(model, torch)
        pruned = model_class(config_class(**TINY, max_position_embeddings=POSITIONS, pruned_heads={0: [0]}))
        key = QUERY.get(family, "encoder.layer.0.attention.attn.q.weight")
        facts["query_rows_with_one_of_two_heads_pruned"] = list(pruned.state_dict()[key].shape)[0]
        record["families"][family] = facts
    out = Path(sys.argv[1]) / f"trait-cases-{transformers.__version__}.json"
    out.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
