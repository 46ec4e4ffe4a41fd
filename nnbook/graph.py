"""Introduced in Chapter 2. A computational graph of numbers: values forward, gradients back.

A computation such as ``L = (σ(w·x + b) − y)²`` is a chain of small operations, each
with a derivative we know by heart. Write it as a graph: one node per input and per
operation. The forward pass visits the nodes in order and computes each ``value``; the
backward pass visits them in reverse and computes each ``grad`` = ∂L/∂node with the chain
rule: a node hands each of its inputs its own gradient times the local derivative.

Where one node feeds several others, the gradients from each path are *added*. That is the
multivariable chain rule, and it is why ``backward_steps`` uses ``+=``.

This module works on plain Python floats, one number per node, to make every step visible.
``nnbook.layers`` does the same thing on whole arrays.
"""

import numbers

import numpy as np

from nnbook.activations import sigmoid

# Each operation: (function of the input values, local derivatives). The derivatives get
# the input values and the node's own output, and return ∂out/∂input for each input.
OPS = {
    "add": (lambda a, b: a + b, lambda a, b, out: (1.0, 1.0)),
    "sub": (lambda a, b: a - b, lambda a, b, out: (1.0, -1.0)),
    "mul": (lambda a, b: a * b, lambda a, b, out: (b, a)),
    "square": (lambda a: a * a, lambda a, out: (2.0 * a,)),
    "sigmoid": (lambda a: float(sigmoid(a)), lambda a, out: (out * (1.0 - out),)),
}
"""Operations a :class:`Graph` node can apply, by name. Explained in Chapter 2."""


def _number(value):
    """``value`` as a finite float, or an error naming it (Graph.input's check)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"Graph.input expected value, a number, got {value!r}")
    if not np.isfinite(value):
        raise ValueError(f"Graph.input expected value, a finite number, got {value!r}")
    return float(value)


class Node:
    """One number in a :class:`Graph`: an input (``op`` is None) or the result of an operation.

    ``value`` is set by the forward pass, ``grad`` (∂L/∂node) by the backward pass; both
    are None until then. Explained in Chapter 2.
    """

    def __init__(self, name, op=None, inputs=(), value=None):
        self.name = name
        self.op = op
        self.inputs = tuple(inputs)
        self.value = value
        self.grad = None

    def __repr__(self):
        if self.op is None:
            return f"Node({self.name!r}, value={self.value})"
        return f"Node({self.name!r}, {self.op}{self.inputs}, value={self.value}, grad={self.grad})"


class Graph:
    """A computational graph of scalars, built one node at a time; the last node is the output.

    Example::

        g = Graph()
        g.input("x", 2.0)
        g.input("w", 3.0)
        g.op("u", "mul", "w", "x")
        g.op("L", "square", "u")
        g.forward()      # 36.0
        g.backward()     # g["w"].grad == 2 * u * x == 24.0

    Explained in Chapter 2.
    """

    def __init__(self):
        self.nodes = {}  # name -> Node, in the order added: every node after its inputs

    def input(self, name, value):
        """Add an input node holding ``value``; return the graph (so calls can chain)."""
        self._add(Node(name, value=_number(value)))
        return self

    def op(self, name, op, *inputs):
        """Add a node computing ``OPS[op]`` of earlier nodes ``inputs``; return the graph."""
        if not isinstance(op, str) or op not in OPS:
            raise ValueError(f"unknown operation {op!r}; known: {', '.join(sorted(OPS))}")
        missing = [i for i in inputs if i not in self.nodes]
        if missing:
            raise ValueError(f"node {name!r} uses {missing}, which are not in the graph yet")
        arity = OPS[op][0].__code__.co_argcount
        if len(inputs) != arity:
            raise ValueError(f"{op} takes {arity} input(s), got {len(inputs)} for node {name!r}")
        self._add(Node(name, op, inputs))
        return self

    def _add(self, node):
        if not isinstance(node.name, str):
            who = "Graph.input" if node.op is None else "Graph.op"
            raise TypeError(f"{who} expected name, a str, got {node.name!r}")
        if node.name in self.nodes:
            raise ValueError(f"the graph already has a node named {node.name!r}")
        self.nodes[node.name] = node

    def __getitem__(self, name):
        return self.nodes[name]

    @property
    def output(self):
        """The last node added: the loss L."""
        return list(self.nodes.values())[-1]

    def forward_steps(self):
        """Compute each operation's value in order, yielding each node once it is done."""
        for node in self.nodes.values():
            if node.op is not None:
                function = OPS[node.op][0]
                node.value = function(*(self.nodes[i].value for i in node.inputs))
                yield node

    def backward_steps(self):
        """Compute ∂L/∂node for every node, visiting operations in reverse.

        First yields the output (∂L/∂L = 1); then, for each operation, hands
        its inputs their share of the gradient and yields the operation.
        """
        for node in self.nodes.values():
            node.grad = 0.0
        self.output.grad = 1.0
        yield self.output
        for node in reversed(list(self.nodes.values())):
            if node.op is None:
                continue
            inputs = [self.nodes[name].value for name in node.inputs]
            local = OPS[node.op][1](*inputs, node.value)
            for name, derivative in zip(node.inputs, local):
                self.nodes[name].grad += node.grad * derivative  # chain rule
            yield node

    def forward(self):
        """Run the whole forward pass; return the output's value."""
        for _ in self.forward_steps():
            pass
        return self.output.value

    def backward(self):
        """Run the whole backward pass (after ``forward``); return ``{name: ∂L/∂name}``."""
        for _ in self.backward_steps():
            pass
        return {name: node.grad for name, node in self.nodes.items()}

    def __repr__(self):
        return f"Graph({', '.join(self.nodes)})"
