"""Model listings as input: each entry gets the model-info checks; one weights read gives header and size."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from configlint.hub import HubError, fetch_model
from configlint.hub.listing import author_batches, common_prefix, first_page, parse_page, read_page
from configlint.hub.model_info import Listing
from configlint.hub.source import RemoteSource
from hub.fake_hub import FakeHub

BERT = Path(__file__).parents[1] / "fixtures" / "load_report" / "BertModel-clean"
SHA = "a" * 40


def _entry(**fields: object) -> dict[str, object]:
    return {"_id": "x", "id": "org/m", "sha": SHA, "siblings": [{"rfilename": "config.json"}], **fields}


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (_entry(sha="main"), "no commit hash for this revision ('main')"),
        ({k: v for k, v in _entry().items() if k != "siblings"}, 'listing entry lists no files (no "siblings" list)'),
        (_entry(siblings=[{"size": 3}]), 'listing entry has a file entry without a name ("rfilename" of siblings[0])'),
    ],
    ids=["sha-not-a-commit", "no-siblings", "sibling-without-rfilename"],
)
def test_a_bad_entry_is_kept_as_its_error(entry: dict[str, object], message: str) -> None:
    (listed,) = parse_page(json.dumps([entry]).encode())
    assert listed.listing is None and listed.problem is not None and message in listed.problem.message
    assert listed.problem.kind == "server-error" and listed.repo_id == "org/m"


@pytest.mark.parametrize(
    ("body", "message"), [(b"[{}]", 'entry 0 names no repo (no "id")'), (b'{"a": 1}', "not a list"), (b"<html>", "is not JSON")]
)
def test_a_page_that_cannot_be_attributed_fails_the_listing(body: bytes, message: str) -> None:
    with pytest.raises(HubError, match=re.escape(message)):
        parse_page(body)


def test_a_next_page_on_another_host_is_refused(fake_hub: FakeHub) -> None:
    fake_hub.answer_next("^/api/models$", 200, b"[]", {"Link": f'<{fake_hub.foreign_url("/api/models?cursor=1")}>; rel="next"'})
    with pytest.raises(HubError) as caught:
        read_page(first_page(author="org"), token="hf_secret")
    assert caught.value.kind == "unsafe" and not fake_hub.requests("cdn")


def test_a_listed_model_costs_no_model_info_and_one_read_per_weights_header(fake_hub: FakeHub) -> None:
    commit = fake_hub.add_repo("org/m", BERT)
    (listed,), _ = read_page(first_page(author="org"))
    assert listed.listing is not None and listed.listing.commit == commit
    fake_hub.clear_log()
    model = fetch_model("org/m", use_cache=False, listing=listed.listing)
    paths = [(r.server, r.path.rsplit("/", 1)[-1] if r.server == "hub" else "lfs", r.status) for r in fake_hub.requests()]
    assert paths == [("hub", "config.json", 200), ("hub", "model.safetensors", 302), ("cdn", "lfs", 206)]
    reference = fetch_model("org/m", use_cache=False)  # with a model-info request and known sizes
    assert model.checkpoint == reference.checkpoint and model.requests == reference.requests - 1


def test_a_header_longer_than_the_first_read_costs_one_more_read(fake_hub: FakeHub, tmp_path: Path) -> None:
    from _sized_checkpoint import write_sized_model

    folder = tmp_path / "wide"
    write_sized_model(folder, {**json.loads((BERT / "config.json").read_text()), "num_hidden_layers": 60, "hidden_size": 64,
                               "num_attention_heads": 2, "intermediate_size": 64})  # fmt: skip
    header = int.from_bytes((folder / "model.safetensors").open("rb").read(8), "little")
    assert header > 64 * 1024
    commit = fake_hub.add_repo("org/wide", folder)
    model = fetch_model("org/wide", use_cache=False, listing=Listing(commit, {"config.json": None, "model.safetensors": None}))
    assert model.checkpoint.error is None and len(fake_hub.requests("cdn")) == 2


def test_an_empty_weights_file_is_a_checkpoint_finding_not_a_server_error(fake_hub: FakeHub, tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    (folder / "config.json").write_text((BERT / "config.json").read_text())
    (folder / "model.safetensors").write_bytes(b"")
    commit = fake_hub.add_repo("org/empty", folder)
    model = fetch_model("org/empty", use_cache=False, listing=Listing(commit, {"config.json": None, "model.safetensors": None}))
    assert model.checkpoint.error is not None and model.checkpoint.inventory is None


def test_author_batches_and_the_search_they_use() -> None:
    sources = [RemoteSource(f"Org/m-{i}") for i in range(3)] + [
        RemoteSource("org/x"),
        RemoteSource("org/y", "v1"),
        RemoteSource("solo"),
    ]
    assert author_batches(sources, 4) == [("Org", sources[:4])]  # case-insensitive; revisions and single names never
    assert author_batches(sources, 5) == []
    assert common_prefix(["m-10", "m-11", "m-2"]) == "m-" and common_prefix(["a", "b"]) == "" and common_prefix([]) == ""
