"""Probe every public entry point of batchbald_lit with hostile and edge-case inputs, and classify what happens.

A survey, not a test: it never fails, it prints what it found. Every public name in the modules' `__all__` is listed;
callables (functions, classes, public methods) are called once with valid arguments (the baseline) and then once per
(argument, case) with one argument replaced by a case from a table: wrong types (numpy arrays, lists, None, strings),
sparse / complex / integer / boolean tensors, NaN and infinities, wrong rank or shape, negative / huge / bool / float
sizes, bad generators, bad memory budgets, and valid edge cases (N = 0, K = 1, C = 1, hard labels, float16 / bfloat16,
non-contiguous views, numpy integers and floats). Each case says whether it is invalid, valid, or may be either.

Outcomes:
  ok                  valid input, finite result, valid indices
  clean error         invalid input rejected with a ValueError that names the argument (for files: an OSError)
  unnamed ValueError  a ValueError that does not name the argument (or the stated problem)       -- bad
  wrong exception     any other exception type (TypeError, IndexError, RuntimeError, ...)          -- bad
  NaN/inf result      a result holding NaN or infinity                                               -- bad
  invalid index       a selection with an index out of range, repeated, or of the wrong length      -- bad
  out of range        a score outside its mathematical range                                        -- bad
  state changed       an object was modified by a call that then failed                              -- bad
  accepted invalid    invalid input returned a result without complaint                              -- bad
  valid rejected      valid input raised                                                             -- bad
  crash / timeout     the process died (e.g. SIGABRT in a C++ extension) or took longer than the limit -- bad

Each probe runs in a forked child process (memory-limited, with a time limit), so a crash or a hang costs one probe.

    python benchmarks/fuzz_public_api.py                 # summary table and the list of bad cases
    python benchmarks/fuzz_public_api.py --module stochastic --all   # every probe of one module
    python benchmarks/fuzz_public_api.py --markdown bad.md           # bad cases grouped by module owner, as Markdown
"""
import argparse
import contextlib
import dataclasses
import inspect
import io
import json
import math
import os
import pickle
import resource
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("TQDM_DISABLE", "1")
os.environ.setdefault("MPLBACKEND", "Agg")

import numpy as np
import torch
from torch import nn

torch.set_num_threads(1)

import batchbald_lit

MODULES = ["core", "entropy", "joint_entropy", "bald", "batchbald", "performance", "models", "loop", "experiments",
           "cli", "scores", "stochastic", "epig", "adapters", "rashomon", "own_model"]
OWNERS = {  # who maintains which module (for --markdown)
    "core": "reliability engineer", "loop": "reliability engineer", "scores": "reliability engineer",
    "stochastic": "reliability engineer", "epig": "reliability engineer", "adapters": "reliability engineer",
    "entropy": "lead", "joint_entropy": "lead", "bald": "lead", "batchbald": "lead", "performance": "lead",
    "experiments": "lead", "models": "models engineer", "cli": "docs engineer", "rashomon": "Rashomon engineer",
    "own_model": "models engineer",
}
BAD = ["unnamed ValueError", "wrong exception", "NaN/inf result", "invalid index", "out of range", "state changed",
       "accepted invalid", "valid rejected", "crash", "timeout"]
GOOD = ["ok", "clean error"]


# ---------------------------------------------------------------------------------------------------------------------
# Cases: how to replace one argument, and whether the result is then valid input


@dataclasses.dataclass
class Case:
    label: str
    apply: Callable[[dict, str], None]  # apply(kwargs, param): put the case into kwargs (may touch other arguments)
    expect: str  # "invalid", "valid" or "either"
    mention: tuple = ()  # words an error message must contain besides the argument's name


def put(make):
    "A case applier that sets kwargs[param] = make(kwargs[param])."
    def apply(kwargs, param):
        kwargs[param] = make(kwargs[param])
    return apply


def const(value_factory):
    "A case applier that sets kwargs[param] to a fresh constant."
    def apply(kwargs, param):
        kwargs[param] = value_factory()
    return apply


def on_tensors(make):
    "A case applier for shape edges: applies `make` to every log-probs argument, so that K and C stay consistent."
    def apply(kwargs, param):
        for name, value in list(kwargs.items()):
            if name in LOG_PROB_PARAMS and isinstance(value, torch.Tensor):
                kwargs[name] = make(value)
    return apply


def C(label, apply, expect, mention=()):
    return Case(label, apply, expect, tuple(mention))


def _with(tensor, index, value):
    tensor = tensor.clone()
    tensor[index] = value
    return tensor


def _hard(log_probs):
    labels = log_probs.argmax(-1, keepdim=True)
    return torch.full_like(log_probs, -math.inf).scatter_(-1, labels, 0.0)


LOG_PROB_PARAMS = {"log_probs_N_K_C", "log_probs_target_M_K_C", "log_probs_B_K_C", "log_probs_n_K_C"}

LOG_PROB_CASES = [
    C("numpy array", put(lambda t: t.numpy()), "invalid"),
    C("list", put(lambda t: t.tolist()), "invalid"),
    C("None", const(lambda: None), "invalid"),
    C("sparse", put(lambda t: t.to_sparse()), "invalid"),
    C("complex", put(lambda t: t.to(torch.complex128)), "invalid"),
    C("int64", put(lambda t: t.round().long()), "invalid"),
    C("bool", put(lambda t: t > -1), "invalid"),
    C("NaN entry", put(lambda t: _with(t, (0, 0, 0), math.nan)), "invalid", ["NaN"]),
    C("+inf entry", put(lambda t: _with(t, (0, 0, 0), math.inf)), "invalid", ["inf"]),
    C("rank 2", put(lambda t: t[0]), "invalid"),
    C("rank 4", put(lambda t: t[None]), "invalid"),
    C("probabilities", put(lambda t: t.exp()), "invalid"),
    C("unnormalised", put(lambda t: t + 1), "invalid"),
    C("K = 0", put(lambda t: t[:, :0]), "invalid"),
    C("C = 0", put(lambda t: t[:, :, :0]), "invalid"),
    C("N = 0", put(lambda t: t[:0]), "valid"),
    C("K = 1", on_tensors(lambda t: t[:, :1]), "valid"),
    C("C = 1", on_tensors(lambda t: torch.zeros(t.shape[0], t.shape[1], 1, dtype=t.dtype)), "valid"),
    C("hard labels", put(_hard), "valid"),
    C("float32", put(lambda t: t.float()), "valid"),
    C("float16", put(lambda t: t.half()), "valid"),
    C("bfloat16", put(lambda t: t.bfloat16()), "valid"),
    C("non-contiguous", put(lambda t: t.transpose(0, 1).contiguous().transpose(0, 1)), "valid"),
    C("repeated points (stride 0)", put(lambda t: t[:1].expand_as(t)), "valid"),
    C("uniform (all tied)", put(lambda t: torch.full_like(t, -math.log(t.shape[2]))), "valid"),
]

SCORE_CASES = [
    C("numpy array", put(lambda s: s.numpy()), "invalid"),
    C("list", put(lambda s: s.tolist()), "invalid"),
    C("None", const(lambda: None), "invalid"),
    C("sparse", put(lambda s: s.to_sparse()), "invalid"),
    C("complex", put(lambda s: s.to(torch.complex128)), "invalid"),
    C("bool", put(lambda s: s > 0.5), "invalid"),
    C("NaN entry", put(lambda s: _with(s, 0, math.nan)), "invalid", ["NaN"]),
    C("+inf entry", put(lambda s: _with(s, 0, math.inf)), "invalid", ["inf"]),
    C("-inf entry", put(lambda s: _with(s, 0, -math.inf)), "invalid", ["inf"]),
    C("rank 2", put(lambda s: s[None]), "invalid"),
    C("rank 0", put(lambda s: s[0]), "invalid"),
    C("N = 0", put(lambda s: s[:0]), "valid"),
    C("N = 1", put(lambda s: s[:1]), "valid"),
    C("int64 scores", put(lambda s: (10 * s).long()), "either"),
    C("float32", put(lambda s: s.float()), "valid"),
    C("bfloat16", put(lambda s: s.bfloat16()), "valid"),
    C("all tied", put(lambda s: torch.full_like(s, 0.5)), "valid"),
    C("zeros", put(lambda s: torch.zeros_like(s)), "valid"),
    C("tiny scores 1e-300", put(lambda s: s * 1e-300), "valid"),
    C("non-contiguous", put(lambda s: torch.stack([s, s], 1)[:, 0]), "valid"),
]

TENSOR_CASES = [  # a generic floating tensor argument
    C("numpy array", put(lambda t: t.numpy()), "invalid"),
    C("list", put(lambda t: t.tolist()), "invalid"),
    C("None", const(lambda: None), "invalid"),
    C("sparse", put(lambda t: t.to_sparse()), "invalid"),
    C("complex", put(lambda t: t.to(torch.complex128)), "invalid"),
    C("NaN entry", put(lambda t: _with(t, (0,) * t.dim(), math.nan)), "invalid"),
    C("inf entry", put(lambda t: _with(t, (0,) * t.dim(), math.inf)), "invalid"),
    C("one more dim", put(lambda t: t[None]), "invalid"),
    C("float32", put(lambda t: t.float()), "valid"),
]


def int_cases(base_default_none=False):
    return [
        C("-1", const(lambda: -1), "invalid"),
        C("-5", const(lambda: -5), "invalid"),
        C("float 2.5", const(lambda: 2.5), "invalid"),
        C("float 3.0", const(lambda: 3.0), "invalid"),
        C("bool True", const(lambda: True), "invalid"),
        C("str '3'", const(lambda: "3"), "invalid"),
        C("None", const(lambda: None), "valid" if base_default_none else "invalid"),
        C("list [3]", const(lambda: [3]), "invalid"),
        C("complex 3j", const(lambda: 3j), "invalid"),
        C("numpy float64 3.0", const(lambda: np.float64(3.0)), "invalid"),
        C("0", const(lambda: 0), "either"),
        C("huge 10**18", const(lambda: 10**18), "either"),
        C("numpy int64", put(lambda v: np.int64(v) if isinstance(v, int) and not isinstance(v, bool) else np.int64(3)),
          "valid"),
        C("numpy int32", put(lambda v: np.int32(v) if isinstance(v, int) and not isinstance(v, bool) else np.int32(3)),
          "valid"),
        C("0-d int tensor", put(lambda v: torch.tensor(v if isinstance(v, int) and not isinstance(v, bool) else 3)),
          "either"),
    ]


def real_cases(default_none=False):
    return [
        C("NaN", const(lambda: math.nan), "invalid"),
        C("str '1'", const(lambda: "1"), "invalid"),
        C("bool True", const(lambda: True), "invalid"),
        C("None", const(lambda: None), "valid" if default_none else "invalid"),
        C("complex 1j", const(lambda: 1j), "invalid"),
        C("list [1.0]", const(lambda: [1.0]), "invalid"),
        C("-1", const(lambda: -1.0), "either"),
        C("inf", const(lambda: math.inf), "either"),
        C("1e308", const(lambda: 1e308), "either"),
        C("0", const(lambda: 0.0), "either"),
        C("numpy float32", put(lambda v: np.float32(v) if isinstance(v, (int, float)) and v is not None else
                               np.float32(0.5)), "valid"),
        C("numpy float64", put(lambda v: np.float64(v) if isinstance(v, (int, float)) and v is not None else
                               np.float64(0.5)), "valid"),
    ]


DTYPE_CASES = [
    C("torch.int64", const(lambda: torch.int64), "invalid"),
    C("torch.bool", const(lambda: torch.bool), "invalid"),
    C("torch.complex64", const(lambda: torch.complex64), "invalid"),
    C("str 'float32'", const(lambda: "float32"), "invalid"),
    C("python float", const(lambda: float), "invalid"),
    C("numpy float32 type", const(lambda: np.float32), "invalid"),
    C("torch.float32", const(lambda: torch.float32), "valid"),
    C("torch.float16", const(lambda: torch.float16), "valid"),
    C("torch.bfloat16", const(lambda: torch.bfloat16), "valid"),
]
DEVICE_CASES = [
    C("'gpu7'", const(lambda: "gpu7"), "invalid"),
    C("float 3.5", const(lambda: 3.5), "invalid"),
    C("list", const(lambda: []), "invalid"),
    C("'cuda:0' (no GPU here)", const(lambda: "cuda:0"), "either"),
    C("'cpu'", const(lambda: "cpu"), "valid"),
    C("torch.device('cpu')", const(lambda: torch.device("cpu")), "valid"),
]
GENERATOR_CASES = [
    C("str '0'", const(lambda: "0"), "invalid"),
    C("float 1.5", const(lambda: 1.5), "invalid"),
    C("-1", const(lambda: -1), "invalid"),
    C("object()", const(object), "invalid"),
    C("numpy Generator", const(lambda: np.random.default_rng(0)), "invalid"),
    C("bool True", const(lambda: True), "invalid"),
    C("2**64", const(lambda: 2**64), "invalid"),
    C("int seed 7", const(lambda: 7), "valid"),
    C("numpy int64 seed", const(lambda: np.int64(7)), "valid"),
    C("torch.Generator", const(lambda: torch.Generator().manual_seed(1)), "valid"),
]
BUDGET_CASES = [
    C("-1", const(lambda: -1), "invalid"),
    C("0", const(lambda: 0), "invalid"),
    C("str '1'", const(lambda: "1"), "invalid"),
    C("NaN", const(lambda: math.nan), "invalid"),
    C("inf", const(lambda: math.inf), "invalid"),
    C("bool True", const(lambda: True), "invalid"),
    C("list [1]", const(lambda: [1]), "invalid"),
    C("1 byte", const(lambda: 1), "valid"),
    C("numpy int64 4096", const(lambda: np.int64(4096)), "valid"),
    C("float 1e9", const(lambda: 1e9), "valid"),
]
PROGRESS_CASES = [
    C("str 'yes'", const(lambda: "yes"), "invalid"),
    C("int 2", const(lambda: 2), "invalid"),
    C("True", const(lambda: True), "valid"),
    C("numpy bool_", const(lambda: np.bool_(False)), "valid"),
]
BOOL_CASES = [
    C("str 'yes'", const(lambda: "yes"), "invalid"),
    C("int 2", const(lambda: 2), "invalid"),
    C("None", const(lambda: None), "invalid"),
    C("numpy bool_", const(lambda: np.bool_(False)), "valid"),
]
OBJECT_CASES = [
    C("None", const(lambda: None), "invalid"),
    C("str 'x'", const(lambda: "x"), "invalid"),
    C("int 3", const(lambda: 3), "invalid"),
]


