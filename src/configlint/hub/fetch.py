"""Fetch what configlint needs from a Hub model repo: config.json, small JSON siblings, tensor headers.

One model-info request (what ``model_info(files_metadata=True)`` asks, read and checked by
:mod:`configlint.hub.model_info`) resolves the revision to a commit and lists the files with their
sizes; then config.json (one GET), modules.json and the Pooling module's config
when the repo has them, and the weights' headers by range requests (:mod:`configlint.hub.weights`).
Nothing else is downloaded, and no fetch transfers more than ``max_bytes``. An audit passes what a
model listing said instead (``listing=``: the commit and file names, no sizes), so the model-info
request is skipped and a weights file's size comes from its first range answer.

Caches, in order: configlint's own (:mod:`configlint.hub.cache`, by commit: a second run on a
commit costs only the revision lookup, or nothing for a full commit hash), then files already in
huggingface_hub's cache for that commit (``try_to_load_from_cache``), then the network. With
``HF_HUB_OFFLINE`` set only the caches are used, and a miss is a clear ``offline`` error.

config.json is read with one GET rather than ``hf_hub_download``: that call adds a HEAD per file
(a roberta-base check would take five requests instead of four) and, when the HEAD fails with 429
or 5xx, retries with sleeps of its own, which would hide rate limits from the caller.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from configlint.checkpoint.messages import brief
from configlint.context import CheckpointRead
from configlint.errors import CheckpointError, UsageError
from configlint.hub.cache import HubCache
from configlint.hub.errors import HubError
from configlint.hub.model_info import Listing, read_listing
from configlint.hub.source import RemoteSource, parse_remote
from configlint.hub.transfer import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, HubFiles, Meter, metering
from configlint.hub.weights import MAX_JSON_BYTES, HubRepoFiles, json_document, json_text
from configlint.module_paths import module_path_problem

DEFAULT_BRANCH = "main"


@dataclass(frozen=True)
class RemoteModel:
    """What configlint read from one commit of a Hub repo."""

    source: RemoteSource
    commit: str
    config_text: str
    files: dict[str, str] = field(default_factory=dict)
    """Relative path → text of the small JSON siblings read (``modules.json``, ``1_Pooling/config.json``)."""
    checkpoint: CheckpointRead = field(default_factory=CheckpointRead)
    bytes_transferred: int = 0
    requests: int = 0
    folder: Path | None = None
    """The cache folder holding config.json and ``files`` as in the repo (None: not cached)."""
    cached: bool = False
    """True when the answer came from configlint's cache."""
    repo_files: HubRepoFiles | None = field(default=None, compare=False, repr=False)
    """The commit's files as the rules read them (config.json and ``files`` already held: no request)."""

    def cost(self) -> str:
        """One line for ``--verbose``: what reading this repo cost."""
        via = ", answered from the configlint cache" if self.cached else ""
        requests = f"{self.requests} HTTP request{'' if self.requests == 1 else 's'}"
        return f"{self.source} (commit {self.commit[:12]}): {requests}, {self.bytes_transferred:,} bytes{via}"


def _as_source(source: RemoteSource | str) -> RemoteSource:
    if isinstance(source, RemoteSource):
        return source
    parsed = parse_remote(source)
    if parsed is None:
        raise UsageError(f"{source!r} is not a Hub model repo id (org/name[@revision] or hf://name)")
    return parsed


def fetch_model(
    source: RemoteSource | str,
    *,
    token: str | None = None,
    use_cache: bool = True,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
    require_weights: bool = False,
    listing: Listing | None = None,
) -> RemoteModel:
    """Read config.json, JSON siblings and tensor headers of a Hub repo. Raises :class:`HubError`.

    ``listing`` is what a model listing (:mod:`configlint.hub.listing`) already said about the
    default branch (its commit and file names): then no model-info request is sent. It is used only
    for a source without a revision.

    ``token`` None lets huggingface_hub find one (``HF_TOKEN``, then the stored login). Nothing is
    retried: a 429 is ``HubError(kind="rate-limited", retry_after=...)`` at once.
    ``require_weights`` turns "the repo has no weights file" into ``HubError(kind="no-weights")``.
    """
    source = _as_source(source)
    meter = Meter(max_bytes=max_bytes)
    cache = HubCache() if use_cache else None
    with metering(meter):
        model = _fetch(source, token, cache, meter, timeout, listing if source.revision is None else None)
    if require_weights and model.checkpoint.inventory is None and model.checkpoint.error is None:
        raise HubError(
            "no-weights", "the repo has no weights file (model.safetensors, pytorch_model.bin or an index)", source=source
        )
    return replace(model, bytes_transferred=meter.bytes_transferred, requests=meter.requests)


