"""Introduced in Chapter 1. The two-layer sigmoid network, small enough to read at once.

The network maps inputs ``x`` (N rows, D features) to outputs ``ŷ`` (N rows, 1 column):

    layer1 = σ(x · weights1)          hidden layer, shape (N, hidden)
    output = σ(layer1 · weights2)     ŷ, shape (N, 1)

Biases are left at zero, as in the article this chapter follows; Chapter 2 adds
them. The names match the chapter's symbols: ``weights1`` is W₁, ``weights2`` is
W₂, ``layer1`` is a₁ and ``output`` is ŷ.
"""

import numpy as np

from nnbook.activations import sigmoid, sigmoid_derivative
from nnbook.checks import (finite_array, finite_number, non_negative_int, positive_int,
                           random_seed)


def _training_data(x, y, hidden, seed=None, learning_rate=1.0):
    """Check everything early, so a mistake is named here and not deep in a product."""
    x = finite_array(x, "x", np.float64)
    y = finite_array(y, "y", np.float64)
    if x.ndim != 2:
        raise ValueError(
            f"x must be a 2-D array (rows = examples), got shape {x.shape}")
    if y.ndim != 2 or y.shape[1] != 1:
        raise ValueError(
            f"y must be a column of shape (N, 1), got shape {y.shape}"
            " (turn a flat list into a column with np.reshape(y, (-1, 1)))")
    if x.shape[0] != y.shape[0]:
        raise ValueError(
            f"x and y must have the same number of rows, got {x.shape[0]} "
            f"rows in x and {y.shape[0]} in y")
    random_seed(seed, "seed")
    finite_number(learning_rate, "learning_rate")
    return x, y, positive_int(hidden, "hidden")


class NeuralNetwork:
    """A 2-layer sigmoid network, trained by gradient descent on the SSE loss.

    Parameters
    ----------
    x : array, shape (N, D)
        The training inputs, one example per row.
    y : array, shape (N, 1)
        The targets, one column.
    hidden : int
        Number of hidden units (4 in Chapter 1).
    seed : int or None
        Seeds the uniform [0, 1) initial weights: one seed, one network.
    learning_rate : float
        Scales each update; 1 as in the article. Chapter 2 explains it.

    Explained in Chapter 1; its update is derived in Chapter 2.
    """

    def __init__(self, x, y, hidden=4, seed=None, learning_rate=1.0):
        self.input, self.y, hidden = _training_data(x, y, hidden, seed, learning_rate)
        self.learning_rate = learning_rate
        rng = np.random.default_rng(seed)
        self.weights1 = rng.random((self.input.shape[1], hidden))
        self.weights2 = rng.random((hidden, 1))
        self.layer1 = np.zeros((self.input.shape[0], hidden))
        self.output = np.zeros(self.y.shape)

    def feedforward(self):
        """Compute the hidden layer and the prediction ŷ from the weights."""
        self.layer1 = sigmoid(self.input @ self.weights1)
        self.output = sigmoid(self.layer1 @ self.weights2)
        return self.output

    def loss(self):
        """Sum of squared errors of the last feedforward: Σ (y − ŷ)²."""
        return float(np.sum((self.y - self.output) ** 2))

    def backprop(self):
        """Move both weight matrices one step downhill on the loss.

        ``delta2`` and ``delta1`` are the *negative* gradients of the loss with
        respect to each layer's weighted input: that is why the step is added.
        """
        delta2 = 2 * (self.y - self.output) * sigmoid_derivative(self.output)
        delta1 = (delta2 @ self.weights2.T) * sigmoid_derivative(self.layer1)
        self.weights2 += self.learning_rate * (self.layer1.T @ delta2)
        self.weights1 += self.learning_rate * (self.input.T @ delta1)

    def train(self, iterations=1500):
        """Run ``iterations`` rounds of feedforward then backprop.

        Returns the losses, one per iteration, each measured before its update.
        Afterwards ``output`` holds the prediction of the final weights.
        """
        losses = []
        for _ in range(non_negative_int(iterations, "iterations")):
            self.feedforward()
            losses.append(self.loss())
            self.backprop()
        self.feedforward()
        return losses

    def __repr__(self):
        d, h = self.weights1.shape
        return (f"NeuralNetwork(inputs={d}, hidden={h}, outputs=1, "
                f"examples={self.input.shape[0]})")
