"""Which files are model configs: one decision for folder walks, named files and the hooks.

A repository holds many JSON files whose name contains ``config`` and that are not a model's
(``tsconfig.json`` with comments, ``renovate-config.json``, ``quantize_config.json``, a
sentence-transformers ``data_config.json`` that is a JSON array). Linting them would block
commits configlint has no business with, so the decision has two stages:

1. **By name** (:func:`is_candidate`): ``config.json`` and ``*config*.json``, except the names
   of configs of other things (:data:`NOT_MODEL_CONFIGS`). The pre-commit hooks' ``exclude``
   is generated from the same list (:func:`hook_exclude_pattern`). In a folder that has a
   ``config.json``, the other ``*config*.json`` files beside it are not the model's config, and
   a sentence-transformers ``<module>/config.json`` is checked from its parent model.
2. **By content** (:func:`skip_reason`): a JSON object is a model config when it has
   ``model_type``, ``architectures``, a family's size keys, or a sentence-transformers Pooling
   module's keys. A file that is not valid JSON is one only when its name is a model config's
   name (``config.json``, ``bert_config.json``) and it does not look like another format (JSON
   with comments), or when it mentions a transformers config key.

Files found in folders and files named with ``--force-exclude`` (what the hooks pass) that are
not model configs are skipped silently; a file named on the command line is reported as skipped,
with the reason. Settings' ``exclude``/``extend-exclude`` apply to walks (and, with
``--force-exclude``, to named files), and ``.gitignore`` is respected inside a git work tree.
"""

import fnmatch
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from configlint.globs import match_path

if TYPE_CHECKING:
    from configlint.document import ConfigDocument

NOT_MODEL_CONFIGS = frozenset(
    {
        "tokenizer_config.json",
        "generation_config.json",
        "config_sentence_transformers.json",
        "sentence_bert_config.json",
        "data_config.json",
        "preprocessor_config.json",
        "processor_config.json",
        "adapter_config.json",
        "feature_extractor_config.json",
        "image_processor_config.json",
        "video_preprocessor_config.json",
        "quantize_config.json",
        "quantization_config.json",
        "peft_config.json",
        "training_config.json",
        "trainer_config.json",
        "onnx_config.json",
        "ort_config.json",
        "openvino_config.json",
        "tsconfig.json",
        "jsconfig.json",
        "renovate-config.json",
    }
)
"""Names of configs of something other than the model: tokenizers, generation, processors,
sentence-transformers wrappers and training data, adapters, quantizers, exporters, and the
JavaScript and Renovate configs that share the ``*config*.json`` shape."""

DEFAULT_EXCLUDE: tuple[str, ...] = (
    ".git", ".hg", ".svn", ".bzr", ".jj", "node_modules", "__pycache__", ".venv", "venv", ".tox", ".nox",
    ".mypy_cache", ".ruff_cache", ".pytest_cache", "site-packages", "dist", "build", "_build", "buck-out",
)  # fmt: skip
"""Folders never walked unless ``exclude`` replaces this list (ruff's defaults, plus the usual
caches). Hidden folders are skipped as well: a model folder is never hidden."""

WEIGHT_FILE_NAMES = frozenset(
    {
        "model.safetensors",
        "model.safetensors.index.json",
        "pytorch_model.bin",
        "pytorch_model.bin.index.json",
        "tf_model.h5",
        "modules.json",
    }
)
"""Files that make a folder a model folder, so that its ``config.json`` is the model's whatever it holds."""

_TRANSFORMERS_KEY = r'"(?:model_type|architectures|hidden_size|num_attention_heads|num_hidden_layers|vocab_size|_name_or_path|transformers_version)"\s*:'
_MODEL_CONFIG_NAMES = r"(?i:config\.json|(?:.*_)?(?:bert|roberta|albert|distilbert)_config(?:_.*)?\.json)"
_COMMENT = r"(?m:^\s*(?://|/\*|#))"
"""These three are asked only of a file that is not valid JSON, so ``re`` compiles them on first use
(a fresh pre-commit process would otherwise compile them for nothing)."""
_POOLING_MARKERS = ("word_embedding_dimension", "pooling_mode")
_FAMILY_KEYS = frozenset(
    {
        "hidden_size",
        "num_attention_heads",
        "intermediate_size",
        "dim",
        "n_layers",
        "n_heads",
        "embedding_size",
        "num_hidden_groups",
    }
)


def is_candidate(name: str) -> bool:
    """Stage one: could a file of this name be a model config?"""
    return name == "config.json" or (fnmatch.fnmatchcase(name, "*config*.json") and name not in NOT_MODEL_CONFIGS)


def hook_exclude_pattern() -> str:
    """The pre-commit hooks' ``exclude`` regex: :data:`NOT_MODEL_CONFIGS`, as pre-commit matches paths."""
    names = "|".join(name.removesuffix(".json").replace(".", r"\.") for name in sorted(NOT_MODEL_CONFIGS))
    return rf"(^|/)({names})\.json$"


