"""Run (or resume) the past-saturation study of nbs/24_past_saturation.ipynb in the background, one thread.

    taskset -c 1 nice -n 19 python benchmarks/run_past_saturation.py --datasets repeated_digits \\
        --methods batchbald_spread batchbald_fill

Runs are stored beside the large-batch grid's, in nbs/results/large_batch_runs/ (one file per grid cell and method,
saved after every round), so a killed run continues where it stopped when started again.
"""
import os
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")

from batchbald_lit.large_batches import run_large_batch_cell  # noqa: E402
from batchbald_lit.past_saturation import DATASETS, FINALISTS, study_config  # noqa: E402

from run_large_batches import parse_grid_args  # noqa: E402  (benchmarks/run_large_batches.py)

if __name__ == "__main__":
    args = parse_grid_args(__doc__.splitlines()[0], FINALISTS, DATASETS)
    start = time.perf_counter()
    for dataset in args.datasets:
        for K in args.posterior_samples:
            for b in args.batch_sizes:
                config = study_config(dataset, K, b, args.methods, args.seeds)
                run_large_batch_cell(config, args.results)
                print(f"[{time.perf_counter() - start:7.0f} s] {config.name}: {', '.join(args.methods)} done", flush=True)
