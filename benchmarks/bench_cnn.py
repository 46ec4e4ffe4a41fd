"""Train the classic Keras MNIST CNN with nnbook's ``Sequential.fit`` and time it (a benchmark).

The model is the classic script's, NCHW, float32:

    Conv2D(4, 5) -> tanh -> Conv2D(8, 3) -> tanh -> MaxPooling2D(2) -> Conv2D(16, 3) -> tanh
    -> MaxPooling2D(2) -> Flatten -> Dense(128, "normal") -> tanh -> Dense(10, "normal")
    -> softmax;  categorical cross-entropy;
    SGD(learning_rate=0.05, decay=1e-6, momentum=0.9, nesterov=True), batch 100.

The data: the 5,000 bundled MNIST digits (``nnbook.data.load_mnist()``) followed by the
first 1,000 of them again, 6,000 real images in all (real digits: their zero backgrounds
are full of max-pool ties). One timed round is one epoch of ``fit`` over them, shuffled.

When PyTorch can be imported, the same model is trained in PyTorch too: same starting
weights (copied from nnbook's, so the same initialisation), channels-first, float32, the
same Nesterov SGD with Keras's decay (the learning rate is set before every step), and
cross-entropy on the logits (what nnbook's fused softmax + cross-entropy computes), on the
same shuffled batches. PyTorch is not a dependency of nnbook; install it in a scratch
environment to compare (its CPU-only build).

Both are given the same number of threads: ``Sequential.threads`` for nnbook (with 2,
``fit`` trains on the two halves of each batch at once; its BLAS stays on one thread per
half, see ``nnbook.fast.blas.single_blas_thread``), numpy's BLAS threads through threadpoolctl,
and ``torch.set_num_threads`` for PyTorch. The two are timed in
alternation, round after round, and the median and best images per second are reported,
with their ratio: nnbook's throughput over PyTorch's, 1.0 meaning as fast. The machine
may be shared, so compare only numbers from one run.

Usage (from the repository root)::

    python benchmarks/bench_cnn.py [--rounds 7] [--threads 2 1] [--images 6000]
"""

import argparse
import statistics
import time

import numpy as np

from nnbook.conv import Conv2D
from nnbook.data import load_mnist, to_categorical
from nnbook.layers import Dense, Flatten, Softmax, Tanh
from nnbook.model import Sequential
from nnbook.optimizers import SGD
from nnbook.pooling import MaxPooling2D

try:
    import torch
except ImportError:
    torch = None
TORCH_DEFAULT_THREADS = torch.get_num_threads() if torch is not None else None

try:
    from threadpoolctl import ThreadpoolController
except ImportError:
    ThreadpoolController = None
BLAS = ThreadpoolController() if ThreadpoolController else None
BLAS_DEFAULT_THREADS = (max(lib["num_threads"] for lib in BLAS.select(user_api="blas").info())
                        if BLAS and BLAS.select(user_api="blas").info() else None)


def classic_model(seed=0):
    model = Sequential([
        Conv2D(4, 5, input_shape=(1, 28, 28), seed=seed), Tanh(),
        Conv2D(8, 3, seed=seed + 1), Tanh(), MaxPooling2D(2),
        Conv2D(16, 3, seed=seed + 2), Tanh(), MaxPooling2D(2),
        Flatten(), Dense(128, kernel_initializer="normal", seed=seed + 3), Tanh(),
        Dense(10, kernel_initializer="normal", seed=seed + 4), Softmax(),
    ], seed=seed)
    model.compile(optimizer=SGD(learning_rate=0.05, decay=1e-6, momentum=0.9, nesterov=True),
                  loss="categorical_crossentropy")
    model.build((1, 28, 28))
    return model


def torch_model(model):
    """The same network in PyTorch (logits out), starting from ``model``'s weights."""
    nn = torch.nn
    net = nn.Sequential(
        nn.Conv2d(1, 4, 5), nn.Tanh(), nn.Conv2d(4, 8, 3), nn.Tanh(), nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 3), nn.Tanh(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(256, 128), nn.Tanh(), nn.Linear(128, 10),
    )
    ours = [layer for layer in model.layers if layer.params]
    theirs = [m for m in net if isinstance(m, (nn.Conv2d, nn.Linear))]
    with torch.no_grad():
        for a, b in zip(ours, theirs):
            W = a.params["W"] if isinstance(a, Conv2D) else a.params["W"].T
            b.weight.copy_(torch.from_numpy(np.ascontiguousarray(W)))
            b.bias.copy_(torch.from_numpy(a.params["b"]))
    return net


