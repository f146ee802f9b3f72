"""Nothing outside the model folder is read, nothing irregular is opened: through the real CLI.

Every tree is built at run time in ``tmp_path`` (symlinks, FIFOs and device nodes do not live in
git): planted links to files outside the folder, FIFOs and character devices named config.json or
model.safetensors, link loops, and a huggingface_hub cache laid out the way
``huggingface_hub.file_download`` lays it out (relative links from ``snapshots/<rev>/`` to
``../../blobs/<etag>``). Cases that could hang run in a forked child with an alarm (tests/_limited_runs.py), so a regression
fails instead of blocking the suite.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import stat
import struct
from collections.abc import Callable
from pathlib import Path

import pytest

from _cli_support import CliRun, assert_clean_exit, assert_one_line_refusal, load_script, run_cli
from _limited_runs import LimitedRunner
from _sized_checkpoint import write_sized_model
from configlint.errors import InputError
from configlint.safe_fs import RefusedFileError, model_root, read_regular_bytes

TINY = load_script("generate_hostile_corpus").CONFIG
"""The hostile corpus's tiny BERT config: a model that loads, so only the link under test can refuse."""
SECRET_LENGTH = 0x0123456789AB
"""The length prefix of the 'outside' weights: its digits must never show up in any output."""


def _tiny_model(folder: Path) -> Path:
    write_sized_model(folder, TINY)
    return folder


def _outside_weights(tmp_path: Path) -> Path:
    secret = tmp_path / "outside" / "secret.safetensors"
    secret.parent.mkdir(parents=True, exist_ok=True)
    secret.write_bytes(struct.pack("<Q", SECRET_LENGTH) + b"{}")
    return secret


def _no_secret(run: CliRun) -> None:
    for digits in (str(SECRET_LENGTH), f"{SECRET_LENGTH:,}", hex(SECRET_LENGTH)):
        assert digits not in run.out + run.err


# ---------------------------------------------------------------- links that leave the folder


def test_a_config_linked_outside_the_folder_is_refused_unread(tmp_path: Path) -> None:
    outside = tmp_path / "outside.json"
    outside.write_text('{"model_type": "bert", "hidden_size": "SECRET-VALUE"}')
    model = tmp_path / "model"
    model.mkdir()
    (model / "config.json").symlink_to(outside)
    for args in (["check", str(model / "config.json")], ["load-report", str(model)]):
        run = run_cli(args)
        assert_one_line_refusal(run, f"{model / 'config.json'}:", "outside the model folder")
        assert "SECRET-VALUE" not in run.out + run.err


def test_relative_links_out_of_the_folder_are_refused_too(tmp_path: Path) -> None:
    (tmp_path / "outside.json").write_text(json.dumps(TINY))
    model = tmp_path / "model"
    model.mkdir()
    (model / "config.json").symlink_to("sub/../../outside.json")
    (model / "sub").mkdir()
    assert_one_line_refusal(run_cli(["check", str(model / "config.json")]), "outside the model folder")


def test_weights_linked_outside_leak_nothing_and_are_a_finding_for_check(tmp_path: Path) -> None:
    """check reports it as W001 (the config is still checked); load-report, whose subject is the weights, exits 2."""
    secret = _outside_weights(tmp_path)
    model = _tiny_model(tmp_path / "model")
    (model / "model.safetensors").unlink()
    (model / "model.safetensors").symlink_to(secret)
    run = run_cli(["check", "--select", "W001", str(model)])
    assert_clean_exit(run, allowed=(1,))
    assert "model.safetensors resolves outside the model folder" in run.out and "W001" in run.out
    assert "the weights were not checked" in run.out and "transformers cannot load" not in run.out
    _no_secret(run)
    report = run_cli(["load-report", str(model)])
    assert_one_line_refusal(report, "model.safetensors", "outside the model folder")
    _no_secret(report)


