"""Pickles are refused or parsed, never executed; zip archives are refused or read within the cap.

The hand-made hostile pickles come from ``scripts/generate_hostile_corpus.py`` (also the source of
``tests/corpus/``): each would create a marker file under a standard unpickler, which one test
proves in a subprocess, so that "no marker afterwards" means something. Hypothesis then feeds the
restricted unpickler arbitrary opcode streams and arbitrary zip archives.
"""

from __future__ import annotations

import contextlib
import copyreg
import pickletools
import struct
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from _fuzzing import fuzz
from hypothesis import example, given
from hypothesis import strategies as st

from _cli_support import load_script
from _support import REPO
from configlint.checkpoint import torch_bin
from configlint.checkpoint.inventory import TensorInventory
from configlint.checkpoint.torch_bin import _ALLOWED, parse_data_pickle, read_torch_bin
from configlint.errors import CheckpointError, UnsafePickleError

corpus = load_script("generate_hostile_corpus")
REAL_ZIP = REPO / "tests" / "fixtures" / "load_report" / "bert-bin-zip" / "pytorch_model.bin"
REAL_DATA_PKL = zipfile.ZipFile(REAL_ZIP).read("pytorch_model/data.pkl")


def allowlist_state() -> dict[tuple[str, str], tuple[Any, ...]]:
    """What each allowlisted stand-in is; a hostile pickle must not be able to change it."""
    return {
        key: (type(value), getattr(value, "dtype", None), getattr(value, "function", None)) for key, value in _ALLOWED.items()
    }


ALLOWLIST = allowlist_state()


def read_refused_or_parsed(
    read: Any, *arguments: Any, marker: Path | None = None, **keywords: Any
) -> TensorInventory | CheckpointError:
    """Run a reader; it must return an inventory or raise CheckpointError, and leave no trace."""
    try:
        result: TensorInventory | CheckpointError = read(*arguments, **keywords)
    except CheckpointError as error:
        assert "\n" not in str(error) and len(str(error)) < 2000, str(error)[:300]
        result = error
    assert allowlist_state() == ALLOWLIST, "a pickle changed an allowlisted stand-in"
    if marker is not None:
        assert not marker.exists(), "a pickle ran code"
    return result


# ---------------------------------------------------------------- hand-made hostile pickles


@pytest.fixture
def marker(tmp_path: Path) -> Path:
    return tmp_path / "pwned"


@pytest.mark.parametrize("name", sorted(corpus.hostile_pickles("m")))
@pytest.mark.parametrize("container", ["data.pkl", "zip", "legacy"])
def test_hostile_pickles_are_refused_and_never_run(name: str, container: str, marker: Path, tmp_path: Path) -> None:
    payload = corpus.hostile_pickles(str(marker))[name].data
    if container == "data.pkl":
        result = read_refused_or_parsed(parse_data_pickle, payload, marker=marker, source="x")
    else:
        path = tmp_path / "pytorch_model.bin"
        path.write_bytes(corpus.torch_zip(payload) if container == "zip" else corpus.legacy(payload))
        result = read_refused_or_parsed(read_torch_bin, path, marker=marker)
    assert isinstance(result, CheckpointError)
    if "popen" in name:
        time.sleep(0.1)  # a spawned process would need a moment to create the marker
    assert not marker.exists()


def test_the_payloads_are_live_under_a_standard_unpickler(tmp_path: Path) -> None:
    """Each payload marked live creates its marker under ``pickle.loads`` (in a subprocess), so the
    refusal above is tested against working exploits, not against typos."""
    live = {name: tmp_path / name for name, payload in corpus.hostile_pickles("m").items() if payload.live}
    script = (
        "import copyreg, pickle, subprocess, sys\n"
        f"sys.path.insert(0, {str(REPO / 'scripts')!r})\n"
        "import generate_hostile_corpus as corpus\n"
        "copyreg.add_extension('os', 'system', corpus.EXTENSION_CODE)\n"
        "for name, marker in zip(sys.argv[1::2], sys.argv[2::2]):\n"
        "    result = None\n"
        "    try:\n"
        "        result = pickle.loads(corpus.hostile_pickles(marker)[name].data)\n"
        "    except ImportError:\n"
        "        pass  # torch is not installed: the payload ran before the honest tensor\n"
        "    if isinstance(result, subprocess.Popen): result.wait()\n"
    )
    arguments = [item for name, path in live.items() for item in (name, str(path))]
    subprocess.run([sys.executable, "-c", script, *arguments], cwd=tmp_path, check=True, timeout=60, capture_output=True)
    assert [name for name, path in live.items() if not path.exists()] == []


