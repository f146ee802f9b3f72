"""T rules on real sentence-transformers folder layouts built in tmp_path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from configlint.cli import main
from configlint.engine import lint_file
from configlint.selection import Selection

MODULES = [
    {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
    {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
]


def make_model(
    root: Path, pooling: dict | None, *, hidden: int = 384, modules: object = MODULES, extra: dict | None = None
) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "config.json").write_text(
        json.dumps(
            {
                "model_type": "bert",
                "architectures": ["BertModel"],
                "hidden_size": hidden,
                "num_attention_heads": 12,
                **(extra or {}),
            },
            indent=2,
        )
    )
    (root / "modules.json").write_text(json.dumps(modules, indent=2))
    if pooling is not None:
        (root / "1_Pooling").mkdir(exist_ok=True)
        (root / "1_Pooling" / "config.json").write_text(json.dumps(pooling, indent=2))
    return root / "config.json"


def findings(path: Path) -> dict[str, list]:
    result: dict[str, list] = {}
    for diagnostic in lint_file(path, selection=Selection(extend_select=("T004",))):
        result.setdefault(diagnostic.code, []).append(diagnostic)
    return result


def test_clean_sentence_transformers_model(tmp_path: Path) -> None:
    path = make_model(tmp_path / "m", {"word_embedding_dimension": 384, "pooling_mode_mean_tokens": True})
    assert findings(path) == {}


def test_dimension_mismatch_points_into_the_pooling_file(tmp_path: Path) -> None:
    path = make_model(tmp_path / "m", {"word_embedding_dimension": 768, "pooling_mode": "cls"})
    [diagnostic] = findings(path)["T001"]
    assert diagnostic.file.endswith("1_Pooling/config.json")
    assert (diagnostic.line, diagnostic.column, diagnostic.pointer) == (2, 3, "/word_embedding_dimension")
    assert "768" in diagnostic.message and "384" in diagnostic.message


@pytest.mark.parametrize(
    ("pooling", "code", "words"),
    [
        ({"embedding_dimension": 384, "pooling_mode": "avg"}, "T002", '"avg" does not exist'),
        (
            {"word_embedding_dimension": 384, "pooling_mode_cls_token": True, "pooling_mode_mean_tokens": True},
            "T003",
            "2 × 384 = 768",
        ),
        ({"word_embedding_dimension": 384, "pooling_mode_cls_token": False}, "T004", "mean pooling"),
        ({"word_embedding_dimension": 384, "pooling_mode_mean_tokens": True, "output_key": "x"}, "T005", "'output_key'"),
    ],
)
def test_pooling_problems(tmp_path: Path, pooling: dict, code: str, words: str) -> None:
    found = findings(make_model(tmp_path / "m", pooling))
    assert code in found and words in found[code][0].message


def test_pooling_file_checked_directly_compares_with_its_parent(tmp_path: Path, capsys) -> None:
    make_model(tmp_path / "m", {"word_embedding_dimension": 768, "pooling_mode_mean_tokens": True, "pooler_type": "mean"})
    code = main(["check", "--output-format", "json", str(tmp_path / "m" / "1_Pooling" / "config.json")])
    items = json.loads(capsys.readouterr().out)
    assert code == 1
    assert {item["code"] for item in items} == {"T001", "T005"}


def test_missing_pooling_folder_and_malformed_modules(tmp_path: Path) -> None:
    assert "T006" in findings(make_model(tmp_path / "a", None))
    broken = findings(make_model(tmp_path / "b", {"word_embedding_dimension": 384}, modules=[{"idx": 0}]))
    assert "lacks name, path, type" in broken["T006"][0].message
    assert "T006" in findings(make_model(tmp_path / "c", None, modules={"not": "a list"}))


def test_pooler_type_mean_is_only_info_when_sentence_transformers_does_mean(tmp_path: Path) -> None:
    with_module = findings(
        make_model(
            tmp_path / "a", {"word_embedding_dimension": 384, "pooling_mode_mean_tokens": True}, extra={"pooler_type": "mean"}
        )
    )
    assert with_module["P002"][0].severity.value == "info"
    without = findings(
        make_model(
            tmp_path / "b", {"word_embedding_dimension": 384, "pooling_mode_cls_token": True}, extra={"pooler_type": "mean"}
        )
    )
    assert without["P002"][0].severity.value == "warning"
    assert "pooling-to-sentence-transformers" in without["P002"][0].message


def test_modules_json_checked_directly(tmp_path: Path) -> None:
    path = tmp_path / "modules.json"
    path.write_text(json.dumps([{"idx": 0, "name": "0", "type": "x"}]))
    [diagnostic] = lint_file(path)
    assert diagnostic.code == "T006" and diagnostic.pointer == "/0"


@pytest.mark.parametrize("path", ["../../etc", "/etc", "..\\..\\etc", "C:/data"])
def test_a_module_path_out_of_the_model_is_refused_and_never_read(tmp_path: Path, path: str) -> None:
    outside = tmp_path / "etc"
    outside.mkdir()
    (outside / "config.json").write_text(
        json.dumps({"word_embedding_dimension": 7, "pooling_mode_cls_token": True, "secret": "s3cret"})
    )
    modules = [MODULES[0], {**MODULES[1], "path": path}]
    config = make_model(tmp_path / "a" / "m", None, modules=modules)
    found = findings(config)
    assert [d.pointer for d in found["T006"]] == ["/1/path"], found
    assert "outside the model" in found["T006"][0].message
    assert "T001" not in found  # the outside file's dimension 7 was never read
    assert all("s3cret" not in d.message for ds in found.values() for d in ds)


def test_a_pooling_folder_symlinked_out_of_the_model_is_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "config.json").write_text(json.dumps({"word_embedding_dimension": 7, "pooling_mode_cls_token": True}))
    config = make_model(tmp_path / "m", None)
    (tmp_path / "m" / "1_Pooling").symlink_to(outside, target_is_directory=True)
    found = findings(config)
    assert "symlink" in found["T006"][0].message and "T001" not in found


@pytest.mark.parametrize("which", ["modules.json", "1_Pooling/config.json"])
def test_a_module_file_linked_out_of_the_model_is_a_finding_not_silence(tmp_path: Path, which: str) -> None:
    outside = tmp_path / "outside.json"
    config = make_model(tmp_path / "m", {"word_embedding_dimension": 384, "pooling_mode_mean_tokens": True})
    target = tmp_path / "m" / which
    outside.write_text(target.read_text())
    target.unlink()
    target.symlink_to(outside)
    found = findings(config)
    assert len(found.get("T006", [])) == 1, found
    assert which.split("/")[-1] in found["T006"][0].message and "did not read it" in found["T006"][0].message