def test_a_shard_linked_outside_is_refused(tmp_path: Path) -> None:
    secret = _outside_weights(tmp_path)
    model = _tiny_model(tmp_path / "model")
    (model / "model.safetensors").rename(model / "model-00001-of-00001.safetensors")
    (model / "model.safetensors.index.json").write_text(json.dumps({"weight_map": {"a": "shard.safetensors"}}))
    (model / "shard.safetensors").symlink_to(secret)
    report = run_cli(["load-report", str(model)])
    assert_one_line_refusal(report, "shard.safetensors", "outside the model folder")
    _no_secret(report)


def test_a_module_folder_linked_outside_is_not_read(tmp_path: Path) -> None:
    """A Pooling module's folder that is a link out: its config is never read (it counts as absent)."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "config.json").write_text('{"word_embedding_dimension": 424242, "pooling_mode_mean_tokens": true}')
    model = tmp_path / "model"
    model.mkdir()
    (model / "config.json").write_text(json.dumps(TINY))
    (model / "modules.json").write_text(
        json.dumps([{"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"}])
    )
    (model / "1_Pooling").symlink_to(elsewhere, target_is_directory=True)
    run = run_cli(["check", str(model)])
    assert_clean_exit(run, allowed=(0, 1))
    assert "424242" not in run.out + run.err


def test_links_inside_the_folder_are_followed(tmp_path: Path) -> None:
    model = _tiny_model(tmp_path / "model")
    (model / "real").mkdir()
    (model / "config.json").rename(model / "real" / "config.json")
    (model / "config.json").symlink_to("real/config.json")
    (model / "model.safetensors").rename(model / "real" / "weights.safetensors")
    (model / "model.safetensors").symlink_to(model / "real" / "weights.safetensors")  # absolute, still inside
    run = run_cli(["load-report", str(model)])
    assert_clean_exit(run, allowed=(0, 1))
    assert "loading as BertModel" in run.out


def test_a_link_loop_is_one_line(tmp_path: Path) -> None:
    model = tmp_path / "model"
    model.mkdir()
    (model / "config.json").symlink_to("other.json")
    (model / "other.json").symlink_to("config.json")
    assert_one_line_refusal(run_cli(["check", str(model / "config.json")]), "too many levels of symbolic links")


# ---------------------------------------------------------------- special files

BoundedRun = Callable[[list[str]], CliRun]


@pytest.fixture
def bounded(limited_runner: LimitedRunner) -> BoundedRun:
    """The CLI in a child process that must finish within a minute: a FIFO read would block forever.

    The child is forked from a prepared interpreter (tests/_limited_runs.py), not started afresh;
    its CPU cap is as loose as the minute, so only a hang or a runaway read can end it early.
    """

    def run(args: list[str]) -> CliRun:
        child = limited_runner.call("_limited_runs:cli_runs", [args], cwd=Path.cwd(), cpu_seconds=60, wall_seconds=60)
        if child.status == -signal.SIGALRM:
            pytest.fail(f"configlint {' '.join(args)} did not finish: it blocked on a special file")
        assert child.status == 0 and child.raised is None, child
        return CliRun(**child.value[0])

    return run


def _make_zero_device(path: Path) -> None:
    """A character device like /dev/zero (major 1, minor 5) inside the folder; needs root."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o644, os.makedev(1, 5))
    except PermissionError:
        pytest.skip("creating a device node needs root")


SPECIAL = {
    "fifo": lambda path: os.mkfifo(path),
    "zero-device": _make_zero_device,
    "link-to-dev-zero": lambda path: path.symlink_to("/dev/zero"),
    "link-to-dev-urandom": lambda path: path.symlink_to("/dev/urandom"),
}


@pytest.mark.parametrize("kind", sorted(SPECIAL))
def test_a_special_file_named_config_json_is_refused_without_blocking(tmp_path: Path, kind: str, bounded: BoundedRun) -> None:
    model = tmp_path / "model"
    model.mkdir()
    SPECIAL[kind](model / "config.json")
    expected = "outside the model folder" if kind.startswith("link") else "not a regular file; refused"
    for args in (
        ["check", str(model / "config.json")],
        ["load-report", str(model)],
        ["check", "--fix", str(model / "config.json")],
    ):
        run = bounded(args)
        assert_one_line_refusal(run, "config.json", expected)


