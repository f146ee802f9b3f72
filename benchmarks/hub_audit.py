"""configlint audit against a Hub with 50 ms per request: requests per model and the latency bound.

    python benchmarks/hub_audit.py [--models 400 1000] [--concurrency C] [--latency SECONDS] [--workers N]

The fake Hub of the tests (``tests/hub/fake_hub.py``) runs in a child process, so its threads do
not compete with the audit for the interpreter lock, and answers every request, on the hub and on
the second host it redirects LFS files to (as the real Hub redirects to its CDN), after
``--latency`` seconds. Its repos are the small BERT fixture (``tests/fixtures/load_report/BertModel-clean``;
with ``--sized`` roberta-base sized, ``tests/_sized_checkpoint.py``: the real ~15 KB safetensors
header over a sparse 499 MB file, which costs the same requests and more CPU to check): three in
four plain (config.json, model.safetensors), one in four a sentence-transformers repo (plus
modules.json and 1_Pooling/config.json). The audit is the real thing, as ``configlint audit --from list`` runs it:
:func:`~configlint.audit.runner.run_audit` with :func:`~configlint.audit.runner.hub_inspector`,
the real huggingface_hub client and a fresh SQLite database, given the ids as an explicit list (the
case where the listing has to be found per author), in ``--workers`` processes (default: the
audit's automatic choice, as ``configlint audit`` makes it).

Targets (issue 19), each printed as ok or MISSED (a miss makes the exit code 1):

* requests per plain model <= 3.2 and per sentence-transformers repo <= 5.2, counted by the server
  (each repo's own requests, each redirect's CDN request, and an equal share of the listing pages);
* models per second >= 0.9 of the latency bound C / (requests per model x latency), at 400 and at
  1,000 models.

Also printed: CPU time of the auditing process per model, and the transport ceiling: the ratio
that ``--concurrency`` threads reach when they only GET config.json through the same client from
the same fake Hub (no parsing, no rules, no database). The audit cannot beat it; what separates the
two is the audit's own CPU.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from _targets import Targets  # noqa: E402

RATIO = 0.90
PLAIN_MAX = 3.2
ST_MAX = 5.2

# The fake Hub in a child: prints its endpoint; "add PREFIX N" serves N repos, "stats PREFIX" answers
# the request log's counts for them, "clear" empties the log; exits when stdin closes.
SERVER_CHILD = r"""
import json, shutil, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from _sized_checkpoint import write_sized_model
from hub.fake_hub import FakeHub
from audit.audit_support import no_delay, repo_of
hub = FakeHub()
no_delay(hub)
hub.start()
root = Path(sys.argv[2])
plain = root / "plain"
if sys.argv[4] == "sized":
    write_sized_model(plain)
else:
    shutil.copytree(Path(sys.argv[1]) / "fixtures" / "load_report" / "BertModel-clean", plain)
