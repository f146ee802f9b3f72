"""``configlint audit``: lint and load-report thousands of Hub models, resumably, into one SQLite file.

The package is layered so each part can be tested alone and nothing heavy loads before it is needed
(``configlint check`` never imports it; sqlite3 and threads load only here):

* :mod:`~configlint.audit.targets`: which repos: list files, arguments, ``--shard K/N``;
* :mod:`~configlint.audit.query`: or a Hub query (``HfApi().list_models``);
* :mod:`~configlint.audit.record`: one model's outcome (:class:`AuditRecord`), from an inspection or an error;
* :mod:`~configlint.audit.store`: the SQLite results file: resume, upsert, merge;
* :mod:`~configlint.audit.retry`: backoff policy, clock and the shared rate-limit gate;
* :mod:`~configlint.audit.runner`: the bounded worker pool that fetches, retries and stores;
* :mod:`~configlint.audit.progress`: the ``\\r`` progress line on a terminal;
* :mod:`~configlint.audit.summary` and :mod:`~configlint.audit.report`: counts, and the output formats.
"""

from __future__ import annotations

from configlint._lazy import lazy_exports

_EXPORTS = {
    "AuditRecord": "configlint.audit.record",
    "AuditStore": "configlint.audit.store",
    "merge_stores": "configlint.audit.store",
    "RetryPolicy": "configlint.audit.retry",
    "run_audit": "configlint.audit.runner",
    "summarize": "configlint.audit.summary",
    "render_report": "configlint.audit.report",
}

__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
