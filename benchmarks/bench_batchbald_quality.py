"""Pick quality of BatchBALD's sampled regime against batchbald_redux and exact greedy, at equal M and at equal time.

Quality of a batch = its exact I[y_1..y_b; theta], by enumerating all C^b label configurations. Pools are random logits
(the regime where the sampled estimate matters most: every point looks alike). For each pool seed the script runs
- exact greedy: every step exact (the best any greedy method can do);
- batchbald_redux 2.0.5 at M sampled configurations (when installed: pip install --no-deps batchbald-redux==2.0.5);
- batchbald_lit at the same M;
- batchbald_lit at equal time: the largest M = M * 2^j whose run took no longer than redux's run on that pool.
It also records each method's reported final score against the exact information of its batch (bias and spread).
Prints a table; --json writes everything (the 04_batchbald notebook plots it).
"""
import argparse
import json
import math
import os
import statistics
import sys
import time
import warnings

os.environ.setdefault("TQDM_DISABLE", "1")

import torch

from batchbald_lit.batchbald import SaturationWarning, get_batchbald_batch
from batchbald_lit.joint_entropy import ExactJointEntropy

from redux import redux_get_batchbald_batch  # benchmarks/redux.py: None when not installed

POOLS = {  # name: (N, K, C, batch size)
    "binary": (200, 10, 2, 20),
    "4-class": (250, 16, 4, 8),
}


def pool(name: str, seed: int) -> tuple:
    N, K, C, b = POOLS[name]
    g = torch.Generator().manual_seed(1000 + seed)
    return torch.randn(N, K, C, generator=g, dtype=torch.float64).log_softmax(-1), b


def exact_information(log_probs_b_K_C: torch.Tensor) -> float:
    "I[y_1..y_b; theta] by enumeration."
    return ExactJointEntropy.empty(log_probs_b_K_C.shape[1]).add_variables(log_probs_b_K_C).information()[0]


def prefix_informations(log_probs: torch.Tensor, indices: list) -> list:
    "The exact information of the batch after each pick."
    return [exact_information(log_probs[indices[: n + 1]]) for n in range(len(indices))]


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def run_pool(name: str, seed: int, num_samples: int, equal_time: bool) -> dict:
    log_probs, b = pool(name, seed)
    N, K, C = log_probs.shape
    row = {"pool": name, "seed": seed, "M": num_samples}
    exact_batch = get_batchbald_batch(log_probs, b, C**b, memory_budget=2**31, progress=False, past_saturation="greedy")
    row["exact_greedy"] = exact_information(log_probs[exact_batch.indices])

    def ours(M):
        return get_batchbald_batch(log_probs, b, M, generator=torch.Generator().manual_seed(seed), progress=False,
                                   past_saturation="greedy")

    batch, row["lit_seconds"] = timed(lambda: ours(num_samples))
    row["lit"], row["lit_reported"] = exact_information(log_probs[batch.indices]), batch.scores[-1]
    row["lit_scores"], row["lit_prefixes"] = batch.scores, prefix_informations(log_probs, batch.indices)
    if redux_get_batchbald_batch is not None:
        torch.manual_seed(seed)
        batch, row["redux_seconds"] = timed(lambda: redux_get_batchbald_batch(log_probs, b, num_samples,
                                                                             dtype=torch.float64))
        row["redux"], row["redux_reported"] = exact_information(log_probs[batch.indices]), batch.scores[-1]
        row["redux_scores"], row["redux_prefixes"] = batch.scores, prefix_informations(log_probs, batch.indices)
        if equal_time:
            M, best = num_samples, (num_samples, batch)
            while M * 2 <= 2**22:
                M *= 2
                batch, seconds = timed(lambda: ours(M))
                if seconds > row["redux_seconds"]:
                    break
                best = (M, batch)
            row["equal_time_M"] = best[0]
            row["lit_equal_time"] = exact_information(log_probs[best[1].indices])
    return row


