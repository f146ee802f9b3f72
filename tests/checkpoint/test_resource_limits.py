"""Hostile checkpoints that cost memory or time out of proportion to their size (issue 15, items 2-4, 19).

Each corpus case must be refused by the limit its message names. The full-size versions (the
sizes of the issue: 1.3 MB of colliding keys, 60 MB of empty sets, a 6 GB central directory) are
generated here and read in a child process under the issue's budget, enforced by the kernel:
``RLIMIT_AS`` of 256 MiB and ``RLIMIT_CPU`` of 2 s (CPU seconds, so a busy machine cannot make
the test flaky). The child is forked from a server that has configlint imported
(tests/_limited_runs.py), so the 2 s are the read's own.
"""

from __future__ import annotations

import functools
import io
import pickle
import struct
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _cli_support import load_script
from _limited_runs import LimitedRunner
from _support import REPO
from configlint.checkpoint import pickle_guard
from configlint.checkpoint.pickle_guard import MAX_PICKLE_CONTAINERS, MAX_PICKLE_OPERATIONS, check_opcodes
from configlint.checkpoint.torch_bin import parse_data_pickle, read_torch_bin
from configlint.checkpoint.zip_directory import MAX_CENTRAL_DIRECTORY_BYTES, MAX_ZIP_ENTRIES, read_claim
from configlint.errors import CheckpointError

corpus = load_script("generate_hostile_corpus")
CORPUS = REPO / "tests" / "corpus"

REFUSED = {
    "pickle-hash-flood-int-keys": "an integer wider than 64 bits as a dict key",
    "pickle-hash-flood-set": "an integer wider than 64 bits as a set member",
    "pickle-legacy-hash-flood": "an integer wider than 64 bits as a dict key",
    "pickle-container-flood": "MAX_PICKLE_CONTAINERS",
    "zip-zip64-claims-many-members": "ZIP64 end record claims 1,099,511,627,776 members.*MAX_ZIP_ENTRIES",
    "zip-zip64-claims-huge-directory": "ZIP64 end record claims a central directory of 6,000,000,000 bytes.*MAX_CENTRAL_DIRECTORY_BYTES",
    "zip-end-record-claims-huge-directory": "claims a central directory of 4,294,967,280 bytes.*MAX_CENTRAL_DIRECTORY_BYTES",
    "zip-data-pkl-twice-by-case": "one 'archive/data.pkl' .*this has 2",
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_each_resource_case_is_refused_by_the_limit_it_names(case: str) -> None:
    with pytest.raises(CheckpointError, match=REFUSED[case]):
        read_torch_bin(CORPUS / case / "pytorch_model.bin")


def test_a_drive_letter_folder_is_read_as_torch_reads_it() -> None:
    """``C:/data.pkl`` first: the folder is ``C:`` and the pickle is ``C:/data.pkl``; no name becomes a path."""
    inventory = read_torch_bin(CORPUS / "zip-member-drive-letter" / "pytorch_model.bin")
    assert list(inventory.tensors) == ["bert.embeddings.word_embeddings.weight"]


@pytest.mark.parametrize(
    ("names", "found"),
    [
        (["archive/version", "ARCHIVE/Data.PKL"], True),  # miniz's lookup ignores ASCII case
        (["archive/version", "other/data.pkl"], False),  # not in the first member's folder
        (["archive/version", "archive/sub/data.pkl"], False),
        (["data.pkl"], False),  # the first member is in no folder
    ],
)
def test_the_pickle_is_the_first_members_folder_plus_data_pkl(tmp_path: Path, names: list[str], found: bool) -> None:
    path = tmp_path / "pytorch_model.bin"
    path.write_bytes(
        corpus.zip_bytes([(name, corpus.tensor_pickle() if name.lower().endswith("data.pkl") else b"3\n") for name in names])
    )
    if found:
        assert len(read_torch_bin(path)) == 1
    else:
        with pytest.raises(CheckpointError, match="data.pkl"):
            read_torch_bin(path)


# ---------------------------------------------------------------- full size, under the budget


def _read_within_budget(runner: LimitedRunner, path: Path) -> str:
    """``read_torch_bin(path)`` in a child limited to 256 MiB of address space and 2 s of CPU: its refusal."""
    run = runner.call("_limited_runs:torch_bin_refusal", str(path), cwd=path.parent, cpu_seconds=2, wall_seconds=60)
    assert run.status == 0 and run.raised is None and not run.stderr, run  # SIGXCPU or MemoryError otherwise
    assert run.value is not None, "read without a refusal"
    return str(run.value)


def _sparse_zip64(path: Path, size: int) -> None:
    """A ``size``-byte sparse file whose ZIP64 end records say it is all central directory."""
    directory = size - 98
    with path.open("wb") as handle:
        handle.write(b"PK\x03\x04")
        handle.seek(directory)
        handle.write(struct.pack("<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, 2, 2, directory, 0))
        handle.write(struct.pack("<4sLQL", b"PK\x06\x07", 0, directory, 1))
        handle.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0))


@functools.cache  # the zip and the legacy case share it: building 60 MB of it is ~0.6 s
def _empty_sets_60mb() -> bytes:
    return corpus.container_flood_pickle(60_000_000)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: corpus.torch_zip(corpus.hash_flood_pickle(118_000)), "as a dict key"),
        (lambda: corpus.torch_zip(_empty_sets_60mb()), "MAX_PICKLE_CONTAINERS"),
        (lambda: corpus.legacy(_empty_sets_60mb()), "MAX_PICKLE_CONTAINERS"),
        (lambda: corpus.torch_zip(corpus.operation_flood_pickle(60_000_000)), "MAX_PICKLE_OPERATIONS"),
        (lambda: corpus.torch_zip(corpus.memo_copy_flood_pickle(30_000_000)), "MAX_PICKLE_OPERATIONS"),
    ],
    ids=["hash-flood-1.3MB", "empty-sets-60MB", "empty-sets-60MB-legacy", "none-60MB", "binget-copies-60MB"],
)
@pytest.mark.skipif(sys.platform != "linux", reason="resource limits as Linux enforces them")
def test_full_size_pickle_bombs_end_within_the_budget(
    tmp_path: Path, build: Any, message: str, limited_runner: LimitedRunner
) -> None:
    path = tmp_path / "pytorch_model.bin"
    path.write_bytes(build())
    assert message in _read_within_budget(limited_runner, path)


