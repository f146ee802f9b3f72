"""Minimal-diff text edits: keep order, indentation, line endings, number spellings, non-ASCII."""

from __future__ import annotations

import json

import pytest

from configlint.diagnostics import Edit
from configlint.edits import edit_text

DOC = '{\r\n  "a": 1e-12,\r\n  "pooler_type": "mean",\r\n  "name": "héllo",\r\n  "last": [1, 2]\r\n}\r\n'


@pytest.mark.parametrize(
    ("edits", "expected"),
    [
        ([Edit("remove", "/a")], '{\r\n  "pooler_type": "mean",\r\n  "name": "héllo",\r\n  "last": [1, 2]\r\n}\r\n'),
        ([Edit("remove", "/pooler_type")], '{\r\n  "a": 1e-12,\r\n  "name": "héllo",\r\n  "last": [1, 2]\r\n}\r\n'),
        ([Edit("remove", "/last")], '{\r\n  "a": 1e-12,\r\n  "pooler_type": "mean",\r\n  "name": "héllo"\r\n}\r\n'),
        ([Edit("rename", "/name", "nom")], DOC.replace('"name"', '"nom"')),
        ([Edit("replace", "/pooler_type", "cls")], DOC.replace('"mean"', '"cls"')),
        ([Edit("remove", "/last/0")], DOC.replace("[1, 2]", "[2]")),
        (
            [Edit("add", "/model_type", "bert")],
            DOC.replace('  "last": [1, 2]\r\n', '  "last": [1, 2],\r\n  "model_type": "bert"\r\n'),
        ),
        (
            [Edit("remove", "/a"), Edit("remove", "/last"), Edit("add", "/dtype", "float32")],
            '{\r\n  "pooler_type": "mean",\r\n  "name": "héllo",\r\n  "dtype": "float32"\r\n}\r\n',
        ),
    ],
)
def test_edits_touch_only_what_they_must(edits: list[Edit], expected: str) -> None:
    text, applied = edit_text(DOC, edits)
    assert text == expected
    assert applied == edits
    json.loads(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"a": 1}', '{"z": true}'),
        ("{}", '{"z": true}'),
        ('{"a": 1, "b": 2}', '{"b": 2, "z": true}'),
        ('{\n    "x": {"y": 1}\n}', '{\n    "x": {"y": 1},\n    "z": true\n}'),
    ],
)
def test_remove_then_add_on_small_documents(text: str, expected: str) -> None:
    assert edit_text(text, [Edit("remove", "/a"), Edit("add", "/z", True)])[0] == expected


def test_edits_on_missing_pointers_are_skipped() -> None:
    text, applied = edit_text(DOC, [Edit("remove", "/nope"), Edit("replace", "/nope", 1)])
    assert (text, applied) == (DOC, [])


def test_duplicate_edits_apply_once() -> None:
    text, applied = edit_text(DOC, [Edit("remove", "/a"), Edit("remove", "/a")])
    assert len(applied) == 1 and '"a"' not in text


@pytest.mark.parametrize(
    ("pointers", "expected"),
    [
        (["/b", "/c"], '{\n  "a": 1\n}'),
        (["/a", "/b"], '{\n  "c": 3\n}'),
        (["/a", "/c"], '{\n  "b": 2\n}'),
        (["/a", "/b", "/c"], "{}"),
    ],
)
def test_neighbouring_removals_in_one_pass_stay_valid(pointers: list[str], expected: str) -> None:
    text = '{\n  "a": 1,\n  "b": 2,\n  "c": 3\n}'
    fixed, applied = edit_text(text, [Edit("remove", pointer) for pointer in pointers])
    assert fixed == expected
    assert len(applied) == len(pointers)
