"""Benchmark each framework's own BALD/BatchBALD against batchbald_lit's inside that framework's loop, and print a table.

One realistic pool for baal and scikit-activeml: `digits_pool(N=3000, K=20)` (an MLP with dropout trained on 40 digits,
3000 noisy unlabelled digits scored with 20 consistent dropout masks, C=10), batch size b=8 and M=1e4 joint
configurations (baal: num_draw=500 per MC iteration, 500 * K = 1e4; scikit-activeml: n_MC_samples=1e4).
- baal 2.1: one `ActiveLearningLoop.step()` whose `get_probabilities` hands over the pool's [N, C, K] probabilities.
- scikit-activeml 1.0.1: one `query(X, y, ensemble, fit_ensemble=False, batch_size=8)` on an ensemble that returns the
  same pool's predictions (scikit-activeml's `sample_predictions_method_name` convention).
- modAL 0.4.2.1 (no BatchBALD of its own): one `DeepActiveLearner.query` with a skorch MLP on 3000 noisy digits, K=20
  dropout samples (forward passes included): modAL's `mc_dropout_bald` against our `bald_sampling` and
  `batchbald_sampling`.

Each row runs in its own process, one torch thread, with its address space limited (--memory-gb, default 12) so that
an implementation that needs more fails alone with "out of memory" instead of taking the machine down. Time and peak
resident memory above the memory in use before the call are measured by `batchbald_lit.performance.measure`.
"batch information" is I[y_1..y_b; theta] of the labelled batch on the pool's predictions (sampled, M=1e5, seed 0),
a quality check: a faster implementation must not pick a worse batch.

Usage: taskset -c 0 nice python benchmarks/bench_integrations.py [--json nbs/results/integrations_benchmark.json]
"""
import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
import warnings

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("TQDM_DISABLE", "1")

import numpy as np
import torch

N, K, B, M = 3000, 20, 8, 10**4

# name: (framework, acquisition, implementation, settings)
ROWS = {
    "baal_bald": ("baal 2.1.0", "BALD", "baal", "BALD()"),
    "baal_bald_ours": ("baal 2.1.0", "BALD", "batchbald_lit", "BaalBALD()"),
    "baal_batchbald": ("baal 2.1.0", "BatchBALD", "baal", "BatchBALD(num_samples=8, num_draw=500)"),
    "baal_batchbald_ours": ("baal 2.1.0", "BatchBALD", "batchbald_lit", "BaalBatchBALD(num_samples=8, num_draw=500)"),
    "baal_batchbald_1e4_draws": ("baal 2.1.0", "BatchBALD", "baal", "BatchBALD(num_samples=8, num_draw=10000)"),
    "baal_batchbald_1e4_draws_ours": ("baal 2.1.0", "BatchBALD", "batchbald_lit",
                                      "BaalBatchBALD(num_samples=8, num_draw=10000)"),
    "skactiveml_greedybald": ("scikit-activeml 1.0.1", "BALD", "scikit-activeml", "GreedyBALD()"),
    "skactiveml_greedybald_ours": ("scikit-activeml 1.0.1", "BALD", "batchbald_lit", "SkactivemlGreedyBALD()"),
    "skactiveml_batchbald": ("scikit-activeml 1.0.1", "BatchBALD", "scikit-activeml", "BatchBALD(n_MC_samples=10000)"),
    "skactiveml_batchbald_ours": ("scikit-activeml 1.0.1", "BatchBALD", "batchbald_lit",
                                  "SkactivemlBatchBALD(n_MC_samples=10000)"),
    "modal_bald": ("modAL 0.4.2.1 + skorch 1.4.0", "BALD", "modAL", "mc_dropout_bald, num_cycles=20"),
    "modal_bald_ours": ("modAL 0.4.2.1 + skorch 1.4.0", "BALD", "batchbald_lit", "bald_sampling, num_cycles=20"),
    "modal_batchbald_ours": ("modAL 0.4.2.1 + skorch 1.4.0", "BatchBALD", "batchbald_lit",
                             "batchbald_sampling, num_cycles=20, num_samples=10000"),
}


def pool_log_probs() -> torch.Tensor:
    from batchbald_lit.performance import digits_pool
    return digits_pool(N, K, seed=0)


