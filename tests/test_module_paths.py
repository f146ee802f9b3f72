"""The one test both sides use to decide whether a modules.json path stays inside the model folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from configlint.module_paths import is_safe_module_path, module_folder, module_path_problem


@pytest.mark.parametrize("path", ["", ".", "1_Pooling", "./1_Pooling", "1_Pooling/", "a/b", "a/./b", "dots..in..name"])
def test_paths_inside_the_model_are_safe(path: str) -> None:
    assert module_path_problem(path) is None and is_safe_module_path(path)


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("..", "'..'"),
        ("../../etc", "'..'"),
        ("1_Pooling/../../x", "'..'"),
        ("..\\..\\etc", "'..'"),
        ("/etc", "absolute"),
        ("\\\\server\\share", "absolute"),
        ("C:\\Windows", "drive"),
        ("c:x", "drive"),
        ("1_Pooling\0", "NUL"),
    ],
)
def test_paths_leaving_the_model_are_refused_with_a_reason(path: str, reason: str) -> None:
    problem = module_path_problem(path)
    assert problem is not None and reason in problem
    assert not is_safe_module_path(path)


@pytest.mark.parametrize("value", [None, 1, ["1_Pooling"], {"path": "x"}])
def test_a_path_that_is_not_a_string_is_not_safe(value: object) -> None:
    assert not is_safe_module_path(value)


def test_module_folder_follows_symlinks_only_inside(tmp_path: Path) -> None:
    model, outside = tmp_path / "model", tmp_path / "outside"
    (model / "1_Pooling").mkdir(parents=True)
    outside.mkdir()
    os.symlink(outside, model / "escape")
    os.symlink(model / "1_Pooling", model / "alias")
    assert module_folder(model, "1_Pooling") == (model / "1_Pooling").resolve()
    assert module_folder(model, "") == model.resolve()
    assert module_folder(model, "alias") == (model / "1_Pooling").resolve()
    assert module_folder(model, "escape") is None
    assert module_folder(model, "../outside") is None
