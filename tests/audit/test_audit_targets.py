"""Which repos an audit covers: list files, arguments, Hub queries, and stable shards that partition them."""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from audit.audit_support import add_repos
from configlint.audit.query import query_listed, query_models
from configlint.audit.targets import Shard, from_arguments, read_list, read_list_file, shard_of, unique
from configlint.errors import InputError, UsageError
from configlint.hub.errors import HubError
from configlint.hub.listing import ListedModel
from configlint.hub.source import RemoteSource
from hub.fake_hub import FakeHub, rate_limit_headers

REPO_IDS = st.from_regex(r"[a-z][a-z0-9]{0,8}/[A-Za-z][A-Za-z0-9._-]{0,15}[a-z]", fullmatch=True)


def test_list_file_lines_comments_and_revisions(tmp_path: Path) -> None:
    path = tmp_path / "models.txt"
    path.write_text(
        "# BERT family models\n\nBAAI/bge-small@main  # pinned branch\n  hf://bert-base-uncased\nsentence-transformers/all-MiniLM-L6-v2\n"
    )
    assert read_list_file(str(path)) == [
        RemoteSource("BAAI/bge-small", "main"), RemoteSource("bert-base-uncased"), RemoteSource("sentence-transformers/all-MiniLM-L6-v2"),
    ]  # fmt: skip


def test_a_local_folder_of_the_same_name_is_still_a_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "org" / "name").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    assert from_arguments(["org/name"]) == [RemoteSource("org/name")]


def test_bad_entries_are_usage_errors_with_their_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(UsageError, match=r"list.txt:2: 'not a repo'"):
        read_list(["org/ok", "not a repo"], "list.txt")
    with pytest.raises(UsageError):
        from_arguments(["org/a--b"])
    with pytest.raises(InputError, match="cannot read the model list"):
        read_list_file(str(tmp_path / "missing.txt"))
    monkeypatch.setattr("sys.stdin", io.StringIO("org/a\n# c\norg/b@v1\n"))
    assert read_list_file("-") == [RemoteSource("org/a"), RemoteSource("org/b", "v1")]


def test_duplicates_are_audited_once() -> None:
    items = [RemoteSource("org/a"), RemoteSource("org/b"), RemoteSource("org/a"), RemoteSource("org/a", "v1")]
    assert list(unique(items)) == [RemoteSource("org/a"), RemoteSource("org/b"), RemoteSource("org/a", "v1")]


def test_shard_of_is_pinned() -> None:
    """The hash must not change between releases: CI jobs of one audit may run different versions."""
    assert [shard_of(f"org/model-{i}", 4) for i in range(8)] == [shard_of(f"ORG/Model-{i}", 4) for i in range(8)]
    assert (
        shard_of("bert-base-uncased", 1000)
        == int.from_bytes(__import__("hashlib").sha256(b"bert-base-uncased").digest()[:8], "big") % 1000
    )


@given(st.lists(REPO_IDS, max_size=40, unique_by=str.lower), st.integers(min_value=1, max_value=7))
def test_shards_partition_any_list(repo_ids: list[str], count: int) -> None:
    items = [RemoteSource(repo_id) for repo_id in repo_ids]
    shards = [list(unique(items, Shard(index, count))) for index in range(1, count + 1)]
    assert sorted(s.repo_id for shard in shards for s in shard) == sorted(repo_ids)
    reversed_shards = [list(unique(reversed(items), Shard(index, count))) for index in range(1, count + 1)]
    assert [set(s) for s in shards] == [set(s) for s in reversed_shards]  # order of the list does not matter


def test_shards_are_balanced_and_keep_revisions_together() -> None:
    items = [RemoteSource(f"org/model-{i}", rev) for i in range(2000) for rev in (None, "v1")]
    sizes = Counter(next(k for k in range(1, 5) if Shard(k, 4).holds(s.repo_id)) for s in items)
    assert all(900 <= n <= 1100 for n in sizes.values()), sizes
    assert all(Shard(2, 4).holds(s.repo_id) == Shard(2, 4).holds(s.repo_id.upper()) for s in items[:50])


