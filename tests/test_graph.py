"""Tests of nnbook.graph: the scalar computational graph of Chapter 2."""

import numpy as np
import pytest

from nnbook.activations import sigmoid
from nnbook.graph import OPS, Graph


def neuron(w=0.8, x=1.5, b=-0.5, y=1.0):
    """L = (σ(w x + b) − y)², the chapter's example."""
    g = Graph().input("w", w).input("x", x).op("u", "mul", "w", "x")
    g.input("b", b).op("z", "add", "u", "b").op("a", "sigmoid", "z")
    return g.input("y", y).op("e", "sub", "a", "y").op("L", "square", "e")


def test_forward_computes_the_formula():
    g = neuron()
    assert g.forward() == pytest.approx((float(sigmoid(0.7)) - 1.0) ** 2, rel=1e-15)
    assert g.output is g["L"]


def test_backward_matches_central_differences_for_every_input():
    g = neuron()
    g.forward()
    grads = g.backward()
    assert grads["L"] == 1.0
    for name in ("w", "x", "b", "y"):
        def loss_at(value):
            nudged = neuron()
            nudged[name].value = value
            return nudged.forward()
        h = 1e-6
        base = g[name].value
        numerical = (loss_at(base + h) - loss_at(base - h)) / (2 * h)
        assert grads[name] == pytest.approx(numerical, abs=1e-8), name


def test_chain_rule_product_for_w():
    g = neuron()
    g.forward()
    grads = g.backward()
    a, e = g["a"].value, g["e"].value
    assert grads["w"] == pytest.approx(2 * e * a * (1 - a) * 1.5, rel=1e-14)


def test_gradients_add_where_a_node_is_used_twice():
    g = Graph().input("x", 3.0).op("L", "mul", "x", "x")
    g.forward()
    assert g.backward()["x"] == 6.0


def test_backward_can_run_twice_without_accumulating():
    g = neuron()
    g.forward()
    first = g.backward()
    assert g.backward() == first


@pytest.mark.parametrize("op", sorted(OPS))
def test_every_op_derivative_matches_central_differences(op):
    function, derivative = OPS[op]
    arity = function.__code__.co_argcount
    args = [0.3, -1.7][:arity]
    out = function(*args)
    local = derivative(*args, out)
    for i in range(arity):
        h = 1e-6
        up, down = list(args), list(args)
        up[i] += h
        down[i] -= h
        assert local[i] == pytest.approx((function(*up) - function(*down)) / (2 * h), abs=1e-8)


def test_steps_yield_each_node_in_order():
    g = neuron()
    assert [n.name for n in g.forward_steps()] == ["u", "z", "a", "e", "L"]
    assert [n.name for n in g.backward_steps()] == ["L", "L", "e", "a", "z", "u"]


def test_bad_graphs_are_refused_with_names():
    g = Graph().input("x", 1.0)
    with pytest.raises(ValueError, match="'pow'.*known: add"):
        g.op("y", "pow", "x")
    with pytest.raises(ValueError, match=r"\['q'\]"):
        g.op("y", "add", "x", "q")
    with pytest.raises(ValueError, match="square takes 1 input"):
        g.op("y", "square", "x", "x")
    with pytest.raises(ValueError, match="already has a node named 'x'"):
        g.input("x", 2.0)


def test_sigmoid_node_is_finite_far_out():
    g = Graph().input("z", -1000.0).op("a", "sigmoid", "z")
    assert g.forward() == 0.0
    assert np.isfinite(g.backward()["z"])


def test_repr():
    g = Graph().input("x", 2.0).op("L", "square", "x")
    assert repr(g) == "Graph(x, L)"
    assert repr(g["x"]) == "Node('x', value=2.0)"
