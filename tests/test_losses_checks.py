"""More tests of nnbook.losses: defects found in review (issue 9)."""

import warnings

import numpy as np
import pytest

from nnbook.losses import MSE, SSE, BinaryCrossentropy, CategoricalCrossentropy, get_loss

DTYPES = [np.float16, np.float32, np.float64]


def no_warnings(function, *args):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return function(*args)


# --- p exactly 0 or 1, in every float dtype -------------------------------------------------


@pytest.mark.parametrize("dtype", DTYPES)
def test_binary_crossentropy_at_p_exactly_0_and_1_in_every_float_dtype(dtype):
    # float16 has no number between 1 - 4.9e-4 and 1: 1 - 1e-7 rounds to 1, so clipping to
    # [1e-7, 1 - 1e-7] left p = 1 at 1, and log(1 - p) = -inf.
    y_pred = np.array([[0.0], [1.0], [0.0], [1.0]], dtype=dtype)
    y_true = np.array([[0.0], [1.0], [1.0], [0.0]], dtype=dtype)  # right, right, wrong, wrong
    loss = BinaryCrossentropy()
    value = no_warnings(loss.forward, y_pred, y_true)
    grad = no_warnings(loss.backward)
    fused = no_warnings(loss.backward_logits)
    assert np.isfinite(value) and np.all(np.isfinite(grad)) and np.all(np.isfinite(fused))
    assert value > 3  # still large: two confident mistakes
    assert grad.dtype == fused.dtype == dtype


@pytest.mark.parametrize("dtype", DTYPES)
def test_binary_crossentropy_just_inside_the_clip_in_every_float_dtype(dtype):
    tiny = max(1e-7, float(np.finfo(dtype).epsneg)) * 2  # inside the clip: a real gradient
    y_pred = np.array([[tiny], [1 - tiny]], dtype=dtype)
    y_true = np.array([[1.0], [0.0]], dtype=dtype)
    loss = BinaryCrossentropy()
    value = no_warnings(loss.forward, y_pred, y_true)
    grad = no_warnings(loss.backward)
    assert np.isfinite(value) and np.all(np.isfinite(grad)) and np.all(grad != 0)


@pytest.mark.parametrize("dtype", DTYPES)
def test_categorical_crossentropy_at_p_exactly_0_and_1_in_every_float_dtype(dtype):
    y_pred = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 0.0]], dtype=dtype)
    y_true = np.array([[1.0, 0.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]], dtype=dtype)
    loss = CategoricalCrossentropy()
    value = no_warnings(loss.forward, y_pred, y_true)
    grad = no_warnings(loss.backward)
    fused = no_warnings(loss.backward_logits)
    assert np.isfinite(value) and np.all(np.isfinite(grad)) and np.all(np.isfinite(fused))
    assert value > 3
    assert grad.dtype == fused.dtype == dtype


@pytest.mark.parametrize("dtype", DTYPES)
def test_float32_and_float64_keep_kerass_eps(dtype):
    # The margin grows only where 1 - eps would round to 1: float32 and float64 keep 1e-7.
    value = BinaryCrossentropy().forward(np.array([[1.0]], dtype=dtype), np.array([[0.0]]))
    expected = -np.log(np.float64(np.finfo(np.float16).epsneg) if dtype == np.float16
                       else 1 - np.float64(dtype(1 - 1e-7)))
    assert value == pytest.approx(expected, rel=1e-3)
