"""Run in a fresh environment where only the built wheel (and torch) is installed, from outside the repository: the
package imports from site-packages, and the mixture example of the original BatchBALD notebook gives its numbers."""
import sys
from pathlib import Path

import torch

import batchbald_lit
from batchbald_lit.bald import compute_bald, get_bald_batch
from batchbald_lit.batchbald import get_batchbald_batch
from batchbald_lit.entropy import make_mixture_pool

where = Path(batchbald_lit.__file__).resolve()
assert "site-packages" in where.parts, f"batchbald_lit imported from {where}, not from the installed wheel"
ys_ws = make_mixture_pool()
bald_N = compute_bald(ys_ws.log())
expected_bald = 0.030715639666234917
assert torch.allclose(bald_N[:4], torch.full((4,), expected_bald, dtype=torch.float64), atol=1e-9, rtol=0), bald_N
assert get_bald_batch(ys_ws.log().double(), 1).indices[0] in range(4)
batch = get_batchbald_batch(ys_ws.log().double(), 4, 1000, dtype=torch.double)
expected = [0.030715639666234917, 0.05961958627158337, 0.08691070514744714, 0.11275304532467878]
assert len(batch.scores) == 4 and all(abs(s - e) <= 1e-9 for s, e in zip(batch.scores, expected)), batch.scores
assert sorted(batch.indices) == [0, 1, 2, 3], batch.indices
print(f"batchbald_lit {batchbald_lit.__version__} from {where.parent}")
print(f"BALD {bald_N.tolist()}")
print(f"BatchBALD indices {batch.indices} scores {batch.scores}: the original notebook's numbers to 1e-9")
sys.exit(0)
