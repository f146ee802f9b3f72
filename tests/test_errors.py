"""One-line errors: folded to one line, and no control character reaches stderr raw."""

from __future__ import annotations

from configlint.errors import ConfiglintError, InputError


def test_one_line_folds_whitespace_and_makes_controls_visible() -> None:
    error = InputError("bad\n\tvalue \x1b]0;pwned\x07 \x9b2J", source="models/a\x1b[2Kb\udcff/config.json", position="3:4")
    assert error.one_line() == "models/a\\x1b[2Kb\\udcff/config.json:3:4: bad value \\x1b]0;pwned\\x07 \\x9b2J"
    assert str(error) == error.one_line()
    error.one_line().encode("utf-8")


def test_plain_messages_are_unchanged() -> None:
    assert ConfiglintError("no such file", source="ünï/config.json").one_line() == "ünï/config.json: no such file"
    assert ConfiglintError("just a message").one_line() == "just a message"
