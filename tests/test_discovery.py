"""Which files are model configs: the walk, the name stage and the content stage."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from configlint.discovery import FileFilter, discover, skip_reason
from configlint.document import parse_document


def _tree(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


def _found(root: Path, file_filter: FileFilter | None = None) -> set[str]:
    return {found.path.relative_to(root).as_posix() for found in discover([root], file_filter or FileFilter(root=root)).files}


def test_folder_discovery(tmp_path: Path) -> None:
    _tree(
        tmp_path,
        {
            name: "{}"
            for name in [
                "model/config.json", "model/tokenizer_config.json", "model/generation_config.json", "model/modules.json",
                "model/1_Pooling/config.json", "model/data_config.json", "model/bert_config.json", "legacy/bert_config.json",
                "legacy/albert_config_base.json", ".git/config.json", "node_modules/x/config.json", "build/config.json",
                ".hidden/config.json", "notes.json", "web/tsconfig.json",
            ]
        },
    )  # fmt: skip
    # The Pooling config is checked from model/config.json beside modules.json; beside a
    # config.json, other *config*.json files (sentence-transformers' data_config.json) are not the model's.
    assert _found(tmp_path) == {"model/config.json", "legacy/bert_config.json", "legacy/albert_config_base.json"}


def test_excludes_replace_or_extend_the_defaults(tmp_path: Path) -> None:
    _tree(tmp_path, {"a/config.json": "{}", "legacy/x/config.json": "{}", "build/config.json": "{}"})
    assert _found(tmp_path, FileFilter(extend_exclude=("legacy",), root=tmp_path)) == {"a/config.json"}
    assert _found(tmp_path, FileFilter(exclude=(), root=tmp_path)) == {
        "a/config.json",
        "legacy/x/config.json",
        "build/config.json",
    }
    assert _found(tmp_path, FileFilter(exclude=("a/*.json",), root=tmp_path)) == {"legacy/x/config.json", "build/config.json"}


def test_folders_above_the_named_one_are_not_matched_by_excludes(tmp_path: Path) -> None:
    """`build` in the default excludes must not hide a model the user named inside a build/ path."""
    _tree(tmp_path, {"build/model/config.json": "{}"})
    named = tmp_path / "build" / "model"
    assert [found.path for found in discover([named], FileFilter(root=tmp_path)).files] == [named / "config.json"]


def test_named_files_are_checked_once_and_excluded_only_with_force_exclude(tmp_path: Path) -> None:
    _tree(tmp_path, {"legacy/config.json": "{}"})
    path = tmp_path / "legacy" / "config.json"
    plain = FileFilter(extend_exclude=("legacy",), root=tmp_path)
    assert [found.path for found in discover([path, path, tmp_path / "legacy"], plain).files] == [path]
    forced = FileFilter(extend_exclude=("legacy",), force_exclude=True, root=tmp_path)
    assert discover([path], forced).files == []


def test_a_named_pooling_config_is_checked_through_its_model(tmp_path: Path) -> None:
    """One finding once: the model's config.json reads its 1_Pooling/config.json itself."""
    _tree(tmp_path, {"m/config.json": "{}", "m/modules.json": "[]", "m/1_Pooling/config.json": "{}"})
    found = discover([tmp_path / "m" / "config.json", tmp_path / "m" / "1_Pooling" / "config.json"], FileFilter(root=tmp_path))
    assert [item.path for item in found.files] == [tmp_path / "m" / "config.json"]


def test_missing_paths_and_unreadable_folders_are_problems(tmp_path: Path) -> None:
    found = discover([tmp_path / "nope"], FileFilter(root=tmp_path))
    assert [(problem.source, problem.message) for problem in found.problems] == [
        (str(tmp_path / "nope"), "no such file or folder")
    ]


def test_gitignore_is_respected_inside_a_work_tree_only(tmp_path: Path) -> None:
    _tree(tmp_path, {"repo/.gitignore": "ignored/\n*.bak.json\n!keep/\n", "repo/ignored/config.json": "{}",
                     "repo/m/config.json": "{}", "repo/sub/.gitignore": "/config.json\n", "repo/sub/config.json": "{}",
                     "repo/sub/deeper/config.json": "{}"})  # fmt: skip
    repo = tmp_path / "repo"
    assert _found(repo) == {
        "m/config.json",
        "ignored/config.json",
        "sub/config.json",
        "sub/deeper/config.json",
    }  # not a git tree yet
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    assert _found(repo) == {"m/config.json", "sub/deeper/config.json"}  # /config.json is anchored to sub/
    assert _found(repo, FileFilter(respect_gitignore=False, root=repo)) == {
        "m/config.json",
        "ignored/config.json",
        "sub/config.json",
        "sub/deeper/config.json",
    }


@pytest.mark.parametrize(
    ("name", "text", "model_folder", "skipped"),
    [
        ("config.json", '{"model_type": "bert"}', False, False),
        ("config.json", '{"architectures": ["BertModel"]}', False, False),
        ("bert_config.json", '{"hidden_size": 768, "num_attention_heads": 12}', False, False),
        ("config.json", '{"word_embedding_dimension": 768, "pooling_mode_mean_tokens": true}', False, False),
        ("renovate-config.json", '{"extends": ["config:base"]}', False, True),
        ("tsconfig.json", '{\n  // comment\n  "compilerOptions": {}\n}', False, True),
        ("app_config.json", '{"port": 1}', False, True),
        ("eval_config_cases.json", '[{"text": "a"}]', False, True),
        ("config.json", "[1, 2]", False, True),
        ("config.json", "[1, 2]", True, False),  # beside weights: a broken model config (J005)
        ("config.json", "", False, False),  # an empty config.json is a broken model config (J006)
        ("config.json", '{"model_type": "bert",', False, False),  # truncated
        ("config.json", '{\n  // the app\n  "port": 1\n}', False, True),  # JSONC of another tool
        ("config.json", '{\n  // a comment\n  "hidden_size": 768\n}', False, False),  # but it names a model key
        ("tokenizer_config.json", '{"model_type": "bert"}', False, True),  # named: skipped by its name
        ("modules.json", '[{"idx": 0, "path": "", "type": "x"}]', False, False),  # sentence-transformers: T006 checks it
        ("org__model__modules.json", '[{"idx": 0, "name": "0", "path": "", "type": "x"}]', False, False),
    ],
)
def test_the_content_decision(name: str, text: str, model_folder: bool, skipped: bool) -> None:
    assert (skip_reason(parse_document(text, f"x/{name}"), in_model_folder=model_folder) is not None) is skipped
