"""S101 / extend-schema: a project's own JSON Schema, applied by the installed CLI to real files."""

from __future__ import annotations

import json
from pathlib import Path

from _installed_cli import BERT, configlint, write

SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["dtype"],
    "not": {"required": ["auto_map"]},
    "properties": {"architectures": {"maxItems": 1}},
}


def _project(tmp_path: Path, schema: object, config: dict) -> None:
    write(tmp_path / "schemas" / "org.json", schema)
    write(tmp_path / "pyproject.toml", '[tool.configlint]\nextend-schema = "schemas/org.json"\n')
    write(tmp_path / "m" / "config.json", config)


def test_each_violation_is_a_positioned_finding(tmp_path: Path) -> None:
    _project(tmp_path, SCHEMA, {**BERT, "architectures": ["BertModel", "BertForMaskedLM"], "auto_map": {"AutoModel": "x.Y"}})
    result = configlint("check", "--output-format", "json", "m", cwd=tmp_path)
    found = [(f["code"], f["pointer"], f["line"]) for f in json.loads(result.stdout) if f["code"] == "S101"]
    assert result.returncode == 1
    assert sorted(found) == [("S101", "", 1), ("S101", "", 1), ("S101", "/architectures", 3)]
    assert all(len(f["message"]) <= 320 for f in json.loads(result.stdout))


def test_a_config_that_meets_the_schema_has_no_finding(tmp_path: Path) -> None:
    _project(tmp_path, SCHEMA, {**BERT, "dtype": "float32"})
    result = configlint("check", "--output-format", "json", "m", cwd=tmp_path)
    assert "S101" not in {f["code"] for f in json.loads(result.stdout)}


def test_a_broken_schema_is_a_usage_error_naming_the_settings(tmp_path: Path) -> None:
    _project(tmp_path, {"type": "objekt"}, BERT)
    result = configlint("check", "m", cwd=tmp_path)
    assert (
        result.returncode == 2 and "pyproject.toml: extend-schema" in result.stderr and "not a valid JSON Schema" in result.stderr
    )


def test_an_unresolvable_ref_is_one_finding_and_nothing_is_fetched(tmp_path: Path) -> None:
    _project(tmp_path, {"$ref": "http://127.0.0.1:9/remote.json"}, BERT)
    result = configlint("check", "--output-format", "json", "m", cwd=tmp_path)
    messages = [f["message"] for f in json.loads(result.stdout) if f["code"] == "S101"]
    assert len(messages) == 1 and "could not be applied" in messages[0]