def skip_reason(document: "ConfigDocument", *, in_model_folder: bool) -> str | None:
    """Stage two: ``None`` when ``document`` is a model config (or a sentence-transformers module
    config), else why it is not one. ``in_model_folder``: weights or modules.json sit beside it.
    Named files get here without stage one, so a name from :data:`NOT_MODEL_CONFIGS` says so."""
    name = Path(document.path).name
    if name in NOT_MODEL_CONFIGS:
        return "its name is that of another config than the model's (tokenizer, generation, adapter, tool...)"
    data: Any = document.data
    if isinstance(data, dict):
        if _looks_like_model_config(data):
            return None
        return "a JSON object without model_type, architectures or model size keys"
    if data is not None:
        if (in_model_folder and name == "config.json") or _looks_like_modules_list(name, data):
            return None
        kind = "an array" if isinstance(data, list) else "a single JSON value"
        return f"{kind}, not a JSON object: not a model config"
    # Not parsable (or empty, or not UTF-8): a broken model config, or another tool's format.
    if re.search(_TRANSFORMERS_KEY, document.text) or in_model_folder:
        return None
    if re.fullmatch(_MODEL_CONFIG_NAMES, name) and not re.search(_COMMENT, document.text):
        return None
    return "not valid JSON and no transformers config key (JSON with comments, or another tool's format)"


def _looks_like_modules_list(name: str, data: Any) -> bool:
    """A sentence-transformers ``modules.json``: checked for its module paths and types (T006)."""
    if not isinstance(data, list):
        return False
    return name == "modules.json" or (bool(data) and all(isinstance(m, dict) and "type" in m and "path" in m for m in data))


def _looks_like_model_config(data: Mapping[str, Any]) -> bool:
    if isinstance(data.get("model_type"), str) or isinstance(data.get("architectures"), list):
        return True
    if any(key.startswith(_POOLING_MARKERS) for key in data):
        return True
    return len(_FAMILY_KEYS.intersection(data)) >= 2 or ("hidden_size" in data and "vocab_size" in data)


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except OSError:  # not allowed to look: treat as absent
        return False


def is_model_folder(folder: Path) -> bool:
    try:
        return any((folder / name).is_file() for name in WEIGHT_FILE_NAMES)
    except OSError:
        return False


class Found(NamedTuple):
    """A file to read and decide on. ``named``: given on the command line rather than found by a walk."""

    path: Path
    named: bool
    argument: str
    """The command-line argument it came from (so an empty folder can be reported)."""


class Problem(NamedTuple):
    """An argument or folder that cannot be checked at all: exit code 2."""

    source: str
    message: str


class Discovery:
    """What a walk over the arguments found: files to decide on, and arguments that failed.

    The records of this module are named tuples and plain classes, not dataclasses: every check
    imports it, and ``import dataclasses`` plus each class's generated methods cost about as much
    as starting Python."""

    __slots__ = ("files", "problems")

    def __init__(self, files: list[Found] | None = None, problems: list[Problem] | None = None) -> None:
        self.files: list[Found] = [] if files is None else files
        self.problems: list[Problem] = [] if problems is None else problems


class FileFilter(NamedTuple):
    """``exclude``/``extend-exclude`` (globs relative to ``root``) and ``.gitignore`` handling."""

    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: tuple[str, ...] = ()
    force_exclude: bool = False
    respect_gitignore: bool = True
    root: Path = Path()
    """The default, ``.``, is the current folder when a path is matched (paths are made absolute then)."""

    def excluded(self, path: Path, below: Path | None = None) -> bool:
        """True when a pattern matches the path or one of its folders below ``below`` (the walked
        argument: the folders above what the user named are never tested). Paths are matched
        relative to ``root``, the folder the settings came from."""
        relative = _relative(path, self.root)
        parts = relative.split("/")
        above = _relative(below, self.root) if below is not None else ""
        skip = len(above.split("/")) if above else 0
        prefixes = ["/".join(parts[: end + 1]) for end in range(min(skip, len(parts) - 1), len(parts))]
        return any(match_path(pattern, prefix) for pattern in (*self.exclude, *self.extend_exclude) for prefix in prefixes)


def _relative(path: Path, root: Path) -> str:
    absolute = Path(os.path.abspath(path))
    try:
        relative = absolute.relative_to(os.path.abspath(root)).as_posix()
        return "" if relative == "." else relative
    except ValueError:
        return absolute.as_posix().lstrip("/")


def discover(arguments: Iterable[str | Path], file_filter: FileFilter | None = None) -> Discovery:
    """Every candidate file under ``arguments``, in a stable order, each once."""
    file_filter = file_filter or FileFilter()
    result = Discovery()
    seen: set[str] = set()
    for raw in arguments:
        path = Path(raw)
        try:
            candidates = _candidates(path, str(raw), file_filter, result.problems)
        except OSError as error:  # a folder this user may not look into, a name too long...
            result.problems.append(Problem(str(raw), f"cannot read: {error.strerror or error}"))
            continue
        for found in candidates:
            key = os.path.realpath(found.path)
            if key not in seen:
                seen.add(key)
                result.files.append(found)
    return result