st = root / "st"
shutil.copytree(plain, st)
(st / "modules.json").write_text(json.dumps([
    {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
    {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"}]))
(st / "1_Pooling").mkdir()
(st / "1_Pooling" / "config.json").write_text(json.dumps({"word_embedding_dimension": 768, "pooling_mode_mean_tokens": True}))
hub.add_repo("warmup/plain-0000", plain)
hub.latency = float(sys.argv[3])
print(hub.endpoint, flush=True)
for line in sys.stdin:
    command, *arguments = line.split()
    if command == "add":
        prefix, count = arguments[0], int(arguments[1])
        for index in range(count):
            kind = "st" if index % 4 == 3 else "plain"
            hub.add_repo(f"{prefix}/{kind}-{index:04d}", st if kind == "st" else plain)
        print("{}", flush=True)
    elif command == "stats":
        counts = {"plain": 0, "st": 0, "listing": 0, "cdn": 0, "redirects": 0}
        for r in hub.requests():
            if r.server == "cdn":
                counts["cdn"] += 1
            elif r.path == "/api/models":
                counts["listing"] += 1
            elif (repo := repo_of(r.path)) and repo.startswith(arguments[0] + "/"):
                kind = repo.split("/")[1].split("-")[0]
                counts[kind] += 1 + (r.status == 302)  # a redirect's CDN request is the repo's too
                counts["redirects"] += r.status == 302
        counts["cpu_ms"] = int(time.process_time() * 1000)
        print(json.dumps(counts), flush=True)
    elif command == "clear":
        hub.clear_log()
        print(json.dumps({"cpu_ms": int(time.process_time() * 1000)}), flush=True)
hub.stop()
"""


def ask(server: subprocess.Popen[str], command: str) -> dict[str, int]:
    assert server.stdin is not None and server.stdout is not None
    server.stdin.write(command + "\n")
    server.stdin.flush()
    return json.loads(server.stdout.readline())


def transport_ceiling(endpoint: str, concurrency: int, latency: float, rounds: int = 20) -> None:
    """Print the mean time of a bare GET under ``concurrency`` threads, and ``latency`` over it (the best ratio possible)."""
    import statistics
    import threading

    from huggingface_hub.utils import get_session

    session, times, lock = get_session(), [], threading.Lock()

    def client() -> None:
        for _ in range(rounds):
            started = time.perf_counter()
            session.get(f"{endpoint}/warmup/plain-0000/resolve/main/config.json").raise_for_status()
            with lock:
                times.append(time.perf_counter() - started)

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    mean = statistics.mean(times)
    print(f"transport ceiling: {concurrency} threads doing only GETs of config.json wait {mean * 1000:.1f} ms per "
          f"{latency * 1000:.0f} ms request: at most {latency / mean:.3f} of the bound for any audit")  # fmt: skip


def audit_cpu() -> float:
    """CPU seconds of this process and of its ended children: the audit's worker processes have ended
    when :func:`run_audit` returns, the fake Hub (still running) is not counted."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def audit_once(
    server: subprocess.Popen[str],
    work: Path,
    models: int,
    concurrency: int,
    latency: float,
    workers: int | None,
    targets: Targets,
) -> None:
    from configlint.audit.runner import hub_inspector, run_audit
    from configlint.audit.store import AuditStore
    from configlint.audit.targets import from_arguments

    prefix = f"bench{models}"
    ask(server, f"add {prefix} {models}")
    server_cpu = ask(server, "clear")["cpu_ms"]
    ids = [f"{prefix}/{'st' if index % 4 == 3 else 'plain'}-{index:04d}" for index in range(models)]
    with AuditStore(work / f"audit-{models}.sqlite") as store:
        cpu, started = audit_cpu(), time.perf_counter()
        stats = run_audit(from_arguments(ids), store, hub_inspector(), concurrency=concurrency, workers=workers)
        elapsed, cpu = time.perf_counter() - started, audit_cpu() - cpu
        records = list(store.records())
    served = ask(server, f"stats {prefix}")
    assert served["cdn"] == served["redirects"], served  # every redirect followed once, nothing else on the CDN
    st_models = sum(1 for i in ids if "/st-" in i)
    plain_models = models - st_models
    share = served["listing"] / models
    plain = served["plain"] / plain_models + share
    st = served["st"] / st_models + share
    per_model = (served["plain"] + served["st"] + served["listing"]) / models
    rate = models / elapsed
    bound = concurrency / (per_model * latency)
    ratio = rate / bound
    ok = sum(r.status == "ok" for r in records)
    from configlint.audit.workers import automatic_workers

    processes = automatic_workers(models, concurrency) if workers is None else workers
    print(f"\n{models} models ({plain_models} plain, {st_models} sentence-transformers; {ok} ok, {stats.errors} unreadable), "
          f"concurrency {concurrency}, {processes} worker process(es), {latency * 1000:.0f} ms per request: {elapsed:.2f} s")  # fmt: skip
    print(f"  listing pages: {served['listing']} ({share:.3f} per model)")
    print(
        f"  requests per plain model: {plain:.2f} (target <= {PLAIN_MAX}: {targets.check(f'plain@{models}', plain <= PLAIN_MAX)})"
    )
    print(
        f"  requests per sentence-transformers repo: {st:.2f} (target <= {ST_MAX}: {targets.check(f'st@{models}', st <= ST_MAX)})"
    )
    print(f"  models per second: {rate:.1f}; latency bound {concurrency} / ({per_model:.3f} x {latency:g} s) = {bound:.1f}")
    print(f"  ratio to the bound: {ratio:.3f} (target >= {RATIO}: {targets.check(f'ratio@{models}', ratio >= RATIO)})")
    print(
        f"  CPU of the auditing process{'es' if processes > 1 else ''}: {cpu * 1000 / models:.2f} ms per model ({cpu / elapsed:.0%} of one core)"
    )
    print(f"  CPU of the fake Hub: {(served['cpu_ms'] - server_cpu) / models:.2f} ms per model")
    print(f"  bytes per model received: {sum(r.bytes for r in records) / models:,.0f}")
    targets.check(f"all-read@{models}", ok == models)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", type=int, nargs="+", default=[400, 1000])
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--workers", type=int, help="audit worker processes (default: the audit's automatic choice)")
    parser.add_argument(
        "--sized", action="store_true", help="roberta-base-sized weights headers (~15 KB) instead of the tiny fixture's"
    )
    options = parser.parse_args()
    targets = Targets()
    work = Path(tempfile.mkdtemp(prefix="configlint-bench-audit-"))
    try:
        server = subprocess.Popen(
            [sys.executable, "-c", SERVER_CHILD, str(ROOT / "tests"), str(work / "repos"), str(options.latency), "sized" if options.sized else "small"],
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
        from configlint.audit.runner import hub_inspector
        from configlint.audit.targets import from_arguments

        hub_inspector()(from_arguments(["warmup/plain-0000"])[0])  # client start-up and its one-off requests
        transport_ceiling(endpoint, options.concurrency, options.latency)
        for models in options.models:
            audit_once(server, work, models, options.concurrency, options.latency, options.workers, targets)
        assert server.stdin is not None
        server.stdin.close()
        server.wait(timeout=30)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    targets.exit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
