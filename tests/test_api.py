"""The Python API returns the same diagnostics as the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import configlint
from configlint.diagnostics import Severity


def test_lint_mapping_points_into_its_json_rendering() -> None:
    [diagnostic] = configlint.lint_mapping({"model_type": "bert", "hidden_size": "768"})
    assert diagnostic.code == "S001"
    assert diagnostic.severity is Severity.ERROR
    assert (diagnostic.pointer, diagnostic.line, diagnostic.column) == ("/hidden_size", 3, 3)
    assert diagnostic.file == "<mapping>"


def test_lint_file_equals_lint_mapping_on_the_same_content(tmp_path: Path) -> None:
    config = {"architectures": ["BertForSequenceClassifier"], "hidden_size": 768}
    path = tmp_path / "config.json"
    path.write_text(json.dumps(config, indent=2))
    from_file = [(d.code, d.pointer, d.line, d.message) for d in configlint.lint_file(path)]
    from_mapping = [(d.code, d.pointer, d.line, d.message) for d in configlint.lint_mapping(config)]
    assert from_file == from_mapping
    assert {code for code, *_ in from_file} == {"F002", "F004"}


def test_diagnostic_to_dict_includes_the_fix() -> None:
    [diagnostic] = configlint.lint_mapping({"architectures": ["BertModel"], "hidden_size": 768})
    data = diagnostic.to_dict()
    assert data["fix"] == {
        "message": 'Add "model_type": "bert"',
        "applicability": "safe",
        "edits": [{"op": "add", "pointer": "/model_type", "value": "bert"}],
    }
