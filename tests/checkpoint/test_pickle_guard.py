"""The pre-pass that keeps hostile pickles from exhausting memory (checkpoint/pickle_guard.py)."""

from __future__ import annotations

import io
import pickle
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from _support import REPO
from configlint.checkpoint.pickle_guard import CappedReader, check_opcodes
from configlint.checkpoint.torch_bin import MAX_PICKLE_BYTES, parse_data_pickle, read_torch_bin
from configlint.errors import CheckpointError

FIXTURES = REPO / "tests" / "fixtures" / "load_report"
MEMO_BOMB = b"\x80\x02N" + b"r" + struct.pack("<I", 2**29) + b"."


@pytest.mark.parametrize(
    ("stream", "offset"),
    [
        (MEMO_BOMB, 3),  # LONG_BINPUT
        (b"\x80\x02N" + b"q\xff" + b".", None),  # BINPUT 255 after two opcodes: also beyond any real pickler
        (b"N" + b"p99999999\n" + b".", None),  # protocol 0 PUT
    ],
)
def test_memo_indices_past_the_opcode_count_are_refused(stream: bytes, offset: int | None) -> None:
    with pytest.raises(CheckpointError, match="memo entry") as raised:
        parse_data_pickle(stream, source="x")
    if offset is not None:
        assert f"offset {offset}" in raised.value.message


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the peak RSS from Linux's /proc")
def test_the_memo_bomb_costs_no_memory() -> None:
    """In a fresh process: peak RSS stays far below the 8 GB the C unpickler alone would take.

    VmHWM, not ``ru_maxrss``: Linux carries ``ru_maxrss`` across exec, so a child of a big pytest
    process would report the parent's peak.
    """
    program = (
        "from configlint.checkpoint.torch_bin import parse_data_pickle\n"
        f"try: parse_data_pickle({MEMO_BOMB!r}, source='x')\nexcept Exception: pass\n"
        "print(next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM:')))"
    )
    peak_kib = int(subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True, timeout=60).stdout)
    assert peak_kib < 300 * 1024


@pytest.mark.parametrize("protocol", range(0, pickle.HIGHEST_PROTOCOL + 1))
def test_what_a_real_pickler_writes_passes_and_the_stream_is_rewound(protocol: int) -> None:
    shared = ["shared"]
    data = pickle.dumps({"a": [shared, shared, {"b": (1, 2.5, "x" * 300)}], "c": b"\0" * 70000}, protocol=protocol)
    stream = io.BytesIO(b"prefix" + data + b"trailing storage bytes")
    stream.seek(6)
    check_opcodes(stream, "x")
    assert stream.tell() == 6 and pickle.load(stream)["a"][0] is not None


def test_real_torch_pickles_pass() -> None:
    for binary in sorted(FIXTURES.glob("*/pytorch_model.bin")):
        assert read_torch_bin(binary).tensors  # the guard runs on every one of them


@pytest.mark.parametrize("stream", [b"\x80\x02X\xff\xff\xff\x7fabc.", b"\x80\x02\xfe.", b"\x80\x02N"])
def test_opcodes_genops_cannot_walk_are_clean_errors(stream: bytes) -> None:
    with pytest.raises(CheckpointError, match="not a valid torch pickle"):
        parse_data_pickle(stream, source="x")


class CountingReader(io.BytesIO):
    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.handed_out = 0

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        self.handed_out += len(chunk)
        return chunk

    def readline(self, size: int | None = -1) -> bytes:
        line = super().readline(size)
        self.handed_out += len(line)
        return line


def test_capped_reader_never_hands_out_more_than_its_budget() -> None:
    stream = CountingReader(b"ab\n" + b"x" * 1000)
    stream.seek(1)
    capped = CappedReader(stream, 10)
    assert capped.readline() == b"b\n" and capped.read() == b"x" * 8 and capped.read(5) == b""
    assert capped.readline() == b"" and stream.handed_out == 10


def test_a_legacy_pickle_without_end_reads_no_more_than_the_cap(tmp_path: Path) -> None:
    """A PUT whose decimal argument never ends, over a legacy file larger than the cap (sparse)."""
    path = tmp_path / "pytorch_model.bin"
    with path.open("wb") as handle:
        handle.write(b"\x80\x02N" + b"p1")
        handle.truncate(MAX_PICKLE_BYTES * 2)
    with pytest.raises(CheckpointError, match="not a valid torch pickle"):
        read_torch_bin(path)
