"""How far more posterior samples move BatchBALD's saturation point, and what BatchBALD then costs, at N = 5000.

    taskset -c 1 python benchmarks/bench_saturation_k.py            # all K, writes nbs/results/saturation_k.json
    taskset -c 1 python benchmarks/bench_saturation_k.py --ks 20 100

A CNN with consistent MC dropout is trained on 120 labelled images of Repeated-MNIST-5k (seed 0, 100 Adam steps, as in
the past-saturation study) and scores 5,000 pool points (all three noisy copies of 1,667 images) with K = 20 to 1,000
dropout masks. For each K, one process per strategy selects b = 100 points with M = 10,000 configurations, one thread:
plain greedy BatchBALD (where the batch saturates, which picks copy an image already in the batch) and the default
(greedy until saturation, then spread). Each row records the saturation point, copies, CPU seconds and the peak
resident memory above the start of the process (the pool itself included).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import torch  # noqa: E402

RESULTS = Path(__file__).resolve().parent.parent / "nbs" / "results" / "saturation_k.json"
KS = (20, 100, 300, 1000)
N, B, M = 5000, 100, 10_000


def make_pools(ks, directory: Path) -> dict:
    "Train the CNN once, score the pool with each K; save each pool as a .pt file, return {K: (path, seconds)}."
    from batchbald_lit.experiments import MnistCNN, fit_classifier, load_repeated_mnist_5k
    from batchbald_lit.models import compute_log_probs

    torch.manual_seed(0)
    data = load_repeated_mnist_5k()
    g = torch.Generator().manual_seed(0)
    labelled = torch.randperm(data.num_original, generator=g)[:120]
    model = MnistCNN()
    fit_classifier(model, data.train_x[labelled], data.train_y[labelled], g, num_steps=100, batch_size=64)
    pool = torch.arange(len(data.train_y))
    pool = pool[(pool % data.num_original) < 1667][:N]
    pools = {}
    for K in ks:
        model.reset_masks(torch.Generator().manual_seed(K))
        start = time.process_time()
        log_probs_N_K_C = compute_log_probs(model, data.train_x[pool], num_posterior_samples=K, progress=False,
                                            dtype=torch.float32)
        path = directory / f"pool_K{K}.pt"
        torch.save({"log_probs": log_probs_N_K_C, "sources": pool % data.num_original}, path)
        pools[K] = (path, time.process_time() - start)
    return pools


def select(path: str, strategy: str) -> dict:
    "One selection in this process: its batch diagnostics, CPU seconds and peak memory above the start."
    from batchbald_lit.batchbald import get_batchbald_batch
    from batchbald_lit.distributed import measure_peak

    saved = torch.load(path)
    log_probs_N_K_C, sources_N = saved["log_probs"], saved["sources"]
    start = time.process_time()
    batch, _, peak = measure_peak(get_batchbald_batch, log_probs_N_K_C, B, M, generator=0, progress=False,
                               past_saturation=strategy)
    seconds = time.process_time() - start
    seen, copies = set(), []
    for index in batch.indices:
        copies.append(int(sources_N[index]) in seen)
        seen.add(int(sources_N[index]))
    s = batch.saturated_at if batch.saturated_at is not None else B
    return {"strategy": strategy, "saturated_at": batch.saturated_at, "scores": batch.scores,
            "copies_before": sum(copies[:s]), "copies_after": sum(copies[s:]), "cpu_seconds": seconds,
            "peak_mb": peak / 2**20}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ks", nargs="+", type=int, default=list(KS))
    parser.add_argument("--strategies", nargs="+", default=["greedy", "spread"])
    parser.add_argument("--results", default=str(RESULTS))
    parser.add_argument("--_one", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    torch.set_num_threads(1)
    if args._one:
        import warnings

        warnings.simplefilter("ignore")
        print(json.dumps(select(*args._one)))
        sys.exit(0)
    rows = []
    with tempfile.TemporaryDirectory() as directory:
        pools = make_pools(args.ks, Path(directory))
        print(f"{'K':>5} {'strategy':>8} {'score pass':>10} {'saturated':>9} {'copies b/a':>10} {'CPU s':>8} {'MB':>7}")
        for K, (path, score_seconds) in pools.items():
            for strategy in args.strategies:
                out = subprocess.run([sys.executable, __file__, "--_one", str(path), strategy], capture_output=True,
                                     text=True, check=True)
                row = {"K": K, "N": N, "b": B, "M": M, "scoring_cpu_seconds": score_seconds,
                       **json.loads(out.stdout.strip().splitlines()[-1])}
                rows.append(row)
                print(f"{K:5d} {strategy:>8} {score_seconds:10.1f} {str(row['saturated_at']):>9} "
                      f"{row['copies_before']:4d}/{row['copies_after']:<5d} {row['cpu_seconds']:8.1f} "
                      f"{row['peak_mb']:7.0f}", flush=True)
                machine = {"cpu": os.cpu_count(), "torch": torch.__version__, "threads": 1}
                Path(args.results).write_text(json.dumps({"machine": machine, "rows": rows}, indent=1))  # each row
