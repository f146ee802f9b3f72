"""W rules on real checkpoints made by transformers (tests/fixtures/load_report) and hostile weights.

Each fixture holds what transformers 5.24 reported loading it; when the fixture was loaded as the
class its config declares, the W findings must say the same thing: pooler keys missing ⇔ W002,
other keys missing ⇔ W003, shapes differ ⇔ W004, keys unused ⇔ W005.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from configlint.diagnostics import Severity
from configlint.engine import lint_file
from configlint.selection import Selection

FIXTURES = Path(__file__).parents[1] / "fixtures" / "load_report"
W_ONLY = Selection(select=("W",))


def _declared_cases() -> list[str]:
    cases = []
    for folder in sorted(FIXTURES.iterdir()):
        expected = folder / "expected.json"
        if not expected.is_file():
            continue
        config = json.loads((folder / "config.json").read_text())
        architectures = config.get("architectures") or []
        declared = (
            architectures[0]
            if architectures
            else {"bert": "BertModel", "roberta": "RobertaModel", "distilbert": "DistilBertModel", "albert": "AlbertModel"}.get(
                config.get("model_type")
            )
        )
        if json.loads(expected.read_text())["as"] == declared:
            cases.append(folder.name)
    return cases


DECLARED = _declared_cases()


def w_findings(folder: Path) -> dict[str, list]:
    found: dict[str, list] = {}
    for diagnostic in lint_file(folder / "config.json", selection=W_ONLY):
        found.setdefault(diagnostic.code, []).append(diagnostic)
    return found


def test_most_fixtures_are_loaded_as_declared() -> None:
    assert len(DECLARED) > 80


@pytest.mark.parametrize("case", DECLARED)
def test_findings_agree_with_what_transformers_reported(case: str) -> None:
    expected = json.loads((FIXTURES / case / "expected.json").read_text())
    found = w_findings(FIXTURES / case)
    error = expected["error"]
    pooler = [key for key in expected["missing"] if ".pooler." in f".{key}"]
    assert ("W002" in found) == bool(pooler and not error)
    assert ("W003" in found) == bool(set(expected["missing"]) - set(pooler) and not error)
    # The tie-weights meta-tensor comparison, not any NotImplementedError (ELECTRA's summary_type "attn" raises one).
    assert ("W004" in found) == bool(expected["mismatched"] or (error or "").startswith("NotImplementedError: aten::equal"))
    assert ("W005" in found) == bool(expected["unexpected"] and not error)
    assert "W001" not in found


CASES = [
    # (fixture, code, pointer, severity, words)
    ("bert-layers-plus-one", "W003", "/num_hidden_layers", Severity.ERROR, "layer(s) 2 that the checkpoint does not hold"),
    ("distilbert-layers-plus-one", "W003", "/n_layers", Severity.ERROR, "n_layers=3"),
    ("albert-hidden-groups", "W003", "/num_hidden_groups", Severity.ERROR, "layer group(s) 1"),
    ("bert-decoder-cross", "W003", "/architectures/0", Severity.WARNING, "bert.encoder.layer.*.crossattention.* (20)"),
    ("bert-layers-minus-one", "W005", "/num_hidden_layers", Severity.WARNING, "also holds layer(s) 1 (16 tensors)"),
    ("bert-bin-zip", "W005", "", Severity.INFO, "cls.predictions.* (7)"),
    ("bert-extra-tensors", "W005", "/architectures/0", Severity.WARNING, "extra_head.weight"),
    ("bert-pooler-dropped", "W002", "/architectures/0", Severity.WARNING, "pooler_output is noise"),
    ("bert-vocab-changed-mlm", "W004", "/vocab_size", Severity.ERROR, "from vocab_size=48; the checkpoint says 40"),
    ("bert-max-positions-changed", "W004", "/max_position_embeddings", Severity.ERROR, "max_position_embeddings=32"),
    ("bert-type-vocab-changed", "W004", "/type_vocab_size", Severity.ERROR, "type_vocab_size=1"),
    ("bert-num-labels-id2label", "W004", "/id2label", Severity.ERROR, "3 labels (id2label); the checkpoint has 2"),
    ("bert-num-labels-key", "W004", "/num_labels", Severity.ERROR, "5 labels (num_labels)"),
    ("albert-embedding-size-changed", "W004", "/embedding_size", Severity.ERROR, "embedding_size=4"),
    ("distilbert-hidden-dim-changed", "W004", "/hidden_dim", Severity.ERROR, "hidden_dim=16"),
    ("albert-heads-indivisible", "W004", "/num_attention_heads", Severity.ERROR, "= 6 attention features"),
    ("bert-untied-ckpt-tied-config-vocab", "W004", "/architectures/0", Severity.ERROR, "raises NotImplementedError"),
]


@pytest.mark.parametrize(("case", "code", "pointer", "severity", "words"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_finding_names_the_config_field(case: str, code: str, pointer: str, severity: Severity, words: str) -> None:
    findings = w_findings(FIXTURES / case).get(code, [])
    matching = [d for d in findings if d.pointer == pointer]
    assert matching, [(d.pointer, d.message) for d in findings]
    assert matching[0].severity is severity
    assert words in matching[0].message


def _copy(case: str, tmp_path: Path) -> Path:
    folder = tmp_path / case
    shutil.copytree(FIXTURES / case, folder)
    return folder


def _edit_config(folder: Path, **changes: object) -> None:
    config = json.loads((folder / "config.json").read_text())
    config.update(changes)
    (folder / "config.json").write_text(json.dumps(config, indent=2))


def test_use_pooler_promise_is_pointed_at(tmp_path: Path) -> None:
    folder = _copy("bert-pooler-dropped", tmp_path)
    _edit_config(folder, use_pooler=True)
    (finding,) = w_findings(folder)["W002"]
    assert finding.pointer == "/use_pooler"
    assert finding.message.startswith("use_pooler is true, but the checkpoint holds no pooler weights")


def test_random_pooler_is_harmless_under_a_sentence_transformers_pooling_module(tmp_path: Path) -> None:
    folder = _copy("bert-pooler-dropped", tmp_path)
    (folder / "modules.json").write_text(
        json.dumps(
            [
                {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
                {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
            ]
        )
    )
    (folder / "1_Pooling").mkdir()
    (folder / "1_Pooling" / "config.json").write_text('{"embedding_dimension": 8, "pooling_mode": "mean"}')
    (finding,) = w_findings(folder)["W002"]
    assert finding.severity is Severity.INFO
    assert "harmless here" in finding.message


@pytest.mark.parametrize(
    ("declared", "severity"), [("float32", Severity.WARNING), ("bfloat16", Severity.WARNING), ("float16", None)]
)
def test_config_dtype_against_stored_dtype(tmp_path: Path, declared: str, severity: Severity | None) -> None:
    folder = _copy("BertModel-clean", tmp_path)  # stored as F16
    config = json.loads((folder / "config.json").read_text())
    config.pop("torch_dtype", None)
    config["dtype"] = declared
    (folder / "config.json").write_text(json.dumps(config))
    findings = w_findings(folder).get("W006", [])
    if severity is None:
        assert findings == []
        return
    (finding,) = findings
    assert finding.pointer == "/dtype"
    assert f"dtype is {declared} but the weights are stored as F16" in finding.message
    # float32 over half-precision weights only costs memory.
    assert finding.severity is (Severity.INFO if declared == "float32" else severity)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 438000000\n", "Git LFS pointer"),
        (b'\x10\x00\x00\x00\x00\x00\x00\x00{"a":', "truncated"),
    ],
)
def test_unreadable_weights(tmp_path: Path, content: bytes, words: str) -> None:
    folder = _copy("BertModel-clean", tmp_path)
    (folder / "model.safetensors").write_bytes(content)
    (finding,) = w_findings(folder)["W001"]
    assert finding.severity is Severity.ERROR
    assert finding.message.startswith("model.safetensors ") and words in finding.message
    assert (finding.line, finding.column) == (1, 1)


def test_legacy_config_beside_weights_is_not_cross_checked(tmp_path: Path) -> None:
    folder = _copy("bert-vocab-changed-mlm", tmp_path)
    shutil.copy(folder / "config.json", folder / "bert_config.json")
    assert lint_file(folder / "bert_config.json", selection=W_ONLY) == []
    assert lint_file(folder / "config.json", selection=W_ONLY) != []


def test_no_weights_no_findings(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text('{"model_type": "bert", "vocab_size": 10}')
    assert lint_file(tmp_path / "config.json", selection=W_ONLY) == []