@pytest.mark.skipif(sys.platform != "linux", reason="resource limits as Linux enforces them")
def test_a_6_gb_central_directory_is_refused_before_it_is_read(tmp_path: Path, limited_runner: LimitedRunner) -> None:
    """zipfile would ``read(6 GB)`` in one call: a MemoryError (or 6 GB of RSS without the limit)."""
    path = tmp_path / "pytorch_model.bin"
    _sparse_zip64(path, 6 * 10**9)
    assert "MAX_CENTRAL_DIRECTORY_BYTES" in _read_within_budget(limited_runner, path)


def _empty_members_zip(names: list[str]) -> bytes:
    """What ``corpus.zip_bytes`` writes for these names with empty data, byte for byte, packed directly:
    zipfile.writestr costs about 15 us a member. Past 0xFFFF members the ZIP64 end records carry the count."""
    local, central = bytearray(), bytearray()
    dos_date = 1 << 5 | 1  # corpus.ZIP_DATE, 1980-01-01 00:00
    for name in names:
        encoded = name.encode()
        central += struct.pack(
            "<4s4B4HL2L5H2L", b"PK\x01\x02", 20, 3, 20, 0, 0, 0, 0, dos_date, 0, 0, 0, len(encoded), 0, 0, 0, 0, 0o600 << 16, len(local)
        )  # fmt: skip
        central += encoded
        local += struct.pack("<4s2B4HL2L2H", b"PK\x03\x04", 20, 0, 0, 0, 0, dos_date, 0, 0, 0, len(encoded), 0) + encoded
    count, end = len(names), len(local) + len(central)
    if count > 0xFFFF:
        central += struct.pack("<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, count, count, end - len(local), len(local))
        central += struct.pack("<4sLQL", b"PK\x06\x07", 0, end, 1)
    small = min(count, 0xFFFF)
    return bytes(local + central + struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, small, small, end - len(local), len(local), 0))


def test_the_direct_zip_writer_writes_what_zipfile_writes() -> None:
    """The writer the member-count test uses is checked against zipfile itself (the full 65,537-member
    archive was compared byte for byte once as well; zipfile takes ~1 s to write it)."""
    names = ["a/0", "a/1", "archive/data.pkl"]
    assert _empty_members_zip(names) == corpus.zip_bytes([(name, b"") for name in names])
    with zipfile.ZipFile(io.BytesIO(_empty_members_zip(names))) as opened:
        assert opened.namelist() == names


def test_a_directory_holding_more_members_than_it_claims_is_refused(tmp_path: Path) -> None:
    """zipfile walks the directory by its byte size and never checks the count: the real count is capped too."""
    archive = bytearray(_empty_members_zip([f"a/{n}" for n in range(MAX_ZIP_ENTRIES + 1)]))
    struct.pack_into("<2Q", archive, archive.rindex(b"PK\x06\x06") + 24, 1, 1)  # the ZIP64 end record claims one member
    claim = read_claim(io.BytesIO(bytes(archive)))
    assert claim is not None and claim.entries == 1 and claim.size < MAX_CENTRAL_DIRECTORY_BYTES
    path = tmp_path / "pytorch_model.bin"
    path.write_bytes(bytes(archive))
    with pytest.raises(CheckpointError, match="holds 65,537 members"):
        read_torch_bin(path)