@pytest.mark.parametrize("text", ["0/4", "5/4", "1", "a/b", "1/0", ""])
def test_bad_shards_are_usage_errors(text: str) -> None:
    with pytest.raises(UsageError):
        Shard.parse(text)
    assert str(Shard.parse(" 2 / 3 ")) == "2/3"


def _listed(repo_id: str, tags: tuple[str, ...] = (), config: dict[str, object] | None = None) -> ListedModel:
    return ListedModel(repo_id, None, tags=tags, config=config)


def test_query_filters_by_config_model_type_then_tag_and_counts_the_limit_after() -> None:
    calls: list[dict[str, object]] = []
    page = [
        _listed("a/bert", ("bert",), {"model_type": "bert"}),
        _listed("a/tagged-bert-but-roberta", ("bert",), {"model_type": "roberta"}),
        _listed("a/tag-only", ("bert",), None),
        _listed("a/untagged", (), {}),
        _listed("a/bert-2", ("bert",), {"model_type": "bert"}),
    ]

    def list_pages(**arguments: object) -> list[list[ListedModel]]:
        calls.append(arguments)
        return [page[:2], page[2:]]

    found = query_models(author="a", model_type="bert", limit=2, list_pages=list_pages)
    assert found == [RemoteSource("a/bert"), RemoteSource("a/tag-only")]
    assert calls == [{"author": "a", "filter": "bert", "expand": ["sha", "siblings", "gated", "config", "tags"]}]
    assert len(query_models(search="x", list_pages=list_pages)) == 5
    assert calls[-1] == {"search": "x", "expand": ["sha", "siblings", "gated"]}
    with pytest.raises(UsageError):
        query_models(model_type="gpt2", list_pages=list_pages)


def _listing_requests(hub: FakeHub) -> list[str]:
    return [r.query for r in hub.requests() if r.path == "/api/models"]


def test_query_against_the_fake_hub_pages_only_as_far_as_needed(audit_hub: FakeHub, variants: list[Path]) -> None:
    audit_hub.page_size = 3
    for index, folder in enumerate(variants):
        audit_hub.add_repo(f"acme/model-{index:02d}", folder)
    audit_hub.add_repo("other/model-99", variants[0])
    bert = query_listed(author="acme", model_type="bert")
    assert {m.repo_id for m in bert} == {f"acme/model-{i:02d}" for i in (0, 1, 3, 4, 5, 6, 7, 8)}  # 2 has no model_type
    assert all(m.listing is not None and "config.json" in m.listing.sizes for m in bert)  # what a fetch needs
    audit_hub.clear_log()
    assert len(query_models(author="acme", limit=4)) == 4
    assert len(_listing_requests(audit_hub)) == 2  # pages of 3: the third page is never requested
    assert [s.repo_id for s in query_models(search="model-99")] == ["other/model-99"]


def test_a_rate_limited_listing_page_is_retried_after_the_wait(
    audit_hub: FakeHub, variants: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    waits: list[float] = []
    monkeypatch.setattr("configlint.audit.retry.RealClock.sleep", lambda self, seconds: waits.append(seconds))
    add_repos(audit_hub, variants, 4, prefix="acme")
    audit_hub.fail_next("^/api/models$", 429, headers=rate_limit_headers(reset=3))
    assert len(query_models(author="acme")) == 4
    assert len(waits) == 1 and 3.0 <= waits[0] <= 3.3
    audit_hub.fail_next("^/api/models$", 403, count=5)
    with pytest.raises(HubError) as caught:
        query_models(author="acme")
    assert caught.value.kind == "not-found" and len(_listing_requests(audit_hub)) == 3  # 2 before, 1 refused: not retried
