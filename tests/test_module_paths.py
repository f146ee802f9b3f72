"""The one test both sides use to decide whether a modules.json path stays inside the model folder."""

from __future__ import annotations

import pytest

from configlint.module_paths import is_safe_module_path, module_path_problem


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
