"""The fake Hub's model listing, ``GET /api/models``: what ``HfApi().list_models`` sends and parses.

Query parameters as huggingface_hub 2.4 sends them (``hf_api.list_models``): ``author``, ``search``
(a substring of the id), ``filter`` (tags, each required), ``limit``, and ``expand`` repeated per
property. With ``expand`` an entry holds ``_id``, ``id`` and exactly the properties asked for;
``siblings`` are file names only (``RepoSibling`` says a listing never carries sizes). Pages follow
each other through a ``Link: <...>; rel="next"`` header (huggingface_hub's ``paginate``), ``cursor``
being this fake's own page token. ``tests/hub/test_fake_hub.py`` parses these answers with
huggingface_hub itself.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

if TYPE_CHECKING:
    from hub.fake_http import Handler
    from hub.fake_hub import FakeHub, FakeRepo

DEFAULT_PROPERTIES = ("id", "likes", "downloads", "private", "tags", "library_name", "createdAt")
"""What an entry holds without ``expand`` (a subset of the real defaults; configlint always expands)."""


def _config(hub: FakeHub, repo: FakeRepo) -> dict[str, Any]:
    """The part of config.json the Hub's ``config`` property returns: ``model_type`` and ``architectures``."""
    folder = repo.commits[repo.refs["main"]]
    try:
        config = json.loads((folder / "config.json").read_text())
    except (OSError, ValueError):
        return {}
    if not isinstance(config, dict):
        return {}
    return {key: config[key] for key in ("model_type", "architectures") if key in config}


def _property(hub: FakeHub, repo: FakeRepo, name: str) -> Any:
    commit = repo.refs["main"]
    model_type = _config(hub, repo).get("model_type")
    values: dict[str, Any] = {
        "id": repo.repo_id,
        "sha": commit,
        "siblings": [{"rfilename": name} for name in hub._files(repo.commits[commit])],
        "gated": "auto" if repo.gated else False,
        "private": repo.private,
        "config": _config(hub, repo),
        "tags": ["transformers", *([model_type] if isinstance(model_type, str) else [])],
        "likes": 0,
        "downloads": 0,
        "library_name": "transformers",
        "createdAt": "2024-01-01T00:00:00.000Z",
        "lastModified": "2024-01-01T00:00:00.000Z",
    }
    return values.get(name)


def entry(hub: FakeHub, repo: FakeRepo, expand: list[str]) -> dict[str, Any]:
    """One listed model, shaped as the real listing shapes it."""
    properties = ["id", *expand] if expand else list(DEFAULT_PROPERTIES)
    return {"_id": repo.refs["main"][:24], **{name: _property(hub, repo, name) for name in properties}}


def _matching(hub: FakeHub, query: dict[str, list[str]], token: str) -> Iterator[FakeRepo]:
    author = query.get("author", [""])[0].lower()
    search = query.get("search", [""])[0].lower()
    tags = query.get("filter", [])
    for repo in list(hub.repos.values()):
        if "main" not in repo.refs or (repo.private and token not in repo.tokens):
            continue
        if author and not repo.repo_id.lower().startswith(author + "/"):
            continue
        if search not in repo.repo_id.lower():
            continue
        if all(tag in _property(hub, repo, "tags") for tag in tags):
            yield repo


def serve_model_list(hub: FakeHub, request: Handler, query: dict[str, list[str]]) -> None:
    token = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    found = list(_matching(hub, query, token))
    size = min(hub.page_size, int(query["limit"][0])) if query.get("limit", [""])[0].isdigit() else hub.page_size
    cursor = int(query.get("cursor", ["0"])[0])
    page = [entry(hub, repo, query.get("expand", [])) for repo in found[cursor : cursor + size]]
    headers = {"Content-Type": "application/json"}
    if cursor + size < len(found):
        following = [(name, value) for name, values in query.items() if name != "cursor" for value in values]
        headers["Link"] = f'<{hub.endpoint}/api/models?{urlencode([*following, ("cursor", str(cursor + size))])}>; rel="next"'
    request.send_answer(200, headers, json.dumps(page).encode())
