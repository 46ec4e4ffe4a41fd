"""One epoch of Chapter 4's CNN with nnbook alone: the time to compare two versions of nnbook.

``bench_cnn.py`` compares nnbook with PyTorch; this compares nnbook with itself. Run it
from two checkouts in alternation, each with its own tree first on the path, and compare
the medians of the printed times (the best of three epochs each run)::

    for i in 1 2 3 4 5 6; do
        for tree in ../old ../new; do PYTHONPATH=$tree python benchmarks/bench_epoch.py 2; done
    done

The argument is the number of threads (default 2). The data: the 5,000 bundled digits and
the first 1,000 again, batch 100, float32, the classic script's SGD.
"""

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_cnn import SGD, classic_model  # noqa: E402  (the same model and optimizer)

from nnbook.data import load_mnist, to_categorical  # noqa: E402


def main(threads=2):
    x, y = load_mnist()
    x, y = np.concatenate([x, x[:1000]]), to_categorical(np.concatenate([y, y[:1000]]), 10)
    model = classic_model(seed=0)
    model.compile(optimizer=SGD(learning_rate=0.05, decay=1e-6, momentum=0.9, nesterov=True),
                  loss="categorical_crossentropy")
    model.threads = threads
    model.fit(x[:200], y[:200], batch_size=100, epochs=1, verbose=0)  # warm up
    times = []
    for _ in range(3):
        start = time.perf_counter()
        model.fit(x, y, batch_size=100, epochs=1, verbose=0)
        times.append(time.perf_counter() - start)
    print(f"{min(times):.3f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2)
