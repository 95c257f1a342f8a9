"""Benchmark batchbald_lit's get_batchbald_batch against batchbald_redux's, alternating the two, and print a table.

Installs nothing: batchbald_redux is compared when it is importable (`pip install --no-deps batchbald-redux==2.0.5`).
Times are medians over --repeats runs; peak memory is the largest resident-memory high-water mark above the memory in use
before each call (Linux). "exact picks" compares the picks made while every step's conditioning batch is enumerated
exactly (step n, 1-based, is exact when C^(n-1) <= num_samples), and the scores where the whole batch so far is enumerated
(C^n <= num_samples); past that, both packages report estimates of the batch's information, drawn differently.
"""
import argparse
import json
import math
import os
import platform
import statistics
import sys

os.environ.setdefault("TQDM_DISABLE", "1")  # batchbald_redux's progress bars would interleave with the table

import warnings

import torch

from batchbald_lit.batchbald import SaturationWarning, get_batchbald_batch
from batchbald_lit.performance import digits_pool, measure, random_pool

from redux import redux_get_batchbald_batch  # benchmarks/redux.py: None when not installed

# name, pool kind, N, K, batch size, num_samples, run redux
CONFIGS = [
    ("digits, b=8", "digits", 3000, 20, 8, 10**4, True),
    ("digits, b=5 (all exact)", "digits", 3000, 20, 5, 10**4, True),
    ("random, b=10", "random", 2000, 20, 10, 10**4, True),
    ("random, b=5 (all exact)", "random", 2000, 20, 5, 10**4, True),
    ("digits, b=10, M=1e5", "digits", 3000, 20, 10, 10**5, False),
    ("digits, b=100, K=20", "digits", 5000, 20, 100, 10**4, False),
    ("digits, b=100, K=100", "digits", 5000, 100, 100, 10**4, False),
]


def exact_steps(C: int, batch_size: int, num_samples: int) -> int:
    "How many greedy steps pick exactly (the n-th step is exact when C^(n-1) <= num_samples)."
    return sum(1 for n in range(batch_size) if C**n <= num_samples)


def exact_scores(C: int, batch_size: int, num_samples: int) -> int:
    "How many reported scores are exact (the n-th score, of n points, is exact when C^n <= num_samples)."
    return sum(1 for n in range(1, batch_size + 1) if C**n <= num_samples)


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    return (f"{cpu}, {os.cpu_count()} cores, torch {torch.__version__} with {torch.get_num_threads()} threads, "
            f"Python {platform.python_version()}, float64, load average at the end {os.getloadavg()[0]:.1f}")


def copies_taken(indices, sources) -> int:
    "How many picks are noisy copies of an image the batch already holds."
    return len(indices) - len({int(sources[i]) for i in indices})


def run_config(name, kind, N, K, b, M, with_redux, repeats, C=10, past_saturation="greedy"):
    pool, sources = digits_pool(N=N, K=K, return_sources=True) if kind == "digits" else (random_pool(N, K, C), None)
    implementations = {"ours": lambda: get_batchbald_batch(pool, b, M, generator=torch.Generator().manual_seed(0),
                                                           progress=False, past_saturation=past_saturation)}
    if with_redux and redux_get_batchbald_batch is not None:
        implementations["redux"] = lambda: redux_get_batchbald_batch(pool, b, M, dtype=torch.float64)
    runs = {impl: [] for impl in implementations}
    for _ in range(repeats):
        for impl in sorted(implementations, reverse=True):  # redux first, then ours, alternating
            runs[impl].append(measure(implementations[impl]))
    row = {"config": name if past_saturation == "greedy" else f"{name}, {past_saturation}", "N": N, "K": K, "C": C,
           "b": b, "M": M, "past_saturation": past_saturation}
    ours = runs["ours"][0][0]
    row["final_score"], row["log_K"], row["saturated_at"] = ours.scores[-1], math.log(K), ours.saturated_at
    if sources is not None:
        row["copies"] = copies_taken(ours.indices, sources)
    for impl, results in runs.items():
        row[f"{impl}_seconds"] = statistics.median(seconds for _, seconds, _ in results)
        row[f"{impl}_peak_mb"] = max(peak for _, _, peak in results) / 2**20
    if "redux" in runs:
        n_exact, n_scores = exact_steps(C, b, M), exact_scores(C, b, M)
        ours, redux = runs["ours"][0][0], runs["redux"][0][0]
        same = ours.indices[:n_exact] == redux.indices[:n_exact]
        worst = max(abs(a - r) for a, r in zip(ours.scores[:n_scores], redux.scores[:n_scores]))
        row["exact_picks"] = (f"{'yes' if same else 'NO'} ({n_exact}/{b} steps exact; max |dscore| {worst:.1e} "
                              f"over the first {n_scores} scores, which both enumerate)")
        row["ratio"] = row["redux_seconds"] / row["ours_seconds"]
    return row


