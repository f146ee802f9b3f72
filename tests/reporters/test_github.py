"""GitHub workflow commands: exact lines, control characters made visible, and escaping the runner decodes back."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from configlint.diagnostics import Diagnostic, Severity
from configlint.escaping import visible
from configlint.reporters import RunResult, get_formatter
from configlint.reporters.github import escape_data, escape_property, format_github

# The runner's decoding (actions/runner ActionCommand): one pass, so "%253A" stays "%3A".
_PROPERTY_ESCAPES = {"%25": "%", "%0D": "\r", "%0A": "\n", "%3A": ":", "%2C": ","}
_COMMAND = re.compile(r"^::(?P<command>error|warning|notice)(?: (?P<properties>[^:]*))?::(?P<message>.*)$")


def unescape(text: str) -> str:
    return re.sub("%(?:25|0D|0A|3A|2C)", lambda match: _PROPERTY_ESCAPES[match.group()], text)


def parse(line: str) -> tuple[str, dict[str, str], str]:
    """Split a command line the way the runner does: properties on ``,``, key from value on ``=``."""
    match = _COMMAND.match(line)
    assert match is not None, line
    properties = {}
    for item in filter(None, (match["properties"] or "").split(",")):
        key, _, value = item.partition("=")
        properties[key] = unescape(value)
    return match["command"], properties, unescape(match["message"])


def lines(output: str) -> list[str]:
    """Split on LF only, like the runner; ``str.splitlines`` would also split on VT, FF, U+2028…"""
    assert output.endswith("\n")
    return output.split("\n")[:-1]


def test_registered() -> None:
    assert get_formatter("github") is format_github


def test_escaping_matches_the_toolkit() -> None:
    assert escape_data("100%\r\n: ,") == "100%25%0D%0A: ,"
    assert escape_property("100%\r\n: ,") == "100%25%0D%0A%3A %2C"
    assert escape_property("%3A") == "%253A"  # already-escaped-looking text is escaped again


def test_nasty_lines_exactly(nasty: RunResult) -> None:
    assert lines(format_github(nasty)) == [
        "::error file=dir%2Cwith%3Acolons/con%25fig.json,line=3,col=7,title=S001 invalid-field-type"
        "::100%25 wrong\\x0d\\x0asecond line: a, b::c",
        "::warning file=dir%2Cwith%3Acolons/con%25fig.json,line=9,col=1,title=J002 duplicate-key"
        "::duplicate <key> & \"quotes\" 'too' — ünïcødé ✓ 🙂",
        "::warning file=ünïcødé/配置 <&>.json,line=1,col=1,title=F002 missing-model-type"
        "::no model_type\\x09but architectures says bert",
        # no position: line and col are left out, as the toolkit leaves out empty properties
        "::notice file=beside/1_Pooling/config.json,title=X999 made-up"
        "::bell\\x07 nul\\x00 esc\\x1b vt\\x0b ff\\x0c nonchar\\ufffe end",
    ]


def test_one_command_per_finding_round_trips(nasty: RunResult) -> None:
    commands = lines(format_github(nasty))
    assert len(commands) == len(nasty.diagnostics)
    for line, diagnostic in zip(commands, nasty.diagnostics):
        _, properties, message = parse(line)
        assert properties["file"] == visible(diagnostic.file)
        assert message == visible(diagnostic.message)


def test_real_rules_on_awkward_names(awkward: RunResult) -> None:
    parsed = [parse(line) for line in lines(format_github(awkward))]
    assert [(command, props["file"], props["title"].split()[0]) for command, props, _ in parsed] == [
        ("warning", "a,b:c%25/config.json", "J002"),
        ("error", "a,b:c%25/config.json", "S001"),
        ("warning", "plain/config.json", "F002"),
        ("notice", "ünï <&> 'q'/config.json", "F001"),
    ]
    assert parsed[1][1]["line"] == "1" and parsed[1][1]["col"] == "44"


def test_title_falls_back_to_the_registry_name() -> None:
    bare = Diagnostic(code="S001", severity=Severity.ERROR, message="m", file="f.json")
    assert format_github(RunResult([bare])) == "::error file=f.json,line=1,col=1,title=S001 invalid-field-type::m\n"


def test_realworld_corpus(realworld: RunResult) -> None:
    commands = lines(format_github(realworld))
    assert len(commands) == len(realworld.diagnostics)
    for line, diagnostic in zip(commands, realworld.diagnostics):
        command, properties, message = parse(line)
        assert command == {"error": "error", "warning": "warning", "info": "notice"}[diagnostic.severity.value]
        assert properties == {
            "file": diagnostic.file,
            "line": str(diagnostic.line),
            "col": str(diagnostic.column),
            "title": f"{diagnostic.code} {diagnostic.rule_name}",
        }
        assert message == diagnostic.message


def test_no_findings_prints_nothing() -> None:
    assert format_github(RunResult([], files=["a.json"])) == ""


@given(file=st.text(st.characters(exclude_categories=()), min_size=1), message=st.text(st.characters(exclude_categories=())))
def test_any_text_stays_one_parseable_line(file: str, message: str) -> None:
    diagnostic = Diagnostic(code="S001", severity=Severity.WARNING, message=message, file=file, line=2, column=5)
    output = format_github(RunResult([diagnostic]))
    assert output.count("\n") == 1 and not any(char in output[:-1] for char in map(chr, [*range(0x20), *range(0x7F, 0xA0)]))
    output.encode("utf-8")  # no lone surrogate
    _, properties, decoded = parse(output[:-1])
    assert (properties["file"], properties["line"], decoded) == (visible(file), "2", visible(message))


def test_forged_commands_stay_inside_the_message() -> None:
    """A value that tries to start its own workflow command (mask a secret, stop command processing)."""
    forged = "ok\n::add-mask::secret\r\n::stop-commands::token\n::error file=x::fake"
    diagnostic = Diagnostic(code="S001", severity=Severity.ERROR, message=forged, file="a\n::error::b.json")
    (line,) = lines(format_github(RunResult([diagnostic])))
    assert line.startswith(
        "::error file=a\\x0a%3A%3Aerror%3A%3Ab.json,line=1,col=1,title=S001 invalid-field-type::ok\\x0a::add-mask::"
    )
    assert parse(line)[2] == visible(forged)