def option_cases(choices, default_none=False):
    return [
        C("'nope'", const(lambda: "nope"), "invalid"),
        C("''", const(lambda: ""), "invalid"),
        C("None", const(lambda: None), "valid" if default_none else "invalid"),
        C("int 3", const(lambda: 3), "invalid"),
    ] + [C(f"{c!r}", const(lambda c=c: c), "valid") for c in choices]


INDEX_LIST_CASES = [
    C("out of range", const(lambda: [10**6]), "invalid"),
    C("negative", const(lambda: [-1]), "invalid"),
    C("repeated", const(lambda: [1, 1]), "invalid"),
    C("floats", const(lambda: [0.5]), "invalid"),
    C("bools", const(lambda: [True]), "invalid"),
    C("None", const(lambda: None), "invalid"),
    C("str", const(lambda: "12"), "invalid"),
    C("2-D tensor", const(lambda: torch.tensor([[1, 2]])), "invalid"),
    C("float tensor", const(lambda: torch.tensor([1.0])), "invalid"),
    C("empty", const(lambda: []), "valid"),
    C("int tensor", const(lambda: torch.tensor([1, 2])), "valid"),
    C("numpy ints", const(lambda: np.array([1, 2])), "valid"),
    C("list of numpy ints", const(lambda: [np.int64(1), np.int32(2)]), "valid"),
    C("range", const(lambda: range(2)), "valid"),
]

# per-argument adjustments of the expectations above: param -> {case label: expect}
PARAM_RULES = {
    "batch_size": {"0": "valid", "huge 10**18": "valid"},
    "beta": {"-1": "invalid", "inf": "valid", "1e308": "valid", "0": "valid"},
    "atol": {"-1": "invalid", "inf": "invalid", "0": "valid"},
    "leaf_smoothing": {"-1": "invalid", "inf": "invalid", "0": "invalid"},
    "p": {"-1": "invalid", "inf": "invalid", "1e308": "invalid", "0": "valid"},
    "num_samples": {"0": "invalid"},
    "num_posterior_samples": {"0": "invalid"},
    "num_target_samples": {"0": "invalid", "huge 10**18": "valid"},
    "per_class": {"0": "either"},
    "K": {"0": "invalid"},
    "C": {"0": "invalid"},
    "M": {"0": "invalid"},
    "max_labels": {"0": "either"},
    "first_block": {"0": "invalid"},
    "regularization": {"-1": "invalid", "inf": "invalid", "1e308": "invalid"},
    "rashomon_bound_multiplier": {"-1": "invalid", "inf": "invalid", "1e308": "invalid"},
    "depth_budget": {"0": "invalid", "huge 10**18": "invalid"},
    "noise_std": {"-1": "invalid", "inf": "invalid", "1e308": "invalid"},
    "target": {"-1": "invalid", "inf": "invalid", "1e308": "invalid"},
    "lr": {"-1": "invalid", "inf": "invalid", "1e308": "invalid", "NaN": "invalid"},
    "scale": {"inf": "invalid", "1e308": "either"},
}


# ---------------------------------------------------------------------------------------------------------------------
# Result checks


def _walk_numbers(value, depth=0):
    "Every float tensor and float in a result (tensors, lists, tuples, dicts, dataclasses, named tuples)."
    if depth > 4:
        return
    if isinstance(value, torch.Tensor):
        if value.is_floating_point() or value.is_complex():
            yield value
    elif isinstance(value, float):
        yield torch.tensor(value, dtype=torch.float64)
    elif isinstance(value, np.ndarray) and value.dtype.kind == "f":
        yield torch.from_numpy(value.astype(np.float64))
    elif isinstance(value, dict):
        for item in value.values():
            yield from _walk_numbers(item, depth + 1)
    elif isinstance(value, (list, tuple)):
        for item in value[:10_000]:
            yield from _walk_numbers(item, depth + 1)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _walk_numbers(getattr(value, f.name), depth + 1)


def finite_result(result, neg_inf_ok=False) -> Optional[tuple]:
    "('NaN/inf result', detail) if the result holds NaN, +inf (or -inf unless allowed)."
    for t in _walk_numbers(result):
        t = t.detach()
        if t.layout != torch.strided:
            continue
        t = t.double() if not t.is_complex() else t.abs().double()
        if torch.isnan(t).any():
            return "NaN/inf result", "NaN in the result"
        if torch.isposinf(t).any():
            return "NaN/inf result", "+inf in the result"
        if not neg_inf_ok and torch.isneginf(t).any():
            return "NaN/inf result", "-inf in the result"
    return None


def _pool_size(kwargs) -> Optional[int]:
    for name in ("log_probs_N_K_C", "scores_N", "bounds_N", "labels_N_K"):
        value = kwargs.get(name)
        if isinstance(value, torch.Tensor) and value.layout == torch.strided and value.dim() >= 1:
            return value.shape[0]
    return None


def _requested(kwargs) -> Optional[int]:
    b = kwargs.get("batch_size")
    try:
        return int(b) if not isinstance(b, (bool, float, str)) and b is not None and int(b) >= 0 else None
    except (TypeError, ValueError):
        return None


def check_indices(indices, N, b=None) -> Optional[tuple]:
    indices = list(indices)
    if any(not isinstance(i, int) or isinstance(i, bool) for i in indices):
        return "invalid index", f"non-integer indices {indices[:5]}"
    if N is not None and any(not 0 <= i < N for i in indices):
        return "invalid index", f"index out of range for N={N}: {[i for i in indices if not 0 <= i < N][:5]}"
    if len(set(indices)) != len(indices):
        return "invalid index", "repeated indices"
    if b is not None and N is not None and len(indices) != min(b, N):
        return "invalid index", f"{len(indices)} indices for batch_size={b}, N={N}"
    return None


def batch_check(result, kwargs, output=""):
    "A CandidateBatch: finite scores, distinct in-range indices, min(b, N) of them."
    from batchbald_lit.bald import CandidateBatch
    if not isinstance(result, CandidateBatch):
        return "wrong exception", f"returned {type(result).__name__}, not a CandidateBatch"
    if len(result.scores) != len(result.indices):
        return "invalid index", "scores and indices differ in length"
    return finite_result(result.scores) or check_indices(result.indices, _pool_size(kwargs), _requested(kwargs))


def finite_check(result, kwargs, output=""):
    return finite_result(result)


def log_probs_check(result, kwargs, output=""):
    return finite_result(result, neg_inf_ok=True)


def range_check(upper):
    "Finite, >= 0 and <= upper(K, C) (with a tolerance for half-precision arithmetic)."
    def check(result, kwargs, output=""):
        problem = finite_result(result)
        if problem or not isinstance(result, torch.Tensor) or result.numel() == 0:
            return problem
        lp = kwargs.get("log_probs_N_K_C")
        if not isinstance(lp, torch.Tensor) or lp.dim() != 3 or lp.layout != torch.strided:
            return None
        K, C = lp.shape[1], lp.shape[2]
        dtype = kwargs.get("dtype") if isinstance(kwargs.get("dtype"), torch.dtype) else torch.float64
        low_precision = dtype in (torch.float16, torch.bfloat16) or lp.dtype in (torch.float16, torch.bfloat16)
        tolerance = 0.02 * max(upper(K, C), 1) + 1e-2 if low_precision else 1e-6
        bound = upper(K, C)
        r = result.double()
        if (r < -tolerance).any() or (r > bound + tolerance).any():
            return "out of range", f"scores in [{r.min().item():.4g}, {r.max().item():.4g}], bound [0, {bound:.4g}]"
        return None
    return check


# ---------------------------------------------------------------------------------------------------------------------
# Entry points


@dataclasses.dataclass
class Entry:
    module: str
    name: str  # as listed in the module: "get_bald_batch", "ExactJointEntropy.add_variables"
    call: Callable[..., Any]  # call(**kwargs)
    base: Callable[[], dict]  # fresh valid arguments
    check: Callable = finite_check  # check(result, kwargs, output) -> None or (outcome, detail)
    kinds: Dict[str, Any] = dataclasses.field(default_factory=dict)  # param -> list of Cases (None: do not fuzz)
    rules: Dict[tuple, str] = dataclasses.field(default_factory=dict)  # (param, case label) -> expect
    signature_of: Any = None  # the function whose signature tells defaults (None: `call`)
    state: Optional[Callable[[dict], Any]] = None  # snapshot of mutable state: must be unchanged after an error
    file_params: tuple = ()  # arguments that are paths: an OSError, or a message naming the file, is a clean error
    names: Dict[str, list] = dataclasses.field(default_factory=dict)  # param -> words that name it in a message
    note: str = ""


ENTRIES: List[Entry] = []
NOT_PROBED: Dict[str, str] = {}


def entry(module, name, call, base, **options):
    ENTRIES.append(Entry(module, name, call, base, **options))


def infer_cases(param, default_is_none, base_value):
    "The case table for an argument, from its name."
    if param in LOG_PROB_PARAMS:
        cases = list(LOG_PROB_CASES)
        if default_is_none:
            cases = [c if c.label != "None" else C("None", c.apply, "valid") for c in cases]
        return cases
    if param in ("dtype", "inner_dtype"):
        return DTYPE_CASES + ([C("None", const(lambda: None), "valid")] if default_is_none else [])
    if param == "device":
        return DEVICE_CASES
    if param == "generator":
        return GENERATOR_CASES + [C("None", const(lambda: None), "valid" if default_is_none else "either")]
    if param == "memory_budget":
        return BUDGET_CASES
    if param == "progress":
        return PROGRESS_CASES
    if isinstance(base_value, bool):
        return BOOL_CASES
    if isinstance(base_value, int):
        return int_cases(default_is_none)
    if isinstance(base_value, float):
        return real_cases(default_is_none)
    if base_value is None and default_is_none:
        return None  # optional argument without a known kind: not fuzzed
    if isinstance(base_value, torch.Tensor):
        return TENSOR_CASES
    return OBJECT_CASES


def probes_of(e: Entry):
    "(param, case) pairs for one entry point; the baseline is (None, None)."
    yield None, None
    fn = e.signature_of or e.call
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        params = {}
    base = e.base()
    for param, base_value in base.items():
        if param in e.kinds:
            cases = e.kinds[param]
        else:
            p = params.get(param)
            default_is_none = p is not None and p.default is None
            cases = infer_cases(param, default_is_none, base_value)
        if not cases:
            continue
        for case in cases:
            expect = e.rules.get((param, case.label), PARAM_RULES.get(param, {}).get(case.label, case.expect))
            if expect == "skip":
                continue
            yield param, dataclasses.replace(case, expect=expect)


# ---------------------------------------------------------------------------------------------------------------------
# Running one probe in a child process


def run_probe(e: Entry, param, case):
    "In the child: build the arguments, call, classify. Returns a dict."
    kwargs = e.base()
    if case is not None:
        case.apply(kwargs, param)
    before = e.state(kwargs) if e.state else None
    output = io.StringIO()
    try:
        with contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
            result = e.call(**kwargs)
    except BaseException as error:  # noqa: BLE001 - classifying every failure is the point
        if isinstance(error, KeyboardInterrupt):
            raise
        message = f"{type(error).__name__}: {error}"
        if e.state and before is not None and e.state(kwargs) != before:
            return {"outcome": "state changed", "detail": message}
        expect = "valid" if case is None else case.expect
        is_file_error = param in e.file_params and isinstance(error, OSError)
        if isinstance(error, ValueError) or is_file_error:
            if expect == "valid":
                return {"outcome": "valid rejected", "detail": message}
            text = str(error).lower()
            aliases = [param] + e.names.get(param, [])
            if param in e.file_params and isinstance(kwargs.get(param), (str, Path)):
                aliases.append(Path(kwargs[param]).name)
            named = any(alias.lower() in text for alias in aliases)
            if (named and all(word.lower() in text for word in case.mention)) or is_file_error:
                return {"outcome": "clean error", "detail": message}
            return {"outcome": "unnamed ValueError", "detail": message}
        if expect == "valid":
            return {"outcome": "valid rejected", "detail": message + _where(error)}
        return {"outcome": "wrong exception", "detail": message + _where(error)}
    problem = e.check(result, kwargs, output.getvalue())
    if problem:
        return {"outcome": problem[0], "detail": problem[1]}
    expect = "valid" if case is None else case.expect
    if expect == "invalid":
        return {"outcome": "accepted invalid", "detail": f"returned {_short(result)}"}
    return {"outcome": "ok", "detail": ""}


def _where(error) -> str:
    frames = traceback.extract_tb(error.__traceback__)
    inside = [f for f in frames if "batchbald_lit" in f.filename]
    frame = (inside or frames or [None])[-1]
    return f" (at {Path(frame.filename).name}:{frame.lineno})" if frame else ""


def _short(value) -> str:
    text = repr(value) if not isinstance(value, torch.Tensor) else f"tensor{tuple(value.shape)} {value.dtype}"
    return text[:80]


