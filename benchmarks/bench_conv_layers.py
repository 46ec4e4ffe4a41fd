"""Time forward + backward of the classic CNN's convolution stack (a benchmark, not a test).

The stack is the convolutional part of the classic Keras MNIST script, NCHW, float32:

    conv 4@5x5 -> tanh -> conv 8@3x3 -> tanh -> pool 2 -> conv 16@3x3 -> tanh -> pool 2

on a batch of 100 bundled MNIST digits (real digits: their zero backgrounds are full of
max-pool ties). Three implementations are timed:

* ``loops``: nnbook.conv_loops, the readable version, on a tiny batch, scaled up to the
  full batch (it is linear in the batch size);
* ``nnbook``: the Conv2D and MaxPooling2D layers (nnbook.conv, nnbook.pooling);
* ``torch``: the same stack in PyTorch with the same weights, when torch can be imported.
  PyTorch is not a dependency of nnbook; install it in a scratch environment to compare.

nnbook and PyTorch are timed in alternation, round after round, on the same number of
threads (threadpoolctl fixes numpy's BLAS threads, torch.set_num_threads PyTorch's), and
the median and best time per batch are reported. The ratio is nnbook's throughput over
PyTorch's: 1.0 means as fast. The machine is shared, so single runs vary by tens of
percent; compare only numbers from one run.

PyTorch's input needs no gradient in training, so ``torch`` skips ∂L/∂x of the first layer;
nnbook's Conv2D always returns it, and so does ``torch+dx`` (an input that needs a
gradient), which does the same work as nnbook. ``--profile`` prints where nnbook's time
goes, layer by layer.

Usage (from the repository root)::

    python benchmarks/bench_conv_layers.py [--batch 100] [--rounds 9] [--threads 1 2] [--profile]

To compare with PyTorch without adding it to nnbook's environment, use a scratch one, e.g.
``python -m venv /tmp/bench && /tmp/bench/bin/pip install torch threadpoolctl -e .`` (take
PyTorch's CPU-only build: the default one brings CUDA libraries of several GB).
"""

import argparse
import contextlib
import statistics
import sys
import time
from functools import partial

import numpy as np

from nnbook import conv_loops
from nnbook.conv import Conv2D
from nnbook.data import load_mnist
from nnbook.layers import Tanh
from nnbook.pooling import MaxPooling2D

try:
    import torch
except ImportError:
    torch = None

try:
    from threadpoolctl import threadpool_limits
except ImportError:
    threadpool_limits = None


def nnbook_stack(seed=0):
    return [
        Conv2D(4, 5, input_shape=(1, 28, 28), seed=seed), Tanh(),
        Conv2D(8, 3, seed=seed + 1), Tanh(), MaxPooling2D(2),
        Conv2D(16, 3, seed=seed + 2), Tanh(), MaxPooling2D(2),
    ]


def nnbook_step(layers, x, grad_out):
    """One forward and backward pass through ``layers``; returns the input gradient."""
    a = x
    for layer in layers:
        a = layer.forward(a)
    grad = grad_out
    for layer in reversed(layers):
        grad = layer.backward(grad)
    return grad


def loops_step(weights, x, grad_out):
    """The same pass with the loop functions of nnbook.conv_loops (and numpy's tanh)."""
    (W1, b1), (W2, b2), (W3, b3) = weights
    z1 = conv_loops.conv2d_forward(x, W1, b1)
    a1 = np.tanh(z1)
    z2 = conv_loops.conv2d_forward(a1, W2, b2)
    a2 = np.tanh(z2)
    p2 = conv_loops.max_pool_forward(a2)
    z3 = conv_loops.conv2d_forward(p2, W3, b3)
    a3 = np.tanh(z3)
    conv_loops.max_pool_forward(a3)
    g = conv_loops.max_pool_backward(a3, grad_out)
    g = g * (1 - a3 * a3)
    g, _, _ = conv_loops.conv2d_backward(p2, W3, g)
    g = conv_loops.max_pool_backward(a2, g)
    g = g * (1 - a2 * a2)
    g, _, _ = conv_loops.conv2d_backward(a1, W2, g)
    g = g * (1 - a1 * a1)
    g, _, _ = conv_loops.conv2d_backward(x, W1, g)
    return g


def torch_stack(layers):
    """The same stack in PyTorch, holding copies of the nnbook layers' weights."""
    nn = torch.nn
    model = nn.Sequential(
        nn.Conv2d(1, 4, 5), nn.Tanh(), nn.Conv2d(4, 8, 3), nn.Tanh(), nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 3), nn.Tanh(), nn.MaxPool2d(2),
    )
    convs = [layer for layer in layers if isinstance(layer, Conv2D)]
    with torch.no_grad():
        for ours, theirs in zip(convs, [m for m in model if isinstance(m, nn.Conv2d)]):
            theirs.weight.copy_(torch.from_numpy(ours.params["W"]))
            theirs.bias.copy_(torch.from_numpy(ours.params["b"]))
    return model


def torch_step(model, x, grad_out):
    for p in model.parameters():
        p.grad = None
    model(x).backward(grad_out)


def seconds_per_call(func, calls):
    """Seconds per call of ``func``, timed over ``calls`` calls in a row."""
    start = time.perf_counter()
    for _ in range(calls):
        func()
    return (time.perf_counter() - start) / calls


