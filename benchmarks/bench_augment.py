"""Time Chapter 5's data augmentation: nnbook's ImageDataGenerator against Keras's (a benchmark).

The generator gets the classic script's options::

    ImageDataGenerator(featurewise_center=True, samplewise_center=False,
                       featurewise_std_normalization=True, samplewise_std_normalization=False,
                       zca_whitening=False, rotation_range=20, width_shift_range=0.2,
                       height_shift_range=0.2, horizontal_flip=True, vertical_flip=False)

fitted on the 5,000 bundled MNIST digits (``nnbook.data.load_mnist()``), NCHW float32.
Three things are timed, in alternation, round after round, and their medians reported:

* augmentation alone: one pass of ``flow(x, y, batch_size)`` over the digits, in images
  per second, for nnbook and, when it can be imported, Keras's legacy generator
  (``data_format="channels_first"``; Keras 3 keeps it in ``keras.src.legacy``; set
  ``KERAS_BACKEND=torch`` if TensorFlow is not installed). Keras is not a dependency of
  nnbook: install ``keras scipy`` in a scratch environment to compare.
* training the classic CNN (``bench_cnn.classic_model``) for one epoch on the plain
  arrays, ``model.fit(x, y, batch_size)``, and
* the same model trained on the flow, ``model.fit(datagen.flow(x, y, batch_size),
  steps_per_epoch=len(x) // batch_size)``: the ratio says what augmentation costs.

The machine may be shared, so compare only numbers from one run.

Usage (from the repository root)::

    python benchmarks/bench_augment.py [--rounds 5] [--batch 100] [--threads 2]
"""

import argparse
import os
import statistics
import time

import numpy as np

from bench_cnn import classic_model
from nnbook.augment import ImageDataGenerator
from nnbook.data import load_mnist, to_categorical

os.environ.setdefault("KERAS_BACKEND", "torch")
try:
    try:
        from keras.preprocessing.image import ImageDataGenerator as KerasGenerator
    except ImportError:  # Keras 3 keeps the legacy generator here
        from keras.src.legacy.preprocessing.image import ImageDataGenerator as KerasGenerator
    import keras
    KERAS_VERSION = keras.__version__
except ImportError:
    KerasGenerator = KERAS_VERSION = None

SCRIPT_OPTIONS = dict(featurewise_center=True, samplewise_center=False,
                      featurewise_std_normalization=True, samplewise_std_normalization=False,
                      zca_whitening=False, rotation_range=20, width_shift_range=0.2,
                      height_shift_range=0.2, horizontal_flip=True, vertical_flip=False)


def one_pass(flow):
    """A function reading one pass of ``flow`` (len(flow) batches); returns images read."""
    def run():
        return sum(len(next(flow)[0]) for _ in range(len(flow)))
    return run


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--threads", type=int, default=None,
                        help="training threads (Sequential.threads); default: nnbook's")
    args = parser.parse_args(argv)

    x, labels = load_mnist()
    y = to_categorical(labels, 10)
    datagen = ImageDataGenerator(**SCRIPT_OPTIONS, seed=0)
    datagen.fit(x)
    steps = len(x) // args.batch
    plain, augmented = classic_model(), classic_model()
    if args.threads is not None:
        plain.threads = augmented.threads = args.threads
    training_flow = datagen.flow(x, y, batch_size=args.batch, seed=1)

    def fit_on_arrays():
        plain.fit(x, y, batch_size=args.batch, verbose=0)
        return len(x)

    def fit_on_flow():
        augmented.fit(training_flow, steps_per_epoch=steps, verbose=0)
        return steps * args.batch

    tasks = {"nnbook flow": one_pass(datagen.flow(x, y, batch_size=args.batch, seed=0)),
             "fit on arrays": fit_on_arrays, "fit on flow": fit_on_flow}
    if KerasGenerator is not None:
        keras_gen = KerasGenerator(**SCRIPT_OPTIONS, data_format="channels_first")
        keras_gen.fit(x)
        tasks["keras flow"] = one_pass(keras_gen.flow(x, y, batch_size=args.batch, seed=0))

    print(f"numpy {np.__version__}"
          + (f", keras {KERAS_VERSION} (legacy ImageDataGenerator)" if KERAS_VERSION else
             "; Keras is not installed: nnbook alone"))
    print(f"{len(x)} bundled digits, batch {args.batch}, float32, the script's options;"
          f" {args.rounds} alternating rounds; training threads {plain.threads}")
    for task in tasks.values():  # warm up
        task()
    speeds = {name: [] for name in tasks}
    for _ in range(args.rounds):
        for name, task in tasks.items():
            start = time.perf_counter()
            images = task()
            speeds[name].append(images / (time.perf_counter() - start))
    for name, values in speeds.items():
        print(f"  {name:<14} median {statistics.median(values):8.0f} img/s,"
              f" best {max(values):8.0f} img/s")

    def ratio(a, b):
        per_round = sorted(p / q for p, q in zip(speeds[a], speeds[b]))
        return (f"median {statistics.median(speeds[a]) / statistics.median(speeds[b]):.2f}"
                f" (rounds {per_round[0]:.2f}-{per_round[-1]:.2f})")

    if "keras flow" in speeds:
        print(f"nnbook flow / Keras flow: {ratio('nnbook flow', 'keras flow')}")
    print(f"training on the flow / on arrays: {ratio('fit on flow', 'fit on arrays')}")


if __name__ == "__main__":
    main()
