"""Tests of nnbook.toydata: seeded, balanced, the shapes the losses expect."""

import numpy as np
import pytest

from nnbook.toydata import two_moons, xor_clusters


@pytest.mark.parametrize("make", [xor_clusters, two_moons])
def test_shapes_dtypes_balance_and_seeding(make):
    X, y = make(100, seed=3)
    assert X.shape == (100, 2) and y.shape == (100, 1)
    assert X.dtype == y.dtype == np.float64
    assert set(np.unique(y)) == {0.0, 1.0} and y.sum() == 50
    X2, y2 = make(100, seed=3)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)
    assert not np.array_equal(X, make(100, seed=4)[0])


@pytest.mark.parametrize("make", [xor_clusters, two_moons])
@pytest.mark.parametrize("bad", [0, 3, 7.5, -2])
def test_bad_sizes_refused(make, bad):
    with pytest.raises(ValueError, match="even number"):
        make(bad)


def test_xor_clusters_label_is_xor_of_signs_without_noise():
    X, y = xor_clusters(40, noise=0.0)
    np.testing.assert_array_equal(y.ravel(), (np.sign(X[:, 0]) != np.sign(X[:, 1])).astype(float))
    assert {tuple(p) for p in X} == {(-1.0, -1.0), (1.0, 1.0), (-1.0, 1.0), (1.0, -1.0)}


def test_xor_clusters_are_not_linearly_separable_but_quadrants_are():
    X, y = xor_clusters(400, noise=0.3, seed=0)
    ideal = (np.sign(X[:, :1]) != np.sign(X[:, 1:])).astype(float)
    assert np.mean(ideal == y) > 0.98
    # the best line through least squares is no better than chance
    A = np.column_stack([X, np.ones(len(X))])
    w, *_ = np.linalg.lstsq(A, y, rcond=None)
    assert np.mean((A @ w > 0.5) == y) < 0.65


def test_two_moons_without_noise_lie_on_their_arcs():
    X, y = two_moons(50, noise=0.0)
    upper, lower = X[y.ravel() == 0], X[y.ravel() == 1]
    np.testing.assert_allclose(np.hypot(*upper.T), 1.0)
    np.testing.assert_allclose(np.hypot(lower[:, 0] - 1.0, lower[:, 1] - 0.5), 1.0)
    assert np.all(upper[:, 1] >= 0) and np.all(lower[:, 1] <= 0.5)