def fork_probe(e: Entry, param, case, seconds: float, memory_bytes: int) -> dict:
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(read_fd)
        try:
            resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
            signal.alarm(int(math.ceil(seconds)))
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
            outcome = run_probe(e, param, case)
        except BaseException as error:  # noqa: BLE001
            outcome = {"outcome": "wrong exception", "detail": f"{type(error).__name__}: {error} (in the probe)"}
        with os.fdopen(write_fd, "wb") as pipe:
            pickle.dump(outcome, pipe)
        os._exit(0)
    os.close(write_fd)
    with os.fdopen(read_fd, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    if data:
        return pickle.loads(data)
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        if sig == signal.SIGALRM:
            return {"outcome": "timeout", "detail": f"longer than {seconds:.0f} s"}
        return {"outcome": "crash", "detail": f"killed by {signal.Signals(sig).name}"}
    return {"outcome": "crash", "detail": f"exit status {os.WEXITSTATUS(status)}"}


# ---------------------------------------------------------------------------------------------------------------------
# The registry: fixtures and one `entry(...)` per public callable


def register_all():
    from batchbald_lit import core, entropy, joint_entropy, bald, batchbald, performance, models, loop, scores, stochastic
    from batchbald_lit import epig, adapters
    from batchbald_lit.bald import CandidateBatch

    g = torch.Generator().manual_seed(0)
    LP = (2.5 * torch.randn(12, 5, 4, generator=g, dtype=torch.float64)).log_softmax(-1)
    TARGET = (2.5 * torch.randn(7, 5, 4, generator=g, dtype=torch.float64)).log_softmax(-1)
    SCORES = torch.rand(12, generator=g, dtype=torch.float64)
    lp = lambda: LP.clone()
    options = lambda: {"dtype": None, "device": None, "progress": False, "memory_budget": None}

    # ---- core
    entry("core", "check_int", core.check_int, lambda: {"value": 3, "name": "size_arg", "minimum": 0, "maximum": 10},
          names={"value": ["size_arg"]},
          kinds={"name": None, "minimum": None, "maximum": None, "value": int_cases()},
          rules={("value", "huge 10**18"): "invalid", ("value", "0"): "valid"},
          check=lambda r, k, o: None if isinstance(r, int) and not isinstance(r, bool) else ("wrong exception", repr(r)))
    entry("core", "check_real", core.check_real, lambda: {"value": 0.5, "name": "real_arg", "minimum": 0.0},
          names={"value": ["real_arg"]},
          kinds={"name": None, "minimum": None, "value": real_cases()},
          rules={("value", "-1"): "invalid", ("value", "inf"): "invalid", ("value", "1e308"): "valid",
                 ("value", "0"): "valid"})
    entry("core", "check_dtype", core.check_dtype, lambda: {"dtype": torch.float32}, kinds={"dtype": DTYPE_CASES})
    entry("core", "check_device", core.check_device, lambda: {"device": "cpu"}, check=lambda r, k, o: None)
    entry("core", "check_generator", core.check_generator, lambda: {"generator": 3}, check=lambda r, k, o: None)
    entry("core", "check_memory_budget", core.check_memory_budget, lambda: {"memory_budget": 2**20})
    entry("core", "check_progress", core.check_progress, lambda: {"progress": True}, check=lambda r, k, o: None)
    entry("core", "check_options", core.check_options, lambda: {"dtype": None, "device": None, "progress": None,
                                                                  "memory_budget": 1024}, check=lambda r, k, o: None)
    entry("core", "check_tensor", core.check_tensor,
          lambda: {"value": torch.zeros(2, 3), "name": "x_N_C", "dim": 2, "floating": True},
          kinds={"name": None, "dim": None, "floating": None,
                 "value": [c for c in TENSOR_CASES if "entry" not in c.label] + [
                     C("int64", put(lambda t: t.long()), "invalid"), C("empty", put(lambda t: t[:0]), "valid")]},
          rules={("value", "float32"): "valid"}, names={"value": ["x_N_C"]})
    entry("core", "log_probs_tolerance", core.log_probs_tolerance, lambda: {"dtype": torch.float32, "C": 10},
          rules={("C", "0"): "valid", ("C", "huge 10**18"): "valid", ("dtype", "None"): "either"})
    entry("core", "validate_log_probs", core.validate_log_probs, lambda: {"log_probs_N_K_C": lp(), "atol": None},
          check=lambda r, k, o: None, rules={("atol", "None"): "valid"})
    entry("core", "check_batch_size", core.check_batch_size, lambda: {"batch_size": 3, "N": 10},
          rules={("N", "0"): "valid", ("N", "huge 10**18"): "valid"},
          check=lambda r, k, o: None if isinstance(r, int) and 0 <= r else ("invalid index", repr(r)))
    entry("core", "top_k", lambda scores_N, k: core.top_k(scores_N, k), lambda: {"scores_N": SCORES.clone(), "k": 3},
          signature_of=core.top_k, rules={("k", "0"): "valid", ("k", "huge 10**18"): "either",
                                           ("scores_N", "N = 0"): "either", ("scores_N", "N = 1"): "either"},
          check=lambda r, k, o: finite_result(r[0]) or check_indices(r[1].tolist(), _pool_size(k)))
    entry("core", "chunk_size", core.chunk_size, lambda: {"bytes_per_item": 100.0, "memory_budget": None, "at_most": 7},
          kinds={"memory_budget": BUDGET_CASES},
          check=lambda r, k, o: None if isinstance(r, int) and r >= 1 else ("invalid index", repr(r)))

    def run_chunked(tensor, step):
        seen = []
        core.chunked(tensor, step)(lambda chunk, start, end: seen.append((start, end)))
        return seen
    entry("core", "chunked", run_chunked, lambda: {"tensor": torch.arange(10.0), "step": 3},
          signature_of=core.chunked, check=lambda r, k, o: None,
          rules={("step", "0"): "either", ("step", "huge 10**18"): "valid", **{
              ("tensor", c): "either" for c in ("complex", "NaN entry", "inf entry", "one more dim")}})
    entry("core", "progress_bar", lambda **kw: core.progress_bar(**kw).close(),
          lambda: {"total": 10, "desc": "x", "progress": False, "work": 0}, signature_of=core.progress_bar,
          kinds={"desc": None}, check=lambda r, k, o: None,
          rules={("work", c): "valid" for c in ("float 2.5", "float 3.0", "numpy float64 3.0", "huge 10**18")})
    entry("core", "noise_key", core.noise_key, lambda: {"generator": torch.Generator().manual_seed(0)},
          check=lambda r, k, o: None if isinstance(r, int) and 0 <= r < 2**63 else ("out of range", repr(r)))
    position_cases = [C("float", put(lambda t: t.double()), "invalid"), C("bool", put(lambda t: t > 3), "invalid"),
                      C("negative", put(lambda t: t - 20), "invalid"), C("numpy", put(lambda t: t.numpy()), "invalid"),
                      C("list", put(lambda t: t.tolist()), "invalid"), C("None", const(lambda: None), "invalid"),
                      C("sparse", put(lambda t: t.to_sparse()), "invalid"), C("empty", put(lambda t: t[:0]), "valid"),
                      C("int32", put(lambda t: t.int()), "valid"), C("2-D", put(lambda t: t.view(2, 5)), "valid"),
                      C("near 2**63", put(lambda t: t + (2**63 - 11)), "valid")]
    same_shape = lambda r, k, o: (finite_result(r) or (None if isinstance(r, torch.Tensor) and isinstance(
        k.get("positions_n"), torch.Tensor) and r.shape == k["positions_n"].shape else ("wrong exception", repr(r))))
    for name in ("keyed_bits", "keyed_gumbels"):
        entry("core", name, getattr(core, name), lambda: {"key": 5, "positions_n": torch.arange(10)},
              kinds={"positions_n": position_cases},
              rules={("key", "0"): "valid", ("key", "huge 10**18"): "valid"}, check=same_shape)

    # ---- entropy and BALD
    log_C = lambda K, C: math.log(C)
    entry("entropy", "compute_entropy", entropy.compute_entropy, lambda: {"log_probs_N_K_C": lp(), **options()},
          check=range_check(log_C))
    entry("entropy", "compute_conditional_entropy", entropy.compute_conditional_entropy,
          lambda: {"log_probs_N_K_C": lp(), **options()}, check=range_check(log_C))
    entry("entropy", "make_mixture_pool", entropy.make_mixture_pool, lambda: {"K": 20})
    entry("bald", "compute_bald", bald.compute_bald, lambda: {"log_probs_N_K_C": lp(), **options()},
          check=range_check(lambda K, C: min(math.log(C), math.log(K))))
    entry("bald", "get_bald_batch", bald.get_bald_batch, lambda: {"log_probs_N_K_C": lp(), "batch_size": 3, **options()},
          check=batch_check)
    NOT_PROBED["bald.CandidateBatch"] = "a plain result container"

    # ---- joint entropies
    def exact_with_one():
        return joint_entropy.ExactJointEntropy.empty(5).add_variables(LP[:1])

    def joint_state(kwargs):
        j = kwargs.get("joint")
        inner = getattr(j, "inner", j)
        table = getattr(inner, "joint_probs_M_K", getattr(inner, "log_joint_M_K", None))
        return (getattr(j, "N", None), getattr(inner, "conditional_entropy", None),
                None if table is None else (tuple(table.shape), float(table.double().sum())))

    def method_entry(module, name, make, method, base, check=finite_check, cls=None, **kw):
        cls_name, method_name = name.split(".")
        cls = cls or getattr(joint_entropy, cls_name)
        entry(module, name, lambda joint, **a: getattr(joint, method_name)(**a), lambda: {"joint": make(), **base()},
              signature_of=getattr(cls, method_name), state=joint_state, check=check,
              kinds={"joint": None, **kw.pop("kinds", {})}, **kw)

    weights_M_K, config_M = exact_with_one().add_variables(LP[1:3]).posterior()  # 64 configurations of 3 variables
    configurations = lambda: {"weights_M_K": weights_M_K.clone(), "config_weights_M": config_M.clone()}
    nonnegative = [C("negative entry", put(lambda t: _with(t, (0,) * t.dim(), -0.5)), "invalid"),
                   C("empty (M = 0)", put(lambda t: t[:0]), "invalid"),
                   C("wrong length", put(lambda t: t[1:]), "invalid")]
    config_kinds = {"weights_M_K": TENSOR_CASES + nonnegative, "config_weights_M": TENSOR_CASES + nonnegative}
    config_rules = {("log_probs_B_K_C", "K = 1"): "invalid", ("log_probs_B_K_C", "C = 1"): "valid",
                    ("weights_M_K", "wrong length"): "invalid"}
    entry("joint_entropy", "configurations_at_most", joint_entropy.configurations_at_most,
          lambda: {"C": 4, "n": 3, "rows": 100},
          rules={("C", "huge 10**18"): "valid", ("n", "huge 10**18"): "valid", ("rows", "huge 10**18"): "valid",
                 ("n", "0"): "valid", ("rows", "0"): "valid"},
          check=lambda r, k, o: None if isinstance(r, bool) else ("wrong exception", f"returned {r!r}"))
    entry("joint_entropy", "max_configurations", joint_entropy.max_configurations, lambda: {"K": 5, "memory_budget": None},
          rules={("K", "huge 10**18"): "valid"},
          check=lambda r, k, o: None if isinstance(r, int) and r >= 1 else ("invalid index", repr(r)))
    entry("joint_entropy", "WeightedConfigurations", joint_entropy.WeightedConfigurations,
          lambda: {**configurations(), "inner_dtype": None}, kinds=config_kinds, rules=config_rules,
          check=lambda r, k, o: None)
    entry("joint_entropy", "WeightedConfigurations.sums",
          lambda weights_M_K, config_weights_M, **a: joint_entropy.WeightedConfigurations(
              weights_M_K, config_weights_M).sums(**a),
          lambda: {**configurations(), "log_probs_B_K_C": lp(), "information": True, "output_B": None,
                   "memory_budget": None, "progress": False},
          signature_of=joint_entropy.WeightedConfigurations.sums, kinds={**config_kinds, "output_B": None},
          rules=config_rules)
    for name in ("conditional_entropy_batch", "conditional_information_batch"):
        entry("joint_entropy", name, getattr(joint_entropy, name),
              lambda: {**configurations(), "log_probs_B_K_C": lp(), "output_B": None, "memory_budget": None,
                       "inner_dtype": None, "progress": False},
              kinds=config_kinds, rules=config_rules)
    entry("joint_entropy", "ExactJointEntropy", joint_entropy.ExactJointEntropy,
          lambda: {"joint_probs_M_K": exact_with_one().joint_probs_M_K.clone()},
          kinds={"joint_probs_M_K": TENSOR_CASES + nonnegative[:2]},
          check=lambda r, k, o: finite_result(r.compute()))
    entry("joint_entropy", "ExactJointEntropy.empty", joint_entropy.ExactJointEntropy.empty,
          lambda: {"K": 5, "device": None, "dtype": None}, check=lambda r, k, o: finite_result(r.compute()))
    makers = [("ExactJointEntropy", exact_with_one),
              ("SampledJointEntropy", lambda: joint_entropy.SampledJointEntropy.empty(
                  5, 50, generator=torch.Generator().manual_seed(0)).add_variables(LP[:2])),
              ("DynamicJointEntropy", lambda: joint_entropy.DynamicJointEntropy(
                  20, 6, 5, 4, generator=torch.Generator().manual_seed(0)).add_variables(LP[:1])),
              ("DynamicJointEntropy(sampled)", lambda: joint_entropy.DynamicJointEntropy(
                  20, 6, 5, 4, generator=torch.Generator().manual_seed(0)).add_variables(LP[:4]))]
    for label, make in makers:
        cls_name = label.split("(")[0]
        method_entry("joint_entropy", f"{label}.add_variables", make, "add_variables",
                     lambda: {"log_probs_N_K_C": LP[4:6].clone()}, check=lambda r, k, o: finite_result(r.compute()),
                     cls=getattr(joint_entropy, cls_name),
                     rules={("log_probs_N_K_C", "K = 1"): "invalid", ("log_probs_N_K_C", "C = 1"): "either"})
        method_entry("joint_entropy", f"{label}.compute_batch", make, "compute_batch",
                     lambda: {"log_probs_B_K_C": lp(), "output_entropies_B": None, "memory_budget": None,
                              "inner_dtype": None, "progress": False}, cls=getattr(joint_entropy, cls_name),
                     kinds={"output_entropies_B": None}, rules={("log_probs_B_K_C", "K = 1"): "invalid"})
        for method in ("posterior", "information", "compute"):
            method_entry("joint_entropy", f"{label}.{method}", make, method, dict,
                         cls=getattr(joint_entropy, cls_name))
    entry("joint_entropy", "SampledJointEntropy", joint_entropy.SampledJointEntropy,
          lambda: {"log_joint_M_K": torch.rand(10, 5, dtype=torch.float64).log(),
                   "strata_M": torch.arange(5).repeat_interleave(2), "generator": None, "conditional_entropy": None},
          kinds={"strata_M": [c for c in TENSOR_CASES if c.label not in ("NaN entry", "inf entry")] + [
                     C("out of range", put(lambda t: t + 5), "invalid"), C("wrong length", put(lambda t: t[1:]),
                                                                           "invalid")]},
          rules={("log_joint_M_K", "inf entry"): "invalid", ("strata_M", "float32"): "invalid"},
          check=lambda r, k, o: finite_result(r.compute()))
    entry("joint_entropy", "SampledJointEntropy.empty", joint_entropy.SampledJointEntropy.empty,
          lambda: {"K": 5, "M": 50, "device": None, "dtype": None, "generator": None},
          rules={("M", "huge 10**18"): "invalid", ("K", "huge 10**18"): "invalid"},
          names={"M": ["num_samples"]}, check=lambda r, k, o: finite_result(r.compute()))
    probs_cases = [c for c in TENSOR_CASES] + [C("negative", put(lambda t: t - 1), "invalid"),
                                               C("rank 2", put(lambda t: t[0]), "invalid"),
                                               C("hard one-hot", put(lambda t: _hard(t.log()).exp()), "valid")]
    entry("joint_entropy", "SampledJointEntropy.sample", joint_entropy.SampledJointEntropy.sample,
          lambda: {"probs_N_K_C": LP[:3].exp(), "M": 50, "generator": torch.Generator().manual_seed(0), "dtype": None},
          kinds={"probs_N_K_C": probs_cases}, rules={("M", "huge 10**18"): "invalid"}, names={"M": ["num_samples"]},
          check=lambda r, k, o: finite_result(r.compute()))
    entry("joint_entropy", "DynamicJointEntropy", joint_entropy.DynamicJointEntropy,
          lambda: {"M": 20, "max_N": 6, "K": 5, "C": 4, "dtype": None, "device": None, "generator": None,
                   "memory_budget": None},
          rules={("max_N", "0"): "valid", ("max_N", "huge 10**18"): "invalid", ("K", "huge 10**18"): "invalid",
                 ("C", "huge 10**18"): "invalid", ("M", "huge 10**18"): "either",
                 ("memory_budget", "1 byte"): "either"},  # refusing a state that does not fit is allowed
          names={"M": ["num_samples"]}, check=lambda r, k, o: finite_result(r.compute()))
    NOT_PROBED["joint_entropy.JointEntropy"] = "abstract base class"

    # ---- BatchBALD
    entry("batchbald", "coarsen_configurations", batchbald.coarsen_configurations,
          lambda: {**configurations(), "keep": 0}, kinds=config_kinds, rules=config_rules)
    entry("batchbald", "bound_levels", batchbald.bound_levels,
          lambda: {**configurations(), "keep_fractions": (0.0, 0.02, 0.1, 0.3)},
          kinds={**config_kinds, "keep_fractions": [
              C("None", const(lambda: None), "invalid"), C("str", const(lambda: "0.1"), "invalid"),
              C("negative", const(lambda: (-0.1,)), "invalid"), C("above 1", const(lambda: (1.5,)), "invalid"),
              C("NaN", const(lambda: (math.nan,)), "invalid"), C("float", const(lambda: 0.1), "invalid"),
              C("empty", const(tuple), "either"), C("list", const(lambda: [0.0, 0.5]), "valid"),
              C("numpy floats", const(lambda: np.array([0.0, 0.1])), "valid")]},
          rules=config_rules)
    entry("batchbald", "tie_tolerance", batchbald.tie_tolerance, lambda: {"dtype": torch.float64},
          # 2 eps^(3/4) of the dtype: 0.011 for float16 and 0.053 for bfloat16 are by design (their rounding is that coarse)
          check=lambda r, k, o: None if isinstance(r, float) and 0 < r < 0.1 else ("out of range", repr(r)))
    index_cases = [C("None", const(lambda: None), "invalid"), C("floats", put(lambda t: t.double()), "invalid"),
                   C("list", put(lambda t: t.tolist()), "invalid"), C("numpy", put(lambda t: t.numpy()), "invalid"),
                   C("2-D", put(lambda t: t[None]), "invalid"), C("empty", put(lambda t: t[:0]), "invalid"),
                   C("wrong length", put(lambda t: t[1:]), "invalid")]
    entry("batchbald", "pick_best", batchbald.pick_best,
          lambda: {"indices_B": torch.arange(12), "gains_B": SCORES.clone(), "tolerance": 1e-9},
          kinds={"indices_B": index_cases, "gains_B": SCORE_CASES},
          rules={("gains_B", "N = 0"): "invalid", ("gains_B", "N = 1"): "invalid", ("gains_B", "int64 scores"): "invalid",
                 ("gains_B", "-inf entry"): "invalid", ("tolerance", "-1"): "invalid", ("tolerance", "inf"): "either",
                 ("tolerance", "1e308"): "valid", ("tolerance", "0"): "valid"},
          check=lambda r, k, o: check_indices([r[0]], 12) or finite_result(r))
    entry("batchbald", "lazy_argmax", batchbald.lazy_argmax,
          lambda: {"bounds_N": SCORES.clone(), "candidates": torch.arange(12), "evaluate": lambda idx: SCORES[idx] / 2,
                   "tolerance": 0.0, "block": 4, "last_block": 2},
          kinds={"candidates": [C("empty", put(lambda t: t[:0]), "invalid"), C("out of range", const(
              lambda: torch.tensor([99])), "invalid"), C("negative", const(lambda: torch.tensor([-1])), "invalid"),
              C("repeated", const(lambda: torch.tensor([1, 1])), "invalid"),
              C("floats", put(lambda t: t.double()), "invalid"), C("None", const(lambda: None), "invalid"),
              C("subset", const(lambda: torch.tensor([3, 5])), "valid")],
              "bounds_N": TENSOR_CASES + [C("+inf (unknown) entries", put(lambda t: _with(t, 0, math.inf)), "valid"),
                                          C("bool", put(lambda t: t > 0.5), "invalid"),
                                          C("too short", put(lambda t: t[:5]), "invalid")],
              "evaluate": OBJECT_CASES + [
                  C("returns NaN", const(lambda: lambda idx: torch.full((len(idx),), math.nan)), "invalid"),
                  C("returns a list", const(lambda: lambda idx: [0.1] * len(idx)), "invalid"),
                  C("returns wrong length", const(lambda: lambda idx: torch.zeros(len(idx) + 1)), "invalid"),
                  C("list of functions", const(lambda: [lambda idx: SCORES[idx], lambda idx: SCORES[idx] / 2]),
                    "valid"),
                  C("empty list", const(list), "invalid")]},
          rules={("bounds_N", "inf entry"): "valid", ("tolerance", "-1"): "invalid", ("tolerance", "inf"): "either",
                 ("tolerance", "1e308"): "valid", ("tolerance", "0"): "valid",
                 ("block", "0"): "invalid", ("last_block", "0"): "invalid",
                 ("block", "huge 10**18"): "valid", ("last_block", "huge 10**18"): "valid"},
          check=lambda r, k, o: check_indices([r[0] if isinstance(r, tuple) else r], 12) or finite_result(r))
    entry("batchbald", "get_batchbald_batch", batchbald.get_batchbald_batch,
          lambda: {"log_probs_N_K_C": lp(), "batch_size": 4, "num_samples": 30, "dtype": None, "device": None,
                   "generator": torch.Generator().manual_seed(0), "lazy": True, "memory_budget": None,
                   "inner_dtype": None, "progress": False, "saturation": 0.05, "past_saturation": "spread",
                   "copy_distance": 0.1},
          check=batch_check,
          kinds={"batch_size": int_cases() + [C("b = N (sampled regime)", const(lambda: 12), "valid")],
                 "past_saturation": option_cases(["spread", "fill", "restart", "stochastic", "greedy"])},
          rules={("num_samples", "huge 10**18"): "either", ("memory_budget", "1 byte"): "either",
                 ("saturation", "-1"): "invalid", ("saturation", "inf"): "invalid", ("saturation", "1e308"): "invalid",
                 ("saturation", "0"): "valid", ("copy_distance", "-1"): "invalid", ("copy_distance", "inf"): "invalid",
                 ("copy_distance", "1e308"): "invalid", ("copy_distance", "0"): "valid"})
    entry("batchbald", "prediction_distances", batchbald.prediction_distances,
          lambda: {"log_probs_A_K_C": LP[:5].clone(), "log_probs_B_K_C": LP[5:9].clone(), "dtype": None},
          kinds={"log_probs_A_K_C": LOG_PROB_CASES, "log_probs_B_K_C": LOG_PROB_CASES},
          rules={(side, case): "invalid" for side in ("log_probs_A_K_C", "log_probs_B_K_C")
                 for case in ("K = 1", "C = 1")},  # the other side keeps K = 5, C = 4: a mismatch
          check=lambda r, k, o: finite_result(r) or (
              None if r.numel() == 0 or (r.min() >= -1e-12 and r.max() <= 1 + 1e-12) else ("out of range", repr(r))))
    entry("batchbald", "prefix_information", batchbald.prefix_information,
          lambda: {"log_probs_n_K_C": LP[:5].clone(), "num_samples": 30, "start": 1, "dtype": None, "device": None,
                   "generator": torch.Generator().manual_seed(0), "memory_budget": None},
          kinds={"log_probs_n_K_C": LOG_PROB_CASES},
          rules={("num_samples", "huge 10**18"): "either", ("memory_budget", "1 byte"): "either",
                 ("start", "huge 10**18"): "invalid"},
          check=lambda r, k, o: finite_result(r) or (
              None if all(0 <= v <= math.log(max(k["log_probs_n_K_C"].shape[1], 1)) + 1e-6 for v in r[0])
              else ("out of range", repr(r))))
    entry("batchbald", "batch_information", batchbald.batch_information,
          lambda: {"log_probs_n_K_C": LP[:4].clone(), "num_samples": 30, "dtype": None, "device": None,
                   "generator": torch.Generator().manual_seed(0), "memory_budget": None},
          kinds={"log_probs_n_K_C": LOG_PROB_CASES},
          rules={("num_samples", "huge 10**18"): "either", ("memory_budget", "1 byte"): "either"},
          check=lambda r, k, o: finite_result(r) or (
              None if 0 <= r[0] <= math.log(max(k["log_probs_n_K_C"].shape[1], 1)) + 1e-6 else ("out of range", repr(r))))
    NOT_PROBED["batchbald.SaturationWarning"] = "a warning class"

    # ---- performance
    entry("performance", "random_pool", performance.random_pool, lambda: {"N": 5, "K": 3, "C": 4, "scale": 2.0,
                                                                          "seed": 0},
          check=log_probs_check, rules={("N", "huge 10**18"): "invalid", ("K", "huge 10**18"): "invalid",
                                        ("C", "huge 10**18"): "invalid", ("N", "0"): "valid",
                                        ("seed", "huge 10**18"): "valid"})
    entry("performance", "digits_pool", performance.digits_pool,
          lambda: {"N": 60, "K": 3, "n_labelled": 20, "noise": 0.1, "seed": 0, "epochs": 2},
          check=log_probs_check, rules={(p, "huge 10**18"): "skip" for p in ("N", "K", "n_labelled", "epochs")})
    entry("performance", "measure", lambda fn: performance.measure(fn), lambda: {"fn": lambda: 1},
          signature_of=performance.measure)

    # ---- models
    from batchbald_lit.experiments import DigitsMLP
    torch.manual_seed(0)
    MLP = DigitsMLP(hidden=8, num_classes=3).eval()
    X64 = torch.randn(6, 64, generator=g)
    for cls in (models.ConsistentMCDropout, models.ConsistentMCDropout2d):
        entry("models", cls.__name__, cls, lambda: {"p": 0.5}, check=lambda r, k, o: None,
              kinds={"p": real_cases() + [C("1.0", const(lambda: 1.0), "invalid"), C("str '0.5'", const(lambda: "0.5"),
                                                                                     "invalid")]})
    input_cases = [C("numpy", put(lambda t: t.numpy()), "invalid"), C("list", put(lambda t: t.tolist()), "invalid"),
                   C("None", const(lambda: None), "invalid"), C("NaN inputs", put(lambda t: _with(t, (0, 0), math.nan)),
                                                                 "either"),
                   C("wrong feature count", put(lambda t: t[:, :10]), "invalid"),
                   C("B = 0", put(lambda t: t[:0]), "either"), C("float64", put(lambda t: t.double()), "either")]
    entry("models", "BayesianModule.forward", lambda input_B, num_posterior_samples: MLP(input_B, num_posterior_samples),
          lambda: {"input_B": X64.clone(), "num_posterior_samples": 3}, signature_of=models.BayesianModule.forward,
          check=log_probs_check, kinds={"input_B": input_cases},
          rules={("num_posterior_samples", "huge 10**18"): "invalid", ("num_posterior_samples", "0"): "invalid"})
    entry("models", "BayesianModule.reset_masks", lambda generator: MLP.reset_masks(generator),
          lambda: {"generator": torch.Generator().manual_seed(0)}, signature_of=models.BayesianModule.reset_masks,
          rules={("generator", "None"): "valid"}, check=lambda r, k, o: None)
    from torch.utils.data import DataLoader, TensorDataset
    data_cases = input_cases + [
        C("Dataset", put(lambda t: TensorDataset(t)), "valid"),
        C("DataLoader", put(lambda t: DataLoader(TensorDataset(t), batch_size=4)), "valid"),
        C("DataLoader(shuffle=True)", put(lambda t: DataLoader(TensorDataset(t), batch_size=4, shuffle=True)),
          "invalid"),
        C("DataLoader(drop_last=True)", put(lambda t: DataLoader(TensorDataset(t), batch_size=4, drop_last=True)),
          "invalid")]
    entry("models", "compute_log_probs", models.compute_log_probs,
          lambda: {"model": MLP, "data": X64.clone(), "num_posterior_samples": 3, "batch_size": 4, "device": None, "dtype": None,
                   "progress": False},
          check=log_probs_check, kinds={"data": data_cases, "model": OBJECT_CASES},
          rules={("num_posterior_samples", "huge 10**18"): "invalid", ("num_posterior_samples", "0"): "invalid",
                 ("batch_size", "0"): "invalid", ("batch_size", "huge 10**18"): "valid",
                 ("num_posterior_samples", "None"): "either", ("batch_size", "None"): "valid"})
    member = lambda C_=3: nn.Linear(4, C_)
    entry("models", "DeepEnsemble", lambda members, input_B, num_posterior_samples: models.DeepEnsemble(members)(input_B,
                                                                                                     num_posterior_samples),
          lambda: {"members": [member(), member()], "input_B": torch.randn(5, 4, generator=g), "num_posterior_samples": None},
          signature_of=models.DeepEnsemble.forward, check=log_probs_check,
          kinds={"members": [C("empty", const(list), "invalid"), C("None", const(lambda: None), "invalid"),
                             C("different C", const(lambda: [member(3), member(5)]), "invalid"),
                             C("not modules", const(lambda: [3, 4]), "invalid"), C("str", const(lambda: "ab"), "invalid"),
                             C("tuple", const(lambda: (member(), member())), "valid")],
                 "input_B": input_cases[:4], "num_posterior_samples": int_cases(True)},
          rules={("num_posterior_samples", "numpy int64"): "either", ("num_posterior_samples", "numpy int32"): "either",
                 ("num_posterior_samples", "0-d int tensor"): "either"},
          note="members/num_posterior_samples probed through construction and one forward pass")
    NOT_PROBED["models.BayesianModule"] = "abstract base (its forward and reset_masks are probed through DigitsMLP)"

    # ---- the loop
    def small_task(**changes):
        x = torch.cat([torch.randn(20, 2, generator=torch.Generator().manual_seed(1)) + 2 * (torch.arange(20) % 2)[:, None]])
        y = torch.arange(20) % 2

        class Net(models.BayesianModule):
            def __init__(self):
                super().__init__()
                self.fc, self.drop, self.out = nn.Linear(2, 8), models.ConsistentMCDropout(0.2), nn.Linear(8, 2)

            def mc_forward(self, h):
                return self.out(self.drop(torch.relu(self.fc(h))))

        def fit(model, xs, ys, generator):
            opt = torch.optim.SGD(model.parameters(), lr=0.1)
            model.train()
            for _ in range(3):
                loss = nn.functional.nll_loss(model(xs)[:, 0], ys)
                opt.zero_grad()
                loss.backward()
                opt.step()

        fields = dict(train_x=x, train_y=y, test_x=x[:6], test_y=y[:6], make_model=Net, fit=fit, num_posterior_samples=3)
        fields.update(changes)
        return loop.ActiveLearningTask(**fields)

    TASK = small_task()

    def data_with(n=10, labelled=(2,)):
        d = loop.ActiveLearningData(n)
        d.label(list(labelled))
        return d

    data_state = lambda kwargs: (tuple(kwargs["data"].labelled_indices), kwargs["data"].in_pool_N.tolist())
    entry("loop", "ActiveLearningData", loop.ActiveLearningData, lambda: {"num_points": 10},
          rules={("num_points", "0"): "valid", ("num_points", "huge 10**18"): "invalid"}, check=lambda r, k, o: None)
    for method in ("label", "acquire"):
        arg = "dataset_indices" if method == "label" else "pool_positions"
        entry("loop", f"ActiveLearningData.{method}", lambda data, _m=method, **a: getattr(data, _m)(*a.values()),
              lambda arg=arg: {"data": data_with(labelled=(9,)), arg: [0, 1]},
              signature_of=getattr(loop.ActiveLearningData, method), kinds={"data": None, arg: INDEX_LIST_CASES},
              state=data_state, check=lambda r, k, o: check_indices(r, 10))
    label_cases = [C("2-D labels", put(lambda t: t.view(-1, 2)), "invalid"),
                   C("float labels", put(lambda t: t.double() + 0.5), "invalid"),
                   C("NaN labels", put(lambda t: _with(t.double(), 0, math.nan)), "invalid"),
                   C("numpy", put(lambda t: t.numpy()), "either"), C("list", put(lambda t: t.tolist()), "either"),
                   C("None", const(lambda: None), "invalid"), C("negative labels", put(lambda t: t - 5), "either"),
                   C("empty", put(lambda t: t[:0]), "either"), C("int32", put(lambda t: t.int()), "valid")]
    entry("loop", "balanced_initial_indices", loop.balanced_initial_indices,
          lambda: {"labels_N": torch.arange(20) % 4, "per_class": 2, "generator": torch.Generator().manual_seed(0)},
          kinds={"labels_N": label_cases}, rules={("per_class", "huge 10**18"): "invalid"},
          check=lambda r, k, o: check_indices(r, 20))
    for fn in (loop.random_acquisition, loop.bald_acquisition):
        entry("loop", fn.__name__, fn, lambda: {"log_probs_N_K_C": lp(), "batch_size": 3,
                                                "generator": torch.Generator().manual_seed(0)}, check=batch_check)

    def make_and_acquire(name, **option):
        return loop.make_acquisition(name, **option)(LP.clone(), 3, torch.Generator().manual_seed(0))
    entry("loop", "make_acquisition", lambda name: make_and_acquire(name), lambda: {"name": "bald"},
          signature_of=loop.make_acquisition,
          kinds={"name": option_cases(["random", "bald", "batchbald", "powerbald", "epig"])},
          check=lambda r, k, o: batch_check(r, {"log_probs_N_K_C": LP, "batch_size": 3}))
    for method, option, value in [("batchbald", "num_samples", 30), ("powerbald", "beta", 1.0),
                                  ("epig", "num_target_samples", 5)]:
        entry("loop", f"make_acquisition({method!r}, {option}=...)",
              lambda _m=method, **o: loop.make_acquisition(_m, **o), lambda o=option, v=value: {o: v},
              signature_of=lambda **kw: None, rules={("num_target_samples", "None"): "valid", ("num_samples", "None"): "valid",
                                                     ("num_samples", "huge 10**18"): "either"}, check=lambda r, k, o: None if callable(r) else ("wrong exception", repr(r)),
              note="options are checked when the function is built")
    entry("loop", "available_methods", loop.available_methods, lambda: {}, check=lambda r, k, o: None)

    task_fields = lambda: dict(train_x=TASK.train_x.clone(), train_y=TASK.train_y.clone(), test_x=TASK.test_x.clone(),
                               test_y=TASK.test_y.clone(), make_model=TASK.make_model, fit=TASK.fit, num_posterior_samples=3,
                               predict_batch_size=512, pool_subset_size=None, train_groups=None)
    entry("loop", "ActiveLearningTask", loop.ActiveLearningTask, task_fields, check=lambda r, k, o: None,
          kinds={"train_y": [C("2-D", put(lambda t: t.view(-1, 2)), "invalid"),
                             C("float", put(lambda t: t.double()), "invalid"),
                             C("wrong length", put(lambda t: t[:-1]), "invalid"),
                             C("numpy", put(lambda t: t.numpy()), "invalid"), C("None", const(lambda: None), "invalid")],
                 "train_x": [C("numpy", put(lambda t: t.numpy()), "invalid"), C("None", const(lambda: None), "invalid"),
                             C("wrong length", put(lambda t: t[:-1]), "invalid")],
                 "test_y": [C("wrong length", put(lambda t: t[:-1]), "invalid"), C("None", const(lambda: None),
                                                                                  "invalid")],
                 "test_x": [C("None", const(lambda: None), "invalid")],
                 "train_groups": [C("wrong length", const(lambda: torch.arange(5)), "invalid"),
                                  C("float", const(lambda: torch.zeros(20)), "invalid"),
                                  C("valid groups", const(lambda: torch.arange(20) % 10), "valid")],
                 "pool_subset_size": int_cases(True)},
          rules={("num_posterior_samples", "0"): "invalid", ("num_posterior_samples", "huge 10**18"): "either",
                 ("predict_batch_size", "0"): "invalid", ("pool_subset_size", "0"): "invalid",
                 ("pool_subset_size", "huge 10**18"): "valid"})
    record_fields = lambda: dict(method="bald", seed=0, batch_size=2, max_labels=8, initial_indices=[0, 1, 2, 3])
    entry("loop", "ActiveLearningRecord", loop.ActiveLearningRecord, record_fields, check=lambda r, k, o: None,
          kinds={"method": [C("None", const(lambda: None), "invalid"), C("int", const(lambda: 3), "invalid")],
                 "initial_indices": INDEX_LIST_CASES},
          rules={("batch_size", "0"): "invalid", ("max_labels", "0"): "either", ("seed", "huge 10**18"): "valid",
                 ("seed", "0"): "valid", ("batch_size", "huge 10**18"): "valid", ("max_labels", "huge 10**18"): "valid",
                 ("initial_indices", "out of range"): "either", ("initial_indices", "empty"): "valid"})
    tmp = Path(tempfile.mkdtemp(prefix="fuzz_"))
    good_record = loop.ActiveLearningRecord(**record_fields())
    good_record.save(tmp / "good.json")
    (tmp / "missing.json").write_text(json.dumps({"method": "bald", "seed": 0}))
    (tmp / "garbage.json").write_text("{not json")
    (tmp / "list.json").write_text("[1, 2]")
    (tmp / "types.json").write_text(json.dumps({**dataclasses.asdict(good_record), "seed": "zero",
                                                "initial_indices": "abc"}))
    (tmp / "extra.json").write_text(json.dumps({**dataclasses.asdict(good_record), "colour": "red"}))
    path_cases = [C("missing keys", const(lambda: tmp / "missing.json"), "invalid"),
                  C("not JSON", const(lambda: tmp / "garbage.json"), "invalid"),
                  C("JSON list", const(lambda: tmp / "list.json"), "invalid"),
                  C("wrong value types", const(lambda: tmp / "types.json"), "invalid"),
                  C("unknown key", const(lambda: tmp / "extra.json"), "invalid"),
                  C("no such file", const(lambda: tmp / "nope.json"), "invalid"),
                  C("a directory", const(lambda: tmp), "invalid"), C("None", const(lambda: None), "invalid"),
                  C("str path", const(lambda: str(tmp / "good.json")), "valid")]
    entry("loop", "ActiveLearningRecord.load", loop.ActiveLearningRecord.load, lambda: {"path": tmp / "good.json"},
          kinds={"path": path_cases}, file_params=("path",), check=lambda r, k, o: None)
    entry("loop", "ActiveLearningRecord.save", lambda path: loop.ActiveLearningRecord(**record_fields()).save(path),
          lambda: {"path": tmp / "saved.json"}, signature_of=loop.ActiveLearningRecord.save, file_params=("path",),
          kinds={"path": [C("no such directory", const(lambda: tmp / "no" / "x.json"), "invalid"),
                          C("None", const(lambda: None), "invalid"), C("int", const(lambda: 3), "invalid")]},
          check=lambda r, k, o: None)
    trained = TASK.make_model()
    entry("loop", "evaluate_accuracy", loop.evaluate_accuracy,
          lambda: {"model": trained, "x": TASK.test_x.clone(), "y": TASK.test_y.clone(), "num_samples": 3,
                   "batch_size": 512},
          kinds={"x": input_cases[:3], "y": [C("wrong length", put(lambda t: t[:-1]), "invalid"),
                                             C("None", const(lambda: None), "invalid"),
                                             C("numpy", put(lambda t: t.numpy()), "invalid")]},
          rules={("num_samples", "0"): "invalid", ("num_samples", "huge 10**18"): "invalid",
                 ("batch_size", "0"): "invalid", ("batch_size", "huge 10**18"): "valid", ("num_samples", "None"): "valid"},
          check=lambda r, k, o: finite_result(r) or (None if 0 <= r <= 1 else ("out of range", repr(r))))
    entry("loop", "pool_subset", loop.pool_subset,
          lambda: {"data": data_with(), "size": 4, "groups_N": None, "generator": torch.Generator().manual_seed(0)},
          kinds={"data": OBJECT_CASES, "size": int_cases(True),
                 "groups_N": [C("wrong length", const(lambda: torch.arange(3)), "invalid"),
                              C("float", const(lambda: torch.zeros(10)), "invalid"),
                              C("valid groups", const(lambda: torch.arange(10) % 3), "valid")]},
          rules={("size", "0"): "either", ("size", "huge 10**18"): "valid"},
          check=lambda r, k, o: check_indices(r.tolist(), 9) if isinstance(r, torch.Tensor) else (
              "wrong exception", repr(r)))

    def acquire_returning(indices_fn):
        return lambda log_probs_N_K_C, batch_size, generator: CandidateBatch([0.0] * len(indices_fn(batch_size)),
                                                                             indices_fn(batch_size))
    other_method = lambda: loop.ActiveLearningRecord("random", 0, 2, 8, loop.balanced_initial_indices(
        TASK.train_y, 2, torch.Generator().manual_seed(0)))
    acquire_cases = [
        C("returns 2b points", const(lambda: acquire_returning(lambda b: list(range(2 * b)))), "invalid"),
        C("returns duplicates", const(lambda: acquire_returning(lambda b: [0] * b)), "invalid"),
        C("returns an out-of-range index", const(lambda: acquire_returning(lambda b: [10**6] * 1)), "invalid"),
        C("returns index -1", const(lambda: acquire_returning(lambda b: [-1])), "invalid"),
        C("returns float indices", const(lambda: acquire_returning(lambda b: [0.5])), "invalid"),
        C("returns None", const(lambda: lambda lp_, b, g_: None), "invalid"),
        C("returns no points", const(lambda: acquire_returning(lambda b: [])), "invalid"),
        C("not callable", const(lambda: "bald"), "invalid"),
        C("random_acquisition", const(lambda: loop.random_acquisition), "valid")]
    entry("loop", "run_active_learning", loop.run_active_learning,
          lambda: {"task": TASK, "acquire": loop.bald_acquisition, "batch_size": 2, "max_labels": 8, "seed": 0,
                   "initial_per_class": 2, "method": "bald", "record": None, "save_path": None, "on_round": None,
                   "progress": False},
          kinds={"acquire": acquire_cases, "task": OBJECT_CASES,
                 "record": [C("other method", const(other_method), "invalid"),
                            C("not a record", const(lambda: {"seed": 0}), "invalid"),
                            C("None", const(lambda: None), "valid")],
                 "method": [C("int", const(lambda: 3), "invalid"), C("None", const(lambda: None), "invalid")],
                 "save_path": [C("no such directory", const(lambda: tmp / "no" / "run.json"), "invalid")],
                 "on_round": [C("not callable", const(lambda: 3), "invalid")]},
          rules={("batch_size", "0"): "invalid", ("batch_size", "huge 10**18"): "valid", ("max_labels", "0"): "either",
                 ("max_labels", "huge 10**18"): "skip", ("seed", "huge 10**18"): "valid", ("seed", "0"): "valid",
                 ("initial_per_class", "huge 10**18"): "invalid", ("initial_per_class", "0"): "either"},
          file_params=("save_path",),
          check=lambda r, k, o: check_indices(r.labelled_indices, 20) if isinstance(r, loop.ActiveLearningRecord)
          else ("wrong exception", repr(r)))
    NOT_PROBED["loop.AcquisitionFunction"] = "a type alias"

    # ---- single-point scores, stochastic, EPIG, adapters
    for name in ("compute_variation_ratios", "compute_mean_std", "compute_margin_score", "compute_least_confidence"):
        entry("scores", name, getattr(scores, name), lambda: {"log_probs_N_K_C": lp(), **options()},
              check=range_check(lambda K, C: 1.0))
    entry("scores", "compute_pool_scores", scores.compute_pool_scores,
          lambda: {"log_probs_N_K_C": lp(), "score_n_K_C": lambda t: t.exp().mean(1)[:, 0], "desc": "x", **options()},
          kinds={"desc": None, "score_n_K_C": OBJECT_CASES + [
              C("returns wrong shape", const(lambda: lambda t: t.exp().mean(1)), "invalid")]})
    entry("scores", "get_top_k_batch", scores.get_top_k_batch,
          lambda: {"log_probs_N_K_C": lp(), "batch_size": 3, "score": scores.compute_margin_score, **options()},
          kinds={"score": OBJECT_CASES}, check=batch_check)
    for name in ("get_entropy_batch", "get_variation_ratios_batch", "get_mean_std_batch", "get_margin_batch",
                 "get_least_confidence_batch"):
        entry("scores", name, getattr(scores, name), lambda: {"log_probs_N_K_C": lp(), "batch_size": 3, **options()},
              check=batch_check)
    mode_cases = option_cases(["power", "softmax", "softrank"])
    entry("stochastic", "stochastic_log_weights", stochastic.stochastic_log_weights,
          lambda: {"scores_N": SCORES.clone(), "mode": "power", "beta": 1.0}, kinds={"mode": mode_cases},
          check=lambda r, k, o: finite_result(r, neg_inf_ok=True))
    entry("stochastic", "get_stochastic_batch", stochastic.get_stochastic_batch,
          lambda: {"scores_N": SCORES.clone(), "batch_size": 3, "mode": "power", "beta": 1.0,
                   "generator": torch.Generator().manual_seed(0), "memory_budget": None},
          kinds={"mode": mode_cases}, check=batch_check)
    entry("stochastic", "get_random_batch", stochastic.get_random_batch,
          lambda: {"num_points": 12, "batch_size": 3, "generator": torch.Generator().manual_seed(0),
                   "memory_budget": None},
          rules={("num_points", "0"): "valid", ("num_points", "huge 10**18"): "skip"},
          check=lambda r, k, o: batch_check(r, {"batch_size": k.get("batch_size")}) or check_indices(
              r.indices, int(k["num_points"]), _requested(k)))
    for mode in ("softmax", "softrank"):
        entry("stochastic", f"get_stochastic_batch(mode={mode!r})", stochastic.get_stochastic_batch,
              lambda m=mode: {"scores_N": SCORES.clone() - 0.5, "batch_size": 3, "mode": m, "beta": 1.0,
                              "generator": torch.Generator().manual_seed(0)},
              kinds={"mode": None, "generator": None, "batch_size": None}, check=batch_check)
    entry("stochastic", "get_powerbald_batch", stochastic.get_powerbald_batch,
          lambda: {"log_probs_N_K_C": lp(), "batch_size": 3, "beta": 1.0, "generator": torch.Generator().manual_seed(0),
                   **options()}, check=batch_check)
    entry("epig", "epig_chunk_sizes", epig.epig_chunk_sizes,
          lambda: {"M": 10, "C": 4, "itemsize": 8, "memory_budget": None, "N": 20},
          rules={("N", "0"): "either", ("M", "huge 10**18"): "valid", ("N", "huge 10**18"): "valid",
                 ("C", "huge 10**18"): "either", ("itemsize", "0"): "invalid", ("itemsize", "huge 10**18"): "either",
                 ("N", "None"): "valid"},
          check=lambda r, k, o: None if all(isinstance(v, int) and v >= 1 for v in r) else ("invalid index", repr(r)))
    entry("epig", "compute_epig", epig.compute_epig,
          lambda: {"log_probs_N_K_C": lp(), "log_probs_target_M_K_C": TARGET.clone(), **options()},
          rules={("log_probs_target_M_K_C", "N = 0"): "invalid"}, check=range_check(log_C))
    entry("epig", "get_epig_batch", epig.get_epig_batch,
          lambda: {"log_probs_N_K_C": lp(), "batch_size": 3, "log_probs_target_M_K_C": TARGET.clone(),
                   "num_target_samples": 5, "generator": torch.Generator().manual_seed(0), **options()},
          rules={("log_probs_target_M_K_C", "N = 0"): "invalid"}, check=batch_check)
    pred_cases = [c for c in LOG_PROB_CASES if c.label not in ("probabilities", "unnormalised", "K = 1", "C = 1")]
    pred_cases = [C("numpy array", c.apply, "valid") if c.label == "numpy array" else c for c in pred_cases]
    entry("adapters", "to_log_probs_N_K_C", adapters.to_log_probs_N_K_C,
          lambda: {"predictions": lp(), "layout": "N_K_C", "kind": "log_probs", "dtype": None, "atol": None},
          kinds={"predictions": pred_cases + [C("+inf logits", put(lambda t: _with(t, (0, 0, 0), math.inf)), "invalid",
                                                ["+inf"])],
                 "layout": option_cases(["N_K_C"]), "kind": option_cases(["log_probs", "logits"])},
          check=log_probs_check, rules={("dtype", "None"): "valid", ("atol", "0"): "either", ("atol", "None"): "valid"})
    entry("adapters", "to_log_probs_N_K_C(kind='logits')", adapters.to_log_probs_N_K_C,
          lambda: {"predictions": 3 * lp(), "layout": "N_K_C", "kind": "logits", "dtype": None, "atol": None},
          kinds={"predictions": [C("+inf logit", put(lambda t: _with(t, (0, 0, 0), math.inf)), "invalid", ["+inf"]),
                                 C("-inf logit", put(lambda t: _with(t, (0, 0, 0), -math.inf)), "valid"),
                                 C("all -inf row", put(lambda t: _with(t, (0, 0), -math.inf)), "invalid"),
                                 C("huge logits 1e300", put(lambda t: t * 1e300), "either")],
                 "layout": None, "kind": None, "dtype": None, "atol": None}, check=log_probs_check)
    for name, layout in [("from_baal", (0, 2, 1)), ("from_skactiveml", (1, 0, 2))]:
        param = "predictions_N_C_K" if name == "from_baal" else "predictions_K_N_C"
        entry("adapters", name, getattr(adapters, name),
              lambda p=param, l=layout: {p: LP.exp().permute(*l).contiguous(), "kind": "probs", "dtype": None},
              kinds={param: [C("None", const(lambda: None), "invalid"), C("sparse", put(lambda t: t.to_sparse()),
                                                                          "invalid"),
                             C("complex", put(lambda t: t.to(torch.complex128)), "invalid"),
                             C("NaN entry", put(lambda t: _with(t, (0, 0, 0), math.nan)), "invalid", ["NaN"]),
                             C("numpy", put(lambda t: t.numpy()), "valid"), C("float32", put(lambda t: t.float()),
                                                                              "valid"),
                             C("list", put(lambda t: t.tolist()), "either")],
                     "kind": option_cases(["probs"])},
              check=log_probs_check, rules={("dtype", "None"): "valid"})

    register_rashomon_cli_experiments(lp, LP, g, TASK, tmp, record_fields)
    register_own_model()


def register_own_model():
    "Entries of own_model: Monte-Carlo dropout and scikit-learn ensembles of the user's own model."
    from batchbald_lit import own_model
    g = torch.Generator().manual_seed(0)
    def net():
        torch.manual_seed(0)
        return nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Dropout(0.3), nn.Linear(16, 3)).eval()
    X = torch.randn(6, 4, generator=g)
    entry("own_model", "consistent_mc_dropout", own_model.consistent_mc_dropout,
             lambda: {"model": net(), "generator": 0, "inplace": False}, check=lambda r, k, o: None,
             kinds={"model": OBJECT_CASES + [C("no dropout", const(lambda: nn.Linear(4, 3)), "invalid"),
                                                 C("dropout p=1", const(lambda: nn.Sequential(nn.Linear(4, 3), nn.Dropout(1.0))), "invalid")]},
             rules={("generator", "None"): "valid"})
    entry("own_model", "restore_dropout", own_model.restore_dropout,
             lambda: {"model": own_model.consistent_mc_dropout(net(), 0)}, check=lambda r, k, o: None,
             kinds={"model": OBJECT_CASES + [C("unpatched", const(net), "invalid")]})
    input_cases = [C("numpy", put(lambda t: t.numpy()), "invalid"), C("list", put(lambda t: t.tolist()), "invalid"),
                   C("None", const(lambda: None), "invalid"), C("NaN inputs", put(lambda t: _with(t, (0, 0), math.nan)), "either"),
                   C("wrong feature count", put(lambda t: t[:, :3]), "invalid"),
                   C("B = 0", put(lambda t: t[:0]), "either"), C("float64", put(lambda t: t.double()), "either"),
                   C("sparse", put(lambda t: t.to_sparse()), "invalid"), C("complex", put(lambda t: t.to(torch.complex64)), "invalid")]
    entry("own_model", "mc_dropout_log_probs", own_model.mc_dropout_log_probs,
             lambda: {"model": own_model.consistent_mc_dropout(net(), 0), "data": X.clone(), "num_posterior_samples": 3,
                      "batch_size": 4, "device": None, "dtype": None, "progress": False, "memory_budget": None,
                      "expand": "auto"},
             check=log_probs_check,
             kinds={"data": input_cases, "model": OBJECT_CASES + [C("unpatched", const(net), "invalid")],
                    "expand": option_cases(["auto", "input", "first_dropout"])},
             rules={("num_posterior_samples", "huge 10**18"): "invalid", ("num_posterior_samples", "0"): "invalid",
                    ("batch_size", "0"): "invalid", ("batch_size", "huge 10**18"): "valid", ("batch_size", "None"): "valid",
                    ("num_posterior_samples", "None"): "invalid"})
    from sklearn.ensemble import RandomForestClassifier
    tx = np.random.default_rng(0).normal(size=(40, 3)); ty = np.arange(40) % 3
    forest = RandomForestClassifier(n_estimators=4, random_state=0).fit(tx, ty)
    entry("own_model", "sklearn_log_probs", own_model.sklearn_log_probs,
             lambda: {"model": forest, "x": tx[:7].copy(), "classes": None, "dtype": None, "progress": False,
                      "memory_budget": None},
             check=log_probs_check,
             kinds={"model": OBJECT_CASES + [C("empty list", const(list), "invalid"), C("unfitted", const(lambda: RandomForestClassifier()), "invalid")],
                    "x": [C("None", const(lambda: None), "invalid"), C("1-D", put(lambda a: a[0]), "invalid"),
                          C("str", const(lambda: "x"), "invalid"), C("wrong feature count", put(lambda a: a[:, :2]), "invalid"),
                          C("NaN", put(lambda a: np.where(np.eye(7, 3) > 0, np.nan, a)), "either"),
                          C("tensor", put(lambda a: torch.from_numpy(a)), "valid"), C("N = 0", put(lambda a: a[:0]), "either"),
                          C("list", put(lambda a: a.tolist()), "either")],
                    "classes": [C("str", const(lambda: "abc"), "invalid"), C("repeated", const(lambda: [0, 0, 1]), "invalid"),
                                C("missing one", const(lambda: [0, 1]), "invalid"), C("int", const(lambda: 3), "invalid"),
                                C("superset", const(lambda: [0, 1, 2, 3]), "either"), C("2-D", const(lambda: [[0, 1, 2]]), "invalid")]})
    NOT_PROBED["own_model.laplace_log_probs"] = "needs laplace-torch"