@pytest.mark.parametrize("kind", sorted(SPECIAL))
def test_special_weights_are_a_finding_for_check_and_an_error_for_load_report(
    tmp_path: Path, kind: str, bounded: BoundedRun
) -> None:
    model = _tiny_model(tmp_path / "model")
    (model / "model.safetensors").unlink()
    SPECIAL[kind](model / "model.safetensors")
    run = bounded(["check", "--select", "W001", str(model)])
    assert (
        run.code == 1 and "W001" in run.out and "] model.safetensors " in run.out and "the weights were not checked" in run.out
    ), run
    report = bounded(["load-report", str(model)])
    assert_one_line_refusal(report, "model.safetensors")


def test_a_fifo_index_and_a_fifo_shard_do_not_block(tmp_path: Path, bounded: BoundedRun) -> None:
    model = _tiny_model(tmp_path / "model")
    (model / "model.safetensors").unlink()
    os.mkfifo(model / "model.safetensors.index.json")
    assert_one_line_refusal(bounded(["load-report", str(model)]), "named pipe (FIFO)")
    (model / "model.safetensors.index.json").unlink()
    (model / "model.safetensors.index.json").write_text(json.dumps({"weight_map": {"a": "shard.safetensors"}}))
    os.mkfifo(model / "shard.safetensors")
    assert_one_line_refusal(bounded(["load-report", str(model)]), "shard.safetensors", "named pipe (FIFO)")


def test_read_regular_bytes_stops_at_its_limit(tmp_path: Path) -> None:
    path = tmp_path / "config.json"
    path.write_bytes(b"x" * 101)
    assert read_regular_bytes(path, limit=101) == b"x" * 101
    with pytest.raises(RefusedFileError, match="larger than 100 bytes"):
        read_regular_bytes(path, limit=100)
    with pytest.raises(InputError, match="not inside the model folder"):
        read_regular_bytes(path, root=tmp_path / "elsewhere")


# ---------------------------------------------------------------- a huggingface_hub cache


def _hub_cache(cache: Path, files: dict[str, bytes], *, repo: str = "models--org--tiny", revision: str = "a" * 40) -> Path:
    """``<cache>/<repo>/`` as huggingface_hub writes it; returns the snapshot folder.

    Blobs are named by content hash (the etag of an LFS file is its sha256), every snapshot file
    is a *relative* link made with ``os.path.relpath(blob, pointer's folder)`` as
    ``file_download._create_symlink`` does, and ``refs/main`` names the revision.
    """
    storage = cache / repo
    (storage / "blobs").mkdir(parents=True, exist_ok=True)
    (storage / "refs").mkdir(exist_ok=True)
    (storage / "refs" / "main").write_text(revision)
    snapshot = storage / "snapshots" / revision
    for name, content in files.items():
        blob = storage / "blobs" / hashlib.sha256(content).hexdigest()
        blob.write_bytes(content)
        pointer = snapshot / name
        pointer.parent.mkdir(parents=True, exist_ok=True)
        pointer.symlink_to(os.path.relpath(blob, pointer.parent))
    return snapshot


def _tiny_files(tmp_path: Path, config: dict[str, object] | None = None) -> dict[str, bytes]:
    source = tmp_path / "source"
    write_sized_model(source, dict(config or TINY))
    return {name: (source / name).read_bytes() for name in ("config.json", "model.safetensors")}


def _without(run: CliRun, folder: Path) -> str:
    return (run.out + run.err).replace(str(folder), "<folder>")


