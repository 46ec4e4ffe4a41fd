"""Chapter 6's GAN: the losses, the D-then-G step, the 1-D GAN, the refusals, the seeds."""

import warnings

import numpy as np
import pytest

from nnbook.gan import (EPS, G_LOSSES, GAN, discriminator_loss, generator_loss,
                        normal_noise)
from nnbook.gradcheck import numerical_gradient, relative_error
from nnbook.layers import Activation, Dense, LeakyReLU
from nnbook.losses import BinaryCrossentropy
from nnbook.model import Sequential
from nnbook.optimizers import SGD, Adam


def generator(latent=2, out=3, seed=0, dtype="float64"):
    return Sequential([Dense(8, input_dim=latent, seed=seed), LeakyReLU(0.2),
                       Dense(out, seed=seed + 1), Activation("tanh")], dtype=dtype)


def discriminator(inputs=3, seed=10, dtype="float64"):
    return Sequential([Dense(8, input_dim=inputs, seed=seed), LeakyReLU(0.2),
                       Dense(1, seed=seed + 1), Activation("sigmoid")], dtype=dtype)


def small_gan(**kwargs):
    options = dict(g_optimizer=SGD(0.1), d_optimizer=SGD(0.1), seed=0)
    options.update(kwargs)
    return GAN(generator(), discriminator(), 2, **options)


def real_data(n=40, seed=1):
    return np.random.default_rng(seed).uniform(-0.5, 0.5, (n, 3))


def snapshot(model):
    return {name: p.copy() for name, p in model.params.items()}


def changed(before, model):
    return {name for name, p in model.params.items() if not np.array_equal(p, before[name])}


def probabilities(shape, seed):
    return np.random.default_rng(seed).uniform(0.05, 0.95, shape)


# --- the losses --------------------------------------------------------------------------------


def test_the_discriminator_loss_passes_a_gradient_check():
    d_real, d_fake = probabilities((5, 1), 0), probabilities((4, 1), 1)
    _, grad_real, grad_fake = discriminator_loss(d_real, d_fake)
    numeric_real = numerical_gradient(lambda p: discriminator_loss(p, d_fake)[0], d_real.copy())
    numeric_fake = numerical_gradient(lambda p: discriminator_loss(d_real, p)[0], d_fake.copy())
    assert relative_error(grad_real, numeric_real) < 1e-8
    assert relative_error(grad_fake, numeric_fake) < 1e-8


@pytest.mark.parametrize("kind", G_LOSSES)
def test_the_generator_losses_pass_a_gradient_check(kind):
    d_fake = probabilities((6, 1), 2)
    _, grad = generator_loss(d_fake, kind)
    numeric = numerical_gradient(lambda p: generator_loss(p, kind)[0], d_fake.copy())
    assert relative_error(grad, numeric) < 1e-8


def test_the_losses_are_the_binary_cross_entropies_and_v():
    d_real, d_fake = probabilities((5, 1), 3), probabilities((5, 1), 4)
    bce = BinaryCrossentropy()
    value, _, _ = discriminator_loss(d_real, d_fake)
    assert value == pytest.approx(0.5 * (bce(d_real, np.ones((5, 1)))
                                         + bce(d_fake, np.zeros((5, 1)))), rel=1e-12)
    v = np.mean(np.log(d_real)) + np.mean(np.log(1 - d_fake))  # the game's value V(D, G)
    assert value == pytest.approx(-v / 2, rel=1e-12)
    assert generator_loss(d_fake, "minimax")[0] == pytest.approx(np.mean(np.log(1 - d_fake)))
    assert generator_loss(d_fake)[0] == pytest.approx(bce(d_fake, np.ones((5, 1))), rel=1e-12)
    half = np.full((3, 1), 0.5)  # D cannot tell: log 2 for D, ±log 2 for G
    assert discriminator_loss(half, half)[0] == pytest.approx(np.log(2))
    assert generator_loss(half)[0] == pytest.approx(np.log(2))
    assert generator_loss(half, "minimax")[0] == pytest.approx(-np.log(2))