def test_extension_codes_still_go_through_the_allowlist(marker: Path) -> None:
    """EXT opcodes resolve through copyreg's registry to (module, name), then to find_class."""
    payload = corpus.hostile_pickles(str(marker))["ext-code-os-system"].data
    copyreg.add_extension("os", "system", corpus.EXTENSION_CODE)
    try:
        with pytest.raises(UnsafePickleError, match="os.system"):
            parse_data_pickle(payload, source="x")
    finally:
        copyreg.remove_extension("os", "system", corpus.EXTENSION_CODE)
    assert not marker.exists()


def test_stand_ins_cannot_be_rewritten_by_build() -> None:
    """Regression: BUILD's slot state called setattr on the shared torch.FloatStorage stand-in,
    so one hostile file made every later checkpoint in the process read as F16."""
    with pytest.raises(UnsafePickleError, match="dtype"):
        parse_data_pickle(corpus.poison_pickle(), source="x")
    assert allowlist_state() == ALLOWLIST
    inventory = parse_data_pickle(REAL_DATA_PKL, source="x")
    assert {info.dtype for info in inventory.tensors.values()} == {"F16"}  # as recorded, not poisoned
    assert parse_data_pickle(corpus.tensor_pickle(), source="x").tensors["bert.embeddings.word_embeddings.weight"].dtype == "F32"


def test_a_persistent_id_bomb_is_refused_quickly() -> None:
    """Regression: the refusal message printed the persistent id whole; this one has 2**60 leaves."""
    started = time.perf_counter()
    with pytest.raises(UnsafePickleError, match="persistent id") as caught:
        parse_data_pickle(corpus.persistent_id_bomb(), source="x")
    assert time.perf_counter() - started < 5 and len(str(caught.value)) < 500


def _pickled(value: int | bool | float | str) -> bytes:
    if isinstance(value, bool):
        return b"\x88" if value else b"\x89"
    if isinstance(value, int):
        return corpus.integer(value)
    if isinstance(value, float):
        return b"G" + struct.pack(">d", value)
    return corpus.text(value)


@pytest.mark.parametrize("shape", [(-1, 2), (True, 2), (2.0,), ("2",)])
def test_tensors_with_impossible_shapes_are_refused(shape: tuple[Any, ...]) -> None:
    """A shape of negative numbers, booleans, floats or strings is not a tensor: refused."""
    size = corpus.MARK + b"".join(_pickled(n) for n in shape) + b"t"
    storage = corpus.storage_pid(corpus.glob("torch", "FloatStorage"))
    tensor = corpus.call(corpus.glob("torch._utils", "_rebuild_tensor_v2"), storage, corpus.integer(0), size, size, b"\x89", b"}")
    with pytest.raises(UnsafePickleError, match="storage and a shape"):
        parse_data_pickle(corpus.PROTO2 + corpus.state_dict(("w", tensor)) + corpus.STOP, source="x")


# ---------------------------------------------------------------- arbitrary opcode streams

LENGTH_PREFIX = {pickletools.TAKEN_FROM_ARGUMENT1: "<B", pickletools.TAKEN_FROM_ARGUMENT4: "<i",
                 pickletools.TAKEN_FROM_ARGUMENT4U: "<I", pickletools.TAKEN_FROM_ARGUMENT8U: "<Q"}  # fmt: skip
WORDS = ["storage", "cpu", "0", "torch", "FloatStorage", "HalfStorage", "collections", "OrderedDict", "torch._utils",
         "_rebuild_tensor_v2", "_rebuild_parameter", "os", "system", "posix", "builtins", "exec", "eval", "getattr",
         "__import__", "subprocess", "Popen", "__setstate__", "dtype", "function", "__class__", "__reduce__", ""]  # fmt: skip
GLOBALS = st.sampled_from(sorted(_ALLOWED) + [("os", "system"), ("builtins", "exec"), ("builtins", "getattr"), ("subprocess", "Popen"),
                                              ("posix", "system"), ("configlint.checkpoint.torch_bin", "_StateDict"), ("sys", "modules")])  # fmt: skip