def test_the_end_record_is_found_where_zipfile_finds_it(tmp_path: Path) -> None:
    """With an archive comment, and with a ZIP64 record: what read_claim reports is what zipfile uses."""
    plain = corpus.torch_zip(corpus.tensor_pickle())
    commented = plain[:-2] + struct.pack("<H", 5) + b"hello"
    for archive in (plain, commented, corpus.with_zip64_end(plain)):
        claim = read_claim(io.BytesIO(archive))
        with zipfile.ZipFile(io.BytesIO(archive)) as opened:
            assert claim is not None and claim.entries == len(opened.infolist()) == 3
            assert claim.size == sum(46 + len(info.filename.encode()) + len(info.extra) for info in opened.infolist())
    assert read_claim(io.BytesIO(b"PK\x03\x04 not a zip")) is None


# ---------------------------------------------------------------- honest pickles stay well inside the limits


def test_a_bert_large_state_dict_passes_with_room_to_spare(monkeypatch: pytest.MonkeyPatch) -> None:
    """391 tensors, laid out as torch.save writes them: read whole, and still read under limits 10x tighter."""
    data = corpus.torch_state_dict(corpus.bert_shapes())
    assert len(parse_data_pickle(data, source="x")) == 391
    monkeypatch.setattr(pickle_guard, "MAX_PICKLE_OPERATIONS", MAX_PICKLE_OPERATIONS // 10)
    monkeypatch.setattr(pickle_guard, "MAX_PICKLE_CONTAINERS", MAX_PICKLE_CONTAINERS // 10)
    assert len(parse_data_pickle(data, source="x")) == 391


def test_the_limits_are_what_stops_a_pickle_just_past_them() -> None:
    with pytest.raises(CheckpointError, match="MAX_PICKLE_CONTAINERS"):
        check_opcodes(io.BytesIO(corpus.container_flood_pickle(MAX_PICKLE_CONTAINERS)), "x")  # plus the state dict
    check_opcodes(io.BytesIO(corpus.container_flood_pickle(MAX_PICKLE_CONTAINERS - 2)), "x")
    with pytest.raises(CheckpointError, match="MAX_PICKLE_OPERATIONS"):
        check_opcodes(io.BytesIO(corpus.operation_flood_pickle(MAX_PICKLE_OPERATIONS)), "x")
    check_opcodes(io.BytesIO(corpus.operation_flood_pickle(MAX_PICKLE_OPERATIONS - 1000)), "x")


# ---------------------------------------------------------------- the replay agrees with what pickle writes

WIDE = st.sampled_from([2**63, -(2**63) - 1, 2**61 - 1 + 2**64, 10**30])
SAFE_SCALARS = st.integers(-(2**63), 2**63 - 1) | st.text(max_size=4) | st.floats(allow_nan=False) | st.booleans() | st.none()
"""Before protocol 3, pickle writes bytes as a call (``_codecs.encode``), which may not be a key: no bytes here."""


@functools.cache  # strategies built once: hypothesis validates a new one on every draw
def _keys(safe: bool) -> st.SearchStrategy[Any]:
    scalars = SAFE_SCALARS if safe else WIDE
    return st.recursive(scalars, lambda inner: st.tuples(inner) | st.tuples(SAFE_SCALARS, inner), max_leaves=3)


@functools.cache
def _values(protocol: int) -> st.SearchStrategy[Any]:
    def containers(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
        dicts = st.dictionaries(_keys(True), inner, max_size=3)
        sets = st.frozensets(_keys(True), max_size=3) | st.sets(_keys(True), max_size=3) if protocol >= 4 else st.nothing()
        return st.lists(inner, max_size=3) | st.tuples(inner, inner) | dicts | sets

    return st.recursive(SAFE_SCALARS | st.binary(max_size=4), containers, max_leaves=8)


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(protocol=st.integers(0, pickle.HIGHEST_PROTOCOL), data=st.data())
def test_keys_are_refused_exactly_when_their_hash_can_be_steered(protocol: int, data: st.DataObject) -> None:
    """Whatever pickle writes for these values, the replay passes it, until one key is a wide int
    (alone or in a tuple) or a frozenset: then it is refused, whatever nesting holds it."""
    value = data.draw(_values(protocol))
    check_opcodes(io.BytesIO(pickle.dumps(value, protocol=protocol)), "x")
    bad_key = data.draw(_keys(False) | (st.frozensets(SAFE_SCALARS, min_size=1, max_size=2) if protocol >= 4 else st.nothing()))
    hostile = data.draw(st.sampled_from([{bad_key: 1}, [value, {bad_key: value}], ({"a": {bad_key: None}},)]))
    with pytest.raises(CheckpointError, match="as a dict key"):
        check_opcodes(io.BytesIO(pickle.dumps(hostile, protocol=protocol)), "x")
