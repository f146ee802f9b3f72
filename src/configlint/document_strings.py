"""Lone UTF-16 surrogates in a parsed config: find them, and make every string encodable.

JSON text may spell a code point as ``\\uXXXX``, and ``json.loads`` turns a high surrogate
followed by a low one into the character they encode, but a *lone* ``\\ud800`` (or a low
surrogate on its own) becomes a one-code-point ``str`` that is not a character: it cannot be
encoded as UTF-8, so the first report, audit row or fix that writes it raises
``UnicodeEncodeError``, and one such file used to end a whole audit. Nothing else in a file can
produce one (the file is decoded from strict UTF-8, which refuses encoded surrogates), so this
is the one place they enter: :mod:`configlint.document` replaces each with U+FFFD, the
replacement character, right after parsing, and reports where they were.
"""

import functools
import re
from typing import Any, NamedTuple

from configlint.document_positions import pointer_of

REPLACEMENT = "\ufffd"


@functools.cache
def _lone_surrogate() -> re.Pattern[str]:
    """Compiled on first use: a clean ASCII file never needs it, and compiling costs a fresh process
    (a pre-commit check) about half a millisecond."""
    return re.compile("[\ud800-\udfff]")


_SURROGATE_ESCAPE = r"\\u[dD][89a-fA-F]"
"""A surrogate escape in JSON text: \\uD800-\\uDFFF, any case (compiled on first use, by ``re``'s cache)."""


def may_hold_lone_surrogates(text: str) -> bool:
    """False when no string parsed from ``text`` can hold a surrogate (the usual case).

    A cheap test on the text, so that clean files are never walked: an escape, or a raw
    surrogate in a ``str`` handed to ``parse_document`` directly (only non-ASCII text can hold one).
    """
    if "\\u" in text and re.search(_SURROGATE_ESCAPE, text):
        return True
    return not text.isascii() and _lone_surrogate().search(text) is not None


def replace_lone_surrogates(value: str) -> str:
    """``value`` with each lone surrogate replaced by U+FFFD (paired ones never reach a ``str``)."""
    if value.isascii():  # no surrogate is ASCII
        return value
    return _lone_surrogate().sub(REPLACEMENT, value)


def _escapes(value: str) -> str:
    """The surrogates of ``value`` as ``\\ud800`` escapes, for a message (first three only)."""
    found = list(dict.fromkeys(_lone_surrogate().findall(value)))
    shown = ", ".join(f"\\u{ord(char):04x}" for char in found[:3])
    return shown + (", ..." if len(found) > 3 else "")


class SurrogateString(NamedTuple):
    """A key or string value that held lone surrogates; ``pointer`` is spelled with them replaced."""

    pointer: str
    is_key: bool
    escapes: str
    """The surrogates it held, as ``\\ud800`` escapes (what the file says)."""


def clean_lone_surrogates(data: Any) -> tuple[Any, list[SurrogateString]]:
    """Replace lone surrogates in every key and string of ``data``, in place; say where they were.

    Containers are mutated, not copied (a dict whose keys change is refilled in the same order),
    and the walk uses an explicit stack: the data may be nested as deeply as ``json.loads``
    allows, which is close to the interpreter's recursion limit.
    """
    found: list[SurrogateString] = []
    if isinstance(data, str):
        return _cleaned(data, "", False, found), found
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        pointer, container = stack.pop()
        if isinstance(container, dict):
            if any(_lone_surrogate().search(key) for key in container):
                items = list(container.items())
                container.clear()
                container.update((_cleaned(key, _member(pointer, key), True, found), value) for key, value in items)
            for key, value in container.items():
                member = _member(pointer, key)
                if isinstance(value, str):
                    container[key] = _cleaned(value, member, False, found)
                elif isinstance(value, (dict, list)):
                    stack.append((member, value))
        elif isinstance(container, list):
            for index, value in enumerate(container):
                if isinstance(value, str):
                    container[index] = _cleaned(value, f"{pointer}/{index}", False, found)
                elif isinstance(value, (dict, list)):
                    stack.append((f"{pointer}/{index}", value))
    return data, found


def _member(parent: str, key: str) -> str:
    return pointer_of(parent, replace_lone_surrogates(key))


def _cleaned(value: str, pointer: str, is_key: bool, found: list[SurrogateString]) -> str:
    if _lone_surrogate().search(value) is None:
        return value
    found.append(SurrogateString(pointer, is_key, _escapes(value)))
    return replace_lone_surrogates(value)
