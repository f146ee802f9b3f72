"""The JSON Schemas in schemas/ are generated, current, valid, and agree with the pydantic models."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from _support import REPO, corpus_files
from configlint.document import read_document
from configlint.schema import detect_family, validate_fields, validate_with_model
from configlint.schema.export import schema_files

SCHEMAS = REPO / "schemas"
GENERATED = schema_files()  # rendered once: each call renders every family's schema again


def _validator(family: str) -> jsonschema.protocols.Validator:
    schema = json.loads((SCHEMAS / f"{family}.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_checked_in_schema_is_current(name: str) -> None:
    assert (SCHEMAS / name).read_text(encoding="utf-8") == GENERATED[name], "run `configlint schema`"


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_schema_is_valid_draft_2020_12(name: str) -> None:
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


CRAFTED = [
    ("bert", {"hidden_size": 768}, True),
    ("bert", {"hidden_size": "768"}, False),
    ("bert", {"hidden_size": True}, False),
    ("bert", {"use_cache": 1}, False),
    ("bert", {"layer_norm_eps": 0}, False),
    ("bert", {"layer_norm_eps": 1e-12}, True),
    ("bert", {"hidden_dropout_prob": 0}, True),
    ("bert", {"id2label": {"0": "neg", "1": "pos"}}, True),
    ("bert", {"id2label": {"zero": "neg"}}, False),
    ("bert", {"architectures": "BertModel"}, False),
    ("bert", {"model_type": "roberta"}, False),
    ("bert", {"eos_token_id": [1, 2]}, True),
    ("bert", {"pooler_fc_size": 768, "some_custom_key": {"anything": [1]}}, True),
    ("distilbert", {"dim": 768, "n_heads": "12"}, False),
    ("distilbert", {"sinusoidal_pos_embds": 0}, False),
    ("albert", {"embedding_size": 128, "classifier_dropout_prob": 0.1}, True),
    ("roberta", {"pad_token_id": None}, True),
]


@pytest.mark.parametrize(("family", "config", "valid"), CRAFTED)
def test_schema_models_and_field_table_agree_on_crafted_configs(family: str, config: dict, valid: bool) -> None:
    model_valid = validate_with_model(family, config) is not None
    schema_valid = _validator(family).is_valid(config)
    table_valid = not validate_fields(family, config)
    assert (model_valid, schema_valid, table_valid) == (valid, valid, valid)


def test_schema_models_and_field_table_agree_on_every_real_config() -> None:
    files = corpus_files()
    if not files:
        pytest.skip("corpus not available")
    compared = 0
    for path in files:
        document = read_document(path)
        if not isinstance(document.data, dict) or document.is_fatal:
            continue
        family = detect_family(document.data).family
        if family is None:
            continue
        model_valid = validate_with_model(family, document.data) is not None
        assert _validator(family).is_valid(document.data) == model_valid, path.name
        assert (not validate_fields(family, document.data)) == model_valid, path.name
        compared += 1
    assert compared > 300


@pytest.mark.skipif(
    shutil.which("check-jsonschema") is None and not (Path(sys.executable).parent / "check-jsonschema").exists(),
    reason="check-jsonschema not installed",
)
@pytest.mark.parametrize(("config", "exit_code"), [({"hidden_size": 768, "model_type": "bert"}, 0), ({"hidden_size": "768"}, 1)])
def test_schema_works_with_check_jsonschema(tmp_path: Path, config: dict, exit_code: int) -> None:
    target = tmp_path / "config.json"
    target.write_text(json.dumps(config), encoding="utf-8")
    executable = shutil.which("check-jsonschema") or str(Path(sys.executable).parent / "check-jsonschema")
    result = subprocess.run(
        [executable, "--schemafile", str(SCHEMAS / "bert.schema.json"), str(target)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == exit_code, result.stdout + result.stderr
