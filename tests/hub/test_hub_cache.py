"""Caching and offline mode: a commit is read from the Hub once; offline runs use only the caches.

configlint caches by commit (immutable): a second run on a branch costs only the revision lookup,
and a full commit hash costs nothing. huggingface_hub's own cache (files a previous download left
for that commit) is used too. With ``HF_HUB_OFFLINE`` no request is ever sent.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from configlint.hub import HubError, fetch_model
from configlint.hub.cache import MANIFEST, HubCache, cache_root, inside

FIXTURES = Path(__file__).parents[1] / "fixtures" / "load_report"


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """``HF_HUB_OFFLINE=1`` as huggingface_hub sees it (it reads the variable at import)."""
    from huggingface_hub import constants

    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", True)


def test_second_run_on_a_branch_costs_one_request(fake_hub) -> None:
    fake_hub.add_repo("org/bert", FIXTURES / "bert-sharded")
    first = fetch_model("org/bert")
    again = fetch_model("org/bert")
    assert (first.cached, again.cached, again.requests) == (False, True, 1)
    assert again.checkpoint == first.checkpoint
    assert again.config_text == first.config_text and again.folder == first.folder


def test_full_commit_hash_costs_nothing_the_second_time(fake_hub) -> None:
    commit = fake_hub.add_repo("org/bert", FIXTURES / "BertModel-clean")
    first = fetch_model(f"org/bert@{commit}")
    assert fake_hub.requests("hub")[0].path == f"/api/models/org/bert/revision/{commit}"
    fake_hub.clear_log()
    again = fetch_model(f"org/bert@{commit}")
    assert again.requests == 0 and not fake_hub.requests()
    assert again.checkpoint == first.checkpoint


def test_a_new_commit_on_the_branch_is_read_again(fake_hub, tmp_path: Path) -> None:
    fake_hub.add_repo("org/bert", FIXTURES / "BertModel-clean")
    fetch_model("org/bert")
    fake_hub.add_repo("org/bert", FIXTURES / "bert-vocab-changed-mlm")  # main moves
    moved = fetch_model("org/bert")
    assert not moved.cached and "BertForMaskedLM" in moved.config_text


def test_use_cache_false_writes_and_reads_nothing(fake_hub) -> None:
    fake_hub.add_repo("org/bert", FIXTURES / "BertModel-clean")
    model = fetch_model("org/bert", use_cache=False)
    assert model.folder is None and not (cache_root() / "hub").exists()
    assert fetch_model("org/bert", use_cache=False).requests == 4


def test_cache_root_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CONFIGLINT_CACHE", str(tmp_path / "explicit"))
    assert cache_root() == tmp_path / "explicit"
    monkeypatch.delenv("CONFIGLINT_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_root() == tmp_path / "xdg" / "configlint"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_root() == tmp_path / "home" / ".cache" / "configlint"


def test_a_damaged_entry_is_fetched_again(fake_hub) -> None:
    fake_hub.add_repo("org/bert", FIXTURES / "BertModel-clean")
    first = fetch_model("org/bert")
    assert first.folder is not None
    (first.folder / MANIFEST).write_text("{not json")
    again = fetch_model("org/bert")
    assert not again.cached and again.requests == 4
    assert json.loads((first.folder / MANIFEST).read_text())["commit"] == first.commit


def test_checkpoint_errors_are_cached_like_inventories(fake_hub, tmp_path: Path) -> None:
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "config.json").write_text((FIXTURES / "BertModel-clean" / "config.json").read_text())
    (folder / "model.safetensors").write_bytes(b"version https://git-lfs.github.com/spec/v1\n")
    fake_hub.add_repo("org/pointer", folder)
    first = fetch_model("org/pointer")
    again = fetch_model("org/pointer")
    assert again.cached and type(again.checkpoint.error) is type(first.checkpoint.error)
    assert again.checkpoint.error.one_line() == first.checkpoint.error.one_line()  # type: ignore[union-attr]


def test_offline_serves_the_configlint_cache_without_a_request(fake_hub, monkeypatch: pytest.MonkeyPatch) -> None:
    from huggingface_hub import constants

    fake_hub.add_repo("org/bert", FIXTURES / "BertModel-clean")
    first = fetch_model("org/bert@main")
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", True)
    fake_hub.clear_log()
    again = fetch_model("org/bert@main")
    assert again.cached and again.commit == first.commit and not fake_hub.requests()


def test_offline_without_a_cache_fails_clearly(fake_hub, offline: None) -> None:
    fake_hub.add_repo("org/bert", FIXTURES / "BertModel-clean")
    with pytest.raises(HubError) as caught:
        fetch_model("org/bert")
    assert caught.value.kind == "offline" and "HF_HUB_OFFLINE" in str(caught.value)
    assert not fake_hub.requests()


def _download(repo_id: str, *names: str) -> None:
    from huggingface_hub import hf_hub_download

    for name in names:
        hf_hub_download(repo_id, name)


def test_files_in_the_huggingface_cache_are_not_downloaded_again(fake_hub) -> None:
    fake_hub.add_repo("org/bert", FIXTURES / "BertModel-clean")
    _download("org/bert", "config.json", "model.safetensors")  # e.g. from_pretrained ran before
    fake_hub.clear_log()
    model = fetch_model("org/bert")
    assert model.requests == 1 and model.checkpoint.inventory is not None  # only the revision lookup


def test_offline_falls_back_to_the_huggingface_cache(fake_hub, monkeypatch: pytest.MonkeyPatch) -> None:
    from huggingface_hub import constants

    commit = fake_hub.add_repo("org/bert", FIXTURES / "BertModel-clean")
    _download("org/bert", "config.json", "model.safetensors")
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", True)
    fake_hub.clear_log()
    model = fetch_model("org/bert")
    assert (model.commit, model.requests) == (commit, 0) and model.checkpoint.inventory is not None
    assert not fake_hub.requests()


def test_offline_with_only_the_config_cached_says_the_weights_are_missing(fake_hub, monkeypatch: pytest.MonkeyPatch) -> None:
    from huggingface_hub import constants

    fake_hub.add_repo("org/bert", FIXTURES / "BertModel-clean")
    _download("org/bert", "config.json")  # AutoConfig.from_pretrained leaves just this
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", True)
    model = fetch_model("org/bert")
    assert model.checkpoint.error is not None and "not cached" in model.checkpoint.error.message


def test_entries_never_write_outside_their_folder(tmp_path: Path) -> None:
    assert inside(tmp_path, "1_Pooling/config.json") == (tmp_path / "1_Pooling" / "config.json").resolve()
    assert inside(tmp_path, "../escape.json") is None and inside(tmp_path, "/etc/passwd") is None
    cache = HubCache(tmp_path / "hub")
    assert cache.ref("org/m", "refs/pr/1") is None
    cache.set_ref("org/m", "refs/pr/1", "a" * 40)
    assert cache.ref("org/m", "refs/pr/1") == "a" * 40


def test_an_entry_whose_config_links_out_of_it_is_fetched_again(fake_hub, tmp_path: Path) -> None:
    """A cache entry is read like a model folder: a planted link is not followed, the commit is read anew."""
    fake_hub.add_repo("org/bert", FIXTURES / "BertModel-clean")
    first = fetch_model("org/bert")
    assert first.folder is not None
    planted = tmp_path / "planted.json"
    planted.write_text(json.dumps({"model_type": "bert", "planted": True}))
    (first.folder / "config.json").unlink()
    (first.folder / "config.json").symlink_to(planted)
    again = fetch_model("org/bert")
    assert not again.cached and "planted" not in again.config_text


def test_a_ref_is_written_atomically_and_replaced_whole(fake_hub) -> None:
    fake_hub.add_repo("org/bert", FIXTURES / "BertModel-clean")
    cache = HubCache()
    cache.set_ref("org/bert", "main", "a" * 40)
    cache.set_ref("org/bert", "main", "b" * 40)
    refs = cache.repo_dir("org/bert") / "refs"
    assert cache.ref("org/bert", "main") == "b" * 40
    assert sorted(path.name for path in refs.iterdir()) == ["main"]  # no temporary left behind
