r"""Introduced in Chapter 6. GAN: a generator and a discriminator, trained against each other.

Goodfellow et al. (2014) set two networks a game. The discriminator D looks at an example
and outputs the probability that it is real; the generator G turns random noise z into
examples, and wants D to take them for real. Both play for the value

.. math::

    V(D, G) = \mathbb{E}_x[\log D(x)] + \mathbb{E}_z[\log(1 - D(G(z)))]

which D maximises and G minimises. Training takes turns, as in their Algorithm 1:
``d_steps`` updates of D on real and generated examples, then one update of G through D,
whose weights stay as they are while G learns:

    gan = GAN(generator, discriminator, latent_dim=64)
    history = gan.fit(x_real, steps=2000)
    images = gan.generate(16)

The losses, ``discriminator_loss`` and ``generator_loss``, are functions of D's outputs.

Reference: Goodfellow et al. 2014 (references.bib: ``goodfellow2014generative``).
"""

import numpy as np

from nnbook.checks import all_finite, numeric_array, one_of, positive_int, random_seed
from nnbook.fast.backprop import backward
from nnbook.fast.blas import single_blas_thread
from nnbook.fast.split import leaves
from nnbook.history import History
from nnbook.gan_checks import EPS, check_models, check_step, prepared, probabilities  # noqa: F401
from nnbook.optimizers import Adam, get_optimizer
from nnbook.progbar import Progbar

G_LOSSES = ("non_saturating", "minimax")
"""The generator losses ``GAN`` and ``generator_loss`` know. Explained in Chapter 6."""

def discriminator_loss(d_real, d_fake):
    r"""D's loss: binary cross-entropy, real examples labelled 1 and generated ones 0.

    .. math::

        L_D = -\frac{1}{2} \Big[ \frac{1}{m} \sum_i \log D(x_i)
              + \frac{1}{n} \sum_j \log\big(1 - D(G(z_j))\big) \Big]

    the mean of BCE(D(x), 1) and BCE(D(G(z)), 0): :math:`-V(D, G) / 2` on the batches. A
    D that cannot tell them apart, :math:`D = 1/2` everywhere, scores :math:`\log 2`. D's
    update steps down this loss, so up V as in Algorithm 1, at half its scale (which Adam's
    steps do not see). ``d_real`` and ``d_fake`` are D's outputs (probabilities) for the
    real examples and the generated ones, e.g. (m, 1) and (n, 1).

    Returns ``(value, grad_real, grad_fake)``: a float and :math:`\partial L_D / \partial`
    each array. D's outputs are clipped as BCE clips them (see ``EPS``; the gradient is 0
    where clipped): exactly 0 and 1 give finite numbers, without warnings.
    Explained in Chapter 6.
    """
    p_real, inside_real = probabilities(d_real, "d_real")
    p_fake, inside_fake = probabilities(d_fake, "d_fake")
    value = -0.5 * (np.mean(np.log(p_real)) + np.mean(np.log(1 - p_fake)))
    grad_real = np.where(inside_real, -0.5 / (p_real * p_real.size), 0)
    grad_fake = np.where(inside_fake, 0.5 / ((1 - p_fake) * p_fake.size), 0)
    return float(value), grad_real, grad_fake


def generator_loss(d_fake, kind="non_saturating"):
    r"""G's loss, from D's outputs on generated examples; ``kind`` is one of ``G_LOSSES``.

    .. math::

        \text{minimax:} \quad L_G = \frac{1}{n} \sum_j \log\big(1 - D(G(z_j))\big),
        \qquad
        \text{non-saturating:} \quad L_G = -\frac{1}{n} \sum_j \log D(G(z_j))

    "minimax" is the game's own: G minimises V, and only V's second term depends on G. Its
    trouble (Goodfellow et al. 2014, Section 3): early on D rejects the fakes,
    :math:`D(G(z)) \to 0`, and through D's sigmoid, :math:`D = \sigma(a)`, the gradient
    :math:`\partial L_G / \partial a = -D/n` vanishes with D. "non_saturating" is their
    practical choice, BCE(D(G(z)), 1): the same fixed point, and
    :math:`\partial L_G / \partial a = -(1 - D)/n`, largest exactly when D rejects the fakes.

    Returns ``(value, grad)``: a float and :math:`\partial L_G / \partial D(G(z))`, clipped
    as in ``discriminator_loss``. Explained in Chapter 6.
    """
    one_of(kind, G_LOSSES, "generator loss")
    p, inside = probabilities(d_fake, "d_fake")
    if kind == "non_saturating":
        return float(-np.mean(np.log(p))), np.where(inside, -1 / (p * p.size), 0)
    return float(np.mean(np.log(1 - p))), np.where(inside, -1 / ((1 - p) * p.size), 0)


