"""Escaping shared by every output format: text that came from a stranger's folder must not act.

Config values, tensor names, folder and file names reach terminals, CI logs and report viewers.
Raw control characters there are instructions, not text: ESC/CSI sequences recolour, move the
cursor or rewrite earlier lines of a terminal; CR overwrites the current line; LF starts a new
line, which in a CI log can forge a finding or a GitHub workflow command. C1 controls (U+0080
to U+009F) include an 8-bit CSI (U+009B) some terminals obey. A lone surrogate (an undecodable
file-name byte under ``surrogateescape``) cannot be encoded as UTF-8 at all, so the write of the
whole report would fail.

Two policies, one per kind of format:

* :func:`visible` for text read by people (text, load-report, the one-line errors, GitHub
  annotations, JUnit and HTML/Markdown reports): every such character becomes a readable
  ``\\xNN``/``\\uNNNN`` escape, so the reader sees that the name holds an ESC rather than
  having the terminal act on it, and nothing is dropped silently.
* :func:`dumps` for JSON formats, which must keep the data exact: ``json.dumps`` already escapes
  C0 controls, and this also writes DEL, C1 controls, U+2028/U+2029 and lone surrogates as
  ``\\uNNNN`` JSON escapes, so the output is plain UTF-8 that ``json.loads`` turns back into the
  same string, and that shows nothing raw when a log prints it.

Each format adds its own syntax escaping on top (GitHub's ``%``-escapes, XML entities, HTML
entities, Markdown pipes); this module only removes what no format can show safely.
"""

from __future__ import annotations

import json
import re
from typing import Any

_INVISIBLE = "[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]"
"""C0, DEL, C1, the Unicode line/paragraph separators, lone surrogates, and the two noncharacters XML forbids.

The patterns are compiled on first use (``re``'s cache keeps them): compiling these character classes
costs a pre-commit check, a fresh process, about a millisecond, and most texts never need them. Every
character they match is unprintable for :meth:`str.isprintable`, so a printable text is returned as is."""

_RAW_IN_JSON = "[\x7f-\x9f\u2028\u2029\ud800-\udfff]"
"""What ``json.dumps(ensure_ascii=False)`` leaves raw although no reader should see it raw."""


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every control character, separator and lone surrogate written as a visible escape.

    Tabs and newlines are escaped too: in a one-line-per-finding format a newline inside a
    message would start a line that looks like another finding.
    """
    if text.isprintable():
        return text
    return re.sub(_INVISIBLE, _escape, text)


def has_invisible(text: str) -> bool:
    """Whether :func:`visible` would change ``text``."""
    return not text.isprintable() and re.search(_INVISIBLE, text) is not None


def dumps(value: Any, *, indent: int | None = None) -> str:
    """``json.dumps`` with non-ASCII text kept readable but nothing raw that a terminal could act on.

    The extra escapes are applied to the finished JSON text: outside strings JSON holds only
    ASCII punctuation, digits and literals, so every character matched is inside a string,
    where a ``\\uNNNN`` escape means exactly that character.
    """
    text = json.dumps(value, indent=indent, ensure_ascii=False)
    return re.sub(_RAW_IN_JSON, lambda match: f"\\u{ord(match.group()):04x}", text)
