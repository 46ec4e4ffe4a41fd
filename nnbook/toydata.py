"""Introduced in Chapter 2. Small 2-D data sets that a straight line cannot separate.

Each generator is seeded and returns ``X`` of shape (N, 2) and ``y`` of shape (N, 1),
float64, with labels 0 and 1 in equal numbers: the column shape that ``nnbook.losses``
expects. Points are easy to plot, and a network's decision boundary can be drawn over them.
"""

import numbers

import numpy as np

from nnbook.checks import finite_number, random_seed


def _check(n, noise, seed):
    """``n`` as an int, once it, ``noise`` and ``seed`` are checked."""
    if isinstance(n, (bool, np.bool_)) or not isinstance(n, numbers.Real):
        raise TypeError(f"n must be an even number of points, at least 2, got {n!r}")
    if not float(n).is_integer() or n < 2 or n % 2:
        raise ValueError(f"n must be an even number of points, at least 2, got {n!r}")
    finite_number(noise, "noise", low=0)
    random_seed(seed, "seed")
    return int(n)


def xor_clusters(n=200, noise=0.4, seed=0):
    """Four round clusters at (±1, ±1); the label is 1 where the two signs differ (XOR).

    Chapter 1's four rows of XOR, each grown into a cloud of points with normal spread
    ``noise``. Each class has n/2 points, split as evenly as possible between its two
    clusters.
    Explained in Chapter 2.
    """
    n = _check(n, noise, seed)
    rng = np.random.default_rng(seed)
    corners = np.array([[-1, -1], [1, 1], [-1, 1], [1, -1]], dtype=np.float64)
    labels = np.array([0, 0, 1, 1], dtype=np.float64)
    which = np.concatenate([np.arange(n // 2) % 2, 2 + np.arange(n // 2) % 2])
    X = corners[which] + noise * rng.standard_normal((n, 2))
    return X, labels[which].reshape(-1, 1)


def two_moons(n=200, noise=0.15, seed=0):
    """Two interleaving half circles: label 0 on the upper moon, 1 on the lower.

    The upper moon is the half circle of radius 1 around (0, 0); the lower one is the same
    arc turned upside down and moved to (1, 0.5). Normal noise of spread ``noise`` is
    added to every point. Explained in Chapter 2.
    """
    n = _check(n, noise, seed)
    rng = np.random.default_rng(seed)
    angle = rng.uniform(0.0, np.pi, n)
    upper = np.arange(n) < n // 2
    X = np.where(upper[:, None],
                 np.column_stack([np.cos(angle), np.sin(angle)]),
                 np.column_stack([1.0 - np.cos(angle), 0.5 - np.sin(angle)]))
    X = X + noise * rng.standard_normal((n, 2))
    return X, (~upper).astype(np.float64).reshape(-1, 1)
