"""conv_output_size and conv_padding refuse lengths and strides that mean nothing (issue 9)."""

import numpy as np
import pytest

from nnbook.conv import conv_output_size, conv_padding

FUNCTIONS = {"conv_output_size": conv_output_size, "conv_padding": conv_padding}


@pytest.mark.parametrize("name", FUNCTIONS)
@pytest.mark.parametrize("args, word, received", [
    ((28, 5, "valid", -1), "stride", "-1"),  # returned -22
    ((28, 5, "valid", 0), "stride", "0"),  # ZeroDivisionError
    ((28, 0, "valid", 1), "k", "0"),  # returned 29
    ((28, -2, "same", 1), "k", "-2"),
    ((0, 3, "same", 1), "n", "0"),  # returned 0
    ((-4, 3, "full", 1), "n", "-4"),
])
def test_non_positive_lengths_and_strides_refused(name, args, word, received):
    with pytest.raises(ValueError, match=rf"{name} expected {word} .*a positive integer"
                                         rf".*got {received}$"):
        FUNCTIONS[name](*args)


@pytest.mark.parametrize("name", FUNCTIONS)
@pytest.mark.parametrize("args, word, received", [
    ((28.5, 5, "valid", 1), "n", r"28.5 \(float\)"),  # returned 24.0
    ((28.0, 5, "valid", 1), "n", r"28.0 \(float\)"),  # no silent int(): a float is a slip
    ((28, "5", "valid", 1), "k", r"'5' \(str\)"),
    ((28, 5, "valid", 1.5), "stride", r"1.5 \(float\)"),
    ((True, 1, "valid", 1), "n", r"True \(bool\)"),  # returned 1
    ((28, 5, "valid", None), "stride", r"None \(NoneType\)"),
])
def test_non_integers_refused(name, args, word, received):
    with pytest.raises(TypeError, match=rf"{name} expected {word} .*an integer.*got {received}"):
        FUNCTIONS[name](*args)


def test_numpy_integers_are_integers():
    assert conv_output_size(np.int64(28), np.int32(5)) == 24
    assert conv_padding(np.int64(7), np.int64(3), "same", np.int64(2)) == (1, 1)
    assert conv_output_size(28, 5, "same", 1) == 28  # and the unchanged cases still work
