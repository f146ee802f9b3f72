"""Every behavioural claim a rule makes agrees with what the libraries did when the case was recorded.

The recordings (tests/fixtures/claims/, written by scripts/record_claims.py in the oracle
environments) hold, per library version, what loading, building and running each case did. These
tests run configlint on the same configs, without torch, and check each finding against them: a
rule says "raises" only where the recording raised, "is ignored"/"identical" only where the
recorded model equals its baseline, and every case a rule's evidence or message names exists.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path

import pytest

import configlint
from configlint.rules import ALL_RULES
from configlint.selection import Selection

ROOT = Path(__file__).resolve().parents[2]
CLAIMS = ROOT / "tests" / "fixtures" / "claims"
EVERYTHING = Selection(select=("ALL",), extend_select=tuple(rule.code for rule in ALL_RULES if not rule.default))


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


CASES_MODULE = _load("claim_cases")
CASES = {case["id"]: case for case in CASES_MODULE.TRANSFORMERS_CASES}
T5, T4 = (json.loads((CLAIMS / f"transformers-{v}.json").read_text(encoding="utf-8"))["cases"] for v in ("5.23.0", "4.57.6"))
ST6, ST5 = (
    json.loads((CLAIMS / f"sentence-transformers-{v}.json").read_text(encoding="utf-8"))["cases"] for v in ("6.3.0", "5.7.0")
)


def findings(case_id: str, code: str) -> list:
    config = CASES_MODULE.config_of(CASES[case_id])
    if "class" in CASES[case_id]:
        config["architectures"] = [CASES[case_id]["class"]]  # as saved; architectures is not read when building
    return [d for d in configlint.lint_mapping(config, selection=EVERYTHING) if d.code == code]


def raised(outcome: str | None, error: str = "") -> bool:
    return bool(outcome) and outcome.startswith(f"raised {error}")


def same_model(record: dict, case: str, baseline: str) -> bool:
    a, b = record[case], record[baseline]
    return a.get("digest") == b.get("digest") and a.get("probes") == b.get("probes")


# (case, code, what the finding claims, the recorded fact that makes it true)
CLAIMED = [
    (
        "no-model-type-plain-folder",
        "F002",
        "raises ValueError",
        lambda: (
            raised(T5["no-model-type-plain-folder"]["config"], "ValueError")
            and raised(T5["no-model-type-bert-folder"]["config"], "ValueError")
        ),
    ),
    (
        "no-model-type-bert-folder",
        "F002",
        "4.57 AutoConfig loads it only when the folder's path names a model type",
        lambda: T4["no-model-type-bert-folder"]["config"] == "ok" and raised(T4["no-model-type-plain-folder"]["config"]),
    ),
    (
        "output-hidden-states-string",
        "S001",
        "5.23 (the target) builds the model with this string, then the forward pass raises TypeError",
        lambda: (
            T5["output-hidden-states-string"]["build"] == "ok"
            and raised(T5["output-hidden-states-string"]["forward"], "TypeError")
        ),
    ),
    ("hidden-size-string", "S001", "refuses to load", lambda: raised(T5["hidden-size-string"]["config"])),
    (
        "dtype-torch-float16",
        "D003",
        "raises AttributeError",
        lambda: (
            raised(T5["dtype-torch-float16"]["config"], "AttributeError")
            and raised(T4["dtype-torch-float16"]["config"], "AttributeError")
        ),
    ),
    ("dtype-fp16", "D003", "raises AttributeError", lambda: raised(T5["dtype-fp16"]["config"], "AttributeError")),
    ("dtype-auto", "D003", "raises AttributeError", lambda: raised(T5["dtype-auto"]["config"], "AttributeError")),
    (
        "torch-dtype-torch-float16",
        "D003",
        "raises AttributeError",
        lambda: raised(T5["torch-dtype-torch-float16"]["config"], "AttributeError"),
    ),
    (
        "initializer-range-negative",
        "V004",
        "raises RuntimeError",
        lambda: (
            raised(T5["initializer-range-negative"]["build"], "RuntimeError")
            and raised(T4["initializer-range-negative"]["build"], "RuntimeError")
        ),
    ),
    (
        "initializer-range-zero",
        "V004",
        "5.23 (the target) initialises new weights as with the default 0.02; 4.57 initialises new weights to zero",
        lambda: (
            T4["initializer-range-zero"]["probes"]["classifier_weight_absmax"] == 0
            and same_model(T5, "initializer-range-zero", "baseline-bert-BertForSequenceClassification")
        ),
    ),
    (
        "pad-token-id-99",
        "M003",
        "building the model raises",
        lambda: raised(T5["pad-token-id-99"]["build"]) and raised(T4["pad-token-id-99"]["build"]),
    ),
    ("pad-token-id-150", "M003", "building the model raises", lambda: raised(T5["pad-token-id-150"]["build"])),
    ("pad-token-id--100", "M003", "building the model raises", lambda: raised(T5["pad-token-id--100"]["build"])),
    (
        "pad-token-id--1",
        "M003",
        "torch takes it as row 98",
        lambda: T5["pad-token-id--1"]["probes"]["padding_idx"] == 98 and T4["pad-token-id--1"]["probes"]["padding_idx"] == 98,
    ),
    (
        "eos-token-id-out-of-vocab",
        "M003",
        "no token of the vocabulary",
        lambda: T5["eos-token-id-out-of-vocab"]["forward"] == "ok",
    ),
    (
        "roberta-pad-zero",
        "M004",
        "the outputs change",
        lambda: not same_model(T5, "roberta-pad-zero", "baseline-roberta-RobertaModel"),
    ),
    (
        "roberta-bos-101",
        "M004",
        "forward pass is unaffected",
        lambda: (
            same_model(T5, "roberta-bos-101", "baseline-roberta-RobertaModel")
            and same_model(T4, "roberta-bos-101", "baseline-roberta-RobertaModel")
        ),
    ),
    (
        "heads-do-not-divide-bert",
        "M001",
        "raises ValueError",
        lambda: raised(T5["heads-do-not-divide-bert"]["build"], "ValueError"),
    ),
    (
        "heads-do-not-divide-distilbert",
        "M001",
        "raises ValueError",
        lambda: raised(T5["heads-do-not-divide-distilbert"]["build"], "ValueError"),
    ),
    (
        "heads-do-not-divide-albert",
        "M001",
        "first forward pass",
        lambda: T5["heads-do-not-divide-albert"]["build"] == "ok" and raised(T5["heads-do-not-divide-albert"]["forward"]),
    ),
    (
        "num-labels-disagrees",
        "L001",
        "4.57 keeps id2label and builds 2 outputs",
        lambda: (
            T5["num-labels-disagrees"]["attributes"]["id2label"]["0"] == "LABEL_0"
            and T4["num-labels-disagrees"]["probes"]["classifier_out"] == 2
        ),
    ),
    (
        "single-label-one-label",
        "L005",
        "5.23 (the target) refuses to load",
        lambda: raised(T5["single-label-one-label"]["config"], "ValueError") and T4["single-label-one-label"]["build"] == "ok",
    ),
    (
        "problem-type-typo",
        "L004",
        "4.57 refuses to load the config",
        lambda: T5["problem-type-typo"]["forward"] == "ok" and raised(T4["problem-type-typo"]["config"]),
    ),
    (
        "private-num-labels",
        "L008",
        "not read",
        lambda: (
            T5["private-num-labels"]["probes"]["classifier_out"] == 2
            and T4["private-num-labels"]["probes"]["classifier_out"] == 2
        ),
    ),
    ("distilbert-qa-three-labels", "L006", "raises", lambda: raised(T5["distilbert-qa-three-labels"]["build"], "ValueError")),
    (
        "hidden-act-unknown",
        "P005",
        "raises KeyError",
        lambda: raised(T5["hidden-act-unknown"]["build"], "KeyError") and raised(T4["hidden-act-unknown"]["build"], "KeyError"),
    ),
    ("hidden-act-tanh", "P005", "the outputs change", lambda: not same_model(T5, "hidden-act-tanh", "baseline-bert-BertModel")),
    (
        "pooler-keys-bert",
        "P001",
        "ignored",
        lambda: (
            same_model(T5, "pooler-keys-bert", "baseline-bert-BertModel")
            and same_model(T4, "pooler-keys-bert", "baseline-bert-BertModel")
        ),
    ),
    ("pooler-type-mean", "P002", "ignored", lambda: same_model(T5, "pooler-type-mean", "baseline-bert-BertModel")),
    ("use-pooler-on-masked-lm", "P003", "builds no pooler", lambda: not T5["use-pooler-on-masked-lm"]["probes"]["has_pooler"]),
    (
        "classifier-dropout-distilbert",
        "P007",
        "ignores classifier_dropout",
        lambda: same_model(T5, "classifier-dropout-distilbert", "baseline-distilbert-DistilBertForSequenceClassification"),
    ),
    (
        "classifier-dropout-albert",
        "P007",
        "ignores classifier_dropout",
        lambda: (
            same_model(T5, "classifier-dropout-albert", "baseline-albert-AlbertForSequenceClassification")
            and same_model(T4, "classifier-dropout-albert", "baseline-albert-AlbertForSequenceClassification")
        ),
    ),
    (
        "relative-key-position",
        "D004",
        "5.23 (the target) ignores position_embedding_type",
        lambda: (
            same_model(T5, "relative-key-position", "baseline-bert-BertModel")
            and not same_model(T4, "relative-key-position", "baseline-bert-BertModel")
        ),
    ),
    (
        "pruned-heads",
        "D006",
        "4.57 prunes",
        lambda: T4["pruned-heads"]["probes"]["layer0_query_out"] == 24 and T5["pruned-heads"]["probes"]["layer0_query_out"] == 32,
    ),
    (
        "add-cross-attention-without-decoder",
        "M008",
        "raises ValueError",
        lambda: (
            raised(T5["add-cross-attention-without-decoder"]["build"], "ValueError")
            and T5["add-cross-attention-with-decoder"]["build"] == "ok"
        ),
    ),
    (
        "add-cross-attention-without-decoder-roberta",
        "M008",
        "raises ValueError",
        lambda: (
            raised(T5["add-cross-attention-without-decoder-roberta"]["build"], "ValueError")
            and raised(T4["add-cross-attention-without-decoder-roberta"]["build"], "ValueError")
        ),
    ),
    (
        "is-decoder-masked-lm",
        "M009",
        "outputs differ",
        lambda: (
            not same_model(T5, "is-decoder-masked-lm", "baseline-bert-BertForMaskedLM")
            and not same_model(T4, "is-decoder-masked-lm", "baseline-bert-BertForMaskedLM")
        ),
    ),
    (
        "auto-map-without-trust",
        "F005",
        "ignores it",
        lambda: (
            T5["auto-map-without-trust"]["config_class"] == "BertConfig"
            and T4["auto-map-without-trust"]["config_class"] == "BertConfig"
        ),
    ),
    (
        "unread-attention_dropout_prob",
        "S002",
        "did you mean attention_probs_dropout_prob",
        lambda: (
            same_model(T5, "unread-attention_dropout_prob", "baseline-bert-BertModel")
            and not same_model(T5, "attention-probs-dropout-set", "baseline-bert-BertModel")
        ),
    ),
    (
        "unread-use_relative_position",
        "D007",
        "is identical",
        lambda: same_model(T5, "unread-use_relative_position", "baseline-bert-BertModel"),
    ),
    (
        "unread-ln_type",
        "D007",
        "is identical",
        lambda: (
            same_model(T5, "unread-ln_type", "baseline-albert-AlbertModel")
            and same_model(T4, "unread-ln_type", "baseline-albert-AlbertModel")
        ),
    ),
    (
        "gradient-checkpointing-albert",
        "D007",
        "is identical",
        lambda: not T5["gradient-checkpointing-albert"]["probes"]["is_gradient_checkpointing"],
    ),
    ("unread-lr", "D005", "is identical", lambda: same_model(T5, "unread-lr", "baseline-bert-BertModel")),
]


@pytest.mark.parametrize(("case", "code", "words", "fact"), CLAIMED, ids=[f"{c[1]}-{c[0]}" for c in CLAIMED])
def test_finding_agrees_with_the_recording(case: str, code: str, words: str, fact) -> None:
    found = findings(case, code)
    assert found, f"{code} does not flag recorded case {case}"
    assert words in found[0].message, found[0].message
    assert fact(), f"the recording of {case} does not support {code}'s claim {words!r}"


# Recorded cases where the library accepted the config and behaved as without the key: no error may be claimed.
@pytest.mark.parametrize(
    ("case", "code"),
    [
        ("gradient-checkpointing-bert", "D007"),
        ("gradient-checkpointing-bert", "D005"),  # BERT reads it (recorded)
        ("gradient-checkpointing-roberta", "D007"),
        ("gradient-checkpointing-distilbert", "D007"),
        ("pad-token-id--99", "M003"),
        ("dtype-float16", "D003"),
        ("dtype-float", "D003"),
        ("add-cross-attention-with-decoder", "M008"),
        ("return-dict-string", "S001"),
        ("classifier-dropout-bert", "P007"),
        ("baseline-bert-BertModel", "D007"),
    ],
)
def test_no_error_where_the_recording_shows_none(case: str, code: str) -> None:
    from configlint.diagnostics import Severity

    assert T5[case].get("build", T5[case]["config"]) == "ok"
    assert all(d.severity is not Severity.ERROR for d in findings(case, code)), (
        f"{code} claims an error the recording of {case} does not show"
    )
    if code in {"D003", "D005", "D007", "M008", "P007"}:
        assert not findings(case, code)


def test_every_key_called_identical_was_recorded_identical() -> None:
    from configlint.rules.recorded_facts import UNREAD_KEYS

    for key, (family, case) in UNREAD_KEYS.items():
        cls = CASES[case]["class"]
        assert same_model(T5, case, f"baseline-{family}-{cls}") and same_model(T4, case, f"baseline-{family}-{cls}"), key


def test_architectures_are_checked_against_the_recorded_class_lists() -> None:
    names = set(json.loads((CLAIMS / "transformers-5.23.0.json").read_text())["exported_classes"])
    assert {"BertGenerationEncoder", "BertGenerationDecoder"} <= names
    for name in ("BertGenerationEncoder", "BertLMHeadModel", "TFBertForSequenceClassification"):
        assert not [d for d in configlint.lint_mapping({"model_type": "bert", "architectures": [name]}) if d.code == "F004"], name
    assert [
        d
        for d in configlint.lint_mapping({"model_type": "bert", "architectures": ["BertForSequenceClassifier"]})
        if d.code == "F004"
    ]


@pytest.mark.parametrize(
    ("case", "fact"),
    [
        ("st-no-idx", lambda r: r["load"] == "ok"),
        ("st-no-name", lambda r: raised(r["load"], "KeyError")),
        ("st-no-type", lambda r: raised(r["load"], "KeyError")),
        ("st-type-typo", lambda r: raised(r["load"], "ImportError")),
        ("st-dense-folder-missing", lambda r: raised(r["load"], "TypeError")),
        ("st-pooling-folder-missing", lambda r: raised(r["load"], "TypeError")),
        ("st-dimension-mismatch", lambda r: r["declared_dimension"] == 48 and r["embedding_length"] == 32),
        ("st-no-mode-true", lambda r: r["pooling_mode"] == "mean"),
        ("st-lasttoken", lambda r: r["load"] == "ok" and r["pooling_mode"] == "lasttoken"),
        ("st-unknown-key", lambda r: raised(r["load"], "TypeError")),
        ("st-mode-avg", lambda r: raised(r["load"], "ValueError")),
    ],
)
def test_sentence_transformers_claims_hold_in_both_majors(case: str, fact) -> None:
    assert fact(ST6[case]) and fact(ST5[case])


def test_st_modules_findings_follow_the_recordings(tmp_path: Path) -> None:
    from configlint.engine import lint_file

    st_cases = {case["id"]: case for case in CASES_MODULE.ST_CASES}
    expected = {
        "st-no-idx": False,
        "st-no-name": True,
        "st-no-type": True,
        "st-type-typo": True,
        "st-dense-folder-missing": True,
        "st-pooling-folder-missing": True,
        "st-baseline-mean": False,
    }
    for case_id, fires in expected.items():
        folder = tmp_path / case_id
        folder.mkdir()
        (folder / "config.json").write_text(json.dumps(CASES_MODULE.config_of({"family": "bert"})))
        for relative, content in st_cases[case_id]["files"].items():
            (folder / relative).parent.mkdir(parents=True, exist_ok=True)
            (folder / relative).write_text(json.dumps(content))
        t006 = [d for d in lint_file(folder / "config.json") if d.code == "T006"]
        assert bool(t006) == fires == raised(ST6[case_id]["load"]), (case_id, [d.message for d in t006])


def test_named_recordings_exist() -> None:
    known = set(T5) | set(ST6) | set(json.loads((CLAIMS / "sentence-transformers-6.3.0.json").read_text())["model_cards"])
    for rule in ALL_RULES:
        for name in re.findall(r"(?<![<\w])[a-z0-9]+(?:-[A-Za-z0-9_]+)+(?![\w>-])", rule.evidence):
            if name in known or not any(
                name.startswith(p) for p in ("st-", "unread-", "baseline-", "pad-", "dtype-", "no-model")
            ):
                continue
            raise AssertionError(f"{rule.code} names recording {name!r}, which no recording has")


def test_recorded_facts_module_is_generated_from_the_recordings() -> None:
    generator = _load("generate_recorded_facts")
    assert (ROOT / "src" / "configlint" / "rules" / "recorded_facts.py").read_text(encoding="utf-8") == generator.render()


def test_roberta_sizes_without_model_type_are_roberta() -> None:
    recorded = json.loads((ROOT / "tests" / "fixtures" / "transformers" / "config_classes.json").read_text())["families"][
        "roberta"
    ]["fields"]
    sizes = {
        "vocab_size": recorded["vocab_size"]["default"],
        "pad_token_id": recorded["pad_token_id"]["default"],
        "max_position_embeddings": 514,
        "hidden_size": 768,
    }
    assert sizes["vocab_size"] == 50265 and sizes["pad_token_id"] == 1
    [finding] = [d for d in configlint.lint_mapping(sizes) if d.code == "F002"]
    assert "look like 'roberta'" in finding.message
    assert T4["no-model-type-roberta-sizes"]["config_class"] == "RobertaConfig", (
        "4.x reads such a file (in a roberta-named folder) as RoBERTa"
    )