class TorchTrainer:
    """PyTorch's side: one epoch of Nesterov SGD with Keras's decay, batch by batch."""

    def __init__(self, net, x, labels, batch_size, seed=0):
        self.net, self.batch_size = net, batch_size
        self.x, self.labels = torch.from_numpy(x), torch.from_numpy(labels)
        self.optimizer = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9, nesterov=True)
        self.loss = torch.nn.CrossEntropyLoss()
        self.iterations = 0
        self.rng = np.random.default_rng(seed)

    def epoch(self):
        order = torch.from_numpy(self.rng.permutation(len(self.x)))
        for start in range(0, len(order), self.batch_size):
            batch = order[start:start + self.batch_size]
            for group in self.optimizer.param_groups:
                group["lr"] = 0.05 / (1.0 + 1e-6 * self.iterations)
            self.optimizer.zero_grad(set_to_none=True)
            self.loss(self.net(self.x[batch]), self.labels[batch]).backward()
            self.optimizer.step()
            self.iterations += 1


def set_threads(count):
    """numpy's BLAS and PyTorch on ``count`` threads; None: each back to its default."""
    if BLAS_DEFAULT_THREADS is not None:
        BLAS.limit(limits=BLAS_DEFAULT_THREADS if count is None else count, user_api="blas")
    if torch is not None:
        torch.set_num_threads(TORCH_DEFAULT_THREADS if count is None else count)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--images", type=int, default=6000)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=7, help="alternating epochs per thread count")
    parser.add_argument("--threads", type=int, nargs="+", default=[2, 1])
    args = parser.parse_args(argv)

    data = load_mnist("bundled")
    repeat = np.arange(args.images) % len(data.x)  # 5,000 digits, then the first ones again
    x, labels = data.x[repeat], data.y[repeat]
    y = to_categorical(labels, 10)
    model = classic_model()
    assert x.dtype == np.float32

    print(f"numpy {np.__version__}" + (f", torch {torch.__version__}" if torch else ""))
    print(f"{len(x)} images (the {len(data.x)} bundled digits, then the first"
          f" {len(x) - len(data.x)} again), batch {args.batch}, float32;"
          f" {args.rounds} alternating epochs per thread count")
    epochs = {"nnbook": lambda: model.fit(x, y, batch_size=args.batch, epochs=1, verbose=0)}
    if torch is not None:
        trainer = TorchTrainer(torch_model(model), x, labels, args.batch)
        epochs["torch"] = trainer.epoch
    else:
        print("PyTorch is not installed: nnbook alone")

    try:
        for count in args.threads:
            set_threads(count)
            model.threads = count
            for epoch in epochs.values():  # warm up
                epoch()
            times = {name: [] for name in epochs}
            for _ in range(args.rounds):
                for name, epoch in epochs.items():
                    start = time.perf_counter()
                    epoch()
                    times[name].append(time.perf_counter() - start)
            print(f"{count} thread{'s' if count > 1 else ''}:")
            for name, values in times.items():
                median, best = statistics.median(values), min(values)
                print(f"  {name:<7} median {len(x) / median:6.0f} img/s, best {len(x) / best:6.0f}"
                      f" img/s ({median * 1e3 / (len(x) / args.batch):5.2f} ms/batch median)")
            if "torch" in times:
                ratio_median = (statistics.median(times["torch"])
                                / statistics.median(times["nnbook"]))
                ratio_best = min(times["torch"]) / min(times["nnbook"])
                per_round = sorted(t / n for t, n in zip(times["torch"], times["nnbook"]))
                print(f"  nnbook / torch throughput: median {ratio_median:.2f}, best"
                      f" {ratio_best:.2f}, rounds {per_round[0]:.2f}-{per_round[-1]:.2f}")
    finally:
        set_threads(None)
    loss = model.evaluate(x[:1000], y[:1000], batch_size=args.batch, verbose=0)
    print(f"nnbook's loss on the first 1000 images after training: {loss:.3f}")


if __name__ == "__main__":
    main()
