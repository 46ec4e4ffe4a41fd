"""Introduced in Chapter 2. Gradient checking: test a backward pass against the definition.

A derivative is a limit of slopes. Nudging one number of ``x`` by ±ε and watching a
scalar function ``f`` move gives the central difference

    ∂f/∂x_i ≈ (f(x + ε e_i) − f(x − ε e_i)) / 2ε,

whose error shrinks like ε². It is far too slow to train with (two calls of ``f`` per
number) but it needs no calculus, so it is an independent check of every hand-written
``backward``. We compare the two gradients ``a`` (analytic) and ``n`` (numerical) by

    relative error = ‖a − n‖ / max(‖a‖ + ‖n‖, tiny)

with ‖·‖ the Euclidean norm over the whole array (as in Andrew Ng's course). Around 1e-10
is typical for a correct backward, above 1e-4 means a bug. A per-element ratio is not used:
an entry whose true gradient is nearly zero makes any rounding look like a large error.

Checks are done in float64 with ε = 1e-6; float32 has too few digits for the difference
of two nearly equal losses, so the functions here refuse float32 arrays. A layer with a
kink (ReLU at 0) should be checked at inputs away from it, or the two slopes disagree.
"""

import numpy as np

from nnbook.checks import all_finite, finite_array, finite_number, random_seed

TINY = 1e-300


def relative_error(analytic, numerical):
    """The relative error ‖a − n‖ / max(‖a‖ + ‖n‖, tiny) of two arrays of one shape.

    Returns a float: 0.0 when both are exactly zero. Explained in Chapter 2.
    """
    analytic = finite_array(analytic, "analytic", np.float64)
    numerical = finite_array(numerical, "numerical", np.float64)
    if analytic.shape != numerical.shape:
        raise ValueError(f"relative_error needs analytic and numerical of one shape, got"
                         f" {analytic.shape} and {numerical.shape}")
    scale = max(np.linalg.norm(analytic) + np.linalg.norm(numerical), TINY)
    return float(np.linalg.norm(analytic - numerical) / scale)


def _require_float64(x, what):
    if not (isinstance(x, np.ndarray) and x.dtype == np.float64):
        dtype = x.dtype if isinstance(x, np.ndarray) else type(x).__name__
        raise TypeError(
            f"gradient checks need {what} as a float64 array, got {dtype}"
            " (use x.astype(np.float64); a layer: layer.astype(np.float64))"
        )


def _check_args(who, f, x, eps, what="x"):
    """Refuse what a numerical gradient cannot be taken of, before anything is nudged."""
    if not callable(f):
        raise TypeError(f"{who} expected f, a function of x, got {f!r}")
    _require_float64(x, what)
    all_finite(x, "x")
    finite_number(eps, "eps", 1e-12, 1.0)


def numerical_gradient(f, x, eps=1e-6):
    """Central-difference gradient of the scalar ``f(x)`` with respect to the array ``x``.

    Each entry of ``x`` is nudged *in place* to ``x_i ± eps``, ``f(x)`` is called, and the
    entry is put back exactly, so ``f`` may read ``x`` through its argument or through a
    reference it already holds (a layer's ``params["W"]``). On return ``x`` is unchanged.

    Parameters
    ----------
    f : callable, ``f(x) -> float``
    x : float64 ndarray, any shape
    eps : float

    Returns
    -------
    ndarray of the shape of ``x``. Explained in Chapter 2.
    """
    _check_args("numerical_gradient", f, x, eps)
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        saved = x[i]
        try:
            x[i] = saved + eps
            f_plus = float(f(x))
            x[i] = saved - eps
            f_minus = float(f(x))
        finally:
            x[i] = saved
        grad[i] = (f_plus - f_minus) / (2 * eps)
    return grad


