"""Any safetensors file yields a valid inventory or a one-line ``CheckpointError``, and never has
its data region read.

Headers are generated three ways: valid files (which must read back exactly), valid files with
one field corrupted (offsets that overlap or leave gaps, shapes that lie, unknown dtypes,
values past 64 bits), and arbitrary JSON. The 8-byte length prefix is made to lie too.
"""

from __future__ import annotations

import json
import math
import struct
from typing import Any

import pytest
from _fuzzing import fuzz
from hypothesis import example, given
from hypothesis import strategies as st

from configlint.checkpoint.inventory import TensorInventory
from configlint.checkpoint.safetensors_header import (
    DTYPE_BITS,
    FIRST_READ,
    MAX_HEADER_BYTES,
    parse_safetensors_header,
    read_safetensors,
    read_safetensors_from,
)
from configlint.errors import CheckpointError

SOURCE = "model.safetensors"
# Whole-byte dtypes only in valid files: with F4/F6 a tensor's bit count must also be a multiple of 8.
BYTE_DTYPES = sorted(name for name, bits in DTYPE_BITS.items() if bits % 8 == 0)
NAMES = st.text(min_size=1, max_size=12) | st.sampled_from(["bert.embeddings.word_embeddings.weight", "__metadata__", ""])


@st.composite
def valid_tensors(draw: st.DrawFn) -> dict[str, dict[str, Any]]:
    """Tensors whose offsets tile the data region in a random order, as a writer may lay them out."""
    names = draw(st.lists(NAMES.filter(lambda name: name != "__metadata__"), max_size=6, unique=True))
    order = draw(st.permutations(names))
    header: dict[str, dict[str, Any]] = {}
    offset = 0
    for name in order:
        dtype = draw(st.sampled_from(BYTE_DTYPES))
        shape = draw(st.lists(st.integers(0, 5), max_size=3))
        size = math.prod(shape) * DTYPE_BITS[dtype] // 8
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + size]}
        offset += size
    return header


def data_size(header: dict[str, Any]) -> int:
    return max((entry["data_offsets"][1] for name, entry in header.items() if name != "__metadata__"), default=0)


def file_bytes(header: dict[str, Any] | bytes, data: int | None = None, *, length: int | None = None) -> bytes:
    encoded = header if isinstance(header, bytes) else json.dumps(header).encode()
    padding = data_size(header) if data is None and isinstance(header, dict) else data or 0
    return struct.pack("<Q", len(encoded) if length is None else length) + encoded + b"\0" * padding


BAD_NUMBERS = st.sampled_from([-1, 2**64, 2**64 - 1, 10**30, 1.5, 8.0, True, None, "8", [8], 2**63])
CORRUPTIONS = st.sampled_from(["dtype", "shape", "offsets", "entry", "swap", "overlap", "metadata"])


@st.composite
def corrupted_headers(draw: st.DrawFn) -> dict[str, Any]:
    header: dict[str, Any] = draw(valid_tensors().filter(bool))
    name = draw(st.sampled_from(sorted(header)))
    entry = header[name]
    corruption = draw(CORRUPTIONS)
    if corruption == "dtype":
        entry["dtype"] = draw(st.sampled_from(["Q7", "f32", "", None, 32, ["F32"], {"F32": 1}]) | st.text(max_size=4))
    elif corruption == "shape":
        entry["shape"] = draw(
            st.lists(st.integers(0, 5) | BAD_NUMBERS, min_size=1, max_size=4) | BAD_NUMBERS | st.just([2**40, 2**40, 2**40])
        )
    elif corruption == "offsets":
        entry["data_offsets"] = draw(st.lists(st.integers(-2, 100) | BAD_NUMBERS, max_size=3) | BAD_NUMBERS)
    elif corruption == "entry":
        header[name] = draw(st.sampled_from([None, [], "F32", 0, [entry]]))
    elif corruption == "swap":
        entry["data_offsets"] = entry["data_offsets"][::-1]
    elif corruption == "overlap":
        shift = draw(st.integers(1, 8))
        entry["data_offsets"] = [max(0, entry["data_offsets"][0] - shift), entry["data_offsets"][1] - shift]
    else:
        header["__metadata__"] = draw(st.sampled_from([{"format": 1}, ["pt"], "pt", {"a": None}, {"format": "pt"}]))
    return header


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=6),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(["dtype", "shape", "data_offsets", "a"]) | st.text(max_size=4), inner, max_size=4)
    ),
    max_leaves=20,
)


def read_bytes_counted(content: bytes, *, file_size: int | None) -> tuple[TensorInventory | CheckpointError, int]:
    """Read ``content`` through a range reader; return the result and how many bytes were asked for."""
    requested = 0

    def read(offset: int, length: int) -> bytes:
        nonlocal requested
        assert offset >= 0 and length >= 0
        requested += length
        return content[offset : offset + length]

    try:
        return read_safetensors_from(read, file_size=file_size, source=SOURCE), requested
    except CheckpointError as error:
        return error, requested


def assert_one_line(error: CheckpointError) -> None:
    text = str(error)
    assert "\n" not in text and text.startswith(SOURCE) and len(text) < 1000, text


