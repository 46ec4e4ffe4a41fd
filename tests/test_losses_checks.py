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


# --- what a loss refuses before it computes anything ----------------------------------------

ALL_LOSSES = {
    "SSE": SSE, "MSE": MSE,
    "BinaryCrossentropy": BinaryCrossentropy,
    "BinaryCrossentropy-logits": lambda: BinaryCrossentropy(from_logits=True),
    "CategoricalCrossentropy": CategoricalCrossentropy,
    "CategoricalCrossentropy-logits": lambda: CategoricalCrossentropy(from_logits=True),
}


def good_pair():
    y_pred = np.array([[0.7, 0.2, 0.1], [0.1, 0.3, 0.6]])
    y_true = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
    return y_pred, y_true


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("which", ["y_pred", "y_true"])
@pytest.mark.parametrize("make", list(ALL_LOSSES.values()), ids=list(ALL_LOSSES))
def test_non_finite_inputs_refused_and_nothing_kept(make, which, bad):
    y_pred, y_true = good_pair()
    loss = make()
    loss.forward(y_pred, y_true)
    kept = loss.y_pred
    arrays = {"y_pred": y_pred.copy(), "y_true": y_true.copy()}
    arrays[which][1, 2] = bad
    name = type(loss).__name__
    with pytest.raises(ValueError, match=rf"{name} got 1 NaN or infinite value in {which} "
                                         rf"\(of 6\), the first at index \(1, 2\)"):
        no_warnings(loss.forward, arrays["y_pred"], arrays["y_true"])
    assert loss.y_pred is kept  # refused before any state changed


def test_non_finite_message_suggests_a_smaller_learning_rate():
    with pytest.raises(ValueError, match="smaller learning rate"):
        MSE().forward(np.array([np.nan, 1.0]), np.array([0.0, 1.0]))


@pytest.mark.parametrize("make", list(ALL_LOSSES.values()), ids=list(ALL_LOSSES))
def test_non_numbers_refused(make):
    y_pred, y_true = good_pair()
    name = type(make()).__name__
    with pytest.raises(TypeError, match=rf"{name} expected numbers in y_true, got dtype <U"):
        make().forward(y_pred, y_true.astype(str))
    with pytest.raises(TypeError, match=rf"{name} expected numbers in y_pred, got dtype <U"):
        make().forward(y_pred.astype(str), y_true)


@pytest.mark.parametrize("make", [BinaryCrossentropy, CategoricalCrossentropy,
                                  lambda: BinaryCrossentropy(from_logits=True),
                                  lambda: CategoricalCrossentropy(from_logits=True)])
def test_crossentropy_targets_outside_0_1_refused(make):
    y_pred, y_true = good_pair()
    y_true[1, 2] = 2.0  # e.g. a class label where a one-hot 1 belongs
    name = type(make()).__name__
    with pytest.raises(ValueError, match=rf"{name} expected targets y_true in \[0, 1\], "
                                         rf"got values from 0.0 to 2.0"):
        make().forward(y_pred, y_true)
    y_true[1, 2] = -1.0
    with pytest.raises(ValueError, match=r"got values from -1.0 to 1.0"):
        make().forward(y_pred, y_true)


def test_binary_crossentropy_refuses_logits_given_as_probabilities():
    # The classic slip: a Dense output, without its sigmoid, into the loss on probabilities.
    # Clipping it to [eps, 1 - eps] hid the mistake: the gradient was 0 wherever z > 1.
    z = np.array([[2.5], [-1.0], [0.3]])
    y = np.array([[1.0], [0.0], [1.0]])
    with pytest.raises(ValueError, match=r"BinaryCrossentropy expected probabilities y_pred "
                                         r"in \[0, 1\], got values from -1.0 to 2.5.*"
                                         r"BinaryCrossentropy\(from_logits=True\)"):
        BinaryCrossentropy().forward(z, y)
    assert np.isfinite(BinaryCrossentropy(from_logits=True).forward(z, y))


def test_categorical_crossentropy_refuses_negative_probabilities():
    z = np.array([[2.5, -1.0, 0.3]])
    y = np.array([[1.0, 0.0, 0.0]])
    with pytest.raises(ValueError, match=r"CategoricalCrossentropy expected probabilities "
                                         r"y_pred >= 0, got a minimum of -1.0.*"
                                         r"CategoricalCrossentropy\(from_logits=True\)"):
        CategoricalCrossentropy().forward(z, y)
    # rows that do not sum to one are still divided by their sum, as Keras does
    assert np.isfinite(CategoricalCrossentropy().forward(np.array([[2.0, 1.0, 1.0]]), y))


@pytest.mark.parametrize("make", [BinaryCrossentropy, CategoricalCrossentropy])
def test_eps_that_is_not_a_number_refused(make):
    with pytest.raises(TypeError, match=r"eps.*a number, got '1e-7' \(str\)"):
        make(eps="1e-7")
    with pytest.raises(TypeError, match=r"eps.*a number, got True \(bool\)"):
        make(eps=True)
    with pytest.raises(ValueError, match=r"eps must be in \(0, 0.5\), got nan"):
        make(eps=float("nan"))


def test_get_loss_given_a_class_says_to_make_an_object():
    with pytest.raises(TypeError, match=r"got the class BinaryCrossentropy.*"
                                        r"BinaryCrossentropy\(\)"):
        get_loss(BinaryCrossentropy)


@pytest.mark.parametrize("make", [BinaryCrossentropy, CategoricalCrossentropy])
def test_from_logits_must_be_true_or_false(make):
    # bool("False") is True: a string would have turned the logits mode on.
    with pytest.raises(TypeError, match=r"from_logits to be True or False, got 'False' \(str\)"):
        make(from_logits="False")
    assert make(from_logits=np.bool_(True)).from_logits is True
