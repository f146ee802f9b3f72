"""configlint audit against a Hub with 50 ms of latency per request: models per second vs the latency limit.

    python benchmarks/hub_audit.py [--models N] [--concurrency C] [--latency SECONDS]

The fake Hub of the tests (``tests/hub/fake_hub.py``) runs in a child process, so its threads do
not compete with the audit for the interpreter lock, and answers every request after ``--latency``
seconds. It serves ``--models`` repos made from the small load-report fixtures with varied configs
(``tests/audit/audit_support.py``: single and sharded safetensors, torch ``.bin``, no weights).
The audit is the real thing: :func:`configlint.audit.runner.run_audit` with ``inspect_remote``,
the real huggingface_hub client and a fresh SQLite database, as ``configlint audit`` runs it.

A model costs ``r`` sequential requests, so C workers can at best finish ``C / (r * latency)``
models per second; the ratio to that limit says how much the audit itself (client, lint, load
report, SQLite) adds. The default 1,000 models keep the ramp-up and the last, partly idle round of
workers (about one model's time) to a few percent of the run: an audit of thousands of models runs
at the steady rate, and that is what is measured. Target (issue 7): >= 80% of the limit at concurrency 16. Also printed: the
bytes transferred per model, from the client's meter and from the server's count.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = 0.80

# The fake Hub in a child: serves the repos, prints its endpoint, answers "stats" with its request
# log's totals (requests per repo prefix, bytes sent), exits when stdin closes.
SERVER_CHILD = r"""
import json, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from hub.fake_hub import FakeHub
from audit.audit_support import add_repos, no_delay, variant_folders
hub = FakeHub()
no_delay(hub)
hub.start()
folders = variant_folders(Path(sys.argv[2]))
add_repos(hub, folders, 1, prefix="warmup")
add_repos(hub, folders, int(sys.argv[3]), prefix="bench")
hub.latency = float(sys.argv[4])
print(hub.endpoint, flush=True)
for line in sys.stdin:
    if line.strip() == "stats":
        log = hub.requests()
        bench = [r for r in log if "bench/" in r.path or r.server == "cdn"]
        print(json.dumps({"requests": len(bench), "bytes": sum(r.bytes_sent for r in bench)}), flush=True)
    elif line.strip() == "clear":
        hub.clear_log()
        print("{}", flush=True)
hub.stop()
"""


def ask(server: subprocess.Popen[str], command: str) -> dict[str, int]:
    assert server.stdin is not None and server.stdout is not None
    server.stdin.write(command + "\n")
    server.stdin.flush()
    return json.loads(server.stdout.readline())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--latency", type=float, default=0.05)
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="configlint-bench-audit-") as temporary:
        work = Path(temporary)
        server = subprocess.Popen(
            [sys.executable, "-c", SERVER_CHILD, str(ROOT / "tests"), str(work / "repos"), str(options.models), str(options.latency)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert server.stdout is not None
        endpoint = server.stdout.readline().strip()
        # huggingface_hub reads these at import: set them first, and keep every cache fresh.
        os.environ.update(
            HF_ENDPOINT=endpoint, HF_HOME=str(work / "hf-home"), CONFIGLINT_CACHE=str(work / "configlint-cache"),
            HF_HUB_DISABLE_TELEMETRY="1", HF_HUB_DISABLE_PROGRESS_BARS="1", HF_HUB_DISABLE_XET="1",
        )  # fmt: skip
        os.environ.pop("HF_TOKEN", None)
        from configlint.audit.runner import hub_inspector, run_audit
        from configlint.audit.store import AuditStore
        from configlint.audit.targets import from_arguments

        inspect = hub_inspector()  # what `configlint audit` uses
        inspect(from_arguments(["warmup/model-0000"])[0])  # client start-up and its one-off requests
        ask(server, "clear")
        targets = from_arguments(f"bench/model-{index:04d}" for index in range(options.models))
        with AuditStore(work / "audit.sqlite") as store:
            started = time.perf_counter()
            stats = run_audit(targets, store, inspect, concurrency=options.concurrency)
            elapsed = time.perf_counter() - started
            records = list(store.records())
        served = ask(server, "stats")
        server.stdin.close()  # type: ignore[union-attr]
        server.wait(timeout=30)

    ok = sum(r.status == "ok" for r in records)
    requests_per_model = served["requests"] / options.models
    rate = options.models / elapsed
    limit = options.concurrency / (requests_per_model * options.latency)
    ratio = rate / limit
    client_bytes = sum(r.bytes for r in records) / options.models
    print(f"audited {options.models} models ({ok} ok, {stats.errors} unreadable) at concurrency {options.concurrency}, "
          f"{options.latency * 1000:.0f} ms per request, in {elapsed:.2f} s")  # fmt: skip
    print(f"requests per model: {requests_per_model:.2f} (client meter: {sum(r.requests for r in records) / options.models:.2f})")
    print(f"models per second: {rate:.1f}; latency limit {options.concurrency} / ({requests_per_model:.2f} x {options.latency:g} s) = {limit:.1f}")
    print(f"ratio to the limit: {ratio:.2f} (target >= {TARGET:.2f}: {'met' if ratio >= TARGET else 'NOT met'})")
    print(f"bytes per model: {client_bytes:,.0f} received by the client, {served['bytes'] / options.models:,.0f} sent by the server")
    return 0 if ratio >= TARGET and ok == options.models else 1


if __name__ == "__main__":
    sys.exit(main())
