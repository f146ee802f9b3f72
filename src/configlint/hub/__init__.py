"""Read BERT-family models straight from the Hugging Face Hub: config, small JSON files, tensor headers.

Importing :mod:`configlint` (or this package) never imports huggingface_hub, so ``configlint
check config.json`` starts as fast as before; the client loads only when a remote source is used.
Names are resolved lazily from their modules:

* :mod:`configlint.hub.source`: :class:`RemoteSource`, :func:`parse_remote` (no network, no client);
* :mod:`configlint.hub.errors`: :class:`HubError` with its ``kind`` and ``retry_after``;
* :mod:`configlint.hub.fetch`: :func:`fetch_model` → :class:`RemoteModel`;
* :mod:`configlint.hub.inspect`: :func:`inspect_remote` → :class:`RemoteInspection`.
"""

from __future__ import annotations

from configlint._lazy import lazy_exports

_EXPORTS = {
    "RemoteSource": "configlint.hub.source",
    "parse_remote": "configlint.hub.source",
    "HubError": "configlint.hub.errors",
    "RemoteModel": "configlint.hub.fetch",
    "fetch_model": "configlint.hub.fetch",
    "RemoteInspection": "configlint.hub.inspect",
    "inspect_remote": "configlint.hub.inspect",
}

__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