def baal_step(name: str, log_probs_N_K_C: torch.Tensor) -> tuple:
    "A function running one ActiveLearningLoop step with the row's heuristic, and how to read the labelled batch."
    from baal.active import ActiveLearningDataset, ActiveLearningLoop
    from baal.active.heuristics import BALD, BatchBALD
    from batchbald_lit.integrations import BaalBALD, BaalBatchBALD

    draws = 10_000 if "1e4_draws" in name else 500
    heuristic = {"baal_bald": lambda: BALD(), "baal_bald_ours": lambda: BaalBALD(),
                 "baal_batchbald": lambda: BatchBALD(num_samples=B, num_draw=draws),
                 "baal_batchbald_1e4_draws": lambda: BatchBALD(num_samples=B, num_draw=draws)}.get(
        name, lambda: BaalBatchBALD(num_samples=B, num_draw=draws, generator=0))()
    probs_N_C_K = log_probs_N_K_C.exp().permute(0, 2, 1).float().numpy()  # what ModelWrapper would hand over
    dataset = ActiveLearningDataset(torch.utils.data.TensorDataset(torch.arange(N + 10)))
    dataset.label(list(range(N, N + 10)))  # a few labelled points; the pool is 0..N-1, in order
    loop = ActiveLearningLoop(dataset, lambda pool, **kwargs: probs_N_C_K[[int(pool[i][0]) for i in range(len(pool))]],
                              heuristic=heuristic, query_size=B)
    torch.manual_seed(0)  # baal samples configurations with torch's global generator

    def labelled():
        return [int(i) for i in np.flatnonzero(dataset.labelled) if i < N]

    return loop.step, labelled


class PoolPredictions:
    "Built on first use: a scikit-activeml classifier returning the stored predictions of the pool rows X = [[index]]."

    @staticmethod
    def build(probs_K_N_C: np.ndarray):
        from skactiveml.base import SkactivemlClassifier

        class Stored(SkactivemlClassifier):
            def __init__(self, probs=None, classes=None, missing_label=np.nan, random_state=None):
                super().__init__(classes=classes, missing_label=missing_label, random_state=random_state)
                self.probs = probs

            def fit(self, X, y, sample_weight=None):
                self._validate_data(X, y, sample_weight)
                return self

            def sample_proba(self, X):
                return self.probs[:, np.asarray(X)[:, 0].astype(int)]

            def predict_proba(self, X):
                return self.sample_proba(X).mean(0)

        return Stored(probs_K_N_C, classes=np.arange(probs_K_N_C.shape[2])).fit(np.zeros((1, 1)), np.zeros(1))


def skactiveml_query(name: str, log_probs_N_K_C: torch.Tensor) -> tuple:
    from skactiveml.pool import BatchBALD, GreedyBALD
    from batchbald_lit.integrations import SkactivemlBatchBALD, SkactivemlGreedyBALD

    ensemble = PoolPredictions.build(log_probs_N_K_C.exp().permute(1, 0, 2).numpy())
    X, y = np.arange(N)[:, None].astype(float), np.full(N, np.nan)
    kwargs = dict(sample_predictions_method_name="sample_proba", random_state=0)
    strategy = {"skactiveml_greedybald": lambda: GreedyBALD(**kwargs),
                "skactiveml_greedybald_ours": lambda: SkactivemlGreedyBALD(**kwargs),
                "skactiveml_batchbald": lambda: BatchBALD(n_MC_samples=M, **kwargs)}.get(
        name, lambda: SkactivemlBatchBALD(n_MC_samples=M, **kwargs))()
    picks = []

    def query():
        picks.extend(int(i) for i in strategy.query(X, y, ensemble, fit_ensemble=False, batch_size=B))

    return query, lambda: picks


def modal_pool() -> tuple:
    "A skorch MLP with dropout trained on 40 digits, and a pool of 3000 noisy unlabelled digits (X_pool float32)."
    from sklearn.datasets import load_digits
    from skorch import NeuralNetClassifier

    X, y = load_digits(return_X_y=True)
    X = ((X - X.mean(0)) / (X.std(0) + 1e-6)).astype(np.float32)
    rng = np.random.RandomState(0)
    labelled = np.concatenate([rng.permutation(np.flatnonzero(y == c))[:4] for c in range(10)])
    unlabelled = np.setdiff1d(np.arange(len(y)), labelled)
    X_pool = X[rng.choice(unlabelled, N)] + 0.1 * rng.randn(N, X.shape[1]).astype(np.float32)
    torch.manual_seed(0)
    module = torch.nn.Sequential(torch.nn.Linear(64, 256), torch.nn.ReLU(), torch.nn.Dropout(0.5),
                                 torch.nn.Linear(256, 128), torch.nn.ReLU(), torch.nn.Dropout(0.5),
                                 torch.nn.Linear(128, 10))
    net = NeuralNetClassifier(module, criterion=torch.nn.CrossEntropyLoss, optimizer=torch.optim.Adam, lr=1e-3,
                              max_epochs=200, batch_size=40, train_split=None, verbose=0)
    return net, X[labelled], y[labelled], X_pool