def register_rashomon_cli_experiments(lp, LP, g, TASK, tmp, record_fields):
    from batchbald_lit import loop
    try:
        from batchbald_lit import rashomon
    except ImportError as error:
        NOT_PROBED["rashomon"] = f"not importable: {error}"
    else:
        X = (torch.rand(30, 4, generator=g) > 0.5).to(torch.int64)
        y = (X[:, 0] ^ X[:, 1]).numpy()
        try:
            with rashomon.quiet_stdout():
                RSET = rashomon.fit_rashomon_set(X.numpy(), y, regularization=0.05, depth_budget=3)
        except Exception as error:  # TreeFARMS missing
            RSET = None
            NOT_PROBED["rashomon.fit_rashomon_set"] = f"cannot fit: {error}"
        HARD = _hard(LP.clone())
        W = torch.rand(5, generator=g, dtype=torch.float64)
        weight_cases = [C("numpy", put(lambda t: t.numpy()), "invalid"), C("list", put(lambda t: t.tolist()), "invalid"),
                        C("negative", put(lambda t: t - 2), "invalid"), C("NaN", put(lambda t: _with(t, 0, math.nan)),
                                                                           "invalid"),
                        C("inf", put(lambda t: _with(t, 0, math.inf)), "invalid"),
                        C("all zero", put(lambda t: t * 0), "invalid"), C("wrong length", put(lambda t: t[:-1]),
                                                                           "invalid"),
                        C("rank 2", put(lambda t: t[None]), "invalid"), C("sparse", put(lambda t: t.to_sparse()),
                                                                          "invalid"),
                        C("complex", put(lambda t: t.to(torch.complex128)), "invalid"),
                        C("None", const(lambda: None), "valid"), C("float32", put(lambda t: t.float()), "valid"),
                        C("unnormalised", put(lambda t: t * 7), "valid"), C("int", put(lambda t: (10 * t).long() + 1),
                                                                            "either")]
        labels = lambda: HARD.argmax(-1)
        labels_cases = [C("numpy", put(lambda t: t.numpy()), "invalid"), C("list", put(lambda t: t.tolist()),
                                                                           "invalid"),
                        C("None", const(lambda: None), "invalid"), C("float", put(lambda t: t.double()), "invalid"),
                        C("out of range", put(lambda t: t + 10), "invalid"), C("negative", put(lambda t: t - 10),
                                                                               "invalid"),
                        C("rank 1", put(lambda t: t[0]), "invalid"), C("N = 0", put(lambda t: t[:0]), "valid")]
        entry("rashomon", "quiet_stdout", lambda: rashomon.quiet_stdout().__enter__(), lambda: {},
              check=lambda r, k, o: None)
        entry("rashomon", "as_binary_features", rashomon.as_binary_features, lambda: {"X_N_F": X.clone(), "name": "X"},
              names={"X_N_F": ["X "]},
              kinds={"name": None, "X_N_F": [C("float 0.5", put(lambda t: t * 0.5), "invalid"),
                                             C("None", const(lambda: None), "invalid"), C("rank 1", put(lambda t: t[0]),
                                                                                          "invalid"),
                                             C("NaN", put(lambda t: _with(t.double(), (0, 0), math.nan)), "invalid"),
                                             C("sparse", put(lambda t: t.to_sparse()), "invalid"),
                                             C("bool", put(lambda t: t.bool()), "valid"),
                                             C("list", put(lambda t: t.tolist()), "valid"),
                                             C("zero features", put(lambda t: t[:, :0]), "either")]},
              check=lambda r, k, o: None)
        if RSET is not None:
            entry("rashomon", "fit_rashomon_set", rashomon.fit_rashomon_set,
                  lambda: {"X_n_F": X.numpy(), "y_n": y.copy(), "num_classes": None, "regularization": 0.05,
                           "rashomon_bound_multiplier": 0.1, "depth_budget": 3},
                  kinds={"X_n_F": [C("zero features", put(lambda a: a[:, :0]), "invalid"),
                                   C("constant features", put(lambda a: a * 0), "either"),
                                   C("None", const(lambda: None), "invalid"), C("float 0.5", put(lambda a: a * 0.5),
                                                                                "invalid")],
                         "y_n": [C("None", const(lambda: None), "invalid"), C("float", put(lambda a: a + 0.5),
                                                                              "invalid"),
                                 C("negative", put(lambda a: a - 3), "invalid"), C("wrong length", put(lambda a: a[:-1]),
                                                                                   "invalid")],
                         "num_classes": int_cases(True)},
                  rules={("num_classes", "0"): "invalid", ("num_classes", "huge 10**18"): "invalid",
                         ("num_classes", "-1"): "invalid", ("depth_budget", "0"): "invalid",
                         ("regularization", "0"): "either"},
                  check=lambda r, k, o: None if r.tree_count > 0 else ("accepted invalid", "an empty Rashomon set"))
            entry("rashomon", "rashomon_ensemble", rashomon.rashomon_ensemble,
                  lambda: {"rset": RSET, "X_N_F": X[:8].numpy(), "beta": 0.0, "leaf_smoothing": None},
                  kinds={"rset": OBJECT_CASES, "leaf_smoothing": real_cases(True),
                         "X_N_F": [C("wrong feature count", put(lambda a: a[:, :2]), "invalid"),
                                   C("None", const(lambda: None), "invalid"), C("N = 0", put(lambda a: a[:0]), "either")]},
                  # leaf_smoothing=inf is the limit alpha -> inf: every leaf predicts the uniform distribution, the same
                  # as 1e308 gives; the notebook documents and tests it (like beta=inf), so it is valid here
                  rules={("beta", "inf"): "either", ("beta", "1e308"): "either", ("leaf_smoothing", "inf"): "valid"},
                  check=lambda r, k, o: finite_result(r.weights_K) or finite_result(r.log_probs_N_K_C, neg_inf_ok=True))
        NOT_PROBED["rashomon.RashomonSet"] = "a result container"
        NOT_PROBED["rashomon.RashomonEnsemble"] = "a result container (named tuple)"
        entry("rashomon", "check_weights", rashomon.check_weights, lambda: {"weights_K": W.clone(), "K": 5},
              kinds={"weights_K": weight_cases}, rules={("K", "huge 10**18"): "invalid", ("K", "0"): "invalid"})
        entry("rashomon", "compute_weighted_bald", rashomon.compute_weighted_bald,
              lambda: {"log_probs_N_K_C": lp(), "weights_K": W.clone()}, kinds={"weights_K": weight_cases},
              rules={("log_probs_N_K_C", "K = 1"): "skip"})
        entry("rashomon", "hard_labels", rashomon.hard_labels, lambda: {"log_probs_N_K_C": HARD.clone()},
              rules={("log_probs_N_K_C", "uniform (all tied)"): "invalid", ("log_probs_N_K_C", "K = 1"): "valid"},
              check=lambda r, k, o: None)
        entry("rashomon", "compute_vote_entropy", rashomon.compute_vote_entropy,
              lambda: {"labels_N_K": labels(), "num_classes": 4, "weights_K": W.clone()},
              kinds={"labels_N_K": labels_cases, "weights_K": weight_cases},
              rules={("num_classes", "0"): "invalid", ("num_classes", "huge 10**18"): "invalid"})
        entry("rashomon", "get_weighted_bald_batch", rashomon.get_weighted_bald_batch,
              lambda: {"log_probs_N_K_C": lp(), "batch_size": 3, "weights_K": W.clone()},
              kinds={"weights_K": weight_cases}, rules={("log_probs_N_K_C", "K = 1"): "skip"}, check=batch_check)
        cells = lambda: torch.tensor([0, 0, 1, 1, 2])
        cell_cases = [C("float", put(lambda t: t.double()), "invalid"), C("negative", put(lambda t: t - 5), "invalid"),
                      C("None", const(lambda: None), "invalid"), C("list", put(lambda t: t.tolist()), "invalid"),
                      C("wrong length", put(lambda t: t[:-1]), "invalid")]
        entry("rashomon", "partition_entropy", rashomon.partition_entropy,
              lambda: {"cells_K": cells(), "weights_K": W / W.sum()},
              kinds={"cells_K": cell_cases, "weights_K": weight_cases},
              rules={("weights_K", "unnormalised"): "either"})
        entry("rashomon", "refine_partition", rashomon.refine_partition,
              lambda: {"cells_K": cells(), "labels_K": labels()[0], "num_classes": 4},
              kinds={"cells_K": cell_cases, "labels_K": [c for c in labels_cases if c.label != "N = 0"]},
              rules={("num_classes", "0"): "invalid", ("num_classes", "huge 10**18"): "invalid"},
              check=lambda r, k, o: None)
        entry("rashomon", "joint_entropies_with_candidates", rashomon.joint_entropies_with_candidates,
              lambda: {"labels": labels(), "weights_K": W / W.sum(), "cells_K": cells(), "num_classes": 4,
                       "memory_budget": None},
              kinds={"labels": labels_cases, "weights_K": weight_cases, "cells_K": cell_cases},
              rules={("num_classes", "0"): "invalid", ("num_classes", "huge 10**18"): "invalid",
                     ("weights_K", "None"): "invalid", ("weights_K", "unnormalised"): "either"})
        if RSET is not None:
            fit_options = {"regularization": 0.05, "depth_budget": 3}
            entry("rashomon", "rashomon_committee", rashomon.rashomon_committee,
                  lambda: {"X_n_F": X[:6].numpy(), "y_n": np.zeros(6, dtype=np.int64), "X_N_F": X.numpy(),
                           "num_classes": 2, "beta": 1.0, "leaf_smoothing": None, "generator": 0, **fit_options},
                  signature_of=lambda X_n_F, y_n, X_N_F, num_classes=None, beta=0.0, energy="objective",
                  leaf_smoothing=None, max_trees=100_000, generator=None, regularization=0.02, depth_budget=3: None,
                  kinds={"X_n_F": [C("None", const(lambda: None), "invalid"), C("float 0.5", put(lambda a: a * 0.5),
                                                                                "invalid"),
                                   C("N = 0", put(lambda a: a[:0]), "invalid")],
                         "y_n": [C("None", const(lambda: None), "invalid"), C("negative", put(lambda a: a - 3), "invalid"),
                                 C("wrong length", put(lambda a: a[:-1]), "invalid"),
                                 C("two classes", put(lambda a: np.arange(6) % 2), "valid")],
                         "X_N_F": [C("wrong feature count", put(lambda a: a[:, :2]), "invalid"),
                                   C("None", const(lambda: None), "invalid"), C("N = 0", put(lambda a: a[:0]), "valid")]},
                  rules={("num_classes", "0"): "invalid", ("num_classes", "huge 10**18"): "invalid",
                         ("num_classes", "-1"): "invalid", ("num_classes", "None"): "valid",
                         ("depth_budget", "0"): "invalid", ("depth_budget", "huge 10**18"): "invalid",
                         ("regularization", "0"): "valid", ("regularization", "inf"): "invalid",
                         ("beta", "inf"): "either", ("beta", "1e308"): "either"},
                  check=lambda r, k, o: finite_result(r.weights_K) or finite_result(r.log_probs_N_K_C, neg_inf_ok=True))
            COMMITTEE = rashomon.rashomon_ensemble(RSET, X.numpy(), beta=1.0)
            entry("rashomon", "get_rashomon_batch", rashomon.get_rashomon_batch,
                  lambda: {"committee": COMMITTEE, "batch_size": 3, "method": "batchbald",
                           "generator": torch.Generator().manual_seed(0), "memory_budget": None},
                  kinds={"committee": OBJECT_CASES + [C("log-probs, not a committee",
                                                        const(lambda: COMMITTEE.log_probs_N_K_C), "invalid")],
                         "method": option_cases(list(rashomon.RASHOMON_METHODS))},
                  check=lambda r, k, o: batch_check(r, {"batch_size": k.get("batch_size"),
                                                        "log_probs_N_K_C": COMMITTEE.log_probs_N_K_C}))
            entry("rashomon", "run_rashomon_active_learning", rashomon.run_rashomon_active_learning,
                  lambda: {"X_N_F": X.numpy(), "y_N": y.copy(), "initial_indices": [0, 1], "batch_size": 2,
                           "max_labels": 6, "method": "bald", "pool_indices": None, "beta": 1.0, "generator": 0,
                           **fit_options},
                  signature_of=lambda X_N_F, y_N, initial_indices, batch_size, max_labels, method="batchbald",
                  pool_indices=None, beta=1.0, max_trees=100_000, generator=None, regularization=0.02,
                  depth_budget=3: None,
                  kinds={"X_N_F": [C("None", const(lambda: None), "invalid"), C("float 0.5", put(lambda a: a * 0.5),
                                                                                "invalid")],
                         "y_N": [C("None", const(lambda: None), "invalid"), C("negative", put(lambda a: a - 3), "invalid"),
                                 C("wrong length", put(lambda a: a[:-1]), "invalid")],
                         "initial_indices": INDEX_LIST_CASES, "pool_indices": INDEX_LIST_CASES,
                         "method": option_cases(list(rashomon.RASHOMON_METHODS))},
                  rules={("initial_indices", "empty"): "invalid", ("initial_indices", "out of range"): "invalid",
                         ("pool_indices", "None"): "valid", ("batch_size", "0"): "invalid",
                         ("batch_size", "huge 10**18"): "valid", ("max_labels", "huge 10**18"): "skip",
                         ("max_labels", "0"): "valid", ("depth_budget", "0"): "invalid",
                         ("depth_budget", "huge 10**18"): "invalid", ("regularization", "0"): "either",
                         ("regularization", "inf"): "invalid", ("beta", "inf"): "either", ("beta", "1e308"): "either"},
                  check=lambda r, k, o: None if isinstance(r, list) and all(
                      isinstance(i, int) and 0 <= i < 30 for rnd in r for i in rnd["acquired"])
                  else ("invalid index", repr(r)[:200]))
        entry("rashomon", "get_rashomon_batchbald_batch", rashomon.get_rashomon_batchbald_batch,
              lambda: {"log_probs_N_K_C": HARD.clone(), "batch_size": 3, "weights_K": W.clone()},
              kinds={"weights_K": weight_cases},
              rules={("log_probs_N_K_C", "uniform (all tied)"): "invalid", ("log_probs_N_K_C", "K = 1"): "skip"},
              check=batch_check)

    # ---- experiments
    from batchbald_lit import experiments
    x_small, y_small = torch.randn(40, 64, generator=g), torch.arange(40) % 4
    entry("experiments", "make_repeated", experiments.make_repeated,
          lambda: {"x_N": x_small.clone(), "y_N": y_small.clone(), "test_size": 8, "num_repeats": 2, "noise_std": 0.1,
                   "data_seed": 0},
          kinds={"x_N": [C("None", const(lambda: None), "invalid"), C("numpy", put(lambda t: t.numpy()), "invalid"),
                         C("wrong length", put(lambda t: t[:-3]), "invalid")],
                 "y_N": [C("None", const(lambda: None), "invalid"), C("2-D", put(lambda t: t.view(-1, 2)), "invalid"),
                         C("float", put(lambda t: t.double()), "invalid")]},
          rules={("test_size", "huge 10**18"): "invalid", ("num_repeats", "huge 10**18"): "skip",
                 ("num_repeats", "0"): "invalid", ("test_size", "0"): "either", ("data_seed", "huge 10**18"): "valid",
                 ("data_seed", "0"): "valid"})
    entry("experiments", "load_repeated_digits", experiments.load_repeated_digits,
          lambda: {"test_size": 100, "num_repeats": 1, "noise_std": 0.1, "data_seed": 0},
          rules={("test_size", "huge 10**18"): "invalid", ("num_repeats", "huge 10**18"): "skip",
                 ("num_repeats", "0"): "invalid", ("test_size", "0"): "either", ("data_seed", "huge 10**18"): "valid",
                 ("data_seed", "0"): "valid"})
    NOT_PROBED["experiments.load_repeated_mnist_5k"] = "same checks as load_repeated_digits (make_repeated); slow to load"
    for cls, base in [(experiments.DigitsMLP, {"hidden": 8, "p": 0.5, "num_classes": 3}),
                      (experiments.MnistCNN, {"p": 0.5, "num_classes": 3})]:
        entry("experiments", cls.__name__, cls, lambda b=base: dict(b), check=lambda r, k, o: None,
              rules={("hidden", "huge 10**18"): "invalid", ("num_classes", "huge 10**18"): "invalid",
                     ("hidden", "0"): "invalid", ("num_classes", "0"): "invalid"})
    mlp = lambda: experiments.DigitsMLP(hidden=8, num_classes=4)
    entry("experiments", "fit_classifier", experiments.fit_classifier,
          lambda: {"model": mlp(), "x": x_small.clone(), "y": y_small.clone(), "generator": torch.Generator().manual_seed(0),
                   "num_steps": 3, "batch_size": 8, "lr": 1e-3, "weight_decay": 1e-4},
          kinds={"x": [C("None", const(lambda: None), "invalid"), C("wrong length", put(lambda t: t[:-1]), "invalid")],
                 "y": [C("None", const(lambda: None), "invalid"), C("float", put(lambda t: t.double()), "invalid")]},
          rules={("num_steps", "huge 10**18"): "skip", ("batch_size", "huge 10**18"): "valid",
                 ("batch_size", "0"): "invalid", ("num_steps", "0"): "valid", ("weight_decay", "-1"): "invalid"},
          check=lambda r, k, o: None)
    config = lambda **c: experiments.ExperimentConfig(**{
        **dict(name="fuzz", dataset="repeated_digits", methods=["random"], seeds=[0], batch_size=5, max_labels=25,
               train_steps=2, num_posterior_samples=2), **c})
    entry("experiments", "ExperimentConfig", experiments.ExperimentConfig,
          lambda: dict(name="fuzz", dataset="repeated_digits", methods=["random"], seeds=[0], batch_size=5,
                       max_labels=25, train_steps=2, num_posterior_samples=2),
          kinds={"name": [C("None", const(lambda: None), "invalid"), C("path separator", const(lambda: "a/b"),
                                                                       "invalid")],
                 "dataset": option_cases(["repeated_digits"]),
                 "methods": [C("unknown method", const(lambda: ["coreset"]), "invalid"),
                             C("str", const(lambda: "random"), "invalid"), C("empty", const(list), "either")],
                 "seeds": [C("negative", const(lambda: [-1]), "invalid"), C("int", const(lambda: 0), "invalid"),
                           C("repeated", const(lambda: [0, 0]), "invalid")]},
          rules={("batch_size", "0"): "invalid", ("num_posterior_samples", "0"): "invalid", ("train_steps", "0"): "either",
                 ("batch_size", "huge 10**18"): "valid", ("max_labels", "huge 10**18"): "valid",
                 ("train_steps", "huge 10**18"): "either", ("num_posterior_samples", "huge 10**18"): "either"},
          check=lambda r, k, o: None)
    entry("experiments", "make_task", experiments.make_task, lambda: {"config": config()},
          kinds={"config": OBJECT_CASES + [C("unknown dataset", const(lambda: (lambda c: (setattr(c, "dataset", "cifar"), c)[1])(config())),
                                                   "invalid")]},
          check=lambda r, k, o: None)
    results_dir = tmp / "experiments"
    experiments.run_experiment(config(), results_dir, progress=False)
    entry("experiments", "run_experiment", experiments.run_experiment,
          lambda: {"config": config(), "results_dir": tmp / "experiments2", "methods": None, "progress": False},
          kinds={"config": OBJECT_CASES, "methods": [C("unknown method", const(lambda: ["coreset"]), "invalid"),
                                                     C("str", const(lambda: "random"), "invalid")],
                 "results_dir": [C("a file", const(lambda: tmp / "good.json"), "invalid")]},
          file_params=("results_dir",), check=lambda r, k, o: finite_result(r))
    entry("experiments", "load_experiment", experiments.load_experiment,
          lambda: {"config": config(), "results_dir": results_dir},
          kinds={"config": OBJECT_CASES, "results_dir": [C("empty directory", const(lambda: tmp), "invalid"),
                                                         C("None", const(lambda: None), "invalid")]},
          file_params=("results_dir",), check=lambda r, k, o: None)
    RESULTS = experiments.load_experiment(config(), results_dir)
    RECORD = RESULTS["random"][0]
    record_cases = OBJECT_CASES + [C("empty record", const(lambda: loop.ActiveLearningRecord("x", 0, 1, 1, [])),
                                     "either")]
    entry("experiments", "labels_to_target", experiments.labels_to_target, lambda: {"record": RECORD, "target": 0.5},
          kinds={"record": record_cases}, check=lambda r, k, o: None,
          rules={("target", "-1"): "invalid", ("target", "inf"): "invalid", ("target", "1e308"): "invalid"})
    entry("experiments", "copies_fraction", experiments.copies_fraction, lambda: {"record": RECORD, "num_original": 10},
          kinds={"record": record_cases}, rules={("num_original", "0"): "invalid", ("num_original", "huge 10**18"): "valid"})
    results_cases = OBJECT_CASES + [C("empty dict", const(dict), "either"),
                                    C("method without runs", const(lambda: {"random": {}}), "invalid")]
    entry("experiments", "summarize", experiments.summarize, lambda: {"results": RESULTS, "target": 0.5,
                                                                      "num_original": None},
          kinds={"results": results_cases, "num_original": int_cases(True)},
          rules={("num_original", "0"): "invalid", ("num_original", "huge 10**18"): "valid",
                 ("target", "-1"): "invalid", ("target", "inf"): "invalid"},
          check=lambda r, k, o: finite_result([{k_: v for k_, v in row.items() if k_ != "labels_per_seed"} for row in r]))
    ROWS = experiments.summarize(RESULTS, 0.5)
    rows_cases = OBJECT_CASES + [C("rows missing keys", const(lambda: [{"method": "x"}]), "invalid"),
                                 C("empty", const(list), "either")]
    entry("experiments", "format_table", experiments.format_table, lambda: {"rows": ROWS, "target": 0.5},
          kinds={"rows": rows_cases}, check=lambda r, k, o: None,
          rules={("target", "-1"): "invalid", ("target", "inf"): "invalid"})
    entry("experiments", "ranking_title", experiments.ranking_title, lambda: {"rows": ROWS, "target": 0.5, "prefix": ""},
          kinds={"rows": rows_cases, "prefix": None}, check=lambda r, k, o: None,
          rules={("target", "-1"): "invalid", ("target", "inf"): "invalid"})
    entry("experiments", "plot_learning_curves", experiments.plot_learning_curves,
          lambda: {"results": RESULTS, "target": 0.5, "title": "t", "ax": None},
          kinds={"results": results_cases, "title": None, "target": real_cases(True)},
          check=lambda r, k, o: None, rules={("target", "-1"): "either"})

    # ---- CLI
    from batchbald_lit import cli
    np.save(tmp / "pool.npy", LP.numpy())
    np.save(tmp / "pool_big_endian.npy", LP.numpy().astype(">f8"))
    torch.save(LP.bfloat16(), tmp / "pool_bf16.pt")
    torch.save(LP, tmp / "pool.pt")
    torch.save({"a": LP}, tmp / "dict.pt")
    (tmp / "garbage.pt").write_bytes(b"not a torch file")
    (tmp / "pool.txt").write_text("1 2 3")
    np.save(tmp / "probs.npy", LP.exp().numpy())
    file_cases = [C("no such file", const(lambda: tmp / "nope.npy"), "invalid"),
                  C("garbage .pt", const(lambda: tmp / "garbage.pt"), "invalid"),
                  C("dict .pt", const(lambda: tmp / "dict.pt"), "invalid"),
                  C(".txt", const(lambda: tmp / "pool.txt"), "invalid"),
                  C("probabilities .npy", const(lambda: tmp / "probs.npy"), "invalid"),
                  C("big-endian .npy", const(lambda: tmp / "pool_big_endian.npy"), "valid"),
                  C("bfloat16 .pt", const(lambda: tmp / "pool_bf16.pt"), "valid"),
                  C(".pt", const(lambda: tmp / "pool.pt"), "valid")]
    cli_error = lambda r, k, o: None

    def cli_call(fn):
        def call(**kwargs):
            try:
                return fn(**kwargs)
            except cli.CommandError as error:  # the CLI's own one-line error is its ValueError
                raise ValueError(str(error)) from None
        return call
    entry("cli", "load_log_probs", cli_call(cli.load_log_probs), lambda: {"path": tmp / "pool.npy"},
          signature_of=cli.load_log_probs, kinds={"path": file_cases}, check=log_probs_check, file_params=("path",),
          note="CommandError counts as a clean error")
    for case in file_cases:
        case.mention = ()
    entry("cli", "select", cli_call(cli.select),
          lambda: {"path": tmp / "pool.npy", "method": "bald", "batch_size": 3, "num_samples": 100, "seed": 0},
          signature_of=cli.select, kinds={"path": file_cases, "method": option_cases(["random", "bald", "powerbald"])},
          file_params=("path",),
          rules={("num_samples", "0"): "either", ("num_samples", "-1"): "either", ("num_samples", "-5"): "either",
                 ("seed", "huge 10**18"): "valid", ("seed", "0"): "valid", ("batch_size", "0"): "valid",
                 ("batch_size", "huge 10**18"): "valid"},
          check=lambda r, k, o: check_indices(r["indices"], 12) or finite_result(r["scores"]))
    entry("cli", "demo", cli_call(cli.demo),
          lambda: {"methods": ["random"], "seeds": [0], "max_labels": 30, "target": 0.5, "output": tmp / "demo.png",
                   "results_dir": None, "train_steps": 2, "progress": False, "out": io.StringIO()},
          signature_of=cli.demo,
          kinds={"methods": [C("unknown", const(lambda: ["coreset"]), "invalid"), C("str", const(lambda: "random"),
                                                                                    "invalid")],
                 "seeds": [C("negative", const(lambda: [-1]), "invalid"), C("int", const(lambda: 1), "invalid")],
                 "max_labels": [C("-5", const(lambda: -5), "invalid"), C("str", const(lambda: "30"), "invalid")],
                 "target": [C("NaN", const(lambda: math.nan), "invalid"), C("2.0", const(lambda: 2.0), "invalid")],
                 "output": [C("no such directory", const(lambda: tmp / "no" / "x.png"), "invalid")],
                 "results_dir": None, "train_steps": None, "progress": None, "out": None},
          file_params=("output",), check=lambda r, k, o: None)

    def main_probe(argv):
        code = cli.main(argv)
        return code
    argv_cases = [
        C("no command", const(lambda: []), "invalid"), C("unknown command", const(lambda: ["frobnicate"]), "invalid"),
        C("--seed 2**64", const(lambda: ["select", str(tmp / "pool.npy"), "--method", "random", "--batch-size", "2",
                                         "--seed", str(2**64)]), "invalid", ["--seed"]),
        C("--seed -1", const(lambda: ["select", str(tmp / "pool.npy"), "--method", "random", "--batch-size", "2",
                                      "--seed", "-1"]), "invalid", ["seed"]),
        C("--batch-size -1", const(lambda: ["select", str(tmp / "pool.npy"), "--method", "bald", "--batch-size", "-1"]),
          "invalid", ["batch"]),
        C("--num-samples 0", const(lambda: ["select", str(tmp / "pool.npy"), "--method", "batchbald", "--batch-size",
                                            "2", "--num-samples", "0"]), "invalid", ["num"]),
        C("garbage .pt", const(lambda: ["select", str(tmp / "garbage.pt"), "--method", "bald", "--batch-size", "2"]),
          "invalid", ["garbage.pt"]),
        C("probabilities file", const(lambda: ["select", str(tmp / "probs.npy"), "--method", "bald", "--batch-size",
                                               "2"]), "invalid", ["probs.npy"]),
        C("big-endian .npy", const(lambda: ["select", str(tmp / "pool_big_endian.npy"), "--method", "bald",
                                            "--batch-size", "2"]), "valid"),
        C("bfloat16 .pt", const(lambda: ["select", str(tmp / "pool_bf16.pt"), "--method", "bald", "--batch-size", "2"]),
          "valid"),
        C("demo --max-labels 5", const(lambda: ["demo", "--max-labels", "5"]), "invalid", ["max-labels"]),
        C("demo --methods coreset", const(lambda: ["demo", "--methods", "coreset", "--max-labels", "30"]), "invalid",
          ["coreset"]),
    ]

    def main_check(code, kwargs, output):
        lines = [line for line in output.splitlines() if line.strip()]
        if code == 0:
            return None
        if "Traceback" in output or len(lines) > 3 or "\x1b[" in output:
            raise RuntimeError(f"exit {code} with {len(lines)} lines of output: {lines[-1][:100] if lines else ''}")
        raise ValueError(output.strip())  # a one-line error: classified like a ValueError (must name the argument)

    entry("cli", "main", lambda argv: _classify_main(main_probe, main_check, argv),
          lambda: {"argv": ["select", str(tmp / "pool.npy"), "--method", "bald", "--batch-size", "2"]},
          signature_of=cli.main, kinds={"argv": argv_cases}, check=lambda r, k, o: None, names={"argv": ["batchbald-lit"]},
          note="exit status and output; a one-line error counts as a ValueError")
    NOT_PROBED["cli.CommandError"] = "an exception class"


