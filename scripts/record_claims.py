"""Record what transformers (and sentence-transformers) really do with each case a rule talks about.

Every behavioural claim a configlint message makes ("raises when the model is built", "is
ignored", "falls back to mean") must be backed by a case recorded here, from the libraries
themselves. Run it once per oracle environment (transformers 5.x and 4.x, each with torch; the
sentence-transformers part runs where sentence-transformers is installed):

    python scripts/record_claims.py tests/fixtures/claims

It writes ``transformers-<version>.json`` (and ``sentence-transformers-<version>.json``): for
each case id, the outcome of loading the config, building the model and a forward pass
("ok" or "raised ExceptionType: message"), a few probes (attributes of the built model) and a
digest of the outputs, so that "ignored" can be checked as "same digest as the baseline case".
It also records every class name the library exports, which F004 checks architectures against.
``--model-cards`` (where sentence-transformers is installed) adds what the model card written on
save says about pooling, which T008 reads.
The cases themselves are in ``claim_cases.py`` beside this script; tests read both without torch.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import logging
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from claim_cases import FAMILY_CLASS_PREFIXES, FAMILY_CLASSES, ST_CASES, TRANSFORMERS_CASES, config_of


def _outcome(error: BaseException | None) -> str:
    if error is None:
        return "ok"
    text = " ".join(str(error).split())[:300]
    return f"raised {type(error).__name__}: {text}"


def _digest(value: Any) -> str:
    import torch

    hasher = hashlib.sha256()
    tensors = (
        [value]
        if isinstance(value, torch.Tensor)
        else [v for v in value.values() if isinstance(v, torch.Tensor)]
        if isinstance(value, dict)
        else []
    )
    for tensor in tensors:
        hasher.update(str(tuple(tensor.shape)).encode())
        hasher.update(torch.round(tensor.detach().float() * 1e4).to(torch.int64).numpy().tobytes())
    return hasher.hexdigest()[:16]


def _probes(model: Any) -> dict[str, Any]:
    """Facts about a built model that rules talk about."""
    import torch

    found: dict[str, Any] = {
        "dropout_p": sorted({round(m.p, 4) for m in model.modules() if isinstance(m, torch.nn.Dropout)}),
        "has_pooler": any(name.endswith("pooler") for name, _ in model.named_modules()),
        "is_gradient_checkpointing": bool(getattr(model, "is_gradient_checkpointing", False)),
        "parameters": sum(p.numel() for p in model.parameters()),
    }
    for name, module in model.named_modules():
        if isinstance(module, torch.nn.Linear) and name.endswith(("classifier", "classifier.out_proj")):
            found["classifier_out"] = module.out_features
            found["classifier_weight_absmax"] = round(float(module.weight.detach().abs().max()), 6)
        if isinstance(module, torch.nn.Embedding) and name.endswith("word_embeddings"):
            found["padding_idx"] = module.padding_idx
        if name.endswith("layer.0.attention.self.query") and isinstance(module, torch.nn.Linear):
            found["layer0_query_out"] = module.out_features
    return found


def record_transformers(out: Path) -> None:
    import torch
    import transformers

    logging.getLogger("transformers").setLevel(logging.ERROR)
    cases: dict[str, Any] = {}
    for case in TRANSFORMERS_CASES:
        result: dict[str, Any] = {}
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / case.get("folder", "model")
            folder.mkdir()
            raw = case.get("raw")
            (folder / "config.json").write_bytes(
                raw.encode("latin-1") if isinstance(raw, str) else json.dumps(config_of(case)).encode()
            )
            config = None
            try:
                with contextlib.redirect_stderr(io.StringIO()):
                    config = transformers.AutoConfig.from_pretrained(str(folder))
                result["config"] = "ok"
                result["config_class"] = type(config).__name__
                result["attributes"] = {key: _jsonable(getattr(config, key, "<absent>")) for key in case.get("read", ())}
            except Exception as error:
                result["config"] = _outcome(error)
            if config is not None and "class" in case:
                torch.manual_seed(0)
                try:
                    model = getattr(transformers, case["class"])(config).eval()
                    result["build"] = "ok"
                    result["probes"] = _probes(model)
                except Exception as error:
                    result["build"] = _outcome(error)
                    model = None
                if model is not None:
                    ids = torch.tensor([[5, 7, 9, 11, 3, 0]])
                    try:
                        with torch.no_grad():
                            output = model(input_ids=ids)
                        result["forward"] = "ok"
                        result["digest"] = _digest(dict(output))
                    except Exception as error:
                        result["forward"] = _outcome(error)
        cases[case["id"]] = result
    exported = sorted(name for name in dir(transformers) if name[:1].isupper())
    record = {
        "library": "transformers",
        "version": transformers.__version__,
        "torch": torch.__version__.split("+")[0],
        "cases": cases,
        "family_attributes": {family: sorted(vars(getattr(transformers, cls)())) for family, cls in FAMILY_CLASSES.items()},
        "exported_classes": [
            name
            for name in exported
            if name.startswith(tuple(f"{library}{prefix}" for library in ("", "TF", "Flax") for prefix in FAMILY_CLASS_PREFIXES))
        ],
    }
    _write(out / f"transformers-{transformers.__version__}.json", record)


def record_sentence_transformers(out: Path) -> None:
    import sentence_transformers
    import torch
    import transformers

    logging.getLogger("sentence_transformers").setLevel(logging.ERROR)
    cases: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "base"
        torch.manual_seed(0)
        config = transformers.BertConfig(**{k: v for k, v in config_of({"family": "bert"}).items() if k != "model_type"})
        transformers.BertModel(config).save_pretrained(base)
        vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *[f"w{i}" for i in range(94)]]
        (base / "vocab.txt").write_text("\n".join(vocab) + "\n")
        transformers.BertTokenizerFast(vocab_file=str(base / "vocab.txt")).save_pretrained(base)
        for case in ST_CASES:
            folder = Path(tmp) / case["id"]
            folder.mkdir()
            for item in base.iterdir():
                (folder / item.name).write_bytes(item.read_bytes())
            for relative, content in case["files"].items():
                (folder / relative).parent.mkdir(parents=True, exist_ok=True)
                (folder / relative).write_text(json.dumps(content))
            result: dict[str, Any] = {}
            try:
                with contextlib.redirect_stderr(io.StringIO()):
                    model = sentence_transformers.SentenceTransformer(str(folder), device="cpu")
                result["load"] = "ok"
                result["modules"] = [type(module).__name__ for module in model]
                declared = getattr(model, "get_embedding_dimension", model.get_sentence_embedding_dimension)()
                result["declared_dimension"] = declared
                try:
                    embedding = model.encode(["w1 w2 w3"], convert_to_numpy=True)
                    result["encode"] = "ok"
                    result["embedding_length"] = int(embedding.shape[-1])
                except Exception as error:
                    result["encode"] = _outcome(error)
                pooling = next((module for module in model if type(module).__name__ == "Pooling"), None)
                if pooling is not None:
                    result["pooling_mode"] = _jsonable(getattr(pooling, "pooling_mode", None) or pooling.get_pooling_mode_str())
            except Exception as error:
                result["load"] = _outcome(error)
            cases[case["id"]] = result
    module_types = sorted(name for name in dir(sentence_transformers.models) if name[:1].isupper())
    record = {
        "library": "sentence-transformers",
        "version": sentence_transformers.__version__,
        "transformers": transformers.__version__,
        "cases": cases,
        "module_types": module_types,
    }
    _write(out / f"sentence-transformers-{sentence_transformers.__version__}.json", record)


def _architecture_block(readme: str) -> str:
    """The code block under "Full Model Architecture" of a model card (the model's repr), or ""."""
    start = readme.find("Full Model Architecture")
    fence = readme.find("```", start) if start >= 0 else -1
    end = readme.find("```", fence + 3) if fence >= 0 else -1
    return readme[fence + 3 : end].strip() if end > fence >= 0 else ""


def record_model_cards(out: Path) -> None:
    """What the model card sentence-transformers writes on save says about pooling (README.md's
    "Full Model Architecture"), for a CLS and a mean Pooling model; added to the existing recording."""
    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import sentence_transformers
    import sentence_transformers.models
    import torch
    import transformers

    logging.getLogger("sentence_transformers").setLevel(logging.ERROR)
    path = out / f"sentence-transformers-{sentence_transformers.__version__}.json"
    record = json.loads(path.read_text(encoding="utf-8"))
    cards: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        torch.manual_seed(0)
        config = transformers.BertConfig(**{k: v for k, v in config_of({"family": "bert"}).items() if k != "model_type"})
        for mode in ("cls_token", "mean_tokens"):
            base = Path(tmp) / f"base-{mode}"
            transformers.BertModel(config).save_pretrained(base)
            vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *[f"w{i}" for i in range(94)]]
            (base / "vocab.txt").write_text("\n".join(vocab) + "\n")
            transformers.BertTokenizerFast(vocab_file=str(base / "vocab.txt")).save_pretrained(base)
            transformer = sentence_transformers.models.Transformer(str(base))
            pooling = sentence_transformers.models.Pooling(
                32, **{f"pooling_mode_{mode}": True, **({} if mode == "mean_tokens" else {"pooling_mode_mean_tokens": False})}
            )
            model = sentence_transformers.SentenceTransformer(modules=[transformer, pooling], device="cpu")
            saved = Path(tmp) / f"saved-{mode}"
            with contextlib.redirect_stderr(io.StringIO()):
                model.save(str(saved))
            readme = (saved / "README.md").read_text(encoding="utf-8") if (saved / "README.md").exists() else ""
            cards[f"st-card-{mode.split('_')[0]}"] = {
                "readme_written": bool(readme),
                "architecture": _architecture_block(readme),
                "pooling_config": json.loads((saved / "1_Pooling" / "config.json").read_text(encoding="utf-8")),
            }
    record["model_cards"] = cards
    _write(path, record)


def _jsonable(value: Any) -> Any:
    try:
        json.dumps(value)
        return value
    except TypeError:
        return repr(value)


def _write(path: Path, record: dict[str, Any]) -> None:
    path.write_text(json.dumps(record, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {path}")


def main() -> None:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    if "--model-cards" in sys.argv[2:]:  # only the model-card part, added to the existing recording
        record_model_cards(out)
        return
    record_transformers(out)
    try:
        import sentence_transformers  # noqa: F401
    except ImportError:
        return
    record_sentence_transformers(out)


if __name__ == "__main__":
    main()
