"""reviewdog's rdjson: valid against its published schema, severities, rule links, UTF-8 byte columns."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from configlint.diagnostics import Diagnostic, Severity
from configlint.reporters import RunResult, get_formatter, locations
from configlint.reporters.rdjson import byte_column, format_rdjson

SCHEMA_PATH = Path(__file__).resolve().parents[1] / "fixtures" / "rdjson" / "DiagnosticResult.json"
SCHEMA_SHA256 = "89b09042bc3f833f76c502ab793ee4fceba4bb75919498563b17f2be68569970"
SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def report(result: RunResult) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(format_rdjson(result))
    jsonschema.Draft4Validator(SCHEMA).validate(document)
    return document


def test_registered_and_schema_is_the_published_one() -> None:
    assert get_formatter("rdjson") is format_rdjson
    assert hashlib.sha256(SCHEMA_PATH.read_bytes()).hexdigest() == SCHEMA_SHA256


def test_schema_is_not_vacuous() -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(SCHEMA).validate({"diagnostics": [{"severity": "NOTE"}]})
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(SCHEMA).validate({"diagnostics": [{"location": {"range": {"start": {"line": "1"}}}}]})


@pytest.mark.parametrize("name", ["nasty", "awkward", "mapping_result"])
def test_valid_with_one_diagnostic_per_finding(name: str, request: pytest.FixtureRequest) -> None:
    result: RunResult = request.getfixturevalue(name)
    document = report(result)
    assert document["source"]["name"] == "configlint"
    items = document["diagnostics"]
    assert [(i["message"], i["code"]["value"], i["location"]["path"]) for i in items] == [
        (d.message, d.code, d.file) for d in result.diagnostics
    ]


def test_severity_links_and_positions(nasty: RunResult) -> None:
    items = report(nasty)["diagnostics"]
    assert [i["severity"] for i in items] == ["ERROR", "WARNING", "WARNING", "INFO"]
    assert items[0]["code"]["url"] == locations.rule_uri("S001", "invalid-field-type")
    assert "url" not in items[3]["code"], "a code the registry does not know has no documentation"
    assert items[0]["location"]["range"] == {"start": {"line": 3}}, "without the file's text the column is unknown"
    assert "range" not in items[3]["location"], "no position: the whole file"


def test_columns_count_utf8_bytes_when_the_text_is_known() -> None:
    text = '{\n  "配置": 1, "pooler_type": "mean"\n}'
    diagnostic = Diagnostic(code="P002", severity=Severity.WARNING, message="m", file="c.json", line=2, column=13)
    (item,) = report(RunResult([diagnostic], sources={"c.json": text}))["diagnostics"]
    assert item["location"]["range"] == {"start": {"line": 2, "column": 17}}  # two 3-byte characters before it
    assert byte_column(["a𐐀b"], 1, 3) == 6, "the schema's own example"
    assert byte_column(["ab"], 5, 1) is None
