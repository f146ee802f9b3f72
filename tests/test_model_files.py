"""One way to read a model: a local folder, a huggingface_hub cache snapshot and a Hub repo read alike.

The same broken weights must give the same message (and the same file named) whether they sit in
a folder or on the (fake) Hub; a snapshot's links may lead into its repo's ``blobs/`` and nowhere
else; a Hub repo is linted without writing anything to disk, and what the fetch read is not read again.
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from configlint.checkpoint.discovery import choose_weights, read_model_weights
from configlint.engine import lint_file
from configlint.errors import CheckpointError, InputError
from configlint.hub import fetch_model, inspect_remote
from configlint.hub.source import RemoteSource
from configlint.hub.weights import HubRepoFiles
from configlint.model_files import LocalFolder, MissingFileError, SnapshotFolder, open_folder
from configlint.safe_fs import RefusedFileError

TESTS = Path(__file__).parent
FIXTURES = TESTS / "fixtures" / "load_report"
BGE = TESTS.parent / "examples" / "bge-large-zh-v1.5"
INDEX = "model.safetensors.index.json"


def _first_shard(folder: Path) -> Path:
    return folder / sorted(set(json.loads((folder / INDEX).read_text())["weight_map"].values()))[0]


def _truncate(path: Path, size: int) -> None:
    with path.open("r+b") as handle:
        handle.truncate(size)


CORRUPTIONS: dict[str, tuple[str, Callable[[Path], None]]] = {
    "index-not-json": ("bert-sharded", lambda f: (f / INDEX).write_text("{")),
    "index-without-weight-map": ("bert-sharded", lambda f: (f / INDEX).write_text("{}")),
    "index-shard-escapes": (
        "bert-sharded",
        lambda f: (f / INDEX).write_text(json.dumps({"weight_map": {"a": "../x.safetensors"}})),
    ),
    "missing-shard": ("bert-sharded", lambda f: _first_shard(f).unlink()),
    "truncated-shard": ("bert-sharded", lambda f: _truncate(_first_shard(f), 4)),
    "lfs-pointer": (
        "BertModel-clean",
        lambda f: (f / "model.safetensors").write_text("version https://git-lfs.github.com/spec/v1\n"),
    ),
    "header-past-the-end": ("BertModel-clean", lambda f: (f / "model.safetensors").write_bytes(struct.pack("<Q", 4096) + b"{}")),
    "garbage-bin": ("bert-bin-legacy", lambda f: (f / "pytorch_model.bin").write_bytes(b"\x80\x02not a pickle at all")),
    "zip-without-data-pkl": ("bert-bin-zip", lambda f: _zip_without_pickle(f / "pytorch_model.bin")),
}


def _zip_without_pickle(path: Path) -> None:
    import zipfile

    path.unlink()
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("archive/version", "3\n")


@pytest.mark.parametrize("case", sorted(CORRUPTIONS))
def test_broken_weights_read_the_same_locally_and_on_the_hub(case: str, fake_hub, tmp_path: Path) -> None:
    fixture, corrupt = CORRUPTIONS[case]
    folder = Path(shutil.copytree(FIXTURES / fixture, tmp_path / case))
    corrupt(folder)
    fake_hub.add_repo(f"org/{case}", folder)

    local = read_model_weights(LocalFolder(folder))
    remote = fetch_model(f"org/{case}", use_cache=False).checkpoint

    assert isinstance(local.error, CheckpointError) and isinstance(remote.error, CheckpointError), (local, remote)
    assert type(remote.error) is type(local.error)
    assert remote.error.message == local.error.message
    # The same file is blamed: the path inside the model, after the folder or the repo id.
    assert local.error.source is not None and remote.error.source is not None
    assert os.path.relpath(local.error.source, folder) == remote.error.source.removeprefix(f"org/{case}/")
    assert local.source.removeprefix(str(folder)) == remote.source.removeprefix(f"org/{case}")


def _st_with_dense(tmp_path: Path) -> Path:
    folder = Path(shutil.copytree(BGE, tmp_path / "st"))
    modules = json.loads((folder / "modules.json").read_text())
    modules.append({"idx": 3, "name": "3", "path": "./2_Dense/", "type": "sentence_transformers.models.Dense"})
    (folder / "modules.json").write_text(json.dumps(modules))
    (folder / "2_Dense").mkdir()
    (folder / "2_Dense" / "config.json").write_text(json.dumps({"in_features": 1024, "out_features": 256}))
    return folder


def _seen(diagnostics: list, prefix: str) -> list[tuple[str, str, str]]:
    return sorted((d.code, d.message, d.file.removeprefix(prefix)) for d in diagnostics)


def test_a_hub_repo_is_linted_like_the_folder_and_nothing_is_written(fake_hub, tmp_path: Path, monkeypatch) -> None:
    """A Dense module's config.json is in the repo's file list: no finding says it is missing, as locally."""
    folder = _st_with_dense(tmp_path)
    fake_hub.add_repo("org/st", folder)

    def no_disk(*args: object, **kwargs: object) -> None:
        raise AssertionError("a Hub inspection wrote a temporary folder")

    monkeypatch.setattr(tempfile, "mkdtemp", no_disk)
    monkeypatch.setattr(tempfile, "TemporaryDirectory", no_disk)
    parsed: list[str] = []
    real_loads = json.loads

    def counting_loads(text: str, *args: object, **kwargs: object) -> object:
        parsed.append(text)
        return real_loads(text, *args, **kwargs)  # type: ignore[arg-type]

    import configlint.document as document_module

    real_document_loads = document_module._loads

    def counting_document_loads(text: str) -> object:  # parse_document's shared decoder
        parsed.append(text)
        return real_document_loads(text)

    monkeypatch.setattr(json, "loads", counting_loads)
    monkeypatch.setattr(document_module, "_loads", counting_document_loads)
    remote = inspect_remote("org/st", use_cache=False)
    monkeypatch.setattr(json, "loads", real_loads)
    monkeypatch.setattr(document_module, "_loads", real_document_loads)
    for name in ("config.json", "modules.json", "1_Pooling/config.json"):  # each parsed once, fetch and rules together
        assert parsed.count((folder / name).read_text()) == 1, name
    local = lint_file(folder / "config.json")

    assert _seen(remote.diagnostics, "org/st") == _seen(local, str(folder))
    assert not any("has no config.json" in d.message for d in remote.diagnostics)
    modules_reads = [r for r in fake_hub.requests() if r.path.endswith("/modules.json")]
    assert len(modules_reads) == 1  # the rules read what the fetch had read


def test_a_cache_hit_is_linted_like_the_repo(fake_hub, tmp_path: Path) -> None:
    """The cache entry holds every module config the rules read, so a hit cannot invent a missing one."""
    folder = _st_with_dense(tmp_path)
    fake_hub.add_repo("org/st", folder)
    fresh = inspect_remote("org/st")
    hit = inspect_remote("org/st")
    assert (fresh.model.cached, hit.model.cached) == (False, True)
    assert (
        _seen(hit.diagnostics, "org/st")
        == _seen(fresh.diagnostics, "org/st")
        == _seen(lint_file(folder / "config.json"), str(folder))
    )


def _snapshot(tmp_path: Path) -> tuple[Path, Path]:
    """A huggingface_hub cache with one repo, laid out as its downloads make it."""
    repo = tmp_path / "hub" / "models--org--m"
    (repo / "blobs").mkdir(parents=True)
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text("r1")
    snapshot = repo / "snapshots" / "r1"
    snapshot.mkdir(parents=True)
    (repo / "blobs" / "cfg").write_text('{"model_type": "bert"}')
    (snapshot / "config.json").symlink_to("../../blobs/cfg")
    other = repo / "snapshots" / "r0"
    other.mkdir()
    (other / "old.json").write_text("{}")
    neighbour = tmp_path / "hub" / "models--org--other" / "blobs"
    neighbour.mkdir(parents=True)
    (neighbour / "x").write_text("{}")
    return snapshot, repo


@pytest.mark.parametrize(
    ("name", "target"),
    [("ref.json", "../../refs/main"), ("older.json", "../r0/old.json"), ("theirs.json", "../../../models--org--other/blobs/x")],
    ids=["into-refs", "into-another-snapshot", "into-another-repo"],
)
def test_a_snapshot_follows_links_into_its_blobs_only(tmp_path: Path, name: str, target: str) -> None:
    snapshot, _ = _snapshot(tmp_path)
    (snapshot / name).symlink_to(target)
    files = open_folder(snapshot)
    assert isinstance(files, SnapshotFolder)
    assert files.read_bytes("config.json", 100) == b'{"model_type": "bert"}'
    with pytest.raises(RefusedFileError) as refused:
        files.read_bytes(name, 100)
    assert "blobs/" in refused.value.message and refused.value.source == str(snapshot / name)
    assert not files.inside(name)


def test_a_plain_folder_refuses_what_leaves_it_and_what_is_not_a_file(tmp_path: Path) -> None:
    outside = tmp_path / "secret.json"
    outside.write_text("{}")
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "out.json").symlink_to(outside)
    (folder / "dangling.json").symlink_to(folder / "nothing")
    (folder / "sub").mkdir()
    os.mkfifo(folder / "pipe.json")
    (folder / "big.json").write_text("x" * 11)
    files = open_folder(folder)
    assert type(files) is LocalFolder
    for name in ("out.json", "pipe.json"):
        with pytest.raises(RefusedFileError):
            files.read_bytes(name, 100)
    with pytest.raises(RefusedFileError, match="larger than 10 bytes"):
        files.read_bytes("big.json", 10)
    assert files.read_bytes("big.json", 11) == b"x" * 11
    assert (files.has("dangling.json"), files.has("sub"), files.has("absent")) == (True, False, False)
    assert (files.inside("out.json"), files.inside("sub/new.json"), files.inside("")) == (False, True, True)
    with pytest.raises(RefusedFileError, match="NUL byte"):  # one line, not a ValueError from the OS layer
        files.read_bytes("a\0b.json", 100)
    assert (files.has("a\0b"), files.inside("a\0b")) == (False, False)


def test_a_weights_link_out_of_the_folder_is_chosen_then_refused(tmp_path: Path) -> None:
    """Skipping it for the next name would read other weights than transformers does, in silence."""
    folder = Path(shutil.copytree(FIXTURES / "bert-bin-zip", tmp_path / "m"))
    outside = tmp_path / "elsewhere.safetensors"
    shutil.copy(FIXTURES / "BertModel-clean" / "model.safetensors", outside)
    (folder / "model.safetensors").symlink_to(outside)
    files = LocalFolder(folder)
    assert choose_weights(files) == "model.safetensors"
    read = read_model_weights(files)
    assert read.inventory is None and read.error is not None and "outside the model folder" in read.error.message


def test_hub_files_refuse_a_listed_size_past_the_limit_before_any_request(fake_hub) -> None:
    fake_hub.add_repo("org/m", FIXTURES / "BertModel-clean")
    model = fetch_model("org/m", use_cache=False)
    files = model.repo_files
    assert isinstance(files, HubRepoFiles)
    fake_hub.clear_log()
    size = (FIXTURES / "BertModel-clean" / "model.safetensors").stat().st_size
    with pytest.raises(RefusedFileError) as refused:
        files.read_bytes("model.safetensors", size - 1)
    assert refused.value.message == f"is larger than {size - 1:,} bytes; refused"
    assert refused.value.source == "org/m/model.safetensors"
    with pytest.raises(MissingFileError):
        files.read_bytes("absent.json", 100)
    assert files.read_bytes("config.json", 1 << 20) == (FIXTURES / "BertModel-clean" / "config.json").read_bytes()
    assert fake_hub.requests() == []  # config.json was kept from the fetch


def test_a_file_in_huggingface_hubs_cache_is_read_as_a_snapshot(fake_hub, tmp_path: Path) -> None:
    """A cached file whose link leads out of its repo's blobs is refused, not followed."""
    from huggingface_hub import constants

    commit = fake_hub.add_repo("org/m", FIXTURES / "BertModel-clean")
    snapshot = Path(constants.HF_HUB_CACHE) / "models--org--m" / "snapshots" / commit
    snapshot.mkdir(parents=True)
    (tmp_path / "planted.json").write_text('{"secret": 1}')
    (snapshot / "modules.json").symlink_to(tmp_path / "planted.json")
    files = HubRepoFiles(RemoteSource("org/m"), commit)
    assert files.has("modules.json")
    with pytest.raises(InputError) as refused:
        files.read_bytes("modules.json", 100)
    assert "huggingface_hub cache folder models--org--m" in refused.value.message
    assert fake_hub.requests() == []


def test_load_report_reads_a_snapshots_config_through_the_snapshot_rules(tmp_path: Path) -> None:
    """config.json linked into the repo's refs/ (not its blobs/) is refused, as every other file of the snapshot is."""
    from configlint.load_report import report_folder

    snapshot, repo = _snapshot(tmp_path)
    (repo / "refs" / "config").write_text('{"model_type": "bert"}')
    (snapshot / "config.json").unlink()
    (snapshot / "config.json").symlink_to("../../refs/config")
    with pytest.raises(RefusedFileError) as refused:
        report_folder(snapshot)
    assert refused.value.source == str(snapshot / "config.json")


def test_a_module_folder_is_inside_only_when_its_links_stay_inside(tmp_path: Path) -> None:
    model, outside = tmp_path / "model", tmp_path / "outside"
    (model / "1_Pooling").mkdir(parents=True)
    outside.mkdir()
    os.symlink(outside, model / "escape")
    os.symlink(model / "1_Pooling", model / "alias")
    files = LocalFolder(model)
    assert [files.inside(path) for path in ("1_Pooling", "", "./alias/", "escape", "escape/config.json", "../outside")] == [
        True, True, True, False, False, False
    ]  # fmt: skip