def _candidates(path: Path, argument: str, file_filter: FileFilter, problems: list[Problem]) -> list[Found]:
    if path.is_dir():
        return sorted(_walk(path, argument, file_filter, problems), key=lambda found: found.path)
    if path.exists() or path.is_symlink():
        if file_filter.force_exclude and (file_filter.excluded(path) or not is_candidate(path.name)):
            return []
        return [Found(_parent_model_config(path) or path, True, argument)]
    problems.append(Problem(argument, "no such file or folder"))
    return []


def _parent_model_config(path: Path) -> Path | None:
    """``1_Pooling/config.json`` of a model with ``modules.json``: its parent's config checks it."""
    parent = path.parent.parent
    try:
        if path.name == "config.json" and (parent / "modules.json").is_file() and (parent / "config.json").is_file():
            return parent / "config.json"
    except OSError:
        return None
    return None


def _walk(root: Path, argument: str, file_filter: FileFilter, problems: list[Problem]) -> Iterator[Found]:
    ignores = _GitIgnores.for_walk(root) if file_filter.respect_gitignore else None

    def on_error(error: OSError) -> None:
        problems.append(Problem(str(error.filename or root), f"cannot read folder: {error.strerror or error}"))

    for directory, subdirectories, files in os.walk(root, onerror=on_error):
        here = Path(directory)
        if ignores is not None:
            ignores.enter(here)
        subdirectories[:] = sorted(
            name for name in subdirectories
            if not name.startswith(".") and not file_filter.excluded(here / name, root)
            and not (ignores is not None and ignores.ignored(here / name, is_dir=True))
        )  # fmt: skip
        has_model_config = "config.json" in files
        for name in sorted(files):
            if not is_candidate(name) or (has_model_config and name != "config.json"):
                continue
            path = here / name
            if file_filter.excluded(path, root) or (ignores is not None and ignores.ignored(path, is_dir=False)):
                continue
            if _parent_model_config(path) is None:
                yield Found(path, False, argument)


class _IgnoreRule(NamedTuple):
    base: str
    """Folder of the .gitignore, relative to the work tree's top."""
    pattern: str
    negated: bool
    directory_only: bool


class _GitIgnores:
    """``.gitignore`` files from the work tree's top down to each walked folder (git's own order:
    later and deeper rules win, ``!`` re-includes). Outside a git work tree nothing is ignored."""

    MAX_RULES = 10_000

    def __init__(self, top: Path) -> None:
        self.top = top
        self.rules: list[_IgnoreRule] = []
        self._loaded: set[Path] = set()

    @classmethod
    def for_walk(cls, root: Path) -> "_GitIgnores | None":
        absolute = Path(os.path.abspath(root))
        for folder in (absolute, *absolute.parents):
            if _exists(folder / ".git"):
                ignores = cls(folder)
                for ancestor in reversed(absolute.relative_to(folder).parents):
                    ignores.enter(folder / ancestor)
                return ignores
        return None

    def enter(self, folder: Path) -> None:
        absolute = Path(os.path.abspath(folder))
        if absolute in self._loaded:
            return
        self._loaded.add(absolute)
        path = absolute / ".gitignore"
        try:
            if not path.is_file() or path.is_symlink():
                return
            with path.open("rb") as handle:
                text = handle.read(1 << 20).decode("utf-8", "replace")
        except OSError:
            return
        base = absolute.relative_to(self.top).as_posix() if absolute != self.top else ""
        for line in text.splitlines():
            if len(self.rules) >= self.MAX_RULES:
                return
            rule = _parse_ignore_line(line, base)
            if rule is not None:
                self.rules.append(rule)

    def ignored(self, path: Path, *, is_dir: bool) -> bool:
        relative = Path(os.path.abspath(path)).relative_to(self.top).as_posix()
        verdict = False
        for rule in self.rules:
            if rule.directory_only and not is_dir:
                continue
            inside = relative[len(rule.base) + 1 :] if rule.base else relative
            if rule.base and not relative.startswith(rule.base + "/"):
                continue
            if match_path(rule.pattern, inside):
                verdict = not rule.negated
        return verdict


def _parse_ignore_line(line: str, base: str) -> _IgnoreRule | None:
    line = line.rstrip("\r")
    if not line.strip() or line.startswith("#"):
        return None
    line = line.rstrip(" ") if not line.endswith("\\ ") else line
    negated = line.startswith("!")
    if negated or line.startswith("\\!") or line.startswith("\\#"):
        line = line[1:]
    directory_only = line.endswith("/")
    pattern = line.rstrip("/")
    if not pattern:
        return None
    return _IgnoreRule(base, pattern, negated, directory_only)


def first_skip_reasons(skipped: Sequence[tuple[Path, str]], limit: int = 3) -> str:
    """``a.json: reason; b.json: reason`` for an error that says why a folder had no model config."""
    shown = "; ".join(f"{path.name}: {reason}" for path, reason in skipped[:limit])
    more = f"; and {len(skipped) - limit} more" if len(skipped) > limit else ""
    return shown + more
