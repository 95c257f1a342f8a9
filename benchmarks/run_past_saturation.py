"""Run (or resume) the past-saturation study of nbs/24_past_saturation.ipynb in the background, one thread.

    taskset -c 1 nice -n 19 python benchmarks/run_past_saturation.py --datasets repeated_digits \\
        --methods batchbald_spread batchbald_fill

Runs are stored beside the large-batch grid's, in nbs/results/large_batch_runs/ (one file per grid cell and method,
saved after every round), so a killed run continues where it stopped when started again.
"""
import argparse
import os
import time
import warnings
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import torch  # noqa: E402

from batchbald_lit.batchbald import SaturationWarning  # noqa: E402
from batchbald_lit.large_batches import BATCH_SIZES, POSTERIOR_SAMPLES, SEEDS, run_large_batch_cell  # noqa: E402
from batchbald_lit.past_saturation import study_config  # noqa: E402

RESULTS = Path(__file__).resolve().parent.parent / "nbs" / "results" / "large_batch_runs"

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--methods", nargs="+", default=["batchbald_spread", "batchbald_fill"])
    parser.add_argument("--datasets", nargs="+", default=["repeated_digits", "repeated_mnist_5k", "digits"])
    parser.add_argument("--posterior-samples", nargs="+", type=int, default=list(POSTERIOR_SAMPLES))
    parser.add_argument("--batch-sizes", nargs="+", type=int, default=list(BATCH_SIZES))
    parser.add_argument("--seeds", nargs="+", type=int, default=list(SEEDS))
    parser.add_argument("--results", default=str(RESULTS))
    args = parser.parse_args()
    torch.set_num_threads(1)
    warnings.simplefilter("ignore", SaturationWarning)  # saturation is recorded per round (batch_details.saturated_at)
    start = time.perf_counter()
    for dataset in args.datasets:
        for K in args.posterior_samples:
            for b in args.batch_sizes:
                config = study_config(dataset, K, b, args.methods, args.seeds)
                run_large_batch_cell(config, args.results)
                print(f"[{time.perf_counter() - start:7.0f} s] {config.name}: {', '.join(args.methods)} done", flush=True)