def normal_noise(rng, n, latent_dim):
    """The default latent sampler: ``n`` vectors of ``latent_dim`` standard normal numbers,
    drawn from the generator ``rng``. Explained in Chapter 6."""
    if not hasattr(rng, "standard_normal"):
        raise TypeError(f"normal_noise's rng must be a numpy Generator (np.random.default_rng),"
                        f" got {type(rng).__name__}")
    shape = (positive_int(n, "normal_noise's n"), positive_int(latent_dim, "latent_dim"))
    return rng.standard_normal(shape)


class GAN:
    """A generator and a discriminator trained against each other (Goodfellow et al. 2014).

    Parameters
    ----------
    generator, discriminator : models or layers (e.g. ``Sequential``)
        G maps latent vectors (N, latent_dim) to examples of the shape D takes; D maps them
        to probabilities, (N, 1) (end it with a sigmoid). The layers trainable now are the
        ones the GAN updates. Checked here, with one example (``training=False``).
    latent_dim : int
        The length of a latent vector z.
    g_optimizer, d_optimizer : optimizer names or objects, two separate ones
        Default for each: ``Adam(learning_rate=2e-4, beta_1=0.5)``, the DCGAN settings.
    g_loss : {"non_saturating", "minimax"}
        G's loss (see ``generator_loss``).
    d_steps : int
        Updates of D per update of G (Algorithm 1's k).
    latent_sampler : callable ``(rng, n, latent_dim) -> (n, latent_dim) array``, optional
        Draws the noise: ``normal_noise`` by default; a uniform one is
        ``lambda rng, n, d: rng.uniform(-1, 1, (n, d))``.
    seed : int or None
        Seeds the GAN's generator ``rng``, which draws the noise and picks the real batches:
        the same seed and the same starting weights give the same history and examples.

    Explained in Chapter 6.
    """

    def __init__(self, generator, discriminator, latent_dim, g_optimizer=None,
                 d_optimizer=None, g_loss="non_saturating", d_steps=1, latent_sampler=None,
                 seed=None):
        self.latent_dim = positive_int(latent_dim, "GAN latent_dim")
        self.g_loss = one_of(g_loss, G_LOSSES, "GAN g_loss")
        self.d_steps = positive_int(d_steps, "GAN d_steps")
        self.g_optimizer, self.d_optimizer = (
            Adam(learning_rate=2e-4, beta_1=0.5) if given is None else get_optimizer(given)
            for given in (g_optimizer, d_optimizer))
        if self.g_optimizer is self.d_optimizer:
            raise ValueError("GAN needs two optimizer objects, g_optimizer and d_optimizer:"
                             " one object would count two updates per step (and mix state)")
        self.latent_sampler = normal_noise if latent_sampler is None else latent_sampler
        if not callable(self.latent_sampler):
            raise TypeError("GAN latent_sampler must be a function (rng, n, latent_dim) ->"
                            f" array, got {type(latent_sampler).__name__}")
        self.generator, self.discriminator = generator, discriminator
        self.example_shape, self.dtype = check_models(self)
        self._g_layers, self._d_layers = ([leaf for leaf in leaves(model) if leaf.trainable]
                                          for model in (generator, discriminator))
        for name, layers in (("generator", self._g_layers), ("discriminator", self._d_layers)):
            if not any(layer.params for layer in layers):
                raise ValueError(f"the {name} has no trainable parameters, so the GAN would"
                                 f" never update it (trainable = False, from Keras 2's pattern?"
                                 f" The GAN keeps D still in G's step itself)")
        self.rng = np.random.default_rng(seed)

    def fit(self, x_real, steps, batch_size=64, verbose=1):
        """Train for ``steps`` steps on ``x_real`` (N, *example_shape); return a ``History``
        whose ``history`` has one number per step of ``d_loss``, ``g_loss``, ``d_real`` and
        ``d_fake`` (see ``train_step``), and whose ``epoch`` lists the steps 0, 1, ...

        ``verbose``: 0 silent, 1 a progress bar counting steps (with the running means),
        2 one line at the end. Everything is checked before the first step."""
        x_real = prepared(self, x_real)
        steps = positive_int(steps, "GAN.fit steps")
        batch_size = positive_int(batch_size, "GAN.fit batch_size")
        if batch_size > len(x_real):
            raise ValueError(f"GAN.fit batch_size={batch_size} is more than the {len(x_real)}"
                             " real examples in x_real: give a smaller batch_size")
        if verbose not in (0, 1, 2) or isinstance(verbose, bool):
            raise ValueError(f"GAN.fit verbose must be 0, 1 or 2, got {verbose!r}")
        history, bar = History(), Progbar(steps, verbose=verbose) if verbose else None
        every = max(1, steps // 100)  # the bar moves at most about 100 times (a redraw: 0.3 ms)
        with single_blas_thread():
            for step in range(steps):
                try:
                    logs = self.train_step(x_real, batch_size)
                except (ValueError, FloatingPointError) as error:
                    raise type(error)(f"GAN.fit stopped at step {step + 1}: {error}") from None
                history.record(step, logs)
                if bar is not None and ((step + 1) % every == 0 or step + 1 == steps):
                    new = step + 1 - bar.seen  # the steps since it last moved, and their means
                    bar.update(step + 1, [(key, sum(values[-new:]) / new)
                                          for key, values in history.history.items()])
        return history

    def train_step(self, x_real, batch_size):
        """One step of Algorithm 1: ``d_steps`` updates of D, then one of G.

        Each update of D draws its own ``batch_size`` real examples from ``x_real`` (all of
        them, checked by ``fit``) and its own noise; G's update draws new noise. Returns
        ``d_loss``, ``d_real`` (the mean D(x)) and ``d_fake`` (the mean D(G(z)) of the fakes
        D was shown), each averaged over D's updates and taken before each; and ``g_loss``.
        """
        check_step(self, x_real, batch_size)  # shapes only: fit checked the values
        d_logs = []
        for _ in range(self.d_steps):
            real = x_real[self.rng.choice(len(x_real), batch_size, replace=False)]
            d_logs.append(self._d_step(real))
        g_loss = self._g_step(batch_size)
        d_loss, d_real, d_fake = (sum(column) / self.d_steps for column in zip(*d_logs))
        return {"d_loss": d_loss, "g_loss": g_loss, "d_real": d_real, "d_fake": d_fake}

    def _d_step(self, x_real_batch):
        """Update D once, down ``discriminator_loss``: real examples toward 1, G's toward 0."""
        n = len(x_real_batch)
        x_fake = self.generator.forward(self.sample_latent(n), training=True)
        d_out = self.discriminator.forward(np.concatenate([x_real_batch, x_fake]),
                                           training=True)
        d_real, d_fake = d_out[:n], d_out[n:]
        loss, grad_real, grad_fake = discriminator_loss(d_real, d_fake)
        # D.backward(...), without ∂L/∂x for the examples: nobody uses it (nnbook.fast)
        backward(self.discriminator, np.concatenate([grad_real, grad_fake]), input_grad=False)
        self.d_optimizer.update(_pairs(self._d_layers))
        return loss, float(d_real.mean()), float(d_fake.mean())

    def _g_step(self, n):
        """Update G once, through D frozen: the gradient flows through D, D's weights stay."""
        x_fake = self.generator.forward(self.sample_latent(n), training=True)
        d_fake = self.discriminator.forward(x_fake, training=True)
        loss, grad = generator_loss(d_fake, self.g_loss)
        # ∂L/∂G(z) = D.backward(grad), without D's weight gradients: nobody uses them
        grad = backward(self.discriminator, grad, param_grads=False)
        backward(self.generator, grad, input_grad=False)  # G's gradients, not ∂L/∂z
        self.g_optimizer.update(_pairs(self._g_layers))
        return loss

    def sample_latent(self, n, rng=None):
        """``n`` latent vectors from ``latent_sampler`` with ``rng`` (default: the GAN's)."""
        n = positive_int(n, "GAN.sample_latent n")
        z = numeric_array(self.latent_sampler(self.rng if rng is None else rng, n,
                                              self.latent_dim), "the latent_sampler's output")
        if z.shape != (n, self.latent_dim):
            raise ValueError(f"the latent_sampler must return n vectors of length latent_dim:"
                             f" asked for shape {(n, self.latent_dim)}, it returned {z.shape}")
        all_finite(z, "the latent_sampler's output")
        dtype = getattr(self.generator, "dtype", None)
        return z if dtype is None else z.astype(dtype, copy=False)

    def generate(self, n, seed=None):
        """``n`` examples made by G from fresh noise (``training=False``; nothing trains).
        The noise comes from a generator seeded by ``seed``, or without one from the
        GAN's ``rng`` (which then moves on)."""
        n = positive_int(n, "GAN.generate n")
        seed = random_seed(seed, "GAN.generate seed")
        rng = None if seed is None else np.random.default_rng(seed)
        with single_blas_thread():
            return self.generator.forward(self.sample_latent(n, rng), training=False)

    def __repr__(self):
        return f"GAN(latent_dim={self.latent_dim}, g_loss={self.g_loss!r}, d_steps={self.d_steps})"


def _pairs(layers):
    """The (param, grad) pairs of ``layers``: looked up anew, as backward makes new grads."""
    return [(layer.params[name], layer.grads[name]) for layer in layers for name in layer.params]
