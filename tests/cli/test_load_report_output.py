"""load-report's text: tensor names, folder names and errors from the model's files never reach the terminal raw."""

from __future__ import annotations

from configlint.cli.load_report import format_text
from configlint.load_report import LoadReport, Mismatch

CONTROLS = "".join(map(chr, [*range(0x20), 0x7F, *range(0x80, 0xA0)])) + "\udcff"
RAW = frozenset(CONTROLS) - {"\n"}


def test_every_name_and_error_is_escaped() -> None:
    report = LoadReport(
        "BertModel",
        missing=(f"pooler.{CONTROLS}.weight",),
        unexpected=("cls.\x1b[2Jhidden",),
        mismatched=(Mismatch("embeddings.\r\nfake line", (2, 3), (4, 5)),),
        strict_error="RuntimeError: size mismatch for \x1b]0;title\x07",
    )
    text = format_text(report, f"models/a{CONTROLS}")
    text.encode("utf-8")
    assert not RAW.intersection(text)
    lines = text.split("\n")
    assert lines[0].startswith("models/a\\x00\\x01") and lines[0].endswith("\\x9f\\udcff: loading as BertModel")
    assert "    cls.\\x1b[2Jhidden" in lines
    assert "    embeddings.\\x0d\\x0afake line: checkpoint [4, 5], model expects [2, 3]" in lines
    assert lines[-1] == "  without ignore_mismatched_sizes=True: RuntimeError: size mismatch for \\x1b]0;title\\x07"


def test_errors_and_clean_reports_are_escaped_too() -> None:
    assert (
        format_text(LoadReport("BertModel", error="OSError: \x1b[31mno weights"), "m")
        == "m: loading as BertModel\n  error: from_pretrained raises OSError: \\x1b[31mno weights"
    )
    assert format_text(LoadReport(None), "m\x07") == "m\\x07: loading as ?\n  every weight loads as is"
