"""Glob patterns (``*``, ``?``, ``[...]``, ``**``) matched in linear time, never by backtracking.

Patterns come from settings (``exclude``, ``per-file-ignores``) and from ``.gitignore`` files in
the tree being checked, so a hostile pattern such as ``*a*a*a*a*a*a*b`` must not cost
exponential time the way a regular expression with nested ``.*`` can. A :class:`Glob` is a
list of tokens matched by simulating every position of the pattern at once (a Thompson NFA):
the work is at most ``len(path) × len(pattern)`` steps, whatever the pattern.

Semantics follow gitignore and ruff: ``*`` and ``?`` never match ``/``; ``**`` as a whole
segment matches any number of segments (``a/**/b`` matches ``a/b`` and ``a/x/y/b``); a
character class ``[abc]``, ``[a-z]`` or ``[!abc]`` matches one character other than ``/``.
"""

import functools
from typing import NamedTuple

_LITERAL, _ONE, _STAR, _GLOBSTAR, _CLASS = range(5)
MAX_PATTERN_LENGTH = 4096
"""Longer patterns are refused: no real exclude or ignore pattern comes near it."""


class _Token(NamedTuple):
    kind: int
    text: str = ""
    negated: bool = False

    def accepts(self, char: str) -> bool:
        if char == "/":
            return self.kind == _LITERAL and self.text == "/"
        if self.kind == _LITERAL:
            return char == self.text
        if self.kind in (_ONE, _STAR):
            return True
        return _in_class(self.text, char) != self.negated


def _in_class(members: str, char: str) -> bool:
    index = 0
    while index < len(members):
        if index + 2 < len(members) and members[index + 1] == "-":
            if members[index] <= char <= members[index + 2]:
                return True
            index += 3
        else:
            if members[index] == char:
                return True
            index += 1
    return False


def _tokens(pattern: str) -> tuple[_Token, ...]:
    tokens: list[_Token] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        at_segment_start = index == 0 or pattern[index - 1] == "/"
        if pattern.startswith("**", index) and at_segment_start and pattern[index + 2 : index + 3] in ("/", ""):
            tokens.append(_Token(_GLOBSTAR))
            index += 3  # the slash after ``**`` belongs to the globstar
            continue
        if char == "*":
            while pattern.startswith("*", index):  # ``**`` inside a segment is a plain ``*``
                index += 1
            tokens.append(_Token(_STAR))
            continue
        if char == "?":
            tokens.append(_Token(_ONE))
        elif char == "[" and (end := pattern.find("]", index + 2)) != -1:
            body = pattern[index + 1 : end]
            negated = body[:1] in ("!", "^")
            tokens.append(_Token(_CLASS, body[1:] if negated else body, negated))
            index = end
        elif char == "\\" and index + 1 < len(pattern):
            index += 1
            tokens.append(_Token(_LITERAL, pattern[index]))
        else:
            tokens.append(_Token(_LITERAL, char))
        index += 1
    return tuple(tokens)


class Glob:
    """One compiled pattern; :meth:`matches` tests a whole ``/``-separated relative path."""

    __slots__ = ("pattern", "_tokens", "_trailing_globstar")

    def __init__(self, pattern: str) -> None:
        if len(pattern) > MAX_PATTERN_LENGTH:
            raise ValueError(f"glob pattern longer than {MAX_PATTERN_LENGTH} characters")
        self.pattern = pattern
        self._tokens = _tokens(pattern)
        self._trailing_globstar = bool(self._tokens) and self._tokens[-1].kind == _GLOBSTAR and not pattern.endswith("/")

    def _closure(self, states: set[tuple[int, bool]]) -> set[tuple[int, bool]]:
        """Add what is reachable without reading a character: ``*`` may match nothing, and so may
        ``**/`` when it stands at a segment boundary (``inside`` False)."""
        pending = list(states)
        while pending:
            index, inside = pending.pop()
            if index >= len(self._tokens):
                continue
            kind = self._tokens[index].kind
            if kind == _STAR or (kind == _GLOBSTAR and not inside):
                successor = (index + 1, False)
                if successor not in states:
                    states.add(successor)
                    pending.append(successor)
        return states

    def matches(self, path: str) -> bool:
        tokens = self._tokens
        last = len(tokens) - 1
        states = self._closure({(0, False)})
        for char in path:
            following: set[tuple[int, bool]] = set()
            for index, _inside in states:
                if index > last:
                    continue
                token = tokens[index]
                if token.kind == _STAR:
                    if char != "/":
                        following.add((index, False))
                elif token.kind == _GLOBSTAR:
                    trailing = index == last and self._trailing_globstar
                    # A slash ends one whole segment: back at a boundary, where ``**/`` may stop.
                    following.add((index, trailing or char != "/"))
                elif token.accepts(char):
                    following.add((index + 1, False))
            if not following:
                return False
            states = self._closure(following)
        return any(index > last or (index == last and self._trailing_globstar) for index, _ in states)

    def __repr__(self) -> str:
        return f"Glob({self.pattern!r})"


@functools.lru_cache(maxsize=1024)
def compile_glob(pattern: str) -> Glob:
    return Glob(pattern)


def match_path(pattern: str, relative: str) -> bool:
    """ruff's and gitignore's rule: a pattern without an inner ``/`` matches a file or folder name at
    any depth; one with a ``/`` (a leading one only anchors it) matches the whole relative path."""
    body = pattern.strip("/")
    if "/" not in body and not pattern.startswith("/"):
        return compile_glob(body).matches(relative.rsplit("/", 1)[-1])
    return compile_glob(body).matches(relative)
