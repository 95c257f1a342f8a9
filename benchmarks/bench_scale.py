"""Scale benchmarks: pools larger than the memory budget, time against pool size, 1 vs 2 processes, machine limits.

Every measurement runs in a fresh process with one torch thread. The memory audit also fixes glibc's mmap threshold at
64 kB (MALLOC_MMAP_THRESHOLD_=65536: blocks of 64 kB and more are returned to the system when freed, so RssAnon follows
the live memory); the timings leave it at its default, because every fresh block then costs page faults (BatchBALD,
which allocates its [M, 32 C] scratch again for every block of candidates, took 12.3 instead of 8.2 CPU s at N = 1e5).
Pin the runs and keep them at low priority on a shared machine, e.g.

    taskset -c 1 nice -n 19 python benchmarks/bench_scale.py make --dir /work/scale_data
    taskset -c 1 nice -n 19 python benchmarks/bench_scale.py probe memory scaling --dir /work/scale_data
    taskset -c 0,1 nice -n 19 python benchmarks/bench_scale.py processes --dir /work/scale_data
    python benchmarks/bench_scale.py clean --dir /work/scale_data

`make` writes the pool: N = 10^7 points, K = 20, C = 10, float32, as a .npy file (8 GB) plus a raw copy of its first
5 * 10^6 points (4 GB) for torch.from_file. Results go to nbs/results/scale_{machine,memory,scaling,processes}.json.

What runs (sized for a machine of 2 cores; about 45 minutes in all, 30 of them BatchBALD at N = 10^6 and 10^7):
- probe: disk and page-cache read rates, memory bandwidth, matmul/exp/entr rates, ns per number of validation and BALD.
- scaling: time against N = 10^3 ... 10^7 for BALD and PowerBALD b=10, and BatchBALD b=10, M=1e4 (in-memory and
  streaming code); `--methods BatchBALD` re-measures one method and keeps the other rows.
- memory: peak RssAnon of the streaming functions on the 4 GB pool (budget 256 MB; PowerBALD also with 4 MB), of
  stochastic selection from 5 * 10^6 scores in memory (4 MB), another way of opening the file, and `batchbald-lit
  select --method bald`; "peak/N B" is the peak per pool point. `--functions` re-measures some rows, keeping the others.
- processes: select_from_shards on 1 and 2 processes of one machine, N = 20, 10^5, 10^6 (`--methods`: some of them,
  keeping the other rows).
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
import warnings
from datetime import timedelta
from pathlib import Path

import numpy as np
import torch

N_FILE, K, C = int(os.environ.get("BENCH_SCALE_N", 10**7)), 20, 10  # BENCH_SCALE_N: a smaller file to try the script
N_MEMORY = N_FILE // 2  # the 4 GB pool of the memory audit: the first half of the file
CHUNK = 100_000  # points generated per seed: the first n points are the same for every N
RESULTS = Path(os.environ.get("BENCH_SCALE_RESULTS", Path(__file__).resolve().parent.parent / "nbs" / "results"))
ENV = {"OMP_NUM_THREADS": "1", "GLOO_SOCKET_IFNAME": "lo", "TQDM_DISABLE": "1"}
MEMORY_ENV = {"MALLOC_MMAP_THRESHOLD_": "65536"}  # the memory audit only: freed blocks of 64 kB and more go back
GB = 1e9


def synthetic_chunk(start: int, n: int, seed: int = 0) -> torch.Tensor:
    "Log-probs [n, K, C] float32 of pool points start..start+n: confident points, a tenth on which the samples disagree."
    g = torch.Generator().manual_seed(seed * 1_000_003 + start // CHUNK)
    base_n_C = torch.randn(n, C, generator=g)
    confidence_n = 1 + 3 * torch.rand(n, generator=g)
    disagreement_n = torch.where(torch.rand(n, generator=g) < 0.1, 2.5, 0.3)
    logits_n_K_C = (confidence_n[:, None, None] * base_n_C[:, None, :]
                    + disagreement_n[:, None, None] * torch.randn(n, K, C, generator=g))
    return logits_n_K_C.log_softmax(-1)


def paths(folder: Path) -> dict:
    return {"npy": folder / "pool.npy", "raw": folder / "pool_first_half.bin"}


def make(folder: Path):
    folder.mkdir(parents=True, exist_ok=True)
    files = paths(folder)
    array = np.lib.format.open_memmap(files["npy"], mode="w+", dtype=np.float32, shape=(N_FILE, K, C))
    with open(files["raw"], "wb") as raw:
        for start in range(0, N_FILE, CHUNK):
            chunk = synthetic_chunk(start, min(CHUNK, N_FILE - start)).numpy()
            array[start : start + len(chunk)] = chunk
            if start < N_MEMORY:
                raw.write(chunk.tobytes())
    array.flush()
    del array
    print(f"wrote {files['npy']} ({files['npy'].stat().st_size / GB:.1f} GB) and {files['raw']} "
          f"({files['raw'].stat().st_size / GB:.1f} GB)")


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    memory = next(int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal"))
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_GiB": round(memory / 2**20, 1), "torch": torch.__version__,
            "python": platform.python_version(), "load_average": round(os.getloadavg()[0], 1),
            "affinity": sorted(os.sched_getaffinity(0))}


def evict(path: Path, length: int = 0):
    "Drop the file's pages from the page cache (clean pages only; no root needed), so that the next read is from disk."
    with open(path, "rb") as f:
        os.posix_fadvise(f.fileno(), 0, length, os.POSIX_FADV_DONTNEED)


def read_pass(pool: torch.Tensor, rows: int = 50_000) -> float:
    "Seconds to read every number of `pool` once through its memory map (a float64 sum per chunk)."
    start = time.perf_counter()
    for i in range(0, len(pool), rows):
        pool[i : i + rows].sum()  # float32: about 0.1 ns per number from memory, so the reading dominates
    return time.perf_counter() - start


def median_time(function, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


# ---------------------------------------------------------------- machine limits
def probe(folder: Path) -> dict:
    from batchbald_lit.bald import _bald_scores
    from batchbald_lit.core import validate_log_probs
    from batchbald_lit.distributed import open_pool

    torch.set_num_threads(1)
    result = {"machine": machine()}
    npy = paths(folder)["npy"]
    size = min(10**9, npy.stat().st_size // 2**23 * 2**23)  # the first GB of the file
    out = subprocess.run(["dd", f"if={npy}", "of=/dev/null", "bs=8M", f"count={size // 2**23}", "iflag=direct"],
                         capture_output=True, text=True).stderr
    seconds = float(out.strip().splitlines()[-1].split(",")[-2].split()[0])
    result["disk_read_GBps (dd, O_DIRECT)"] = round(size // 2**23 * 2**23 / seconds / GB, 2)
    pool = open_pool(npy, rows=(0, size // (K * C * 4)))
    evict(npy)
    result["mmap_read_cold_GBps"] = round(size / read_pass(pool) / GB, 2)
    result["mmap_read_warm_GBps"] = round(size / min(read_pass(pool) for _ in range(3)) / GB, 2)
    a = torch.ones(2**27)  # 512 MB
    b = torch.empty_like(a)
    result["memory_copy_GBps (read + write)"] = round(2 * a.nbytes / median_time(lambda: b.copy_(a), 5) / GB, 2)
    result["memory_sum_GBps (read)"] = round(a.nbytes / median_time(lambda: a.sum(), 5) / GB, 2)
    del a, b
    for dtype in (torch.float64, torch.float32):
        x = torch.randn(2048, 2048, dtype=dtype)
        result[f"matmul_GFLOPs ({str(dtype)[6:]})"] = round(2 * 2048**3 / median_time(lambda: x @ x, 3) / 1e9, 1)
    x = torch.rand(2**24, dtype=torch.float64)
    result["exp_Gelem_per_s (float64)"] = round(x.numel() / median_time(lambda: x.exp(), 5) / 1e9, 3)
    result["entr_Gelem_per_s (float64)"] = round(x.numel() / median_time(lambda: torch.special.entr(x), 5) / 1e9, 3)
    pool = synthetic_chunk(0, 100_000)  # 2e7 numbers in memory
    elements = pool.numel()
    result["validate_ns_per_number"] = round(median_time(lambda: validate_log_probs(pool), 3) / elements * 1e9, 2)
    result["bald_ns_per_number"] = round(median_time(lambda: _bald_scores(pool, torch.float64, None, False, None), 3)
                                         / elements * 1e9, 2)
    result["machine"]["load_average"] = round(os.getloadavg()[0], 1)
    return result


# ---------------------------------------------------------------- one measurement in a fresh process
def single_rank_group():
    import socket
    import torch.distributed as dist

    with socket.socket() as probe_socket:
        probe_socket.bind(("127.0.0.1", 0))
        port = probe_socket.getsockname()[1]
    dist.init_process_group("gloo", init_method=f"tcp://127.0.0.1:{port}", rank=0, world_size=1,
                            timeout=timedelta(minutes=30))


def functions(budget: int) -> dict:
    "name -> function(pool) of every measured selection and scoring function."
    from batchbald_lit.batchbald import get_batchbald_batch
    from batchbald_lit.bald import get_bald_batch
    from batchbald_lit.core import validate_log_probs
    from batchbald_lit.distributed import get_sharded_batchbald_batch
    from batchbald_lit.entropy import compute_conditional_entropy
    from batchbald_lit.epig import get_epig_batch
    from batchbald_lit.scores import SCORE_FUNCTIONS, get_entropy_batch, get_margin_batch
    from batchbald_lit.stochastic import get_powerbald_batch, get_stochastic_batch

    options = {"memory_budget": budget, "progress": False}
    table = {"validate_log_probs": lambda pool: validate_log_probs(pool),
             "compute_conditional_entropy": lambda pool: compute_conditional_entropy(pool, **options)}
    table.update({f"compute_{name}": (lambda pool, f=f: f(pool, **options)) for name, f in SCORE_FUNCTIONS.items()})
    table.update({
        "get_bald_batch b=10": lambda pool: get_bald_batch(pool, 10, **options),
        "get_entropy_batch b=10": lambda pool: get_entropy_batch(pool, 10, **options),
        "get_margin_batch b=10": lambda pool: get_margin_batch(pool, 10, **options),
        "get_powerbald_batch b=10": lambda pool: get_powerbald_batch(pool, 10, generator=0, **options),
        **{f"get_stochastic_batch b=10, {mode}": (
            lambda scores, mode=mode: get_stochastic_batch(scores, 10, mode, 1.0, 0, memory_budget=budget))
           for mode in ("power", "softrank")},
        "get_epig_batch b=10, 10 targets": lambda pool: get_epig_batch(pool, 10, num_target_samples=10, generator=0,
                                                                       **options),
        "get_batchbald_batch b=3, M=1000": lambda pool: get_batchbald_batch(pool, 3, 1000, generator=0, **options),
        "get_batchbald_batch b=10, M=1e4": lambda pool: get_batchbald_batch(pool, 10, 10**4, generator=0, **options),
        "get_sharded_batchbald_batch b=3, M=1000, 1 process": lambda pool: get_sharded_batchbald_batch(
            pool, 3, 1000, generator=0, **options),
        "get_sharded_batchbald_batch b=10, M=1e4, 1 process": lambda pool: get_sharded_batchbald_batch(
            pool, 10, 10**4, generator=0, **options),
        "get_batchbald_batch b=20, M=1000": lambda pool: get_batchbald_batch(pool, 20, 1000, generator=0, **options),
        "get_sharded_batchbald_batch b=20, M=1000, 1 process": lambda pool: get_sharded_batchbald_batch(
            pool, 20, 1000, generator=0, **options),
    })
    return table


def one(folder: Path, opening: str, rows: int, name: str, budget: int, repeats: int, warm: bool):
    "Measure one function in this (fresh) process; print one JSON line."
    from batchbald_lit.distributed import AnonymousMemoryPeak, anonymous_memory, open_pool

    torch.set_num_threads(1)
    files = paths(folder)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if opening == "float64 scores in memory":  # the input of stochastic selection, made before the measurement
            pool = torch.rand(rows, dtype=torch.float64, generator=torch.Generator().manual_seed(0))
        elif opening == "npy, mmap_mode='c'":
            pool = open_pool(files["npy"], rows=(0, rows))
        elif opening == "npy, mmap_mode='r'":
            pool = torch.from_numpy(np.load(files["npy"], mmap_mode="r")[:rows])
        else:
            pool = torch.from_file(str(files["raw"]), shared=False, size=N_MEMORY * K * C, dtype=torch.float32)
            pool = pool.view(N_MEMORY, K, C)[:rows]
    if "sharded" in name:
        single_rank_group()
    function = functions(budget)[name]
    if warm:
        read_pass(pool)
    times, cpu_times, peaks = [], [], []
    for _ in range(repeats):
        with AnonymousMemoryPeak() as peak:
            start, cpu_start = time.perf_counter(), time.process_time()
            batch = function(pool)
            times.append(time.perf_counter() - start)
            cpu_times.append(time.process_time() - cpu_start)
        peaks.append(peak.bytes)
    print(json.dumps({"opening": opening, "N": rows, "function": name, "budget": budget, "seconds": times, "cpu_seconds": cpu_times,
                      "peak_anon_bytes": peaks, "anon_before_bytes": peak.start, "anon_after_bytes": anonymous_memory(),
                      "warnings": sorted({str(w.message)[:90] for w in caught}),
                      "indices": batch.indices if hasattr(batch, "saturated_at") else None}))


def run_one(folder: Path, opening: str, rows: int, name: str, budget: int, repeats: int = 1, warm: bool = False,
            timeout: float = 7200, audit: bool = False) -> dict:
    "One measurement in a fresh process; `audit`: with glibc's mmap threshold fixed, so that RssAnon follows live memory."
    command = [sys.executable, __file__, "_one", "--dir", str(folder), "--opening", opening, "--rows", str(rows),
               "--function", name, "--budget", str(budget), "--repeats", str(repeats)] + (["--warm"] if warm else [])
    env = dict(os.environ, **ENV, **(MEMORY_ENV if audit else {}))
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=timeout)
    if done.returncode != 0:
        return {"opening": opening, "N": rows, "function": name, "error": done.stderr.strip().splitlines()[-1][:300]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def cli_peak(folder: Path, method: str, rows_file: Path, timeout: float = 7200) -> dict:
    "Peak RssAnon of `batchbald-lit select` on a .npy file, sampled from outside the process (/proc/PID/status)."
    command = [str(Path(sys.executable).parent / "batchbald-lit"), "select", str(rows_file), "--method", method,
               "--batch-size", "10", "--num-samples", "1000"]
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env=dict(os.environ, **ENV, **MEMORY_ENV))
    highest, first = 0, None

    def sample():
        nonlocal highest, first
        while process.poll() is None:
            try:
                status = open(f"/proc/{process.pid}/status").read()
                anon = int(status.split("RssAnon:")[1].split()[0]) * 1024
                highest = max(highest, anon)
            except (OSError, IndexError):
                pass
            time.sleep(0.002)

    sampler = threading.Thread(target=sample)
    sampler.start()
    out, err = process.communicate(timeout=timeout)
    sampler.join()
    return {"opening": "batchbald-lit select (.npy, mmap_mode='c')", "N": int(np.load(rows_file, mmap_mode="r").shape[0]),
            "function": f"select --method {method} --batch-size 10", "budget": None, "seconds": [time.perf_counter() - start],
            "peak_anon_bytes": [highest], "note": "whole process, import included",
            "error": None if process.returncode == 0 else err.strip().splitlines()[-1][:300]}


# ---------------------------------------------------------------- the memory audit
SMALL_BUDGET = 4 * 10**6  # the budget of the rows that show the bookkeeping per pool point
MEMORY_ROWS = [  # (how the pool is opened, function, budget) of the memory audit, in the order of the table
    *[("npy, mmap_mode='c'", name, 256 * 2**20) for name in
      ["validate_log_probs", "get_bald_batch b=10", "get_powerbald_batch b=10", "get_batchbald_batch b=3, M=1000",
       "get_sharded_batchbald_batch b=3, M=1000, 1 process"]],
    ("npy, mmap_mode='c'", "get_powerbald_batch b=10", SMALL_BUDGET),
    *[("npy, mmap_mode='c'", name, SMALL_BUDGET) for name in
      ["get_batchbald_batch b=3, M=1000", "get_batchbald_batch b=20, M=1000",
       "get_sharded_batchbald_batch b=3, M=1000, 1 process", "get_sharded_batchbald_batch b=20, M=1000, 1 process"]],
    *[("float64 scores in memory", f"get_stochastic_batch b=10, {mode}", SMALL_BUDGET)
      for mode in ("power", "softrank")],
    ("torch.from_file(shared=False)", "get_bald_batch b=10", 256 * 2**20),
]
CLI_ROW = "select --method bald --batch-size 10"


def memory(folder: Path, budget: int = 256 * 2**20, functions=None) -> dict:
    "The memory audit; with `functions`, only those rows are measured again and the others kept from the last results."
    path, old = RESULTS / "scale_memory.json", {}
    if functions and path.exists():
        old = {(row["opening"], row["function"], row.get("budget")): row for row in json.loads(path.read_text())["rows"]}
    rows = []
    for opening, name, row_budget in MEMORY_ROWS:
        if functions and name not in functions and (opening, name, row_budget) in old:
            rows.append(old[opening, name, row_budget])
            continue
        rows.append(run_one(folder, opening, N_MEMORY, name, row_budget, audit=True))
        print(rows[-1], flush=True)
    cli_key = ("batchbald-lit select (.npy, mmap_mode='c')", CLI_ROW, None)
    if functions and CLI_ROW not in functions and cli_key in old:
        rows.append(old[cli_key])
        return {"machine": machine(), "budget": budget, "rows": rows}
    half = folder / "pool_first_fifth.npy"  # 0.8 GB, three times the budget
    if not half.exists():
        from batchbald_lit.distributed import open_pool
        np.save(half, open_pool(paths(folder)["npy"], rows=(0, N_MEMORY // 5)).numpy())
    rows.append(cli_peak(folder, "bald", half))
    print(rows[-1], flush=True)
    half.unlink()
    return {"machine": machine(), "budget": budget, "rows": rows}


def memory_table(result: dict) -> str:
    lines = [f"{'function':<52} {'opened as':<31} {'N':>9} {'GB':>5} {'budget MB':>9} {'peak MB':>8} "
             f"{'peak/N B':>8} {'s':>6}"]
    for row in result["rows"]:
        if row.get("error"):
            lines.append(f"{row['function']:<52} {row['opening'][:31]:<31} {row['N']:>9} error: {row['error'][:60]}")
            continue
        input_GB = row["N"] * (8 if "scores in memory" in row["opening"] else K * C * 4) / GB
        budget = f"{row['budget'] / 2**20:>9.0f}" if row.get("budget") else f"{'-':>9}"
        peak = max(row["peak_anon_bytes"])
        per_point = f"{peak / row['N']:>8.1f}" if row.get("budget") else f"{'-':>8}"  # the CLI: the whole process
        lines.append(f"{row['function']:<52} {row['opening'][:31]:<31} {row['N']:>9} {input_GB:>5.2f} {budget} "
                     f"{peak / 2**20:>8.0f} {per_point} {statistics.median(row['seconds']):>6.1f}")
    return "\n".join(lines)


# ---------------------------------------------------------------- time against N
SCALING_METHODS = {
    "BALD": "get_bald_batch b=10",
    "PowerBALD": "get_powerbald_batch b=10",
    "BatchBALD": "get_batchbald_batch b=10, M=1e4",
    "BatchBALD (streaming, sharded code on 1 process)": "get_sharded_batchbald_batch b=10, M=1e4, 1 process",
}


def scaling(folder: Path, sizes=(10**3, 10**4, 10**5, 10**6, N_FILE), budget: int = 256 * 2**20,
            methods=tuple(SCALING_METHODS)) -> dict:
    "Rows of time against N; with a subset of `methods`, the other methods' rows are kept from the last results."
    path, kept = RESULTS / "scale_scaling.json", []
    if set(methods) != set(SCALING_METHODS) and path.exists():
        kept = [row for row in json.loads(path.read_text())["rows"] if row["method"] not in methods]
    rows = []
    for N in sorted({n for n in sizes if n <= N_FILE}):
        for method in methods:
            repeats = 3 if N <= 10**5 else 1
            row = run_one(folder, "npy, mmap_mode='c'", N, SCALING_METHODS[method], budget, repeats=repeats, warm=True)
            row["method"] = method
            rows.append(row)
            print(row, flush=True)
    return {"machine": machine(), "budget": budget, "rows": kept + rows}


# ---------------------------------------------------------------- 1 vs 2 processes
PROCESS_METHODS = {"BALD": ("bald", {}), "PowerBALD": ("powerbald", {"generator": 0}),
                   "BatchBALD": ("batchbald", {"num_samples": 10**4, "generator": 0})}


def warm_shard(path) -> float:
    "Read this rank's shard of the pool file once (into the page cache); the seconds it took."
    from batchbald_lit.distributed import open_shard

    return read_pass(open_shard(path))


def timed(function, *args, **kwargs) -> tuple:
    "(seconds, result, CPU seconds) of one call."
    start, cpu_start = time.perf_counter(), time.process_time()
    result = function(*args, **kwargs)
    return time.perf_counter() - start, result, time.process_time() - cpu_start


def processes(folder: Path, sizes=(10**5, 10**6), budget: int = 256 * 2**20, methods=tuple(PROCESS_METHODS)) -> dict:
    "Rows of 1 against 2 processes; with a subset of `methods`, the other methods' rows are kept from the last results."
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import bench_scale  # this file as a module: the processes of the group import its functions by name
    from batchbald_lit.distributed import open_pool, run_local_group, select_from_shards

    env = dict(ENV, PYTHONPATH=os.pathsep.join([str(Path(__file__).resolve().parent), os.environ.get("PYTHONPATH", "")]))
    path, kept = RESULTS / "scale_processes.json", []
    if set(methods) != set(PROCESS_METHODS) and path.exists():
        kept = [row for row in json.loads(path.read_text())["rows"] if row["method"] not in methods]
    rows = []
    for N in sorted({20} | {n for n in sizes if n <= N_FILE}):  # 20 points: the cost of communication and Python
        path = paths(folder)["npy"] if N == N_FILE else folder / f"pool_{N}.npy"
        if not path.exists():  # a file of the first N points: each rank opens its half
            np.save(path, open_pool(paths(folder)["npy"], rows=(0, N)).numpy())
        for method, (name, options) in PROCESS_METHODS.items():
            if method not in methods:
                continue
            repeats = 1 if N >= 10**5 else 3
            for world_size in (1, 2):
                call = (bench_scale.timed, (select_from_shards, path, name, 10), dict(options, memory_budget=budget))
                calls = [[(bench_scale.warm_shard, (path,), {})] + [call] * repeats for _ in range(world_size)]
                results = run_local_group(calls, timeout=3600, deadline=6 * 3600, env=env)
                failed = [result for ranks in results for result in ranks if isinstance(result, Exception)]
                if failed:
                    raise failed[0]
                seconds = [max(results[r][1 + i][0] for r in range(world_size)) for i in range(repeats)]
                cpu_seconds = [[results[r][1 + i][2] for r in range(world_size)] for i in range(repeats)]
                rows.append({"N": N, "method": method, "processes": world_size, "seconds": seconds,
                             "cpu_seconds": cpu_seconds,
                             "warm_read_seconds": [results[r][0] for r in range(world_size)],
                             "indices": results[0][1][1].indices})
                print(rows[-1], flush=True)
        if path != paths(folder)["npy"]:
            path.unlink()
    order = {(N, method): i for i, (N, method) in enumerate((N, m) for N in sorted({20, *sizes}) for m in PROCESS_METHODS)}
    return {"machine": machine(), "budget": budget,
            "rows": sorted(kept + rows, key=lambda row: order.get((row["N"], row["method"]), len(order)))}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("commands", nargs="+",
                        choices=["make", "probe", "memory", "scaling", "processes", "clean", "_one"])
    parser.add_argument("--dir", type=Path, required=True, help="folder of the pool files")
    parser.add_argument("--opening", default="npy, mmap_mode='c'")
    parser.add_argument("--rows", type=int, default=N_MEMORY)
    parser.add_argument("--function", default="get_bald_batch b=10")
    parser.add_argument("--budget", type=int, default=256 * 2**20)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--warm", action="store_true")
    parser.add_argument("--sizes", type=int, nargs="+", default=None, help="pool sizes of `scaling`")
    parser.add_argument("--methods", nargs="+", default=None, choices=list(SCALING_METHODS),
                        help="methods of `scaling` or `processes` (the others' rows are kept from the last results)")
    parser.add_argument("--functions", nargs="+", default=None, choices=sorted({name for _, name, _ in MEMORY_ROWS} | {CLI_ROW}),
                        help="rows of `memory` to measure again (the others are kept from the last results)")
    args = parser.parse_args()
    if args.commands == ["_one"]:
        return one(args.dir, args.opening, args.rows, args.function, args.budget, args.repeats, args.warm)
    RESULTS.mkdir(exist_ok=True)
    for command in args.commands:
        start = time.time()
        if command == "make":
            make(args.dir)
        elif command == "clean":
            for path in args.dir.glob("*"):
                path.unlink()
            args.dir.rmdir()
        else:
            run = {"probe": probe, "memory": memory, "scaling": scaling, "processes": processes}[command]
            options = {"sizes": args.sizes} if args.sizes and command in ("scaling", "processes") else {}
            if command == "scaling":
                options["methods"] = args.methods or list(SCALING_METHODS)
            elif command == "processes":
                options["methods"] = [m for m in (args.methods or PROCESS_METHODS) if m in PROCESS_METHODS]
            elif command == "memory":
                options["functions"] = args.functions
            result = run(args.dir, **options)
            if command == "memory":
                result["table"] = memory_table(result)
                print(result["table"])
            result["seconds"] = round(time.time() - start)
            name = {"probe": "machine"}.get(command, command)
            (RESULTS / f"scale_{name}.json").write_text(json.dumps(result, indent=1))
            print(f"{command}: {result['seconds']} s, written to {RESULTS / f'scale_{name}.json'}", flush=True)


if __name__ == "__main__":
    main()
