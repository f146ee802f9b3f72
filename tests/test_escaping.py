"""The shared escaping: what becomes visible, what stays, and JSON that round-trips exactly."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from configlint.escaping import dumps, has_invisible, visible

CONTROLS = [*range(0x20), 0x7F, *range(0x80, 0xA0), 0x2028, 0x2029, 0xD800, 0xDFFF, 0xFFFE, 0xFFFF]


def test_every_control_becomes_a_visible_escape() -> None:
    for code in CONTROLS:
        escaped = visible(chr(code))
        assert escaped == (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        assert escaped.isascii() and escaped.isprintable()


def test_exactly_the_documented_characters_are_escaped() -> None:
    """Over every code point: printable text skips the pattern, and unprintable text outside the set
    (a no-break space, a zero-width space, a private-use character) is still left alone."""
    escaped = {*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029, *range(0xD800, 0xE000), 0xFFFE, 0xFFFF}
    changed = {code for code in range(0x110000) if visible(chr(code)) != chr(code)}
    assert changed == escaped
    assert [has_invisible(f"a{chr(code)}") for code in (0xA0, 0x200B, 0xE000, 0x1B)] == [False, False, False, True]


def test_printable_text_is_left_alone() -> None:
    text = "ünïcødé 配置 🙂 <&> \\x1b already-escaped % : , é\u0301"
    assert visible(text) == text and not has_invisible(text)
    assert visible("\x1b[31mred\x1b[0m\r\nnext") == "\\x1b[31mred\\x1b[0m\\x0d\\x0anext"


@given(st.text(st.characters(exclude_categories=())))
def test_visible_output_is_printable_utf8(text: str) -> None:
    escaped = visible(text)
    escaped.encode("utf-8")
    assert not has_invisible(escaped)


@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(st.characters(exclude_categories=())),
                    lambda inner: st.lists(inner) | st.dictionaries(st.text(st.characters(exclude_categories=())), inner)))  # fmt: skip
def test_dumps_round_trips_and_shows_nothing_raw(value: object) -> None:
    for indent in (None, 2):
        text = dumps(value, indent=indent)
        assert json.loads(text.encode("utf-8")) == value
        assert not any(ch in text for ch in map(chr, CONTROLS[:-2]) if ch not in "\n "), "only indentation is raw"


def test_dumps_keeps_non_ascii_readable() -> None:
    assert dumps({"k": "配置 ünï \x9b \udcff"}) == '{"k": "配置 ünï \\u009b \\udcff"}'
