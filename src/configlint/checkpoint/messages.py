"""Quote values from a checkpoint in error messages without letting the file choose their size.

Names, shapes, dtypes and persistent ids come from a stranger's file: a 100 MB tensor name, a
shape list of ten million entries or a pickle object graph that expands exponentially when
printed must not become (or hang while building) a one-line error message.
"""

from __future__ import annotations

import reprlib

_REPR = reprlib.Repr()
_REPR.maxstring = 80
_REPR.maxother = 80
_REPR.maxlong = 40
_REPR.maxlevel = 3
_REPR.maxlist = _REPR.maxtuple = _REPR.maxdict = _REPR.maxset = 8


def brief(value: object) -> str:
    """``repr(value)``, bounded in length and depth (reprlib never walks past its limits)."""
    return _REPR.repr(value)
