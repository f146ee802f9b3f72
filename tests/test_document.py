"""Reading config text as transformers does, with positions for every pointer."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from _support import corpus_files
from configlint.document import parse_document, read_document
from configlint.errors import InputError


def test_positions_of_keys_and_array_elements() -> None:
    text = '{\n  "a": 1,\n  "b": {"c": [10, 20]},\n  "x/y~z": true\n}\n'
    document = parse_document(text)
    assert document.position("/a") == (2, 3)
    assert document.position("/b/c") == (3, 9)
    assert document.position("/b/c/1") == (3, 19)
    assert document.position("/x~1y~0z") == (4, 3)
    # Unknown pointers fall back to their nearest known ancestor.
    assert document.position("/b/c/7") == (3, 9)
    assert document.position("/nope") == (1, 1)


def test_crlf_and_non_ascii_columns_count_code_points() -> None:
    text = '{\r\n  "名前": "é", "b": 1\r\n}'
    document = parse_document(text)
    assert document.position("/名前") == (2, 3)
    assert document.position("/b") == (2, 14)


@pytest.mark.parametrize(
    ("text", "kind", "line", "column", "fatal"),
    [
        ("", "empty", 1, 1, True),
        ("   \n", "empty", 1, 1, True),
        ('\ufeff{"a": 1}', "bom", 1, 1, True),
        ("[1, 2]", "not-an-object", 1, 1, True),
        ('"text"', "not-an-object", 1, 1, True),
        ('{"a": 1,}', "invalid-json", 1, 9, True),
        ('{\n  "a": 1\n  "b": 2\n}', "invalid-json", 3, 3, True),
        ("{'a': 1}", "invalid-json", 1, 2, True),
        ('{"a": NaN}', "non-finite-number", 1, 7, False),
        ('{"a": [1, -Infinity]}', "non-finite-number", 1, 11, False),
        ('{"a": 1, "a": 2}', "duplicate-key", 1, 10, False),
    ],
)
def test_document_problems(text: str, kind: str, line: int, column: int, fatal: bool) -> None:
    problems = parse_document(text).problems
    assert [(p.kind, p.line, p.column, p.fatal) for p in problems] == [(kind, line, column, fatal)]


def test_duplicate_key_keeps_last_value_like_json_loads() -> None:
    document = parse_document('{"a": 1,\n "a": 2}')
    assert document.data == {"a": 2}
    assert "first defined at line 1" in document.problems[0].message


def test_bom_document_still_parses_values() -> None:
    document = parse_document('\ufeff{"model_type": "bert"}')
    assert document.data == {"model_type": "bert"}
    assert document.is_fatal


def test_not_utf8_is_a_problem_not_an_exception(tmp_path: Path) -> None:
    path = tmp_path / "config.json"
    path.write_bytes(b'{\n "label": "n\xe9gatif"}')
    document = read_document(path)
    assert [(p.kind, p.line, p.column) for p in document.problems] == [("not-utf8", 2, 13)]


def test_unreadable_paths_raise_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_document(tmp_path / "missing.json")
    with pytest.raises(InputError, match="directory"):
        read_document(tmp_path)


def test_deeply_nested_json_is_a_problem() -> None:
    document = parse_document("[" * 100_000 + "]" * 100_000)
    assert document.problems and document.problems[0].kind == "invalid-json"


def test_spans_cover_member_text() -> None:
    text = '{"a": [1, 2], "b": "x"}'
    document = parse_document(text)
    start, value_start, end = document.spans["/a"]
    assert text[start:end] == '"a": [1, 2]'
    assert text[value_start:end] == "[1, 2]"


@pytest.mark.parametrize("path", corpus_files()[::7], ids=lambda p: p.name)
def test_every_key_position_points_at_its_key_in_real_files(path: Path) -> None:
    document = read_document(path)
    if not isinstance(document.data, dict):
        pytest.skip("not an object")
    lines = document.text.splitlines()
    assert document.data == json.loads(document.text)
    checked = 0
    for pointer, (line, column) in document.positions.items():
        if pointer.count("/") != 1:
            continue
        key = pointer[1:].replace("~1", "/").replace("~0", "~")
        token = re.match(r'"(?:[^"\\]|\\.)*"', lines[line - 1][column - 1 :])
        assert token is not None and json.loads(token.group()) == key, (pointer, line, column)
        checked += 1
    assert checked == len(document.data)