def _argument(opcode: pickletools.OpcodeInfo, marker: str) -> st.SearchStrategy[bytes]:
    """Bytes for an opcode's argument: mostly well-formed, sometimes lying about its length."""
    arg = opcode.arg
    if arg is None:
        return st.just(b"")
    words = st.sampled_from(WORDS + [f"touch {marker}"]).map(str.encode) | st.binary(max_size=12)
    if arg.n >= 0:
        small = st.integers(0, 40).map(lambda n: n.to_bytes(arg.n, "little", signed=False)) if arg.n > 0 else st.just(b"")
        return small | st.binary(min_size=arg.n, max_size=arg.n)
    if arg.n == pickletools.UP_TO_NEWLINE:
        if arg.name == "stringnl_noescape_pair":
            return GLOBALS.map(lambda pair: f"{pair[0]}\n{pair[1]}\n".encode())
        if arg.name == "stringnl":
            return words.map(lambda word: repr(word.decode("latin-1")).encode() + b"\n")
        return (st.integers(-5, 300).map(str) | st.sampled_from(["01", "1L", "x", "1.5", "nan"])).map(
            lambda text: text.encode() + b"\n"
        ) | words.map(lambda w: w + b"\n")
    layout = LENGTH_PREFIX[arg.n]
    honest = words.map(lambda word: struct.pack(layout, len(word)) + word)
    lying = st.tuples(st.sampled_from([2**7, 2**31 - 1, 2**32 - 1, 2**63 - 1, 2**64 - 1]), words).map(
        lambda pair: struct.pack(layout, pair[0] % (2 ** (8 * struct.calcsize(layout) - (layout == "<i")))) + pair[1]
    )
    return honest | lying


def opcode_streams(marker: str) -> st.SearchStrategy[bytes]:
    """PROTO, then opcodes with arguments, then STOP: the restricted unpickler's full input space."""
    instruction = st.sampled_from(pickletools.opcodes).flatmap(
        lambda op: _argument(op, marker).map(lambda arg: op.code.encode("latin-1") + arg)
    )
    protocol = st.integers(0, 5).map(lambda n: bytes([0x80, n])) | st.just(b"")
    return st.tuples(protocol, st.lists(instruction, max_size=40), st.sampled_from([b".", b""])).map(
        lambda parts: parts[0] + b"".join(parts[1]) + parts[2]
    )


def spliced(base: bytes) -> st.SearchStrategy[bytes]:
    """A real data.pkl with a run of arbitrary opcodes spliced in: gets past the first opcodes."""
    return st.tuples(st.integers(0, len(base)), opcode_streams("pwned"), st.integers(0, 16)).map(
        lambda t: base[: t[0]] + t[1][2:-1] + base[t[0] + t[2] :]
    )


@fuzz(1.0)
@given(stream=opcode_streams("pwned") | spliced(REAL_DATA_PKL) | spliced(corpus.tensor_pickle()))
@example(stream=corpus.poison_pickle())
def test_any_opcode_stream_is_refused_or_parsed(tmp_path_factory: pytest.TempPathFactory, stream: bytes) -> None:
    """Marker commands in the streams are relative ("touch pwned"): run where they would land."""
    with contextlib.chdir(tmp_path_factory.getbasetemp()):
        marker = Path("pwned")
        assert not marker.exists()
        result = read_refused_or_parsed(parse_data_pickle, stream, marker=marker, source="x")
    if isinstance(result, TensorInventory):
        assert all(isinstance(name, str) and all(n >= 0 for n in info.shape) for name, info in result.tensors.items())


@fuzz(0.5)
@given(stream=st.binary(max_size=300))
def test_random_bytes_as_a_legacy_checkpoint(tmp_path_factory: pytest.TempPathFactory, stream: bytes) -> None:
    path = tmp_path_factory.getbasetemp() / "pytorch_model.bin"
    path.write_bytes(stream)
    read_refused_or_parsed(read_torch_bin, path)


# ---------------------------------------------------------------- zip archives

