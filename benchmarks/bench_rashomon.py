"""Cost of exact Rashomon BatchBALD (partition refinement) against the core's get_batchbald_batch on hard-label committees.

Usage: taskset -c 1 nice -n 19 python benchmarks/bench_rashomon.py [--out nbs/results/rashomon_cost.json] [--quick]

Committees are synthetic: member k gives pool point n the class B[n + k] of one random sequence B of classes (K distinct
members, each a shifted copy of one random labelling), served as views of B, so any size fits in N + K bytes. For each size (N pool points, K members, C classes, batch size b) we time, on one thread:
- ours, with the labels in memory (uint8, N K bytes) when they fit in --in-memory-limit bytes, else served chunk by chunk
  by a function `rows(start, end)` (then the time includes copying the rows out of B, reported on its own as
  `rows_seconds`);
- the core's get_batchbald_batch on the same committee as log-probabilities (0 / -inf), num_samples M = 1000, when
  its input fits in --core-limit bytes; otherwise the size it would need is recorded instead.
Times are CPU seconds of the one thread (wall-clock time means little on a machine shared with other jobs), the minimum
over --repeats runs; memory is the peak resident memory above the memory in use before the call (Linux). Results are written after every size, so an interrupted run keeps what it measured.
"""
import argparse
import json
import os
import platform
import time
import warnings
from pathlib import Path

import torch

from batchbald_lit.batchbald import get_batchbald_batch
from batchbald_lit.performance import measure as measure_wall
from batchbald_lit.rashomon import get_partition_batchbald_batch

SIZES = [  # (N, K, C, b)
    (1_000, 1_000, 2, 5),
    (10_000, 1_000, 2, 5),
    (1_000, 10_000, 2, 5),
    (10_000, 10_000, 2, 5),
    (10_000, 1_000, 3, 5),
    (100_000, 100_000, 2, 5),
]
QUICK = [(1_000, 1_000, 2, 5), (2_000, 3_000, 3, 4)]


def measure(fn, *args, **kwargs) -> tuple:
    "(result, CPU seconds, peak bytes above the memory in use before the call) of fn(*args, **kwargs)."
    start = time.process_time()
    result, _, peak = measure_wall(fn, *args, **kwargs)
    return result, time.process_time() - start, peak


def synthetic_rows(N: int, K: int, C: int, seed: int = 0):
    "rows(start, end) -> [end - start, K] uint8: member k gives point n the class B[n + k] of one random sequence B."
    B = torch.randint(0, C, (N + K - 1,), dtype=torch.uint8, generator=torch.Generator().manual_seed(seed))
    windows_N_K = B.unfold(0, K, 1)  # a view: row n is B[n : n + K], nothing stored beyond B's N + K bytes
    return lambda start, end: windows_N_K[start:end]


def log_probs_of(labels_N_K: torch.Tensor, C: int) -> torch.Tensor:
    "Hard labels as log-probabilities [N, K, C] (0 for the label, -inf elsewhere)."
    return torch.full((*labels_N_K.shape, C), -float("inf"), dtype=torch.float64).scatter_(
        2, labels_N_K.long()[..., None], 0.0)


def bench(N, K, C, b, repeats, in_memory_limit, core_limit):
    rows = synthetic_rows(N, K, C)
    row = dict(N=N, K=K, C=C, b=b, labels_bytes=N * K, core_input_bytes=N * K * C * 8)
    in_memory = N * K <= in_memory_limit
    labels = rows(0, N).contiguous() if in_memory else rows
    row["labels_in_memory"] = in_memory
    ours = [measure(get_partition_batchbald_batch, labels, C, b, None, N, K, progress=False) for _ in range(repeats)]
    row["ours_seconds"] = min(seconds for _, seconds, _ in ours)
    row["ours_peak_bytes"] = max(peak for _, _, peak in ours)
    row["ours_indices"], row["ours_scores"] = ours[0][0].indices, ours[0][0].scores
    if not in_memory:  # what serving the rows costs by itself: b + 1 passes over the pool
        start = time.process_time()
        for begin in range(0, N, 1000):
            rows(begin, min(begin + 1000, N)).contiguous()
        row["rows_seconds"] = (b + 1) * (time.process_time() - start)
    if N * K * C * 8 <= core_limit:
        log_probs_N_K_C = log_probs_of(rows(0, N), C)
        with warnings.catch_warnings():  # it warns that a uniform committee saturates long batches; not the point here
            warnings.simplefilter("ignore")
            core = [measure(get_batchbald_batch, log_probs_N_K_C, b, 1000, progress=False) for _ in range(repeats)]
        row["core_seconds"] = min(seconds for _, seconds, _ in core)
        row["core_peak_bytes"] = max(peak for _, _, peak in core)
        row["core_exact_steps"] = sum(1 for n in range(b) if C**n <= 1000)
        row["same_scores_while_exact"] = all(
            abs(a - c) < 1e-9 for a, c in list(zip(row["ours_scores"], core[0][0].scores))[: row["core_exact_steps"]])
        del log_probs_N_K_C
    return row


def summary(r: dict) -> str:
    "One line per size: CPU seconds and peak memory of both methods (or what the core's input would need)."
    return (f"N={r['N']:>7,} K={r['K']:>7,} C={r['C']} b={r['b']}: ours {r['ours_seconds']:.2f} s, "
            f"{r['ours_peak_bytes'] / 2**20:.0f} MiB"
            + (f"; core {r['core_seconds']:.2f} s, {r['core_peak_bytes'] / 2**20:.0f} MiB" if "core_seconds" in r
               else f"; core input alone would be {r['core_input_bytes'] / 2**30:.0f} GiB"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="nbs/results/rashomon_cost.json")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--in-memory-limit", type=float, default=2e8, help="largest labels tensor kept in memory (bytes)")
    parser.add_argument("--core-limit", type=float, default=1e9, help="largest log-probs input given to the core (bytes)")
    parser.add_argument("--quick", action="store_true", help="two small sizes only (a smoke test)")
    args = parser.parse_args()
    torch.set_num_threads(1)
    out = Path(args.out)
    results = json.loads(out.read_text()) if out.exists() and not args.quick else {"rows": []}
    done = {(r["N"], r["K"], r["C"], r["b"]) for r in results["rows"]}
    for N, K, C, b in QUICK if args.quick else SIZES:
        if (N, K, C, b) in done:
            stored = next(r for r in results["rows"] if (r["N"], r["K"], r["C"], r["b"]) == (N, K, C, b))
            print(summary(stored) + "  (stored)", flush=True)
            continue
        start = time.perf_counter()
        results["rows"].append(bench(N, K, C, b, 1 if N * K > 1e9 else args.repeats, args.in_memory_limit,
                                     args.core_limit))
        cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")),
                   "?")
        results["machine"] = (f"{cpu}, {os.cpu_count()} cores shared with other jobs, one torch thread, torch "
                              f"{torch.__version__}, Python {platform.python_version()}")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(results, indent=1))
        print(summary(results["rows"][-1]) + f"  ({time.perf_counter() - start:.0f} s wall)", flush=True)


if __name__ == "__main__":
    main()
