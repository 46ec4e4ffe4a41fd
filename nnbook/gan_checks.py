"""Introduced in Chapter 6. The checks at a GAN's doors: networks that fit, data, settings.

``nnbook.gan.GAN`` calls these before it changes anything; each error names what was
expected and what was received.
"""

import numpy as np

from nnbook.checks import all_finite, numeric_array, positive_int
from nnbook.losses.cross_entropy import _clipped

EPS = 1e-7
"""D's outputs are clipped to [EPS, 1 - EPS] before their log, as binary cross-entropy
clips (more in float16, where 1 - 1e-7 rounds to 1). Explained in Chapter 6."""


def probabilities(d, name):
    """``d`` clipped to [EPS, 1 - EPS], and where it was inside; or a clear error."""
    d = numeric_array(d, name)
    if d.dtype.kind != "f":
        d = d.astype(np.float64)
    if d.size == 0 or not (d.min() >= 0 and d.max() <= 1):
        found = f"values from {d.min()} to {d.max()}" if d.size else "an empty array"
        raise ValueError(f"{name} must hold D's outputs, probabilities in [0, 1], got {found}"
                         " (end the discriminator with Activation('sigmoid'))")
    return _clipped(d, EPS)


def check_models(gan):
    """One example through G and D; returns (the shape of an example, D's dtype)."""
    G, D = gan.generator, gan.discriminator
    for name, model in (("generator", G), ("discriminator", D)):
        if isinstance(model, type) or not hasattr(model, "backward"):
            raise TypeError(f"GAN {name} must be a model or a layer (e.g. a Sequential),"
                            f" got {model!r}")
    if G is D:
        raise ValueError("GAN needs two networks: the generator is the discriminator")
    if getattr(G, "input_shape", None) not in (None, (gan.latent_dim,)):
        raise ValueError(f"GAN latent_dim is {gan.latent_dim}, but the generator takes"
                         f" inputs of shape {G.input_shape}")
    z = gan.sample_latent(1, np.random.default_rng(0))
    x_fake = _forward(G, z, f"the generator cannot take latent vectors of latent_dim="
                            f"{gan.latent_dim}")
    shape = x_fake.shape[1:]
    if getattr(D, "input_shape", None) not in (None, shape):
        raise ValueError(f"the generator makes examples of shape {shape}, but the"
                         f" discriminator takes examples of shape {D.input_shape}")
    probs = _forward(D, x_fake, f"the discriminator cannot take the generator's examples"
                                f" of shape {shape}")
    if probs.shape != (1, 1):
        raise ValueError("the discriminator must output one probability per example,"
                         f" shape (N, 1); for 1 example it gave shape {probs.shape}")
    probabilities(probs, "the discriminator's output")
    g_dtype, d_dtype = getattr(G, "dtype", None), getattr(D, "dtype", None)
    if g_dtype is not None and d_dtype is not None and g_dtype != d_dtype:
        raise ValueError(f"the generator computes in {g_dtype} but the discriminator in"
                         f" {d_dtype}: give both the same dtype")
    return shape, d_dtype if d_dtype is not None else x_fake.dtype


def prepared(gan, x_real):
    """x_real in D's dtype, finite, its examples of the shape G makes and D takes."""
    x = all_finite(numeric_array(x_real, "GAN.fit's x_real", gan.dtype),
                   "GAN.fit's x_real")
    if x.ndim < 1 or x.shape[1:] != gan.example_shape:
        shape = ", ".join(map(str, gan.example_shape))
        fits = x.size % np.prod(gan.example_shape) == 0
        hint = f" (x_real.reshape(-1, {shape})?)" if fits else ""
        raise ValueError(f"GAN.fit's x_real must have shape (N, {shape}), examples as the"
                         f" generator makes them and the discriminator takes them, got"
                         f" {x.shape}{hint}")
    if len(x) == 0:
        raise ValueError("GAN.fit got no real examples: x_real is empty")
    return x


def check_step(gan, x_real, batch_size):
    if not isinstance(x_real, np.ndarray) or x_real.shape[1:] != gan.example_shape:
        shape = getattr(x_real, "shape", type(x_real).__name__)
        raise ValueError(f"GAN.train_step's x_real must be an array (N, "
                         f"{', '.join(map(str, gan.example_shape))}), got {shape}")
    if positive_int(batch_size, "GAN.train_step batch_size") > len(x_real):
        raise ValueError(f"GAN.train_step batch_size={batch_size} is more than the"
                         f" {len(x_real)} examples in x_real")


def _forward(model, x, failure):
    """``model.forward(x)`` outside training, its error (if any) told as ``failure``."""
    try:
        return model.forward(x, training=False)
    except (ValueError, TypeError) as error:
        raise ValueError(f"{failure}: {error}") from None
