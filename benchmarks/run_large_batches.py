"""Run (or resume) the large-batch grid of nbs/16_large_batches.ipynb in the background, one thread.

    taskset -c 1 nice -n 19 python benchmarks/run_large_batches.py --methods random bald powerbald

Results go to nbs/results/large_batch_runs/ (one file per grid cell and method, saved after every round), so a killed
run continues where it stopped when started again. Seeds can be run in groups (--seeds 0 1 2, then --seeds 3 4 5) so
that a partial grid already covers every cell.
"""
import argparse
import os
import time
import warnings
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import torch  # noqa: E402

from batchbald_lit.batchbald import SaturationWarning  # noqa: E402
from batchbald_lit.large_batches import (BATCH_SIZES, DATASET_SETTINGS, METHODS, POSTERIOR_SAMPLES, SEEDS,  # noqa: E402
                                         large_batch_grid, run_large_batch_grid)

RESULTS = Path(__file__).resolve().parent.parent / "nbs" / "results" / "large_batch_runs"

def parse_grid_args(description: str, methods, datasets) -> argparse.Namespace:
    "The grid's command line (also run_past_saturation.py's); one torch thread, saturation warnings off."
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--methods", nargs="+", default=list(methods))
    parser.add_argument("--datasets", nargs="+", default=list(datasets))
    parser.add_argument("--posterior-samples", nargs="+", type=int, default=list(POSTERIOR_SAMPLES))
    parser.add_argument("--batch-sizes", nargs="+", type=int, default=list(BATCH_SIZES))
    parser.add_argument("--seeds", nargs="+", type=int, default=list(SEEDS))
    parser.add_argument("--results", default=str(RESULTS))
    args = parser.parse_args()
    torch.set_num_threads(1)
    warnings.simplefilter("ignore", SaturationWarning)  # saturation is recorded per round (batch_details.saturated_at)
    return args


if __name__ == "__main__":
    args = parse_grid_args(__doc__.splitlines()[0], METHODS, DATASET_SETTINGS)
    configs = large_batch_grid(args.datasets, args.posterior_samples, args.batch_sizes, seeds=args.seeds)
    start = time.perf_counter()
    run_large_batch_grid(configs, args.results, args.methods,
                         log=lambda line: print(f"[{time.perf_counter() - start:7.0f} s] {line}", flush=True))
