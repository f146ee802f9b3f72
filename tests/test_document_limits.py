"""What reading a stranger's config costs, and what it hands on: bounded bytes, bounded problem
lists, and strings that every later UTF-8 write accepts (issue 15, items 5, 6 and 7)."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest

import configlint.safe_fs
from configlint.document import MAX_CONFIG_BYTES, MAX_LISTED_PROBLEMS, parse_document, read_document
from configlint.document_positions import LineIndex
from configlint.errors import InputError

# ------------------------------------------------------------------------------ size cap (item 5)


class _CountingReader(io.BufferedReader):
    """A file object that adds up every byte ``read`` returns."""

    total = 0

    def read(self, size: int | None = -1) -> bytes:
        data = super().read(size)
        _CountingReader.total += len(data)
        return data


def test_a_file_past_the_limit_is_one_error_naming_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "config.json"
    path.write_bytes(b'{"model_type": "bert"}' + b" " * 1000)
    with pytest.raises(InputError, match="1,000 bytes") as raised:
        read_document(path, max_bytes=1000)
    assert "\n" not in str(raised.value)
    assert read_document(path, max_bytes=len(path.read_bytes())).data == {"model_type": "bert"}


def test_only_the_limit_plus_one_byte_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Refusing a 4 MB file must not read 4 MB to find out."""
    path = tmp_path / "config.json"
    path.write_bytes(b"{" + b" " * 4_000_000 + b"}")
    monkeypatch.setattr(configlint.safe_fs, "open", lambda fd, mode: _CountingReader(io.FileIO(fd, "r")), raising=False)
    _CountingReader.total = 0
    with pytest.raises(InputError):
        read_document(path, max_bytes=4096)
    assert 0 < _CountingReader.total <= 4097


def test_the_default_limit_is_16_mib(tmp_path: Path) -> None:
    assert MAX_CONFIG_BYTES == 16 * 1024 * 1024
    path = tmp_path / "config.json"
    with path.open("wb") as handle:  # sparse: 16 MiB + 1 of NUL bytes cost no disk
        handle.truncate(MAX_CONFIG_BYTES + 1)
    with pytest.raises(InputError, match="16,777,216 bytes"):
        read_document(path)


# ------------------------------------------------------------------------------ duplicate keys (item 6)


def test_many_duplicates_list_the_first_hundred_then_count_the_rest() -> None:
    text = '{"model_type": "bert",\n' + '"a": 0,\n' * 1000 + '"b": 1}'
    problems = [problem for problem in parse_document(text).problems if problem.kind == "duplicate-key"]
    assert len(problems) == MAX_LISTED_PROBLEMS + 1
    assert [problem.line for problem in problems[:3]] == [3, 4, 5]  # the first "a" (line 2) is no duplicate
    assert "999" not in problems[0].message and "first defined at line 2" in problems[0].message
    assert problems[-1].message.startswith("and 899 more")
    assert (problems[-1].line, problems[-1].pointer) == (MAX_LISTED_PROBLEMS + 3, "/a")


def test_a_key_repeated_three_times_points_at_its_first_definition() -> None:
    problems = parse_document('{"a": 1,\n"a": 2,\n"a": 3}').problems
    assert [(problem.line, "first defined at line 1" in problem.message) for problem in problems] == [(2, True), (3, True)]


def test_non_finite_numbers_are_listed_the_same_way() -> None:
    text = "[" + ", ".join(["NaN"] * (MAX_LISTED_PROBLEMS + 5)) + "]"
    problems = [problem for problem in parse_document(text).problems if problem.kind == "non-finite-number"]
    assert len(problems) == MAX_LISTED_PROBLEMS + 1 and problems[-1].message.startswith("and 5 more")


@pytest.mark.parametrize("text", ["a\nb\r\nc\rd\n\n", "x" * 50 + "\n" * 40 + "é\n" * 3, "no newline at all"])
def test_line_index_gives_the_same_answer_counted_and_indexed(text: str) -> None:
    """The first lookups count newlines, later ones bisect an index: both must agree with a plain walk."""
    expected = []
    line, column = 1, 1
    for index, char in enumerate(text):
        expected.append((line, column))
        at_crlf = char == "\r" and text[index + 1 : index + 2] == "\n"
        line, column = (line + 1, 1) if char == "\n" or (char == "\r" and not at_crlf) else (line, column + 1)
    lines = LineIndex(text)
    assert [lines.line_col(offset) for offset in range(len(text))] == expected


# ------------------------------------------------------------------------------ nesting and numbers (item 7)


def test_nesting_past_json_loads_names_the_recursion_limit() -> None:
    document = parse_document('{"x": ' + "[" * 100_000 + "]" * 100_000 + "}")
    assert [problem.kind for problem in document.problems] == ["invalid-json"]
    assert f"{sys.getrecursionlimit():,}" in document.problems[0].message


def test_floats_past_the_double_range_parse_as_infinity() -> None:
    document = parse_document('{"a": 1e400, "b": 1' + "0" * 5000 + ".5}")
    assert document.data == {"a": float("inf"), "b": float("inf")}
    assert not document.problems


# ------------------------------------------------------------------------------ lone surrogates (item 7)


def _strings(value: Any) -> list[str]:
    """Every key and string of parsed JSON (iteratively: the data may be deep)."""
    found, stack = [], [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, dict):
            found.extend(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def test_lone_surrogates_are_reported_and_replaced_everywhere() -> None:
    text = '{\n"act": "gelu\\ud800",\n"k\\uDC00": 1,\n"labels": {"0": ["\\udbff"]},\n"ok": "\\ud83d\\ude00"\n}'
    document = parse_document(text)
    for value in _strings(document.data):
        value.encode("utf-8")  # raised UnicodeEncodeError before
    assert document.data == {"act": "gelu\ufffd", "k\ufffd": 1, "labels": {"0": ["\ufffd"]}, "ok": "\U0001f600"}
    problems = [(p.kind, p.pointer, p.line, p.fatal) for p in document.problems]
    assert problems == [
        ("lone-surrogate", "/act", 2, False),
        ("lone-surrogate", "/k\ufffd", 3, False),
        ("lone-surrogate", "/labels/0/0", 4, False),
    ]
    assert "\\ud800" in document.problems[0].message and "U+FFFD" in document.problems[0].message
    assert document.position("/k\ufffd") == (3, 1)  # pointers are spelled as the cleaned data is


def test_an_escaped_backslash_before_u_is_not_a_surrogate() -> None:
    document = parse_document('{"path": "C:\\\\ud800"}')
    assert document.data == {"path": "C:\\ud800"} and not document.problems


def test_surrogates_at_the_bottom_of_deep_nesting_are_cleaned_without_recursion() -> None:
    depth = 900
    document = parse_document('{"x": ' + "[" * depth + '"\\ud800"' + "]" * depth + "}")
    assert [problem.pointer for problem in document.problems] == ["/x" + "/0" * depth]
    leaf = document.data["x"]
    for _ in range(depth):
        leaf = leaf[0]
    assert leaf == "\ufffd"


def test_a_file_of_lone_surrogates_lints_and_reports_as_utf8(tmp_path: Path) -> None:
    from configlint.engine import lint_file

    path = tmp_path / "config.json"
    path.write_text(json.dumps({"model_type": "bert", "hidden_act": "\ud800"}), encoding="utf-8")  # ensure_ascii: "\\ud800"
    diagnostics = lint_file(path)
    assert "J008" in {diagnostic.code for diagnostic in diagnostics}
    for diagnostic in diagnostics:
        diagnostic.message.encode("utf-8")
