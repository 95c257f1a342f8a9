"""Benchmark batchbald_lit's get_batchbald_batch against batchbald_redux's, alternating the two, and print a table.

Installs nothing: batchbald_redux is compared when it is importable (`pip install --no-deps batchbald-redux==2.0.5`).
Times are medians over --repeats runs; peak memory is the largest resident-memory high-water mark above the memory in use
before each call (Linux). "exact picks" compares the picks made while every step is exact (C^(n-1) <= num_samples).
"""
import argparse
import json
import os
import platform
import statistics
import sys

os.environ.setdefault("TQDM_DISABLE", "1")  # batchbald_redux's progress bars would interleave with the table

import torch

from batchbald_lit.batchbald import get_batchbald_batch
from batchbald_lit.performance import digits_pool, measure, random_pool

try:
    from batchbald_redux.batchbald import get_batchbald_batch as redux_get_batchbald_batch
except ImportError:
    redux_get_batchbald_batch = None

# name, pool kind, N, batch size, num_samples, run redux
CONFIGS = [
    ("digits, b=8", "digits", 3000, 8, 10**4, True),
    ("digits, b=5 (all exact)", "digits", 3000, 5, 10**4, True),
    ("random, b=10", "random", 2000, 10, 10**4, True),
    ("random, b=5 (all exact)", "random", 2000, 5, 10**4, True),
    ("digits, b=10, M=1e5", "digits", 3000, 10, 10**5, False),
]


def exact_steps(C: int, batch_size: int, num_samples: int) -> int:
    "How many greedy steps run with an exact joint entropy (the n-th step is exact when C^(n-1) <= num_samples)."
    return sum(1 for n in range(batch_size) if C**n <= num_samples)


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    return (f"{cpu}, {os.cpu_count()} cores, torch {torch.__version__} with {torch.get_num_threads()} threads, "
            f"Python {platform.python_version()}, float64, load average at the end {os.getloadavg()[0]:.1f}")


def run_config(name, kind, N, b, M, with_redux, repeats, K=20, C=10):
    pool = digits_pool(N=N, K=K) if kind == "digits" else random_pool(N, K, C)
    implementations = {"ours": lambda: get_batchbald_batch(pool, b, M, generator=torch.Generator().manual_seed(0))}
    if with_redux and redux_get_batchbald_batch is not None:
        implementations["redux"] = lambda: redux_get_batchbald_batch(pool, b, M, dtype=torch.float64)
    runs = {impl: [] for impl in implementations}
    for _ in range(repeats):
        for impl in sorted(implementations, reverse=True):  # redux first, then ours, alternating
            runs[impl].append(measure(implementations[impl]))
    row = {"config": name, "N": N, "K": K, "C": C, "b": b, "M": M}
    for impl, results in runs.items():
        row[f"{impl}_seconds"] = statistics.median(seconds for _, seconds, _ in results)
        row[f"{impl}_peak_mb"] = max(peak for _, _, peak in results) / 2**20
    if "redux" in runs:
        n_exact = exact_steps(C, b, M)
        ours, redux = runs["ours"][0][0], runs["redux"][0][0]
        same = ours.indices[:n_exact] == redux.indices[:n_exact]
        worst = max(abs(a - r) for a, r in zip(ours.scores[:n_exact], redux.scores[:n_exact]))
        row["exact_picks"] = f"{'yes' if same else 'NO'} ({n_exact}/{b} steps exact, max |dscore| {worst:.1e})"
        row["ratio"] = row["redux_seconds"] / row["ours_seconds"]
    return row


def table(rows) -> str:
    header = f"{'config':<26}{'N':>6}{'b':>4}{'M':>8}{'redux s':>10}{'ours s':>9}{'ratio':>8}{'redux MB':>10}{'ours MB':>9}  exact picks identical"
    lines = [header, "-" * len(header)]
    for r in rows:
        redux_s = f"{r['redux_seconds']:.2f}" if "redux_seconds" in r else "-"
        redux_mb = f"{r['redux_peak_mb']:.0f}" if "redux_peak_mb" in r else "-"
        ratio = f"{r['ratio']:.1f}x" if "ratio" in r else "-"
        lines.append(f"{r['config']:<26}{r['N']:>6}{r['b']:>4}{r['M']:>8.0e}{redux_s:>10}{r['ours_seconds']:>9.2f}"
                     f"{ratio:>8}{redux_mb:>10}{r['ours_peak_mb']:>9.0f}  {r.get('exact_picks', '-')}")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=3, help="runs of each implementation per config (median)")
    parser.add_argument("--configs", nargs="*", type=int, help="indices of the configs to run (default: all)")
    parser.add_argument("--threads", type=int, help="torch threads (default: torch's choice)")
    parser.add_argument("--json", help="also write the rows, the table and the machine to this JSON file")
    parser.add_argument("--list", action="store_true", help="list the configs and exit")
    args = parser.parse_args(argv)
    if args.list:
        for i, config in enumerate(CONFIGS):
            print(i, config)
        return 0
    if args.threads:
        torch.set_num_threads(args.threads)
    if redux_get_batchbald_batch is None:
        print("batchbald_redux is not installed: timing batchbald_lit only", file=sys.stderr)
    rows = []
    for i, config in enumerate(CONFIGS):
        if args.configs is None or i in args.configs:
            rows.append(run_config(*config, repeats=args.repeats))
            print(f"done: {config[0]}", file=sys.stderr)
    text = table(rows)
    print(machine())
    print(text)
    if any(not c[5] for c in CONFIGS):
        print("(-: batchbald_redux not run at M=1e5: its chunks of 1024 x M x C float64 need 8 GB each; the OS killed it)")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"machine": machine(), "rows": rows, "table": text}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
