"""Any bytes in a config file end in diagnostics at positions inside the file, never an exception.

Inputs are real configs mutated the way files really break (truncated downloads, flipped bytes,
editors adding a BOM, merge leftovers duplicating keys, exporters writing NaN or huge numbers),
random JSON documents, and random bytes. The library API takes most of the examples; a CLI test
runs a fraction of them through ``configlint check`` with strict UTF-8 output streams.
"""

from __future__ import annotations

import json
import math
import re
import sys
from pathlib import Path

import pytest
from _fuzzing import assert_positions_inside, fuzz, is_known_bug, is_known_cli_bug, seed_configs
from hypothesis import example, given, reject
from hypothesis import strategies as st

from _cli_support import assert_clean_exit, run_cli
from configlint import lint_file
from configlint.document import parse_document, read_document
from configlint.schema.validation import field_specs

SEEDS = seed_configs()
SEED_BYTES = [path.read_bytes() for path in SEEDS]

BOM = "\ufeff".encode()
# Bytes that matter to a JSON parser and to UTF-8 decoding, so that insertions hit edge cases often.
INTERESTING = st.sampled_from(
    [b"{", b"}", b"[", b"]", b'"', b":", b",", b"\\", b"\\u", b"\\ud800", b" ", b"\n", b"\r", b"\r\n", b"\t",
     b"0", b"-", b"1e999", b"NaN", b"-Infinity", b"Infinity", b"null", b"true", b"\xff", b"\xc3", b"\xed\xa0\x80",
     BOM, b"\x00", b"\xe2\x80\xa8", "é".encode(), "日本".encode(), b"9" * 5000]
)  # fmt: skip
HUGE_VALUES = st.sampled_from(
    [
        b"1" * 5000,
        b"-" + b"9" * 4301,
        b"1e999",
        b"-1e400",
        b"NaN",
        b"Infinity",
        b"1" * 4300,
        b"0." + b"1" * 5000,
        b"1E+99999999999999999999",
        b"-0",
        b"2e-400",
    ]
)


# Each mutation is drawn as a plan (op name and numbers) that does not depend on the bytes it will
# be applied to, then applied; positions wrap around the current length. Drawing from the bytes
# themselves would make the strategy depend on earlier mutations, which hypothesis cannot shrink well.
POSITION = st.integers(0, 2**20)


def _at(position: int, raw: bytes, *, end_ok: bool = True) -> int:
    return position % (len(raw) + 1 if end_ok else max(len(raw), 1))


def _truncate(raw: bytes, at: int) -> bytes:
    return raw[: _at(at, raw)]


def _flip(raw: bytes, at: int, mask: int) -> bytes:
    if not raw:
        return raw
    index = _at(at, raw, end_ok=False)
    return raw[:index] + bytes([raw[index] ^ mask]) + raw[index + 1 :]


def _insert(raw: bytes, at: int, inserted: bytes) -> bytes:
    index = _at(at, raw)
    return raw[:index] + inserted + raw[index:]


def _delete(raw: bytes, at: int, length: int) -> bytes:
    start = _at(at, raw)
    return raw[:start] + raw[start + length :]


def _duplicate_line(raw: bytes, line: int, to: int) -> bytes:
    """A line copied elsewhere: duplicate keys, as a bad merge leaves them."""
    lines = raw.splitlines(keepends=True)
    if not lines:
        return raw
    copied = lines[line % len(lines)]
    at = to % (len(lines) + 1)
    return b"".join(lines[:at] + [copied] + lines[at:])


_NUMBER = re.compile(rb"-?\d+(\.\d+)?([eE][-+]?\d+)?")


def _replace_number(raw: bytes, which: int, extreme: bytes) -> bytes:
    """One number literal (or a digit run inside a string) becomes an extreme one."""
    numbers = list(_NUMBER.finditer(raw))
    if not numbers:
        return raw
    match = numbers[which % len(numbers)]
    return raw[: match.start()] + extreme + raw[match.end() :]


def _add_bom(raw: bytes) -> bytes:
    return BOM + raw


def _nest(raw: bytes, depth: int, container: tuple[bytes, bytes], whole: bool) -> bytes:
    """The document (or a scalar) at the bottom of deep nesting: around the recursion limit."""
    opener, closer = container
    inner = raw if whole else b"1"
    return b'{"model_type": "bert", "x": ' + opener * depth + inner + closer * depth + b"}"


