"""Time the digits GAN's training step in nnbook and in PyTorch (a benchmark).

The GAN of Chapter 6, float32, on the 5,000 bundled MNIST digits scaled to [-1, 1]:

    G: Dense(256) on 64 normal numbers -> LeakyReLU(0.2) -> Dense(784) -> tanh
    D: Dense(256) on 784 pixels -> LeakyReLU(0.2) -> Dense(1) -> sigmoid
    Adam(learning_rate=2e-4, beta_1=0.5) for each; batch 64; one step = one update of D
    (on 64 real and 64 generated digits) then one of G (on 64 new ones).

nnbook trains with ``GAN.fit``. PyTorch (not a dependency of nnbook: install its CPU build
in a scratch environment) trains the same networks, from the same starting weights, with
the same real batches, in two ways:

- ``torch``: nnbook's algorithm, step for step: D sees the real and the generated digits
  in one batch, and D's parameters are frozen (``requires_grad_(False)``) while G learns,
  so neither side computes a gradient it does not use;
- ``torch-tut``: as PyTorch's DCGAN tutorial writes it: D sees the two batches one after
  the other, and G's backward pass also fills D's gradients (then zeroed).

Both use ``torch.optim.Adam`` with the same settings (its default implementation, as a
user would write it) and ``nn.BCELoss``. nnbook holds numpy's BLAS to one thread while it
trains; PyTorch gets the same number of threads (``--threads``, 1 by default; 2 lets
PyTorch use both cores while nnbook keeps to one). The three are timed in alternation,
round after round, and the median and best steps per second are reported, with the ratio
of nnbook's throughput to each (1.0 means as fast). The machine may be shared: compare
only numbers from one run.

Usage (from the repository root)::

    python benchmarks/bench_gan.py [--rounds 9] [--steps 100] [--threads 1]
"""

import argparse
import statistics
import time

import numpy as np

from nnbook.data import load_mnist
from nnbook.gan import GAN
from nnbook.layers import Activation, Dense, LeakyReLU
from nnbook.model import Sequential
from nnbook.optimizers import Adam

try:
    import torch
except ImportError:
    torch = None

LATENT, BATCH = 64, 64


def digits_gan(seed=0):
    G = Sequential([Dense(256, input_dim=LATENT, seed=seed), LeakyReLU(0.2),
                    Dense(784, seed=seed + 1), Activation("tanh")])
    D = Sequential([Dense(256, input_dim=784, seed=seed + 2), LeakyReLU(0.2),
                    Dense(1, seed=seed + 3), Activation("sigmoid")])
    return GAN(G, D, LATENT, g_optimizer=Adam(2e-4, beta_1=0.5),
               d_optimizer=Adam(2e-4, beta_1=0.5), seed=seed)


def torch_copy(model, last):
    """``model`` (Dense, LeakyReLU, Dense, activation) in PyTorch, with its weights."""
    first, second = model.layers[0], model.layers[2]
    net = torch.nn.Sequential(torch.nn.Linear(first.input_dim, first.units),
                              torch.nn.LeakyReLU(0.2),
                              torch.nn.Linear(second.input_dim, second.units), last)
    with torch.no_grad():
        for ours, theirs in ((first, net[0]), (second, net[2])):
            theirs.weight.copy_(torch.from_numpy(np.ascontiguousarray(ours.params["W"].T)))
            theirs.bias.copy_(torch.from_numpy(ours.params["b"]))
    return net


class TorchGAN:
    """PyTorch's side: ``steps`` D-then-G steps, as nnbook's (``tutorial=False``) or as
    PyTorch's DCGAN tutorial writes them."""

    def __init__(self, gan, x, tutorial, seed=0):
        self.G = torch_copy(gan.generator, torch.nn.Tanh())
        self.D = torch_copy(gan.discriminator, torch.nn.Sigmoid())
        self.x, self.tutorial = torch.from_numpy(x), tutorial
        settings = dict(lr=2e-4, betas=(0.5, 0.999), eps=1e-7)
        self.opt_g = torch.optim.Adam(self.G.parameters(), **settings)
        self.opt_d = torch.optim.Adam(self.D.parameters(), **settings)
        self.bce = torch.nn.BCELoss()
        self.ones, self.zeros = torch.ones(BATCH, 1), torch.zeros(BATCH, 1)
        self.labels = torch.cat([self.ones, self.zeros])
        self.rng = np.random.default_rng(seed)
        torch.manual_seed(seed)

    def fit(self, steps):
        for _ in range(steps):
            real = self.x[torch.from_numpy(self.rng.choice(len(self.x), BATCH, replace=False))]
            fake = self.G(torch.randn(BATCH, LATENT)).detach()
            self.opt_d.zero_grad(set_to_none=True)
            if self.tutorial:
                self.bce(self.D(real), self.ones).backward()
                self.bce(self.D(fake), self.zeros).backward()
            else:
                self.bce(self.D(torch.cat([real, fake])), self.labels).backward()
            self.opt_d.step()
            if not self.tutorial:
                self.D.requires_grad_(False)
            self.opt_g.zero_grad(set_to_none=True)
            self.bce(self.D(self.G(torch.randn(BATCH, LATENT))), self.ones).backward()
            self.opt_g.step()
            self.D.requires_grad_(True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=9, help="alternating rounds")
    parser.add_argument("--steps", type=int, default=100, help="training steps per round")
    parser.add_argument("--threads", type=int, default=1, help="PyTorch's threads")
    args = parser.parse_args(argv)

    x = load_mnist("bundled").x.reshape(-1, 784) * 2 - 1  # float32 in [-1, 1]
    gan = digits_gan()
    runs = {"nnbook": lambda: gan.fit(x, args.steps, batch_size=BATCH, verbose=0)}
    print(f"numpy {np.__version__}" + (f", torch {torch.__version__}" if torch else ""))
    if torch is not None:
        torch.set_num_threads(args.threads)
        for name, tutorial in (("torch", False), ("torch-tut", True)):
            trainer = TorchGAN(gan, x, tutorial)
            runs[name] = lambda trainer=trainer: trainer.fit(args.steps)
    else:
        print("PyTorch is not installed: nnbook alone")
    print(f"{len(x)} digits, batch {BATCH}, float32; nnbook on 1 BLAS thread, PyTorch on"
          f" {args.threads}; {args.rounds} alternating rounds of {args.steps} steps")
    for run in runs.values():  # warm up
        run()
    times = {name: [] for name in runs}
    for _ in range(args.rounds):
        for name, run in runs.items():
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
    for name, values in times.items():
        median, best = statistics.median(values), min(values)
        print(f"  {name:<9} median {args.steps / median:5.0f} steps/s, best"
              f" {args.steps / best:5.0f} ({median * 1e3 / args.steps:5.2f} ms/step median)")
    for name in [n for n in times if n != "nnbook"]:
        ratio = statistics.median(times[name]) / statistics.median(times["nnbook"])
        per_round = sorted(t / n for t, n in zip(times[name], times["nnbook"]))
        print(f"  nnbook / {name} throughput: median {ratio:.2f}, best"
              f" {min(times[name]) / min(times['nnbook']):.2f},"
              f" rounds {per_round[0]:.2f}-{per_round[-1]:.2f}")


if __name__ == "__main__":
    main()