def _fetch(
    source: RemoteSource, token: str | None, cache: HubCache | None, meter: Meter, timeout: float, listed: Listing | None
) -> RemoteModel:
    from huggingface_hub import constants

    revision = source.revision or DEFAULT_BRANCH
    offline = constants.is_offline_mode()
    commit = source.revision if source.pinned else None
    if commit is None and offline:
        commit = (cache.ref(source.repo_id, revision) if cache else None) or _hf_cached_commit(source.repo_id, revision)
    if commit is not None and cache is not None:
        hit = _from_cache(source, commit, cache)
        if hit is not None:
            return hit
    if offline:
        if commit is not None:
            return _read(HubRepoFiles(source, commit), cache, offline=True)
        raise HubError("offline", "HF_HUB_OFFLINE is set and no cache knows this revision", source=source)
    listing = listed or read_listing(source, token=token, meter=meter, timeout=timeout)
    commit = listing.commit
    if cache is not None:
        cache.set_ref(source.repo_id, revision, commit)
        hit = _from_cache(source, commit, cache)
        if hit is not None:
            return hit
    remote = HubFiles(source.repo_id, commit, source=source, token=token, meter=meter, timeout=timeout)
    return _read(HubRepoFiles(source, commit, listing.sizes, remote), cache, offline=False)


def _hf_cached_commit(repo_id: str, revision: str) -> str | None:
    """The commit huggingface_hub's cache last resolved ``revision`` to (from its snapshot of config.json)."""
    from huggingface_hub import try_to_load_from_cache

    found = try_to_load_from_cache(repo_id, "config.json", revision=revision)
    return Path(found).parent.name if isinstance(found, str) else None


def _from_cache(source: RemoteSource, commit: str, cache: HubCache) -> RemoteModel | None:
    entry = cache.load(source.repo_id, commit)
    if entry is None:
        return None
    folder, config_text, files, checkpoint = entry
    texts = {name: text.encode("utf-8") for name, text in {**files, "config.json": config_text}.items()}
    repo_files = HubRepoFiles(source, commit, texts=texts)
    if "modules.json" in files:  # an entry written before module paths were checked
        _module_entries(repo_files.read_document("modules.json", MAX_JSON_BYTES).data, source)
    return RemoteModel(source, commit, config_text, files, checkpoint, folder=folder, cached=True, repo_files=repo_files)


def _read(repo: HubRepoFiles, cache: HubCache | None, *, offline: bool) -> RemoteModel:
    """Everything but the revision lookup: config.json, JSON siblings, weights headers; cached after.

    The weights are read as a local folder's are (:func:`~configlint.checkpoint.discovery.read_model_weights`)."""
    from configlint.checkpoint.discovery import choose_weights, read_model_weights

    source = repo.source
    config_text = json_text(repo, "config.json")
    if config_text is None:
        if offline:
            raise HubError("offline", "HF_HUB_OFFLINE is set and config.json of this commit is not cached", source=source)
        raise HubError("no-config", "the repo has no config.json", source=source)
    files = _json_siblings(repo)
    if offline and choose_weights(repo) is None:
        error = CheckpointError("HF_HUB_OFFLINE is set and the weights of this commit are not cached", source=str(source))
        checkpoint = CheckpointRead(error=error, source=str(source))
    else:
        checkpoint = read_model_weights(repo)
    folder = (
        cache.store(source.repo_id, repo.commit, config_text, files, checkpoint) if cache is not None and not offline else None
    )
    return RemoteModel(source, repo.commit, config_text, files, checkpoint, folder=folder, repo_files=repo)


def _json_siblings(repo: HubRepoFiles) -> dict[str, str]:
    """``modules.json`` and, for each Pooling or Dense module it lists, that module's config.json.

    Those are the module configs the rules read (a Pooling config's keys; whether a Dense folder has
    one), so a cache entry holds them too and answers like the repo."""
    files: dict[str, str] = {}
    modules = json_document(repo, "modules.json")
    if modules is None:
        return files
    files["modules.json"] = json_text(repo, "modules.json") or ""
    for entry in _module_entries(modules.data, repo.source):
        if not (isinstance(entry, dict) and _config_is_read(str(entry.get("type", "")))):
            continue
        path = entry.get("path")
        folder = PurePosixPath(path) if isinstance(path, str) else None
        if folder is None or folder == PurePosixPath("."):
            continue  # the model folder itself: its config.json is already read
        name = (folder / "config.json").as_posix()  # "./1_Pooling/" is the repo file "1_Pooling/config.json"
        text = json_text(repo, name)
        if text is not None:
            files[name] = text
    return files


def _config_is_read(module_type: str) -> bool:
    """Whether the rules read this module's config.json: any ``...Pooling`` type, and ``Dense``."""
    return module_type.endswith("Pooling") or module_type.rsplit(".", 1)[-1] == "Dense"


def _module_entries(entries: object, source: RemoteSource) -> list[object]:
    """The entries of a ``modules.json``; a module path that leaves the repo is refused for the whole repo.

    Refused rather than skipped: the rules read each module's folder from the repo, so
    a path like ``../../etc`` would make them read, and quote, files outside it. An unparsable or
    non-list modules.json is no entries here (the T rules report it).
    """
    if not isinstance(entries, list):
        return []
    for index, entry in enumerate(entries):
        path = entry.get("path") if isinstance(entry, dict) else None
        problem = module_path_problem(path) if isinstance(path, str) else None
        if problem is not None:
            raise HubError(
                "unsafe",
                f"modules.json: the path of module {index}, {brief(path)}, {problem}; configlint reads module folders only inside the repo",
                source=source,
            )
    return entries