@fuzz(1.0)
@given(header=valid_tensors(), metadata=st.none() | st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=3))
def test_valid_files_read_back_exactly(header: dict[str, Any], metadata: dict[str, str] | None) -> None:
    content = file_bytes(header if metadata is None else {"__metadata__": metadata, **header})
    for file_size in (len(content), None):
        inventory, requested = read_bytes_counted(content, file_size=file_size)
        assert isinstance(inventory, TensorInventory), inventory
        assert {name: (list(info.shape), info.dtype) for name, info in inventory.tensors.items()} == {
            name: (entry["shape"], entry["dtype"]) for name, entry in header.items()
        }
        header_end = len(content) - data_size(header)
        assert requested <= max(FIRST_READ, header_end), "the data region was read"


@fuzz(1.0)
@given(header=corrupted_headers())
def test_corrupted_headers_are_refused_or_still_consistent(header: dict[str, Any]) -> None:
    content = file_bytes(header, data=_padding(header))
    result, _ = read_bytes_counted(content, file_size=len(content))
    if isinstance(result, CheckpointError):
        assert_one_line(result)
    else:
        # A corruption that happens to describe a valid file (a swap of equal offsets, say).
        _assert_tiles(header, result)


def _padding(header: dict[str, Any]) -> int:
    """The data region the (corrupted) offsets describe, when they describe a small one; else 16 bytes."""
    try:
        size = data_size(header)
    except (TypeError, IndexError, KeyError):
        return 16
    return size if isinstance(size, int) and 0 <= size <= 4096 else 16


def _assert_tiles(header: dict[str, Any], inventory: TensorInventory) -> None:
    extents = sorted(tuple(header[name]["data_offsets"]) for name in inventory.tensors)
    position = 0
    for begin, end in extents:
        assert begin == position
        position = end


@fuzz(1.0)
@given(table=st.dictionaries(NAMES, JSON_VALUES, max_size=5) | JSON_VALUES, data=st.integers(0, 64))
def test_arbitrary_json_headers(table: object, data: int) -> None:
    content = file_bytes(json.dumps(table).encode(), data)
    result, _ = read_bytes_counted(content, file_size=len(content))
    if isinstance(result, CheckpointError):
        assert_one_line(result)
    else:
        assert isinstance(table, dict) and set(result.tensors) == set(table) - {"__metadata__"}


@fuzz(1.0)
@given(
    header=valid_tensors(),
    length=st.integers(0, 2**64 - 1) | st.sampled_from([MAX_HEADER_BYTES, MAX_HEADER_BYTES + 1, 2**64 - 1, 0]),
    cut=st.integers(0, 200),
)
@example(header={}, length=MAX_HEADER_BYTES + 1, cut=0)
@example(header={}, length=2**64 - 1, cut=0)
def test_lying_length_prefix_and_truncation(header: dict[str, Any], length: int, cut: int) -> None:
    """A wrong header length or a truncated file is refused without reading anything near the claim."""
    honest = file_bytes(header)
    lying = file_bytes(header, length=length)
    for content in (lying, honest[: max(0, len(honest) - cut)]):
        result, requested = read_bytes_counted(content, file_size=len(content))
        assert requested <= max(FIRST_READ, len(content))
        if isinstance(result, CheckpointError):
            assert_one_line(result)
        else:
            assert content == honest


@fuzz(0.5)
@given(raw=st.binary(max_size=200))
def test_random_bytes_are_refused_cleanly(tmp_path_factory: pytest.TempPathFactory, raw: bytes) -> None:
    path = tmp_path_factory.getbasetemp() / "model.safetensors"
    path.write_bytes(raw)
    try:
        read_safetensors(path)
    except CheckpointError as error:
        assert "\n" not in str(error) and str(path) in str(error)


def test_a_remote_header_larger_than_the_cap_is_never_fetched() -> None:
    """With no file size (a remote reader), only the first read happens before the cap refuses it."""
    result, requested = read_bytes_counted(struct.pack("<Q", 150_000_000) + b"{" * 100, file_size=None)
    assert isinstance(result, CheckpointError) and "limit" in str(result)
    assert requested <= FIRST_READ


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"dtype": "F32", "shape": [10**200, 10**200], "data_offsets": [0, 8]}, "invalid shape"),
        ({"dtype": "F32", "shape": [2**62, 4], "data_offsets": [0, 8]}, "64-bit"),
        ({"dtype": "U8", "shape": [0, 2**64], "data_offsets": [0, 0]}, "invalid shape"),
        ({"dtype": "U8", "shape": [8], "data_offsets": [2**64, 2**64 + 8]}, "invalid data_offsets"),
        ({"dtype": ["F32"], "shape": [2], "data_offsets": [0, 8]}, "unknown dtype"),
        ({"dtype": {"a": 1}, "shape": [2], "data_offsets": [0, 8]}, "unknown dtype"),
    ],
)
def test_regressions_past_64_bits_and_unhashable_dtypes(entry: dict[str, Any], message: str) -> None:
    """Regressions: a huge shape made the error message itself raise OverflowError (int / 8 as a
    float), a list as dtype raised TypeError (unhashable), and values past 2**64, which the
    safetensors library cannot even parse, were accepted when the file size did not catch them."""
    with pytest.raises(CheckpointError, match=message) as caught:
        parse_safetensors_header(json.dumps({"a": entry}).encode(), file_size=None, source=SOURCE)
    assert_one_line(caught.value)


def test_error_messages_quote_hostile_values_briefly() -> None:
    """A header value of any size becomes a bounded message (names and shapes are quoted briefly)."""
    header = {"x" * 1_000_000: {"dtype": "F32", "shape": list(range(100_000)), "data_offsets": [0, 4]}}
    with pytest.raises(CheckpointError) as caught:
        parse_safetensors_header(json.dumps(header).encode(), file_size=None, source=SOURCE)
    assert_one_line(caught.value)