def modal_query(name: str) -> tuple:
    from modAL.dropout import mc_dropout_bald
    from modAL.models import DeepActiveLearner
    from batchbald_lit.integrations import bald_sampling, batchbald_sampling

    net, X_train, y_train, X_pool = modal_pool()
    strategy = {"modal_bald": mc_dropout_bald, "modal_bald_ours": bald_sampling}.get(name, batchbald_sampling)
    learner = DeepActiveLearner(net, query_strategy=strategy)
    learner.fit(X_train, y_train)
    kwargs = dict(num_cycles=K) if name == "modal_bald" else dict(num_cycles=K, generator=0)
    pool = torch.from_numpy(X_pool) if name == "modal_bald" else X_pool  # mc_dropout_bald takes tensors only
    picks = []

    def query():
        picks.extend(int(i) for i in learner.query(pool, n_instances=B, **kwargs)[0])

    def quality():  # the batch's information under our consistent MC dropout samples of the same net
        from batchbald_lit.integrations import modal_log_probs
        return modal_log_probs(learner, X_pool, K, generator=0)

    return query, lambda: picks, quality


def run_row(name: str, memory_gb: float) -> dict:
    "Measure one row in this process (called in a child process)."
    from batchbald_lit.batchbald import batch_information
    from batchbald_lit.performance import measure

    torch.set_num_threads(1)
    warnings.simplefilter("ignore")
    limit = int(memory_gb * 2**30)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    framework = ROWS[name][0]
    if framework.startswith("modAL"):
        fn, picks, scored = modal_query(name)
    else:
        log_probs_N_K_C = pool_log_probs()
        fn, picks = (baal_step if framework.startswith("baal") else skactiveml_query)(name, log_probs_N_K_C)
        scored = lambda: log_probs_N_K_C  # noqa: E731
    try:
        _, seconds, peak = measure(fn)
    except MemoryError:
        return {"status": f"out of memory (address space limited to {memory_gb:g} GB)"}
    batch = picks()
    information, error = batch_information(scored()[batch], 10**5, generator=0)
    return {"status": "ok", "seconds": seconds, "peak_mb": peak / 2**20, "batch": batch,
            "batch_information": information, "batch_information_se": error}


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    import baal, modAL, skactiveml, skorch  # noqa: E401  (versions of what was measured)
    versions = (f"baal {baal.__version__ if hasattr(baal, '__version__') else '2.1.0'}, scikit-activeml "
                f"{skactiveml.__version__}, skorch {skorch.__version__}")
    return (f"{cpu}, one torch thread, torch {torch.__version__}, Python {platform.python_version()}, {versions}, "
            f"CPU affinity {sorted(os.sched_getaffinity(0))}")


def table(rows: list) -> str:
    lines = [f"{'framework':<30} {'acquisition':<10} {'implementation':<16} {'settings':<46} {'time':>9} "
             f"{'peak MB':>8} {'batch info':>10}"]
    for row in rows:
        if row["status"] == "ok":
            numbers = f"{row['seconds']:>8.2f}s {row['peak_mb']:>8.0f} {row['batch_information']:>10.3f}"
        else:
            numbers = row["status"]
        lines.append(f"{row['framework']:<30} {row['acquisition']:<10} {row['implementation']:<16} "
                     f"{row['settings']:<46} {numbers}")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", nargs="*", choices=list(ROWS), help="rows to run (default: all)")
    parser.add_argument("--memory-gb", type=float, default=12.0, help="address-space limit of each row's process")
    parser.add_argument("--json", help="also write the rows, the table and the machine to this JSON file")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_row(args.child, args.memory_gb)))
        return
    rows = []
    for name in args.rows or list(ROWS):
        framework, acquisition, implementation, settings = ROWS[name]
        start = time.time()
        child = subprocess.run([sys.executable, __file__, "--child", name, "--memory-gb", str(args.memory_gb)],
                               capture_output=True, text=True)
        lines = child.stdout.strip().splitlines()
        if child.returncode == 0 and lines:
            result = json.loads(lines[-1])
        else:
            tail = (child.stderr.strip().splitlines() or ["no output"])[-1]
            out_of_memory = "MemoryError" in child.stderr or child.returncode < 0
            result = {"status": f"out of memory (address space limited to {args.memory_gb:g} GB)" if out_of_memory
                      else f"failed: {tail[:80]}"}
        rows.append({"name": name, "framework": framework, "acquisition": acquisition,
                     "implementation": implementation, "settings": settings, **result})
        print(f"{name}: {result.get('status')} ({time.time() - start:.0f} s wall)", file=sys.stderr)
    text = table(rows)
    print(f"pool: digits_pool N={N}, K={K}, C=10; b={B}; M={M}\n{text}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"machine": machine(), "pool": {"N": N, "K": K, "C": 10, "b": B, "M": M}, "rows": rows,
                       "table": text}, f, indent=1)


if __name__ == "__main__":
    main()