def summary(rows: list) -> str:
    lines = []
    header = (f"{'pool':<8}{'M':>6}{'exact greedy':>14}{'redux':>16}{'lit (same M)':>16}{'lit (equal time)':>18}"
              f"{'M at equal time':>17}{'gap closed, same M':>20}{'gap closed, equal time':>24}")
    lines += [header, "-" * len(header)]
    for (name, M), group in _groups(rows).items():
        def mean_se(key):
            values = [r[key] for r in group if key in r]
            if not values:
                return None, None
            return statistics.mean(values), statistics.stdev(values) / math.sqrt(len(values)) if len(values) > 1 else 0
        cells = {key: mean_se(key) for key in ("exact_greedy", "redux", "lit", "lit_equal_time")}
        fmt = lambda key: "-" if cells[key][0] is None else f"{cells[key][0]:.4f}±{cells[key][1]:.4f}"
        gap = lambda key: ("-" if cells[key][0] is None or cells["redux"][0] is None
                           or cells["exact_greedy"][0] == cells["redux"][0] else
                           f"{(cells[key][0] - cells['redux'][0]) / (cells['exact_greedy'][0] - cells['redux'][0]):+.0%}")
        ms = [r["equal_time_M"] for r in group if "equal_time_M" in r]
        lines.append(f"{name:<8}{M:>6}{fmt('exact_greedy'):>14}{fmt('redux'):>16}{fmt('lit'):>16}"
                     f"{fmt('lit_equal_time'):>18}{(str(int(statistics.median(ms))) if ms else '-'):>17}"
                     f"{gap('lit'):>20}{gap('lit_equal_time'):>24}")
    lines.append("")
    lines.append("reported score minus the exact information of the batch so far, over the steps whose score is sampled")
    lines.append("(C^n > M; redux: the joint entropy of step n is sampled; lit: the score is the next step's fresh estimate):")
    for (name, M), group in _groups(rows).items():
        C = POOLS[name][2]
        parts = []
        for impl in ("lit", "redux"):
            errors = [score - exact for r in group if f"{impl}_scores" in r
                      for n, (score, exact) in enumerate(zip(r[f"{impl}_scores"], r[f"{impl}_prefixes"]))
                      if C ** (n + 1) > M]
            over = [r[f"{impl}_scores"][-1] > math.log(POOLS[name][1]) + 1e-12 for r in group if f"{impl}_scores" in r]
            if errors:
                parts.append(f"{impl} {statistics.mean(errors):+.4f} ± {statistics.pstdev(errors):.4f} "
                             f"(final score above log K in {sum(over)} of {len(over)})")
        lines.append(f"  {name:<8} M={M:<5} " + "   ".join(parts))
    return "\n".join(lines)


def _groups(rows):
    groups = {}
    for r in rows:
        groups.setdefault((r["pool"], r["M"]), []).append(r)
    return groups


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=int, default=16, help="pool seeds per configuration")
    parser.add_argument("--configs", nargs="*", default=["binary:10", "binary:100", "4-class:16", "4-class:160"],
                        help="pool:M pairs")
    parser.add_argument("--no-equal-time", action="store_true", help="skip the equal-time runs")
    parser.add_argument("--threads", type=int, default=1, help="torch threads")
    parser.add_argument("--json", help="write the rows and the table to this JSON file")
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    warnings.simplefilter("ignore", SaturationWarning)
    if redux_get_batchbald_batch is None:
        print("batchbald_redux is not installed: no redux column, no equal-time runs", file=sys.stderr)
    rows = []
    for config in args.configs:
        name, M = config.split(":")
        for seed in range(args.seeds):
            rows.append(run_pool(name, seed, int(M), not args.no_equal_time))
        print(f"done: {config}", file=sys.stderr)
    text = summary(rows)
    print(text)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"rows": rows, "table": text, "threads": args.threads}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
