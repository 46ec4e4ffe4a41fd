"""Every self-check returns a failing Verdict, never an exception, whatever the learner returns.

Issue 9: the checks promised a verdict, yet a string, a ragged list or an object array
made some of them raise. Each check is tried with each bad return value below, and,
for the checks whose answer is several arrays, with the bad value in one slot.
"""

import inspect
import warnings

import numpy as np
import pytest

from nnbook.exercises.ch1 import check_sigmoid_derivative
from nnbook.exercises.ch2 import check_dense_backward
from nnbook.exercises.ch3 import check_softmax
from nnbook.exercises.ch4 import check_max_pool_backward, check_output_size
from nnbook.exercises.core import Verdict
from nnbook.exercises.messages import MESSAGES


def stable_softmax(z):
    exps = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return exps / np.sum(exps, axis=-1, keepdims=True)


def pool_backward(x, grad_out):
    from nnbook.conv_loops import max_pool_backward
    return max_pool_backward(x, grad_out)


def output_size(n, k, padding, stride):
    from nnbook.conv import conv_output_size
    return conv_output_size(n, k, padding, stride)


def dense_backward(x, W, grad_out):
    return grad_out @ W.T, x.T @ grad_out, grad_out.sum(axis=0)


def in_slot(slot):
    """A learner of dense_backward that returns the bad value in one of the three slots."""
    def wrap(make_bad):
        def learner(x, W, grad_out):
            out = list(dense_backward(x, W, grad_out))
            out[slot] = make_bad(out[slot])
            return tuple(out)
        return learner
    return wrap


def whole(reference):
    """A learner that returns the bad value made from the reference's answer, in its place."""
    return lambda make_bad: (lambda *args: make_bad(reference(*args)))


# name: (check, the right learner, how to build a learner that returns a bad value)
CHECKS = {
    "sigmoid_derivative": (check_sigmoid_derivative, lambda a: a * (1 - a), whole(lambda a: a * (1 - a))),
    "dense_backward": (check_dense_backward, dense_backward,  # one array where three belong
                       whole(lambda x, W, grad_out: dense_backward(x, W, grad_out)[0])),
    "dense_backward[grad_x]": (check_dense_backward, dense_backward, in_slot(0)),
    "dense_backward[grad_b]": (check_dense_backward, dense_backward, in_slot(2)),
    "softmax": (check_softmax, stable_softmax, whole(stable_softmax)),
    "output_size": (check_output_size, output_size, whole(output_size)),
    "max_pool_backward": (check_max_pool_backward, pool_backward, whole(pool_backward)),
}

# name: the bad value, made from the right answer r
BAD = {
    "string": lambda r: "abc",
    "numeric string": lambda r: "0.25",
    "None": lambda r: None,
    "ragged list": lambda r: [[1.0, 2.0], [3.0]],
    "wrong shape": lambda r: np.zeros((7, 7, 7)),
    "array of strings": lambda r: np.asarray(r).astype(str),
    "complex array": lambda r: np.asarray(r) + 0j,
    "object array of the right numbers": lambda r: np.asarray(r).astype(object),
    "object array of junk": lambda r: np.array([object(), 1.0], dtype=object),
    "array of NaN": lambda r: np.full(np.shape(r), np.nan),
    "NaN": lambda r: float("nan"),
    "array of inf": lambda r: np.full(np.shape(r), np.inf),
    "dict": lambda r: {"a": 1},
    "object": lambda r: object(),
    "generator": lambda r: (v for v in np.ravel(r)),
    "bytes": lambda r: b"\x00\x01",
}


@pytest.mark.parametrize("check_name", CHECKS)
def test_the_right_answer_passes(check_name):
    check, right, wrap = CHECKS[check_name]
    assert check(right)
    if check_name != "dense_backward":
        assert check(wrap(lambda r: r))


@pytest.mark.parametrize("bad", BAD)
@pytest.mark.parametrize("check_name", CHECKS)
def test_any_bad_return_is_a_failing_verdict_with_a_message(check_name, bad):
    check, right, wrap = CHECKS[check_name]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        verdict = check(wrap(BAD[bad]))
    assert isinstance(verdict, Verdict) and not verdict
    assert isinstance(verdict.message, str) and verdict.message
    assert MESSAGES["check_failed"].split("{")[0] not in verdict.message  # a specific verdict
    assert " raised " not in verdict.message  # the bad value was returned, not an error raised


@pytest.mark.parametrize("check_name", ["sigmoid_derivative", "softmax", "max_pool_backward"])
@pytest.mark.parametrize("bad, shown", [
    ("string", "'abc'"), ("numeric string", "'0.25'"), ("ragged list", "different lengths"),
    ("array of strings", "<U"), ("complex array", "complex128"),
    ("object array of the right numbers", "object"), ("dict", "dict"), ("generator", "generator"),
])
def test_the_verdict_says_what_was_expected_and_what_was_received(check_name, bad, shown):
    check, right, wrap = CHECKS[check_name]
    message = check(wrap(BAD[bad])).message
    assert "real numbers" in message and shown in message


def test_the_three_returns_of_issue_9():
    softmax = check_softmax(lambda z: "abc")
    assert not softmax and "'abc'" in softmax.message
    derivative = check_sigmoid_derivative(lambda a: "abc")
    assert not derivative and "'abc'" in derivative.message
    pool = check_max_pool_backward(lambda x, g: [[1.0, 2.0], [3.0]])
    assert not pool and "different lengths" in pool.message