def test_the_minimax_gradient_vanishes_where_d_rejects_the_fakes_and_the_other_does_not():
    d_fake = np.array([[1e-4], [0.5]])
    slope = d_fake * (1 - d_fake)  # through D's sigmoid: ∂L/∂a = ∂L/∂D · D(1 − D)
    minimax = generator_loss(d_fake, "minimax")[1] * slope
    saturating = generator_loss(d_fake)[1] * slope
    np.testing.assert_allclose(minimax[:, 0], -d_fake[:, 0] / 2, rtol=1e-12)
    np.testing.assert_allclose(saturating[:, 0], -(1 - d_fake[:, 0]) / 2, rtol=1e-12)
    assert abs(minimax[0, 0]) < 1e-4 < 0.49 < abs(saturating[0, 0])


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_the_losses_are_finite_without_warnings_at_0_and_1(dtype):
    ends = np.array([[0.0], [1.0]], dtype=dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        value, grad_real, grad_fake = discriminator_loss(ends, ends)
        results = [value, grad_real, grad_fake]
        for kind in G_LOSSES:
            results += list(generator_loss(ends, kind))
    assert all(np.isfinite(r).all() for r in results)
    assert grad_real.dtype == grad_fake.dtype == dtype
    assert value == pytest.approx(-0.5 * np.log(max(EPS, np.finfo(dtype).epsneg)), rel=1e-2)


@pytest.mark.parametrize("bad, found", [
    (np.array([[0.5], [1.5]]), "from 0.5 to 1.5"),
    (np.array([[-0.1]]), "from -0.1 to -0.1"),
    (np.array([[np.nan]]), "from nan to nan"),
    (np.zeros((0, 1)), "an empty array"),
])
def test_the_losses_refuse_what_is_not_a_probability(bad, found):
    with pytest.raises(ValueError, match=f"d_fake must hold D's outputs.*{found}.*sigmoid"):
        generator_loss(bad)
    with pytest.raises(ValueError, match=f"d_fake must hold D's outputs.*{found}"):
        discriminator_loss(np.full((2, 1), 0.5), bad)
    with pytest.raises(ValueError, match="unknown generator loss 'saturating'"):
        generator_loss(np.full((2, 1), 0.5), "saturating")


# --- the steps: who changes ----------------------------------------------------------------------


def test_a_g_step_changes_g_and_not_d():
    gan = small_gan()
    g_before, d_before = snapshot(gan.generator), snapshot(gan.discriminator)
    gan._g_step(16)
    assert changed(g_before, gan.generator) == set(gan.generator.params)
    assert not changed(d_before, gan.discriminator)


def test_a_d_step_changes_d_and_not_g():
    gan = small_gan()
    g_before, d_before = snapshot(gan.generator), snapshot(gan.discriminator)
    gan._d_step(real_data(16))
    assert changed(d_before, gan.discriminator) == set(gan.discriminator.params)
    assert not changed(g_before, gan.generator)


def test_a_step_makes_d_steps_updates_of_d_and_one_of_g():
    gan = small_gan(d_steps=3)
    history = gan.fit(real_data(), steps=4, batch_size=8, verbose=0)
    assert gan.d_optimizer.iterations == 12 and gan.g_optimizer.iterations == 4
    assert len(history.history["d_loss"]) == 4


def test_the_d_step_is_the_mean_bce_of_real_and_fake_on_one_batch():
    gan = small_gan()
    x = real_data(6)
    z = gan.sample_latent(6, np.random.default_rng(5))
    gan.latent_sampler = lambda rng, n, d: z
    fake = gan.generator.forward(z)
    twin = discriminator()  # the same weights: the same seeds
    twin.compile(SGD(0.1), BinaryCrossentropy(), fuse=False)
    loss_twin = twin.train_on_batch(np.concatenate([x, fake]), np.r_[np.ones(6), np.zeros(6)][:, None])
    loss, d_real, d_fake = gan._d_step(x)
    assert loss == pytest.approx(loss_twin, rel=1e-12)
    for name, p in gan.discriminator.params.items():
        np.testing.assert_allclose(p, twin.params[name], rtol=1e-12, atol=1e-12)


# --- the Keras 2 pattern ---------------------------------------------------------------------------


def test_the_g_step_is_the_keras_2_pattern_of_a_frozen_d_inside_a_stacked_model():
    # Keras 2: D.compile(...); D.trainable = False; gan = Sequential([G, D]); gan.compile(...);
    # gan.train_on_batch(z, ones). Same weights, same noise, SGD: the same G afterwards.
    G, D = generator(), discriminator()
    D.compile(SGD(0.1), "binary_crossentropy")
    D.trainable = False
    stacked = Sequential([G, D], dtype="float64")
    stacked.compile(SGD(0.1), "binary_crossentropy")
    z = np.random.default_rng(7).standard_normal((16, 2))
    d_before = snapshot(D)
    keras_loss = stacked.train_on_batch(z, np.ones((16, 1)))
    assert not changed(d_before, D)

    ours = small_gan()
    ours.latent_sampler = lambda rng, n, latent_dim: z
    ours_loss = ours._g_step(16)
    assert ours_loss == pytest.approx(keras_loss, rel=1e-12)
    for name, p in ours.generator.params.items():
        np.testing.assert_allclose(p, G.params[name], rtol=1e-12, atol=1e-12)
        assert not np.array_equal(p, generator().params[name])  # it did move


# --- a 1-D GAN learns N(4, 1.25) -----------------------------------------------------------------
# Uniform noise in [-1, 1] through a small G; D twice as wide, with a learning rate four times
# G's. Measured over ten seeds: after 1000 steps every mean was within 0.23 of 4, every spread
# between 0.74 and 1.68, and over the last 200 steps d_loss was within 0.013 of log 2. The mean is learnt early; the spread keeps swinging around
# 1.25 for a long time (D has to see the tails to correct it), hence its wider tolerance.


def uniform_noise(rng, n, latent_dim):
    return rng.uniform(-1, 1, (n, latent_dim))


def gan_1d(seed):
    G = Sequential([Dense(16, input_dim=1, seed=seed), LeakyReLU(0.2), Dense(1, seed=seed + 1)],
                   dtype="float64")
    D = Sequential([Dense(32, input_dim=1, seed=seed + 2), LeakyReLU(0.2),
                    Dense(1, seed=seed + 3), Activation("sigmoid")], dtype="float64")
    return GAN(G, D, 1, g_optimizer=Adam(2e-3, beta_1=0.5), d_optimizer=Adam(8e-3, beta_1=0.5),
               latent_sampler=uniform_noise, seed=seed)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_1d_gan_learns_a_normal_distribution(seed):
    x_real = np.random.default_rng(100 + seed).normal(4, 1.25, (5000, 1))
    gan = gan_1d(seed)
    assert abs(gan.generate(5000, seed=1).mean() - 4) > 2  # far off at the start
    history = gan.fit(x_real, steps=1000, batch_size=128, verbose=0)
    samples = gan.generate(5000, seed=1)
    assert abs(samples.mean() - 4) < 0.3, samples.mean()
    assert 0.6 < samples.std() < 2.0, samples.std()
    late = {key: np.mean(values[-200:]) for key, values in history.history.items()}
    assert abs(late["d_loss"] - np.log(2)) < 0.05, late  # D can hardly tell them apart
    assert abs(late["d_real"] - 0.5) < 0.05 and abs(late["d_fake"] - 0.5) < 0.05, late


# --- seeds, history, progress bar ------------------------------------------------------------------


def test_the_same_seed_gives_the_same_history_and_examples():
    runs = []
    for _ in range(2):
        gan = small_gan(seed=3)
        history = gan.fit(real_data(), steps=5, batch_size=8, verbose=0)
        runs.append((history.history, gan.generate(4), gan.generate(4, seed=9)))
    assert runs[0][0] == runs[1][0]
    np.testing.assert_array_equal(runs[0][1], runs[1][1])
    np.testing.assert_array_equal(runs[0][2], runs[1][2])
    other = small_gan(seed=4).fit(real_data(), steps=5, batch_size=8, verbose=0)
    assert other.history["d_loss"] != runs[0][0]["d_loss"]


def test_generate_with_a_seed_changes_nothing_and_without_moves_the_rng():
    gan = small_gan()
    weights, state = snapshot(gan.generator), gan.rng.bit_generator.state
    first = gan.generate(5, seed=1)
    np.testing.assert_array_equal(first, gan.generate(5, seed=1))
    assert gan.rng.bit_generator.state == state and not changed(weights, gan.generator)
    assert first.shape == (5, 3) and first.dtype == np.float64
    assert not np.array_equal(gan.generate(5), gan.generate(5))
    assert gan.rng.bit_generator.state != state


def test_history_has_one_entry_per_step_of_each_number():
    history = small_gan().fit(real_data(), steps=7, batch_size=8, verbose=0)
    assert list(history.history) == ["d_loss", "g_loss", "d_real", "d_fake"]
    assert history.epoch == list(range(7))
    assert all(len(values) == 7 and all(isinstance(v, float) for v in values)
               for values in history.history.values())
    assert all(0 < v < 1 for key in ("d_real", "d_fake") for v in history.history[key])


def test_d_real_and_d_fake_are_the_mean_outputs_d_gave_in_its_step():
    gan = small_gan()
    x = real_data(8)
    z = gan.sample_latent(8, np.random.default_rng(2))
    gan.latent_sampler = lambda rng, n, d: z
    gan.rng = np.random.default_rng(0)
    batch = x[np.random.default_rng(0).choice(8, 8, replace=False)]
    d_real = gan.discriminator.forward(batch).mean()
    d_fake = gan.discriminator.forward(gan.generator.forward(z)).mean()
    logs = gan.train_step(x, 8)
    assert logs["d_real"] == pytest.approx(d_real, rel=1e-12)
    assert logs["d_fake"] == pytest.approx(d_fake, rel=1e-12)


def test_verbose_1_draws_a_bar_counting_steps_and_0_prints_nothing(capsys):
    small_gan().fit(real_data(), steps=3, batch_size=8, verbose=0)
    assert capsys.readouterr() == ("", "")
    small_gan().fit(real_data(), steps=3, batch_size=8, verbose=1)
    out = capsys.readouterr()
    text = out.out + out.err
    assert "3/3" in text and "d_loss:" in text and "g_loss:" in text
    small_gan().fit(real_data(), steps=3, batch_size=8, verbose=2)
    assert capsys.readouterr().out.startswith("3/3 - d_loss:")


# --- refusals, before anything changes ---------------------------------------------------------


@pytest.mark.parametrize("kwargs, error, message", [
    ({"latent_dim": 0}, ValueError, "GAN latent_dim must be a positive integer, got 0"),
    ({"latent_dim": 2.5}, ValueError, "GAN latent_dim must be a positive integer"),
    ({"latent_dim": "2"}, TypeError, "GAN latent_dim must be a positive integer"),
    ({"latent_dim": 5}, ValueError, r"GAN latent_dim is 5, but the generator takes inputs of shape \(2,\)"),
    ({"g_loss": "wasserstein"}, ValueError, "unknown GAN g_loss 'wasserstein'; known: 'non_saturating', 'minimax'"),
    ({"d_steps": 0}, ValueError, "GAN d_steps must be a positive integer, got 0"),
    ({"d_steps": True}, TypeError, "GAN d_steps must be a positive integer"),
    ({"g_optimizer": "nadam"}, ValueError, "unknown optimizer 'nadam'"),
    ({"latent_sampler": 3}, TypeError, "GAN latent_sampler must be a function"),
    ({"latent_sampler": lambda rng, n, d: np.zeros((n, d + 1))}, ValueError,
     r"latent_sampler must return n vectors .* asked for shape \(1, 2\), it returned \(1, 3\)"),
    ({"latent_sampler": lambda rng, n, d: np.full((n, d), np.inf)}, ValueError,
     "the latent_sampler's output holds 2 non-finite value"),
])
def test_bad_settings_are_refused_by_name(kwargs, error, message):
    options = dict(latent_dim=2)
    options.update(kwargs)
    with pytest.raises(error, match=message):
        GAN(generator(), discriminator(), **options)


def test_one_optimizer_for_both_is_refused():
    adam = Adam()
    with pytest.raises(ValueError, match="two optimizer objects"):
        GAN(generator(), discriminator(), 2, g_optimizer=adam, d_optimizer=adam)


def test_the_default_optimizers_are_two_adams_with_the_dcgan_settings():
    gan = GAN(generator(), discriminator(), 2)
    assert gan.g_optimizer is not gan.d_optimizer
    for optimizer in (gan.g_optimizer, gan.d_optimizer):
        assert isinstance(optimizer, Adam)
        assert (optimizer.learning_rate, optimizer.beta_1) == (2e-4, 0.5)
    assert isinstance(GAN(generator(), discriminator(), 2, g_optimizer="sgd").g_optimizer, SGD)


def logits_discriminator(bias):
    """A D that forgot its sigmoid: a linear output, here ``bias`` for every input."""
    D = Sequential([Dense(1, input_dim=3, seed=0)], dtype="float64")
    D.layers[0].params["W"][:] = 0.0
    D.layers[0].params["b"][:] = bias
    return D


@pytest.mark.parametrize("make_g, make_d, message", [
    (lambda: generator(out=4), lambda: discriminator(inputs=3),
     r"the generator makes examples of shape \(4,\), but the discriminator takes examples of"
     r" shape \(3,\)"),
    (lambda: generator(out=4),
     lambda: Sequential([Dense(5), Dense(1, input_dim=2), Activation("sigmoid")], dtype="float64"),
     r"the discriminator cannot take the generator's examples of shape \(4,\): Dense expected"
     r" input with 2 features, got 5"),  # found out only when used
    (lambda: Sequential([Dense(3), Dense(3, input_dim=7)], dtype="float64"), discriminator,
     r"the generator cannot take latent vectors of latent_dim=2: Dense expected input with 7"),
    (generator, lambda: Sequential([Dense(2, input_dim=3), Activation("sigmoid")],
                                   dtype="float64"),
     r"one probability per example, shape \(N, 1\); for 1 example it gave shape \(1, 2\)"),
    (generator, lambda: logits_discriminator(5.0),
     r"must hold D's outputs, probabilities in \[0, 1\], got values from 5.0 to 5.0 \(end the"
     r" discriminator with Activation\('sigmoid'\)\)"),
    (lambda: generator(dtype="float32"), discriminator,
     "the generator computes in float32 but the discriminator in float64"),
])
def test_networks_that_do_not_fit_together_are_refused_naming_both(make_g, make_d, message):
    with pytest.raises(ValueError, match=message):
        GAN(make_g(), make_d(), 2)


def test_a_network_with_nothing_to_train_is_refused():
    # Keras 2's pattern sets D.trainable = False; a GAN given that D would never train it
    D = discriminator()
    D.trainable = False
    with pytest.raises(ValueError, match="the discriminator has no trainable parameters.*Keras 2"):
        GAN(generator(), D, 2)
    G = generator()
    G.layers[0].trainable = False  # a part of G may be frozen: the rest trains
    gan = GAN(G, discriminator(), 2, g_optimizer=SGD(0.1), seed=0)
    before = snapshot(G)
    gan._g_step(8)
    assert changed(before, G) == {"2.W", "2.b"}


def test_things_that_are_not_networks_are_refused():
    with pytest.raises(TypeError, match="GAN generator must be a model or a layer"):
        GAN(Dense, discriminator(), 2)
    with pytest.raises(TypeError, match="GAN discriminator must be a model or a layer"):
        GAN(generator(), "D", 2)
    D = discriminator()
    with pytest.raises(ValueError, match="the generator is the discriminator"):
        GAN(D, D, 3)


@pytest.mark.parametrize("x, kwargs, error, message", [
    (np.zeros((10, 4)), {}, ValueError,
     r"GAN.fit's x_real must have shape \(N, 3\), examples as the generator makes them and the"
     r" discriminator takes them, got \(10, 4\)$"),
    (np.zeros((10, 3, 1)), {}, ValueError, r"got \(10, 3, 1\) \(x_real.reshape\(-1, 3\)\?\)"),
    (np.zeros(3), {}, ValueError, r"got \(3,\)"),
    (np.full((10, 3), np.nan), {}, ValueError, r"x_real holds 30 non-finite value"),
    (np.array([["a", "b", "c"]]), {}, TypeError, "x_real must be an array of numbers"),
    (np.zeros((0, 3)), {}, ValueError, "x_real is empty"),
    (np.zeros((10, 3)), {"steps": 0}, ValueError, "GAN.fit steps must be a positive integer"),
    (np.zeros((10, 3)), {"steps": 1.5}, ValueError, "GAN.fit steps must be a positive integer"),
    (np.zeros((10, 3)), {"batch_size": 0}, ValueError, "GAN.fit batch_size must be a positive"),
    (np.zeros((10, 3)), {"batch_size": 11}, ValueError,
     "batch_size=11 is more than the 10 real examples in x_real"),
    (np.zeros((10, 3)), {"verbose": 3}, ValueError, "GAN.fit verbose must be 0, 1 or 2, got 3"),
])
def test_bad_training_data_and_settings_are_refused_before_anything_changes(x, kwargs, error,
                                                                            message):
    gan = small_gan()
    weights, state = snapshot(gan.generator) | snapshot(gan.discriminator), gan.rng.bit_generator.state
    options = dict(steps=2, batch_size=4, verbose=0)
    options.update(kwargs)
    with pytest.raises(error, match=message):
        gan.fit(x, **options)
    assert gan.rng.bit_generator.state == state
    after = snapshot(gan.generator) | snapshot(gan.discriminator)
    assert all(np.array_equal(after[name], weights[name]) for name in weights)


def test_a_discriminator_that_leaves_0_1_in_training_stops_fit_naming_the_step():
    D = logits_discriminator(0.5)  # a probability for the check when the GAN is made
    gan = GAN(generator(), D, 2, seed=0)
    D.layers[0].params["b"][:] = 3.0
    d_before = snapshot(D)
    with pytest.raises(ValueError, match="GAN.fit stopped at step 1: d_real must hold D's outputs"):
        gan.fit(real_data(), steps=2, batch_size=4, verbose=0)
    assert not changed(d_before, D)


def test_generate_refuses_a_bad_n():
    with pytest.raises(ValueError, match="GAN.generate n must be a positive integer, got 0"):
        small_gan().generate(0)


def test_the_default_noise_is_standard_normal_and_the_repr_says_the_settings():
    z = normal_noise(np.random.default_rng(0), 20_000, 2)
    assert z.shape == (20_000, 2) and abs(z.mean()) < 0.02 and abs(z.std() - 1) < 0.02
    assert repr(small_gan()) == "GAN(latent_dim=2, g_loss='non_saturating', d_steps=1)"


def test_the_bar_moves_about_a_hundred_times_and_shows_the_running_means(capsys):
    gan = small_gan()
    history = gan.fit(real_data(), steps=300, batch_size=8, verbose=1)
    out = capsys.readouterr()
    draws = (out.out + out.err).count("/300 [")
    assert 50 <= draws <= 105, draws
    history = small_gan().fit(real_data(), steps=300, batch_size=8, verbose=2)
    line = capsys.readouterr().out
    for key, values in history.history.items():
        assert f"{key}: {np.mean(values):.4f}" in line, (key, line)