def _classify_main(main_probe, main_check, argv):
    output = io.StringIO()
    with contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
        code = main_probe(argv)
    if code != 0:
        main_check(code, {}, output.getvalue())
        return code
    return code


def missing_entries():
    "Public callables of the modules that have no entry and no reason for it."
    import importlib
    probed = {f"{e.module}.{e.name.split('(')[0]}" for e in ENTRIES}
    probed |= {f"{e.module}.{e.name.split('.')[0]}" for e in ENTRIES}
    missing = []
    for module in MODULES:
        try:
            mod = importlib.import_module(f"batchbald_lit.{module}")
        except ImportError:
            continue
        for name in mod.__all__:
            obj = getattr(mod, name)
            key = f"{module}.{name}"
            if key in NOT_PROBED or module in NOT_PROBED:
                continue
            if callable(obj) and not isinstance(obj, (dict, list, tuple)) and key not in probed:
                missing.append(key)
    return missing


# ---------------------------------------------------------------------------------------------------------------------


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--module", action="append", help="only these modules (repeatable)")
    parser.add_argument("--entry", help="only entry points whose name contains this")
    parser.add_argument("--all", action="store_true", help="print every probe, not only the bad ones")
    parser.add_argument("--seconds", type=float, default=30, help="time limit per probe")
    parser.add_argument("--memory-gb", type=float, default=4, help="address-space limit per probe")
    parser.add_argument("--json", help="write every outcome here")
    parser.add_argument("--markdown", help="write the bad cases, grouped by owner, as Markdown here")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        register_all()
    entries = [e for e in ENTRIES if (not args.module or e.module in args.module)
               and (not args.entry or args.entry in e.name)]
    rows = []
    for e in entries:
        print(f"{e.module}.{e.name}", file=sys.stderr, flush=True)
        for param, case in probes_of(e):
            outcome = fork_probe(e, param, case, args.seconds, int(args.memory_gb * 2**30))
            rows.append({"module": e.module, "entry": e.name, "param": param, "case": None if case is None else case.label,
                         "expect": "valid" if case is None else case.expect, **outcome})
            if args.all:
                print(f"{e.module}.{e.name}({param}={None if case is None else case.label}) -> {outcome['outcome']}: "
                      f"{outcome['detail'][:150]}")

    by_module = defaultdict(Counter)
    for row in rows:
        by_module[row["module"]][row["outcome"]] += 1
    columns = [c for c in GOOD + BAD if any(c in counts for counts in by_module.values())]
    print(f"\nbatchbald_lit {batchbald_lit.__version__}: {len(rows)} probes of {len(entries)} entry points in "
          f"{time.perf_counter() - start:.0f} s (torch {torch.__version__})\n")
    header = f"{'module':<14}{'probes':>7}{'bad':>6}  " + "".join(f"{c[:12]:>13}" for c in columns)
    print(header)
    print("-" * len(header))
    total = Counter()
    for module in MODULES:
        if module not in by_module:
            continue
        counts = by_module[module]
        total.update(counts)
        bad = sum(counts[c] for c in BAD)
        print(f"{module:<14}{sum(counts.values()):>7}{bad:>6}  " + "".join(f"{counts[c]:>13}" for c in columns))
    print("-" * len(header))
    print(f"{'total':<14}{sum(total.values()):>7}{sum(total[c] for c in BAD):>6}  "
          + "".join(f"{total[c]:>13}" for c in columns))

    bad_rows = [r for r in rows if r["outcome"] in BAD]
    if bad_rows:
        print(f"\n{len(bad_rows)} bad cases:")
        for r in bad_rows:
            print(f"  {r['module']}.{r['entry']}({r['param']}={r['case']}) [{r['expect']}] {r['outcome']}: "
                  f"{r['detail'][:160]}")
    missing = missing_entries() if not args.module and not args.entry else []
    if missing:
        print(f"\nnot probed (no recipe): {', '.join(missing)}")
    if NOT_PROBED and not args.module:
        print("not probed on purpose: " + "; ".join(f"{k} ({v})" for k, v in NOT_PROBED.items()))
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1))
    if args.markdown:
        lines = []
        by_owner = defaultdict(list)
        for r in bad_rows:
            by_owner[OWNERS.get(r["module"], "lead")].append(r)
        for owner, owner_rows in sorted(by_owner.items()):
            lines.append(f"### {owner} ({len(owner_rows)})\n")
            for r in owner_rows:
                lines.append(f"- `{r['module']}.{r['entry']}({r['param']}={r['case']})` expected {r['expect']}: "
                             f"**{r['outcome']}**: {r['detail'][:200]}")
            lines.append("")
        Path(args.markdown).write_text("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