def _check_object(who, name, obj, what):
    """Refuse an ``obj`` that has no forward and backward (or is a class, not an object)."""
    if isinstance(obj, type):
        raise TypeError(f"{who} expected {name}, {what} (with forward and backward), got the"
                        f" class {obj.__name__}: make one, e.g. {obj.__name__}(...)")
    if not (hasattr(obj, "forward") and hasattr(obj, "backward")):
        raise TypeError(f"{who} expected {name}, {what} (with forward and backward), got"
                        f" {obj!r}")


class GradCheckResult(dict):
    """The relative error for each checked array, by name, e.g. ``{"x": .., "W": .., "b": ..}``.

    A dict, with ``worst``, the largest of the errors. Explained in Chapter 2.
    """

    @property
    def worst(self):
        return max(self.values(), default=0.0)

    def __repr__(self):
        errors = ", ".join(f"{name}={error:.1e}" for name, error in self.items())
        return f"GradCheckResult({errors}; worst={self.worst:.1e})"


def check_layer(layer, x, seed=0, eps=1e-6):
    """Check a layer's ``backward`` against numerical gradients, for the input and every parameter.

    The layer's output is turned into a scalar with a random upstream gradient ``g``
    (normal, seeded): :math:`f = \\sum \\mathrm{out} \\odot g`, whose gradient with respect
    to the output is exactly ``g``. So ``layer.backward(g)`` should return ∂f/∂x and fill
    ``grads`` with ∂f/∂param.

    Parameters
    ----------
    layer : Layer
        Its ``forward`` must be deterministic. An unbuilt layer is built by the first
        forward (in float64); a built one must hold float64 parameters.
    x : float64 ndarray, an input the layer accepts, e.g. (N, D)
    seed : int
        Seeds ``g``.
    eps : float

    Returns
    -------
    GradCheckResult with keys ``"x"`` and each parameter name.

    Neither ``x`` nor the parameters are left changed; the layer ends as after
    ``forward(x)`` then ``backward(g)``. Explained in Chapter 2.
    """
    _check_object("check_layer", "layer", layer, "a layer")
    _check_args("check_layer", layer.forward, x, eps, "the input x")
    random_seed(seed, "check_layer seed")
    out = layer.forward(x)
    for name, param in layer.params.items():
        _require_float64(param, f"{type(layer).__name__}'s parameter {name!r}")
    upstream = np.random.default_rng(seed).standard_normal(out.shape)

    def f(x_in):
        return np.sum(layer.forward(x_in) * upstream)

    analytic = {"x": layer.backward(upstream.copy())}
    if set(layer.grads) != set(layer.params):
        raise KeyError(
            f"{layer!r} has params {sorted(layer.params)} but grads {sorted(layer.grads)}")
    analytic.update((name, grad.copy()) for name, grad in layer.grads.items())

    result = GradCheckResult(x=relative_error(analytic["x"], numerical_gradient(f, x.copy(), eps)))
    for name, param in layer.params.items():
        numerical = numerical_gradient(lambda _: f(x), param, eps)  # nudges param in place
        result[name] = relative_error(analytic[name], numerical)
    layer.forward(x)
    layer.backward(upstream.copy())
    return result


def check_loss(loss, y_pred, y_true, eps=1e-6):
    """Check a loss's ``backward`` against the numerical gradient with respect to ``y_pred``.

    Parameters
    ----------
    loss : Loss
    y_pred : float64 ndarray
    y_true : array of the same shape

    Returns
    -------
    GradCheckResult with the key ``"y_pred"``. ``y_pred`` is left unchanged.
    Explained in Chapter 2.
    """
    _check_object("check_loss", "loss", loss, "a loss")
    _require_float64(y_pred, "y_pred")
    finite_number(eps, "eps", 1e-12, 1.0)
    loss.forward(y_pred, y_true)
    analytic = loss.backward()
    numerical = numerical_gradient(lambda y: loss.forward(y, y_true), y_pred.copy(), eps)
    loss.forward(y_pred, y_true)
    return GradCheckResult(y_pred=relative_error(analytic, numerical))