def test_a_bad_part_of_dense_backward_is_named():
    verdict = check_dense_backward(lambda x, W, g: (g @ W.T, x.T @ g, "abc"))
    assert not verdict and verdict.message.startswith("grad_b should be") and "'abc'" in verdict.message
    verdict = check_dense_backward(lambda x, W, g: "abc")
    assert not verdict and "three arrays" in verdict.message and "'abc'" in verdict.message


def test_one_number_for_one_number():
    verdict = check_sigmoid_derivative(lambda a: np.full(5, a * (1 - a)))
    assert not verdict and "one number" in verdict.message and "(5,)" in verdict.message


def test_an_exception_names_the_learners_line():
    def sigmoid_derivative(a):
        slope = a * (1 - a)
        return slope / undefined_name  # noqa: F821

    line = inspect.getsourcelines(sigmoid_derivative)[1] + 2
    verdict = check_sigmoid_derivative(sigmoid_derivative)
    assert not verdict and "NameError" in verdict.message
    assert f"line {line}" in verdict.message and "return slope / undefined_name" in verdict.message


def test_an_exception_inside_numpy_names_the_learners_line_not_numpys():
    def softmax(z):
        return np.linalg.inv(np.ones((2, 3)))

    line = inspect.getsourcelines(softmax)[1] + 1
    verdict = check_softmax(softmax)
    assert not verdict and "LinAlgError" in verdict.message and f"line {line}" in verdict.message
    assert "np.linalg.inv" in verdict.message


def test_an_exception_without_a_message_is_named_cleanly():
    def output_size(n, k, padding, stride):
        raise ValueError

    verdict = check_output_size(output_size)
    assert not verdict and "raised ValueError for input n = 28" in verdict.message
    assert "ValueError:" not in verdict.message and "It came from line" in verdict.message


@pytest.mark.parametrize("check_name", CHECKS)
def test_passing_something_other_than_a_function_is_a_verdict(check_name):
    check = CHECKS[check_name][0]
    verdict = check(np.array([0.25]))
    assert not verdict and "function" in verdict.message and "array of shape (1,)" in verdict.message


def cell(source, filename, cached=True):
    """Define the functions of ``source`` as a notebook cell does: compiled under the cell's
    name, its source kept in linecache the way IPython keeps it (no file on disk)."""
    import linecache

    if cached:
        lines = source.splitlines(keepends=True)
        linecache.cache[filename] = (len(source), None, lines, filename)
    namespace = {"np": np}
    exec(compile(source, filename, "exec"), namespace)
    return namespace


SOFTMAX_CELL = '''def helper(z):
    shifted = z - np.max(z, axis=-1, keepdims=True)
    return np.exp(shifted) / totl

def my_softmax(logits):
    return helper(logits)
'''


@pytest.mark.parametrize("filename", ["/tmp/ipykernel_123/456.py", "<ipython-input-7-0a1b2c>"])
def test_an_error_in_a_notebook_cells_helper_names_the_helpers_line(filename):
    verdict = check_softmax(cell(SOFTMAX_CELL, filename)["my_softmax"])
    assert not verdict and "NameError" in verdict.message
    assert "line 3 of helper: `return np.exp(shifted) / totl`" in verdict.message
    assert "my_softmax raised" in verdict.message and "for input [1., 2., 3.]" in verdict.message


def test_a_cell_whose_source_is_unknown_still_gives_its_line_number_or_no_line():
    verdict = check_softmax(cell(SOFTMAX_CELL, "/tmp/ipykernel_123/gone.py", cached=False)
                            ["my_softmax"])
    assert not verdict and "NameError" in verdict.message and "line 3" not in verdict.message


def test_a_frame_without_source_is_not_taken_for_the_learners_line():
    inner = cell("def inner(z):\n    raise ValueError('deep')\n",
                 "<__array_function__ internals>", cached=False)["inner"]

    def my_softmax(logits):
        return inner(logits)

    line = inspect.getsourcelines(my_softmax)[1] + 1
    verdict = check_softmax(my_softmax)
    assert f"line {line} of my_softmax: `return inner(logits)`" in verdict.message


def test_a_long_message_is_cut_in_the_middle_and_keeps_its_end():
    message = Verdict(False, "start " + "x" * 2000 + " the hint").message
    assert len(message) <= 700 and message.startswith("start") and message.endswith("the hint")


def test_the_html_verdict_escapes_what_the_learner_named():
    html = check_softmax(lambda z: "<b>").__repr__(), check_softmax(lambda z: "<b>")._repr_html_()
    assert "&lt;lambda&gt;" in html[1] and "<lambda>" in html[0]


@pytest.mark.parametrize("expected, received, shown", [
    (0.09, np.float32(0.09), ("0.09", "0.0900000036")),
    (np.array([1.0, 2.0]), np.array([1.0, 2.0 + 1e-9]), ("[1., 2.]", "[1., 2.000000001]")),
])
def test_a_pair_is_printed_with_enough_digits_to_differ(expected, received, shown):
    from nnbook.exercises.core import pair

    assert pair(expected, received) == shown