def _reencode(raw: bytes, encoding: str) -> bytes:
    return raw.decode("utf-8", "replace").encode(encoding, "replace")


DEPTHS = st.integers(1, 3000) | st.sampled_from([sys.getrecursionlimit() - 50, 990, 1000, 100_000])
MUTATIONS = st.one_of(
    st.tuples(st.just(_truncate), POSITION),
    st.tuples(st.just(_flip), POSITION, st.integers(1, 255)),
    st.tuples(st.just(_insert), POSITION, INTERESTING | st.binary(max_size=8)),
    st.tuples(st.just(_delete), POSITION, st.integers(0, 64)),
    st.tuples(st.just(_duplicate_line), POSITION, POSITION),
    st.tuples(st.just(_replace_number), POSITION, HUGE_VALUES),
    st.tuples(st.just(_add_bom)),
    st.tuples(st.just(_nest), DEPTHS, st.sampled_from([(b"[", b"]"), (b'{"a":', b"}")]), st.booleans()),
    st.tuples(st.just(_reencode), st.sampled_from(["utf-16", "utf-16-le", "latin-1", "utf-32"])),
)


@st.composite
def mutated_configs(draw: st.DrawFn) -> bytes:
    """A real config with one to four mutations applied."""
    raw = draw(st.sampled_from(SEED_BYTES))
    for mutation, *arguments in draw(st.lists(MUTATIONS, min_size=1, max_size=4)):
        raw = mutation(raw, *arguments)
    return raw


FIELD_NAMES = sorted({name for family in ("bert", "roberta", "albert", "distilbert") for name in field_specs(family)})
JSON_KEYS = (
    st.sampled_from(FIELD_NAMES)
    | st.sampled_from(["0", "1", "-1", "01", "word_embedding_dimension", "pooling_mode_mean_tokens"])
    | st.text(max_size=8)
)
JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(10**4000), max_value=10**4000)
    | st.floats()  # NaN and infinities included: json.dumps writes them as NaN/Infinity
    | st.text(max_size=12)
    | st.sampled_from(
        ["bert", "roberta", "albert", "distilbert", "BertModel", "AlbertForMaskedLM", "gelu", "float16", "mean", "cls", "", "0"]
    )
)
JSON_VALUES = st.recursive(
    JSON_SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(JSON_KEYS, inner, max_size=6), max_leaves=25
)
JSON_CONFIGS = st.dictionaries(JSON_KEYS, JSON_VALUES, max_size=12)


def _lint_bytes(folder: Path, raw: bytes) -> None:
    path = folder / "config.json"
    path.write_bytes(raw)
    try:
        diagnostics = lint_file(path)
    except Exception as error:
        if not is_known_bug(error):
            raise
        reject()
    assert_positions_inside(diagnostics, raw)
    document = read_document(path)
    for problem in document.problems:
        assert problem.line >= 1 and problem.column >= 1 and "\n" not in problem.message


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("document-fuzz")


@fuzz(1.0)
@given(raw=mutated_configs())
def test_mutated_real_configs_end_in_diagnostics(folder: Path, raw: bytes) -> None:
    _lint_bytes(folder, raw)


@fuzz(0.5)
@given(config=JSON_CONFIGS, indent=st.sampled_from([None, 0, 2, "\t"]), ensure_ascii=st.booleans())
def test_generated_json_configs_end_in_diagnostics(folder: Path, config: dict, indent: object, ensure_ascii: bool) -> None:
    text = json.dumps(config, indent=indent, ensure_ascii=ensure_ascii)  # type: ignore[arg-type]
    _lint_bytes(folder, text.encode("utf-8", "surrogatepass"))


@fuzz(0.5)
@given(raw=st.binary(max_size=300) | st.text(max_size=300).map(lambda text: text.encode("utf-8", "surrogatepass")))
@example(raw=b"")
@example(raw=BOM)
@example(raw=b"\xff\xfe{\x00}\x00")
@example(raw=b'{"a": ' + b"1" * 5000 + b"}")
@example(raw=b"[" * 100_000)
@example(raw=b'{"a": 1, "a": NaN, "b": -Infinity}')
def test_random_bytes_end_in_diagnostics(folder: Path, raw: bytes) -> None:
    _lint_bytes(folder, raw)