def profile(layers, x, grad_out, repeats):
    """Print the best time of each layer's forward and backward over ``repeats`` tries."""
    inputs = [x]
    for layer in layers[:-1]:
        inputs.append(layer.forward(inputs[-1]))
    upstream = [grad_out]  # upstream[k]: the gradient arriving at layers[-1 - k]
    layers[-1].forward(inputs[-1])
    for layer in reversed(layers[1:]):
        upstream.append(layer.backward(upstream[-1]))
    total = 0.0
    for layer, a, g in zip(layers, inputs, reversed(upstream)):
        forward = min(seconds_per_call(partial(layer.forward, a), 1) for _ in range(repeats))
        backward = min(seconds_per_call(partial(layer.backward, g), 1) for _ in range(repeats))
        total += forward + backward
        print(f"    {layer!r:<44} forward {forward * 1e3:6.3f} ms"
              f"  backward {backward * 1e3:6.3f} ms")
    print(f"    {'sum of the bests':<44} {total * 1e3:.3f} ms")


@contextlib.contextmanager
def threads(count):
    """numpy's BLAS and PyTorch limited to ``count`` threads."""
    if torch is not None:
        before = torch.get_num_threads()
        torch.set_num_threads(count)
    limits = threadpool_limits(limits=count, user_api="blas") if threadpool_limits else None
    try:
        yield
    finally:
        if limits is not None:
            limits.restore_original_limits()
        if torch is not None:
            torch.set_num_threads(before)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--loop-batch", type=int, default=4,
                        help="batch for the slow loop version, scaled up to --batch")
    parser.add_argument("--rounds", type=int, default=9, help="alternating rounds per thread count")
    parser.add_argument("--steps", type=int, default=10, help="batches timed in a row per round")
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--profile", action="store_true", help="time each nnbook layer too")
    args = parser.parse_args(argv)

    x = load_mnist("bundled").x[:args.batch]  # float32 (N, 1, 28, 28) in [0, 1]
    grad_out = np.random.default_rng(0).standard_normal((args.batch, 16, 4, 4)).astype(np.float32)
    layers = nnbook_stack()
    nnbook_step(layers, x, grad_out)  # builds the layers in float32
    assert all(p.dtype == np.float32 for layer in layers for p in layer.params.values())

    print(f"numpy {np.__version__}", end="")
    if torch is not None:
        print(f", torch {torch.__version__}", end="")
    print(f"; batch {args.batch}, float32, {args.rounds} rounds of {args.steps} batches")
    if threadpool_limits is None:
        print("threadpoolctl is not installed: BLAS threads are not fixed", file=sys.stderr)

    if torch is not None:
        model = torch_stack(layers)
        x_torch, grad_torch = torch.from_numpy(x), torch.from_numpy(grad_out)
        out = model(x_torch)
        a = x
        for layer in layers:
            a = layer.forward(a)
        np.testing.assert_allclose(a, out.detach().numpy(), rtol=1e-4, atol=1e-5)
        out.backward(grad_torch)
        nnbook_step(layers, x, grad_out)
        np.testing.assert_allclose(layers[0].grads["W"], model[0].weight.grad.numpy(),
                                   rtol=1e-3, atol=1e-4)
        print("torch and nnbook agree on the output and conv1's weight gradient")

    convs = [layer for layer in layers if isinstance(layer, Conv2D)]
    weights = [(layer.params["W"], layer.params["b"]) for layer in convs]
    small = args.loop_batch
    with threads(1):
        loop_time = seconds_per_call(lambda: loops_step(weights, x[:small], grad_out[:small]), 1)
    loop_time *= args.batch / small
    print(f"loops (1 thread, batch {small} scaled to {args.batch}): {loop_time * 1e3:.1f} ms/batch,"
          f" {args.batch / loop_time:.0f} img/s")

    steps = {"nnbook": lambda: nnbook_step(layers, x, grad_out)}
    if torch is not None:
        x_needs_grad = x_torch.clone().requires_grad_(True)
        steps["torch"] = lambda: torch_step(model, x_torch, grad_torch)
        steps["torch+dx"] = lambda: torch_step(model, x_needs_grad, grad_torch)
    for count in args.threads:
        with threads(count):
            for step in steps.values():  # warm up
                step(), step()
            times = {name: [] for name in steps}
            for _ in range(args.rounds):  # in alternation, so that all see the same machine
                for name, step in steps.items():
                    times[name].append(seconds_per_call(step, args.steps))
            print(f"{count} thread{'s' if count > 1 else ''}:")
            for name, values in times.items():
                median, best = statistics.median(values), min(values)
                print(f"  {name:<9} median {median * 1e3:6.2f} ms/batch"
                      f" ({args.batch / median:6.0f} img/s), best {best * 1e3:6.2f} ms/batch"
                      f" ({args.batch / best:6.0f} img/s)")
            for name in ("torch", "torch+dx"):
                if name in times:
                    ratio_median = (statistics.median(times[name])
                                    / statistics.median(times["nnbook"]))
                    ratio_best = min(times[name]) / min(times["nnbook"])
                    per_round = sorted(t / n for t, n in zip(times[name], times["nnbook"]))
                    print(f"  nnbook / {name} throughput: median {ratio_median:.2f},"
                          f" best {ratio_best:.2f}, rounds {per_round[0]:.2f}-{per_round[-1]:.2f}")
            loops_ratio = statistics.median(times["nnbook"]) / loop_time
            print(f"  loops / nnbook throughput: {loops_ratio:.4f}")
            if args.profile:
                profile(layers, x, grad_out, args.rounds)


if __name__ == "__main__":
    main()
