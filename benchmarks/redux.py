"batchbald_redux's get_batchbald_batch with its progress bars off, or None when batchbald_redux is not installed."
import functools

import tqdm

try:
    import batchbald_redux.batchbald as redux_batchbald
    import batchbald_redux.joint_entropy as redux_joint_entropy

    for module in (redux_batchbald, redux_joint_entropy):  # its progress bars ignore TQDM_DISABLE
        module.tqdm = functools.partial(tqdm.tqdm, disable=True)
    redux_get_batchbald_batch = redux_batchbald.get_batchbald_batch
except ImportError:
    redux_get_batchbald_batch = None