MEMBER_NAMES = st.sampled_from(["archive/data.pkl", "archive/version", "archive/data/0", "../archive/data.pkl", "/archive/data.pkl",
                                "a/b/data.pkl", "data.pkl", "archive\\data.pkl", "archive/../../data.pkl", "archive/xdata.pkl"])  # fmt: skip
DIRECTORY_FIELDS = st.fixed_dictionaries(
    {},
    optional={
        "flags": st.sampled_from([0, 1, 8, 0x800]),
        "file_size": st.sampled_from([0, 1, 100, 2**26, 2**32 - 1]),
        "compress_type": st.sampled_from([0, 8, 12, 14, 99]),
    },
)


@st.composite
def zip_archives(draw: st.DrawFn) -> bytes:
    members = draw(
        st.lists(
            st.tuples(
                MEMBER_NAMES, st.sampled_from([corpus.tensor_pickle(), REAL_DATA_PKL, b"", b"\x80\x02."]) | st.binary(max_size=40)
            ),
            max_size=4,
        )
    )
    archive = corpus.zip_bytes(members, compression=draw(st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])))
    archive = corpus.patch_central_directory(archive, **draw(DIRECTORY_FIELDS))
    cut = draw(st.integers(0, 64))
    return archive[: len(archive) - cut] if draw(st.booleans()) else archive


def mutated_real_zip() -> st.SearchStrategy[bytes]:
    real = REAL_ZIP.read_bytes()
    return st.lists(st.tuples(st.integers(0, len(real) - 1), st.integers(1, 255)), min_size=1, max_size=8).map(
        lambda flips: bytes(byte ^ dict(flips).get(index, 0) for index, byte in enumerate(real))
    )


@fuzz(1.0)
@given(archive=zip_archives() | mutated_real_zip())
def test_any_zip_archive_is_refused_or_read(tmp_path_factory: pytest.TempPathFactory, archive: bytes) -> None:
    path = tmp_path_factory.getbasetemp() / "pytorch_model.bin"
    path.write_bytes(archive)
    read_refused_or_parsed(read_torch_bin, path)


def _never_decompress(*args: object, **kwargs: object) -> None:
    raise AssertionError("a compressed data.pkl was decompressed")


@pytest.mark.parametrize("case", ["zip-bomb-bzip2", "zip-bomb-lying-size"])
def test_zip_bombs_are_refused_without_decompressing(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(zipfile, "_get_decompressor", _never_decompress)
    content = next(c for c in corpus.zip_cases() if c.name == case).files["pytorch_model.bin"]
    assert len(content) < 1000
    path = tmp_path / "pytorch_model.bin"
    path.write_bytes(content)
    with pytest.raises(CheckpointError, match="compressed"):
        read_torch_bin(path)


def test_the_size_cap_applies_to_the_bytes_read_not_to_the_header(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Even if a directory entry passed the size check, the read stops at MAX_PICKLE_BYTES + 1."""
    path = tmp_path / "pytorch_model.bin"
    path.write_bytes(corpus.torch_zip(REAL_DATA_PKL))
    with zipfile.ZipFile(path) as archive:
        member = archive.getinfo("archive/data.pkl")
        monkeypatch.setattr(torch_bin, "MAX_PICKLE_BYTES", 1000)
        with pytest.raises(CheckpointError, match="larger than 1,000 bytes"):
            torch_bin._read_capped(archive, member, "x")
        monkeypatch.setattr(torch_bin, "MAX_PICKLE_BYTES", len(REAL_DATA_PKL))
        assert torch_bin._read_capped(archive, member, "x") == REAL_DATA_PKL


def test_a_huge_size_claim_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "pytorch_model.bin"
    path.write_bytes(corpus.patch_central_directory(corpus.torch_zip(REAL_DATA_PKL), file_size=2**32 - 1))
    with pytest.raises(CheckpointError, match="claims 4,294,967,295 bytes"):
        read_torch_bin(path)


def test_an_encrypted_data_pkl_is_refused_by_name(tmp_path: Path) -> None:
    """Regression: zipfile raised RuntimeError ("password required"), which escaped as an internal error."""
    path = tmp_path / "pytorch_model.bin"
    path.write_bytes(corpus.patch_central_directory(corpus.torch_zip(REAL_DATA_PKL), flags=1))
    with pytest.raises(CheckpointError, match="encrypted"):
        read_torch_bin(path)