@pytest.mark.parametrize(
    "text",
    [
        '{"hidden_size": ' + "1" * 5000 + "}",
        '{\n  "model_type": "bert",\n  "vocab_size": [' + "9" * 4301 + "]\n}",
        '\ufeff{"hidden_size": -' + "7" * 9000 + "}",
    ],
)
def test_integers_past_the_digit_limit_are_invalid_json_not_a_crash(text: str) -> None:
    """Regression: int() refuses more than sys.get_int_max_str_digits() digits with a plain
    ValueError, which is not a JSONDecodeError; parse_document let it escape."""
    document = parse_document(text)
    assert document.is_fatal and [problem.kind for problem in document.problems if problem.fatal][-1] == "invalid-json"
    problem = document.problems[-1]
    digits_at = text.index("1" if "1" * 5000 in text else ("9" if "9" * 4301 in text else "7"))
    assert (problem.line, problem.column) == document.line_col(digits_at)


@pytest.mark.parametrize(
    ("raw", "position"),
    [(b"\r\x80", (2, 1)), (b'{\r\n"a": "\xc3\xa9\xff"}', (2, 8)), (b"\xef\xbb\xbf{\r\r\xfe", (3, 1)), (b"\xc3", (1, 1))],
)
def test_invalid_utf8_is_located_like_every_other_position(tmp_path: Path, raw: bytes, position: tuple[int, int]) -> None:
    """Regression: the bad byte's line counted only LF and its column counted bytes, so a file with
    CR line ends or non-ASCII text before it got a position outside the line."""
    path = tmp_path / "config.json"
    path.write_bytes(raw)
    problem = read_document(path).problems[0]
    assert problem.kind == "not-utf8" and (problem.line, problem.column) == position


def test_long_fractions_and_exponents_are_floats_not_errors() -> None:
    """The digit limit is int()'s: a long fraction or a huge exponent parses (to a float or inf)."""
    document = parse_document('{"a": 0.' + "1" * 5000 + ', "b": 1e999}')
    assert not document.is_fatal and document.data["b"] == math.inf


@pytest.mark.parametrize(
    ("id2label", "code"),
    [
        ('{"0": "a", "' + "1" * 5000 + '": "b"}', "L003"),  # once a crash: int() past the digit limit
        ('{"0": ["a"], "1": "b"}', "L002"),  # once a crash: the values went into a set
    ],
)
def test_label_maps_the_fuzzer_found_are_findings(tmp_path: Path, id2label: str, code: str) -> None:
    path = tmp_path / "config.json"
    path.write_text('{"model_type": "bert", "num_labels": 2, "label2id": {"a": 0}, "id2label": ' + id2label + "}")
    assert code in {diagnostic.code for diagnostic in lint_file(path)}


def test_the_too_long_label_id_is_the_one_named(tmp_path: Path) -> None:
    """A 40-digit id converts fine; the finding points at the one past int()'s digit limit."""
    long_but_fine, too_long = "1" * 40, "9" * 5000
    path = tmp_path / "config.json"
    path.write_text('{"model_type": "bert", "id2label": {"' + long_but_fine + '": "a", "' + too_long + '": "b"}}')
    [finding] = [d for d in lint_file(path) if d.code == "L003"]
    assert "(5000 digits)" in finding.message


@fuzz(0.15)
@given(
    content=mutated_configs() | st.binary(max_size=200),
    output_format=st.sampled_from(["text", "json", "sarif", "junit", "github"]),
)
def test_cli_check_never_shows_a_traceback(folder: Path, content: bytes, output_format: str) -> None:
    path = folder / "config.json"
    path.write_bytes(content)
    run = run_cli(["check", "--output-format", output_format, str(path)])
    if is_known_cli_bug(run):
        reject()
    assert_clean_exit(run, allowed=(0, 1))


@pytest.mark.parametrize("flags", [[], ["--fix"], ["--diff"], ["--statistics"]])
def test_cli_on_a_fatal_document_is_one_finding(tmp_path: Path, flags: list[str]) -> None:
    path = tmp_path / "config.json"
    original = b'{"model_type": "bert", "hidden_size": ' + b"1" * 5000 + b"}"
    path.write_bytes(original)
    run = run_cli(["check", *flags, str(path)])
    assert_clean_exit(run, allowed=(1,))
    assert path.read_bytes() == original