def test_a_hub_cache_snapshot_reads_like_a_copy_of_it(tmp_path: Path) -> None:
    # pooler_type is ignored by transformers: a P finding that --fix would remove.
    snapshot = _hub_cache(tmp_path / "hub", _tiny_files(tmp_path, {**TINY, "pooler_type": "first_token_transform"}))
    assert os.readlink(snapshot / "config.json") == f"../../blobs/{os.path.basename(os.path.realpath(snapshot / 'config.json'))}"
    copy = tmp_path / "copy"
    shutil.copytree(snapshot, copy)  # symlinks=False: what cp -rL makes
    for command in (["check"], ["load-report"]):
        cached, copied = run_cli([*command, str(snapshot)]), run_cli([*command, str(copy)])
        assert_clean_exit(cached, allowed=(0, 1))
        assert (cached.code, _without(cached, snapshot)) == (copied.code, _without(copied, copy))
    assert "loading as BertModel" in run_cli(["load-report", str(snapshot)]).out


def test_fix_on_a_hub_cache_snapshot_refuses_and_says_to_copy_first(tmp_path: Path) -> None:
    snapshot = _hub_cache(tmp_path / "hub", _tiny_files(tmp_path, {**TINY, "pooler_type": "first_token_transform"}))
    blob = Path(os.path.realpath(snapshot / "config.json"))
    before = blob.read_bytes()
    copy = tmp_path / "copy"
    shutil.copytree(snapshot, copy)
    assert_clean_exit(run_cli(["check", "--fix", str(copy)]), allowed=(0, 1))
    assert (copy / "config.json").read_bytes() != before  # the copy is fixable: there was a fix to refuse
    run = run_cli(["check", "--fix", str(snapshot)])
    assert_one_line_refusal(run, "huggingface_hub cache (models--org--tiny)", "cp -rL")
    assert blob.read_bytes() == before and (snapshot / "config.json").is_symlink()
    assert sorted(p.name for p in blob.parent.iterdir() if p.name.endswith(".tmp")) == []


def test_a_snapshot_link_to_another_cached_repo_is_refused(tmp_path: Path) -> None:
    cache = tmp_path / "hub"
    other = _hub_cache(cache, _tiny_files(tmp_path), repo="models--org--other")
    snapshot = _hub_cache(cache, {"config.json": json.dumps(TINY).encode()})
    os.symlink(os.path.relpath(os.path.realpath(other / "model.safetensors"), snapshot), snapshot / "model.safetensors")
    report = run_cli(["load-report", str(snapshot)])
    assert_one_line_refusal(report, "model.safetensors", "outside its huggingface_hub cache folder models--org--tiny")


@pytest.mark.parametrize("marked", [True, False])
def test_the_shared_blob_store_of_huggingface_hub_2_is_followed_only_when_marked(tmp_path: Path, marked: bool) -> None:
    """huggingface_hub 2.x links a repo's ``blobs/<etag>`` to ``<cache>/blobs/<2 hex>/<hash>`` (utils/_shared_blobs.py)."""
    cache = tmp_path / "hub"
    snapshot = _hub_cache(cache, _tiny_files(tmp_path))
    repo_blob = Path(os.path.realpath(snapshot / "model.safetensors"))
    store = cache / "blobs" / "ab"
    store.mkdir(parents=True)
    shared = store / ("ab" + "0" * 62)
    repo_blob.rename(shared)
    repo_blob.symlink_to(os.path.relpath(shared, repo_blob.parent))
    if marked:
        (cache / "blobs" / ".huggingface-shared-blobs").write_text("1\n")
    report = run_cli(["load-report", str(snapshot)])
    if marked:
        assert_clean_exit(report, allowed=(0, 1))
        assert "loading as BertModel" in report.out
    else:
        assert_one_line_refusal(report, "outside its huggingface_hub cache folder")


def test_model_root_of_a_module_folder_inside_a_snapshot_is_the_cache_repo(tmp_path: Path) -> None:
    snapshot = _hub_cache(tmp_path / "hub", {"1_Pooling/config.json": b"{}"})
    root = model_root(snapshot / "1_Pooling")
    assert root.cache_repo == "models--org--tiny" and root.base == os.path.realpath(tmp_path / "hub")
    assert read_regular_bytes(snapshot / "1_Pooling" / "config.json", root=snapshot) == b"{}"
    assert model_root(tmp_path).cache_repo is None
