"""Introduced in Chapter 4. Checked at the door: skip re-checking arrays a model already checked.

Every layer refuses NaN in what it is given, with one pass over the array. Inside a
training step of a model, that pass is repeated by every layer, forward and backward,
on numbers the model checked at its door and whose loss and gradients it checks at the
end of the step (a NaN born inside the network still stops training there). Measured on
Chapter 4's CNN, the repeated passes cost about 5% of a step. ``checked_at_the_door()``
marks the stretch of code where the layers may skip them.
"""

import contextlib

_depth = 0  # > 0 while a model's own step runs; read by nnbook.checks.float_array


@contextlib.contextmanager
def checked_at_the_door():
    """Within the ``with`` block, layers skip their NaN pass. Explained in Chapter 4."""
    global _depth
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1


def active():
    """True inside ``checked_at_the_door``. Explained in Chapter 4."""
    return _depth > 0
