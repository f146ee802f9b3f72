"""The shortcuts that locate top-level keys agree with the full token scan, on every real config."""

from __future__ import annotations

import pytest

from _support import corpus_files
from configlint.document import ConfigDocument, escape_pointer_token, parse_document, read_document

CORPUS = corpus_files()


def _full_scan_position(document: ConfigDocument, pointer: str) -> tuple[int, int]:
    fresh = parse_document(document.text, document.path)
    return fresh.positions[pointer]


@pytest.mark.parametrize("path", CORPUS, ids=lambda path: path.name)
def test_top_level_key_positions_match_the_full_scan(path) -> None:
    document = read_document(path)
    if not isinstance(document.data, dict) or document.is_fatal:
        pytest.skip("not an object")
    full_scan = parse_document(document.text, document.path).positions  # one scan serves every key
    for key in document.data:
        pointer = "/" + escape_pointer_token(key)
        quick = parse_document(document.text, document.path).position(pointer)  # fresh: no scan done before it
        assert quick == full_scan[pointer], pointer


@pytest.mark.parametrize(
    ("text", "pointer", "expected"),
    [
        ('{"a": {"k": 1},\n "k": 2}', "/k", (2, 2)),  # the same key nested: not unique, walk instead
        ('{"k": 1,\n "k": 2}', "/k", (2, 2)),  # duplicate: json.loads keeps the last
        ('{"v": "say \\"k\\": no",\n "k": 2}', "/k", (2, 2)),  # the spelling inside a string value
        ('{"v": "ends with backslash\\\\",\n "k": 2}', "/k", (2, 2)),
        ('{"a,b": 1,\n "b": 2}', "/a,b", (1, 2)),
    ],
)
def test_tricky_texts(text: str, pointer: str, expected: tuple[int, int]) -> None:
    assert parse_document(text).position(pointer) == expected
    assert _full_scan_position(parse_document(text), pointer) == expected
