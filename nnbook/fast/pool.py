"""Introduced in Chapter 4. Max-pooling kernels: the common 2×2 pool, and any other.

``nnbook.conv_loops.max_pool_forward`` is the plain version (a loop over windows). The
2×2 pool with stride 2 compares strided views here: horizontal neighbours x[..., 0::2] and
x[..., 1::2] first, then vertical neighbours of the result (fewer, longer steps than the
four views of a window). Other pool sizes copy their windows out and take the argmax.
Either way the gradient goes to the first maximum of each window in row-major order, as
PyTorch does. ``tests/test_fast.py`` checks both against the loops.
"""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from nnbook.fast.work import work_array


def _max_pool_2x2(x):
    """Max over 2×2 windows at stride 2 of ``x`` (N, C, H, W), H and W even.

    Returns the output and two boolean arrays for backward: where the right one of a
    horizontal pair won, and where the bottom one of a vertical pair won. A later entry
    wins only if strictly larger, so a tie goes to the first maximum in row-major order.
    """
    n, c, h, w = x.shape
    pairs = np.ascontiguousarray(x).reshape(-1, 2)
    left, right = pairs[:, 0], pairs[:, 1]
    right_wins = right > left
    pair_max = np.maximum(left, right).reshape(-1, 2, w // 2)  # rows 2i and 2i + 1
    top, bottom = pair_max[:, 0], pair_max[:, 1]
    bottom_wins = bottom > top
    out = np.maximum(top, bottom).reshape(n, c, h // 2, w // 2)
    return out, (right_wins, bottom_wins)


def _max_pool_2x2_backward(grad_out, winners, shape):
    """The gradient of ``_max_pool_2x2`` for an input of ``shape``: its two steps in reverse."""
    right_wins, bottom_wins = winners
    n, c, h, w = shape
    grad = np.ascontiguousarray(grad_out).reshape(-1, w // 2)
    grad_pairs = np.empty((grad.shape[0], 2, w // 2), dtype=grad.dtype)
    np.multiply(grad, bottom_wins, out=grad_pairs[:, 1])
    np.subtract(grad, grad_pairs[:, 1], out=grad_pairs[:, 0])  # exactly grad where top won
    grad_pairs = grad_pairs.reshape(-1)
    grad_x = np.empty(shape, dtype=grad.dtype)
    grad_x_pairs = grad_x.reshape(-1, 2)
    np.multiply(grad_pairs, right_wins, out=grad_x_pairs[:, 1])
    np.subtract(grad_pairs, grad_x_pairs[:, 1], out=grad_x_pairs[:, 0])
    return grad_x


def _windows(x, pool_size, strides):
    (ph, pw), (sh, sw) = pool_size, strides
    windows = sliding_window_view(x, (ph, pw), axis=(2, 3))[:, :, ::sh, ::sw]
    return windows.reshape(*windows.shape[:4], ph * pw)  # (N, C, Ho, Wo, ph·pw), a copy


def _max_pool_windows(x, pool_size, strides, keys=None):
    """Max over any windows: the first argmax of ``keys`` (default ``x``) in each window,
    and its value in ``x``. Returns the output and the winners' window indices."""
    flat = _windows(x, pool_size, strides)
    winner = (flat if keys is None else _windows(keys, pool_size, strides)).argmax(axis=-1)
    return np.take_along_axis(flat, winner[..., None], axis=-1)[..., 0], winner


def _max_pool_windows_backward(grad_out, winner, pool_size, strides, grad_x):
    """Add each window's gradient to its winner in ``grad_x`` (zeros on entry)."""
    (ph, pw), (sh, sw) = pool_size, strides
    ho, wo = grad_out.shape[2:]
    for k in range(ph * pw):
        p, q = divmod(k, pw)
        window_entry = grad_x[:, :, p:p + (ho - 1) * sh + 1:sh, q:q + (wo - 1) * sw + 1:sw]
        window_entry += grad_out * (winner == k)


def max_pool_forward(x, pool_size, strides, pads, work):
    """The window maxima of ``x`` (N, C, H, W), padded with −∞ by ``pads`` = ((top, bottom),
    (left, right)): what ``nnbook.conv_loops.max_pool_forward`` computes. Returns the
    output and what ``max_pool_backward`` needs. Explained in Chapter 4.
    """
    n, c, h, w = x.shape
    (top, bottom), (left, right) = pads
    x_padded, keys = x, None
    if top or bottom or left or right:
        shape = (n, c, h + top + bottom, w + left + right)
        x_padded = work_array(work, "x_padded", shape, x.dtype, fill=-np.inf, tag=(h, w, pads))
        x_padded[:, :, top:top + h, left:left + w] = x
        if np.isneginf(x).any():
            # A window of −∞ alone must send its gradient to an input, not to the padding
            # (as PyTorch): rank an input's −∞ above the padding's.
            keys = np.full(shape, -np.inf, dtype=x.dtype)
            keys[:, :, top:top + h, left:left + w] = np.where(np.isneginf(x),
                                                              np.finfo(x.dtype).min, x)
    if pool_size == strides == (2, 2) and keys is None:
        # "valid" drops an odd last row or column: pool the even part.
        even = x_padded[:, :, :x_padded.shape[2] // 2 * 2, :x_padded.shape[3] // 2 * 2]
        out, winners = _max_pool_2x2(even)
        state = ("2x2", even.shape, winners)
    else:
        out, winners = _max_pool_windows(x_padded, pool_size, strides, keys)
        state = ("windows", winners)
    return out, (state, x_padded.shape, x.shape, (top, left), pool_size, strides)


def max_pool_backward(grad_out, saved):
    """∂L/∂x of ``max_pool_forward`` (``saved`` is its second result): each window's
    gradient at its first maximum, zero elsewhere. Explained in Chapter 4."""
    state, padded_shape, (n, c, h, w), (top, left), pool_size, strides = saved
    dtype = grad_out.dtype
    if state[0] == "2x2":
        _, even_shape, winners = state
        grad_padded = _max_pool_2x2_backward(grad_out, winners, even_shape)
        if even_shape != padded_shape:
            grad_even, grad_padded = grad_padded, np.zeros(padded_shape, dtype=dtype)
            grad_padded[:, :, :even_shape[2], :even_shape[3]] = grad_even
    else:
        grad_padded = np.zeros(padded_shape, dtype=dtype)
        _max_pool_windows_backward(grad_out, state[1], pool_size, strides, grad_padded)
    if grad_padded.shape[2:] == (h, w):
        return grad_padded
    return np.ascontiguousarray(grad_padded[:, :, top:top + h, left:left + w])
