"""Every real config in ../shared/realworld/configs goes through `check --format json` without a crash."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from _support import corpus_files
from configlint.cli import main
from configlint.document import read_document
from configlint.engine import lint_file

FILES = corpus_files()


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_real_config_lints_with_positions_inside_the_file(path: Path) -> None:
    diagnostics = lint_file(path)
    lines = read_document(path).text.splitlines() or [""]
    for diagnostic in diagnostics:
        if diagnostic.file != str(path):
            continue
        assert 1 <= diagnostic.line <= len(lines)
        line = lines[diagnostic.line - 1]
        assert 1 <= diagnostic.column <= len(line) + 1
        if diagnostic.pointer.count("/") == 1:
            # A finding about a top-level key starts exactly at that key.
            key = diagnostic.pointer[1:].replace("~1", "/").replace("~0", "~")
            assert line[diagnostic.column - 1 :].startswith(json.dumps(key, ensure_ascii=False)), diagnostic


def test_check_json_over_the_whole_corpus(capsys: pytest.CaptureFixture[str]) -> None:
    if not FILES:
        pytest.skip("corpus not available")
    code = main(["check", "--output-format", "json", "--exit-zero", *map(str, FILES)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert err == ""
    items = json.loads(out)
    assert {item["file"] for item in items} <= {str(path) for path in FILES}
