"""A sharded index from a stranger yields an inventory of files inside the model folder, or a
one-line ``CheckpointError``: never a path outside the folder, never another exception."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from _fuzzing import fuzz
from hypothesis import given
from hypothesis import strategies as st

from configlint.checkpoint import find_checkpoint
from configlint.errors import CheckpointError

SHARD = b'\x10\x00\x00\x00\x00\x00\x00\x00{"a":{"dtype":"F32","shape":[],"data_offsets":[0,4]}}' + b"\0" * 4
"""A real one-tensor safetensors shard (tensor "a"), present in the fuzzed folder as shard.safetensors."""

SHARD_NAMES = st.sampled_from(["shard.safetensors", "missing.safetensors", "../shard.safetensors", "/etc/passwd", "C:\\x", "", ".", "..",
                               "sub/../shard.safetensors", "shard.safetensors\x00", "x" * 300, "config.json", "model.safetensors.index.json"])  # fmt: skip
INDEXES = st.one_of(
    st.fixed_dictionaries(
        {
            "weight_map": st.dictionaries(
                st.sampled_from(["a", "b"]) | st.text(max_size=4), SHARD_NAMES | st.text(max_size=8), max_size=4
            )
        }
    ),
    st.fixed_dictionaries({"weight_map": st.none() | st.lists(st.text(max_size=3), max_size=2) | st.just({"a": 1})}),
    st.recursive(
        st.none() | st.integers() | st.text(max_size=4),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
        max_leaves=8,
    ),
)


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sharded") / "model"
    folder.mkdir()
    (folder / "shard.safetensors").write_bytes(SHARD)
    (folder / "config.json").write_text("{}")
    return folder


@fuzz(1.0)
@given(index=INDEXES)
def test_any_index_is_refused_or_stays_inside_the_folder(model: Path, index: object) -> None:
    (model / "model.safetensors.index.json").write_text(json.dumps(index))
    try:
        inventory = find_checkpoint(model)
    except CheckpointError as error:
        assert "\n" not in str(error) and len(str(error)) < 1000
        return
    assert inventory is not None
    assert all(model.resolve() in path.resolve().parents for path in inventory.files)
    assert set(inventory.tensors) <= {"a"}


@pytest.mark.parametrize(
    ("index", "message"),
    [
        ('{"weight_map": {"a": "shard\\u0000.safetensors"}}', "NUL byte"),
        ("[" * 10_000, "nested too deeply"),
        (json.dumps({"weight_map": {"a": "x" * 5000}}), "x"),
    ],
)
def test_regressions_nul_bytes_deep_nesting_long_names(model: Path, index: str, message: str) -> None:
    """Regressions: a NUL byte made Path.resolve raise ValueError, deep nesting RecursionError, and a
    name longer than the file system's limit OSError (ENAMETOOLONG) from is_file()."""
    (model / "model.safetensors.index.json").write_text(index)
    with pytest.raises(CheckpointError, match=message) as caught:
        find_checkpoint(model)
    assert "\n" not in str(caught.value) and len(str(caught.value)) < 1000
