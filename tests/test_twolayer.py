"""Chapter 1's NeuralNetwork: shapes, seeding, learning, and clear errors."""

import numpy as np
import pytest

from nnbook.twolayer import NeuralNetwork

X = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]])
Y = np.array([[0], [1], [1], [0]])


def test_shapes():
    nn = NeuralNetwork(X, Y, hidden=5, seed=0)
    assert nn.weights1.shape == (3, 5)
    assert nn.weights2.shape == (5, 1)
    nn.feedforward()
    assert nn.layer1.shape == (4, 5)
    assert nn.output.shape == (4, 1)


def test_initial_weights_are_uniform_in_unit_interval():
    nn = NeuralNetwork(X, Y, hidden=50, seed=3)
    for w in (nn.weights1, nn.weights2):
        assert w.min() >= 0.0 and w.max() < 1.0


def test_same_seed_same_numbers_other_seed_other_numbers():
    a = NeuralNetwork(X, Y, seed=7).train(50)
    b = NeuralNetwork(X, Y, seed=7).train(50)
    c = NeuralNetwork(X, Y, seed=8).train(50)
    assert a == b
    assert a != c


@pytest.mark.parametrize("seed", range(10))
def test_loss_falls_every_iteration_and_predictions_approach_truth(seed):
    nn = NeuralNetwork(X, Y, seed=seed)
    losses = nn.train(1500)
    assert len(losses) == 1500
    assert np.all(np.diff(losses) < 0)
    assert np.max(np.abs(nn.output - Y)) < 0.05


def test_train_reports_loss_before_each_update():
    nn = NeuralNetwork(X, Y, seed=0)
    first = float(np.sum((Y - nn.feedforward()) ** 2))
    assert nn.train(1)[0] == first


def test_learning_rate_scales_the_step():
    slow, fast = NeuralNetwork(X, Y, seed=0, learning_rate=0.1), NeuralNetwork(X, Y, seed=0)
    w_before = slow.weights2.copy()
    slow.train(1)
    fast.train(1)
    np.testing.assert_allclose(slow.weights2 - w_before, 0.1 * (fast.weights2 - w_before))


def test_rows_must_match():
    with pytest.raises(ValueError, match=r"same number of rows.*4 rows in x.*3 in y"):
        NeuralNetwork(X, Y[:3])


def test_y_must_be_a_column():
    with pytest.raises(ValueError, match=r"column of shape \(N, 1\), got shape \(4,\)"):
        NeuralNetwork(X, np.array([0, 1, 1, 0]))


def test_x_must_be_two_dimensional():
    with pytest.raises(ValueError, match=r"2-D.*got shape \(3,\)"):
        NeuralNetwork(np.array([0, 0, 1]), Y)


def test_repr_names_the_sizes():
    assert repr(NeuralNetwork(X, Y, seed=0)) == "NeuralNetwork(inputs=3, hidden=4, outputs=1, examples=4)"