def table(rows) -> str:
    header = (f"{'config':<22}{'N':>6}{'K':>5}{'b':>5}{'M':>7}{'redux s':>9}{'ours s':>8}{'ratio':>7}{'redux MB':>9}"
              f"{'ours MB':>8}{'final/log K':>13}{'sat.':>6}{'copies':>7}  exact picks identical")
    lines = [header, "-" * len(header)]
    for r in rows:
        redux_s = f"{r['redux_seconds']:.2f}" if "redux_seconds" in r else "-"
        redux_mb = f"{r['redux_peak_mb']:.0f}" if "redux_peak_mb" in r else "-"
        ratio = f"{r['ratio']:.1f}x" if "ratio" in r else "-"
        final = f"{r['final_score']:.3f}/{r['log_K']:.3f}"
        lines.append(f"{r['config']:<22}{r['N']:>6}{r['K']:>5}{r['b']:>5}{r['M']:>7.0e}{redux_s:>9}{r['ours_seconds']:>8.2f}"
                     f"{ratio:>7}{redux_mb:>9}{r['ours_peak_mb']:>8.0f}{final:>13}{str(r['saturated_at'] or '-'):>6}"
                     f"{str(r.get('copies', '-')):>7}  {r.get('exact_picks', '-')}")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=3, help="runs of each implementation per config (median)")
    parser.add_argument("--configs", nargs="*", type=int, help="indices of the configs to run (default: all)")
    parser.add_argument("--threads", type=int, help="torch threads (default: torch's choice)")
    parser.add_argument("--json", help="also write the rows, the table and the machine to this JSON file")
    parser.add_argument("--list", action="store_true", help="list the configs and exit")
    parser.add_argument("--past-saturation", nargs="+", default=["greedy"],
                        help="strategies of ours past saturation (default: greedy, the picks batchbald_redux makes)")
    args = parser.parse_args(argv)
    if args.list:
        for i, config in enumerate(CONFIGS):
            print(i, config)
        return 0
    warnings.simplefilter("ignore", SaturationWarning)
    if args.threads:
        torch.set_num_threads(args.threads)
    if redux_get_batchbald_batch is None:
        print("batchbald_redux is not installed: timing batchbald_lit only", file=sys.stderr)
    rows = []
    for i, config in enumerate(CONFIGS):
        if args.configs is None or i in args.configs:
            for strategy in args.past_saturation:
                rows.append(run_config(*config, repeats=args.repeats, past_saturation=strategy))
            print(f"done: {config[0]}", file=sys.stderr)
    text = table(rows)
    print(machine())
    print(text)
    if any(not c[6] for c in CONFIGS):
        print("(-: batchbald_redux not run: at M=1e5 its chunks of 1024 x M x C float64 need 8 GB each (the OS killed it);\n"
              "    at b=100 it would evaluate all 5000 candidates on all 1e4 configurations at each of 99 steps, hours)\n"
              "sat.: position of the first pick made after the batch held 95% of log K (saturated_at); copies: picks that\n"
              "are noisy copies of a digit image already in the batch")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"machine": machine(), "rows": rows, "table": text}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
