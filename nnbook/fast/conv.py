"""Introduced in Chapter 4. The fast convolution: im2col on flat images, in cache-sized chunks.

``nnbook.conv.im2col`` is the plain version a chapter shows: copy every kernel-sized patch
into a column, then one matrix product gives every output. This module computes the same
numbers with two habits that make numpy fast:

* Images are handled flat, row after row. A padded channel of Hp rows and Wp columns,
  followed by one spare row of zeros, is one vector of (Hp + 1)·Wp numbers. Pixel (u, v)
  sits at u·Wp + v, so moving the kernel by (p, q) is a shift by o = p·Wp + q along the
  vector, and output (i, j) of a stride-1 convolution sits at t = i·Wp + j. Each output
  row then has Wp − Wo extra positions past its right edge (the kernel hanging over into
  the next row); they are computed with the rest and dropped. The spare row keeps every
  shift inside the vector. Every copy and addition runs over long contiguous stretches.
* A batch is taken a few images at a time (``CHUNK_BYTES``), so that their columns are
  still in the processor's cache when the matrix product reads them.

A stride s keeps every s-th row and column of the stride-1 grid (s² times the work of
computing only those; the classic model uses s = 1). ``tests/test_fast.py`` checks these
functions against ``nnbook.conv_loops`` to 1e-12 in float64.
"""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from nnbook.fast.work import work_array

CHUNK_BYTES = 2**21
"""Conv2D goes through a batch a few images at a time, as many as have im2col columns
of about this many bytes (2 MiB), so that the columns are still in the processor's cache
when the matrix product reads them. (1 MiB measured as fast on one thread, and slower
when two threads train at once: more, shorter steps.) Explained in Chapter 4."""


def im2col_flat(x_flat, kernel_size, pitch, length, out=None):
    """Copy the kernel-shifted rows of flat images into one matrix per image.

    ``x_flat`` (N, C, R) holds flat images of row length ``pitch`` (R ≥ (kh·pitch + length
    − 1)); ``length`` output positions are made, (Hp − kh + 1)·pitch for a whole stride-1
    output. Returns ``cols`` (N, kh·kw·C, length): row (p, q, c) of image n is
    x_flat[n, c, o : o + length] with o = p·pitch + q. ``sliding_window_view`` gives all the
    shifted rows as a view; one ``copyto`` lays out the kh·kw·C of them needed.
    Explained in Chapter 4.
    """
    kh, kw = kernel_size
    n, c, _ = x_flat.shape
    windows = sliding_window_view(x_flat, length, axis=2)  # [n, c, o] is x_flat[n, c, o:o+length]
    shifted = windows[:, :, :kh * pitch].reshape(n, c, kh, pitch, length)[:, :, :, :kw]
    if out is None:
        out = np.empty((n, kh, kw, c, length), dtype=x_flat.dtype)
    out = out.reshape(n, kh, kw, c, length)
    np.copyto(out, shifted.transpose(0, 2, 3, 1, 4))
    return out.reshape(n, kh * kw * c, length)


def col2im_flat(cols, kernel_size, pitch, out=None):
    """The adjoint of ``im2col_flat``: add every row of ``cols`` back at its shift.

    ``cols`` (N, kh·kw·C, R) has rows ordered (p, q, c), each as long as a flat image;
    entries t ≥ R − ((kh − 1)·pitch + kw − 1) must be zero. ``out``, if given, is a flat
    array of N·C·R + (kh − 1)·pitch + kw − 1 elements. Returns (N, C, R). The loop runs over
    the kh·kw kernel offsets; since all images and channels lie end to end, each step is
    one addition of a whole batch-sized block. Explained in Chapter 4.
    """
    kh, kw = kernel_size
    n, rows, length = cols.shape
    c = rows // (kh * kw)
    size = n * c * length
    if out is None:
        out = np.empty(size + (kh - 1) * pitch + kw - 1, dtype=cols.dtype)
    # The rows of offset (0, 0) are copied rather than added to zeros: one pass fewer.
    np.copyto(out[:size].reshape(n, c * length), cols[:, :c].reshape(n, c * length))
    out[size:] = 0
    for r in range(1, kh * kw):
        p, q = divmod(r, kw)
        o = p * pitch + q
        target = out[o:o + size].reshape(n, c * length)
        target += cols[:, r * c:(r + 1) * c].reshape(n, c * length)
    return out[:size].reshape(n, c, length)


def _geometry(shape, kernel_size, pads, strides):
    """Padded size, output size, and the output's positions in the flat stride-1 grid."""
    _, _, h, w = shape
    (kh, kw), (sh, sw) = kernel_size, strides
    ((top, bottom), (left, right)) = pads
    hp, wp = h + top + bottom, w + left + right
    ho, wo = (hp - kh) // sh + 1, (wp - kw) // sw + 1
    kept = np.s_[:, :, 0:(ho - 1) * sh + 1:sh, 0:(wo - 1) * sw + 1:sw]
    return (top, left), (hp, wp), (ho, wo), kept


def _chunk(kernel_size, c, hp, wp, itemsize):
    """How many images to handle at a time: their columns should fit in CHUNK_BYTES."""
    kh, kw = kernel_size
    return max(1, CHUNK_BYTES // (kh * kw * c * (hp + 1) * wp * itemsize))


def _W_rows(W):
    """The kernel (F, C, kh, kw) as an (F, kh·kw·C) matrix, columns in (p, q, c) order."""
    return W.transpose(0, 2, 3, 1).reshape(W.shape[0], -1)


def conv2d_forward(x, W, b, pads, strides, work):
    """The convolution of ``x`` (N, C, H, W) with ``W`` (F, C, kh, kw) and bias ``b`` (or
    None): what ``nnbook.conv_loops.conv2d_forward`` computes, padded by ``pads`` =
    ((top, bottom), (left, right)). Keeps the padded input in ``work`` for backward.
    Explained in Chapter 4.
    """
    n, c, h, w = x.shape
    f, _, kh, kw = W.shape
    (top, left), (hp, wp), (ho, wo), kept = _geometry(x.shape, (kh, kw), pads, strides)
    length = (hp - kh + 1) * wp  # every stride-1 output position, overhang included
    # The padded images with a spare row, flat; the border stays zero: only the middle
    # is ever written, and the buffer is reused only for this very geometry.
    x_flat = work_array(work, "x_flat", (n, c, hp + 1, wp), x.dtype, fill=0, tag=(h, w, pads))
    out_flat = work_array(work, "out", (n, f, length), x.dtype)
    out = np.empty((n, f, ho, wo), dtype=x.dtype)
    W_rows = _W_rows(W)
    chunk = _chunk((kh, kw), c, hp, wp, x.dtype.itemsize)
    cols_work = work_array(work, "cols", (chunk, kh * kw * c, length), x.dtype)
    for start in range(0, n, chunk):
        images, count = slice(start, start + chunk), min(chunk, n - start)
        x_flat[images, :, top:top + h, left:left + w] = x[images]
        cols = im2col_flat(x_flat[images].reshape(count, c, -1), (kh, kw), wp, length,
                           out=cols_work[:count])
        np.matmul(W_rows, cols, out=out_flat[images])
        if b is not None:
            out_flat[images] += b[:, None]
        out[images] = out_flat[images].reshape(count, f, hp - kh + 1, wp)[kept]
    return out


def conv2d_backward(grad_out, x_shape, W, pads, strides, work, input_grad=True):
    """The gradients of the last ``conv2d_forward`` (which left its padded input in
    ``work``): ``(grad_x, grad_W, grad_b)``, as ``nnbook.conv_loops.conv2d_backward``.

    ∂L/∂W = Σ_n G_n cols_nᵀ; ∂L/∂x = col2im(W_rowsᵀ G_n). ``grad_x`` is None when
    ``input_grad`` is False (a model's first layer: nobody uses it). Explained in Chapter 4.
    """
    n, c, h, w = x_shape
    f, _, kh, kw = W.shape
    dtype = grad_out.dtype
    (top, left), (hp, wp), _, kept = _geometry(x_shape, (kh, kw), pads, strides)
    length, size = (hp - kh + 1) * wp, (hp + 1) * wp  # output positions, flat image size
    x_flat = work_array(work, "x_flat", (n, c, hp + 1, wp), dtype, fill=0, tag=(h, w, pads))
    x_flat = x_flat.reshape(n, c, size)  # as the last forward left it
    # G on the flat stride-1 grid, zero at the overhang, at the positions a stride
    # skipped and on the spare rows: only the kept positions are ever written.
    grad_flat = work_array(work, "grad_flat", (n, f, hp + 1, wp), dtype, fill=0,
                           tag=(h, w, pads))
    W_rows = _W_rows(W)
    grad_W_rows = np.zeros(W_rows.shape, dtype=dtype)
    grad_x = np.empty(x_shape, dtype=dtype) if input_grad else None
    chunk = _chunk((kh, kw), c, hp, wp, dtype.itemsize)
    spill = (kh - 1) * wp + kw - 1  # col2im's room past the last image
    cols_work = work_array(work, "cols", (chunk, kh * kw * c, length), dtype)
    if input_grad:
        grad_cols_work = work_array(work, "grad_cols", (chunk, kh * kw * c, size), dtype)
        grad_x_work = work_array(work, "grad_x_flat", (chunk * c * size + spill,), dtype)
    for start in range(0, n, chunk):
        images, count = slice(start, start + chunk), min(chunk, n - start)
        grad_flat[images][kept] = grad_out[images]
        grad = grad_flat[images].reshape(count, f, size)
        # These images' columns again: remaking a few costs less than keeping the whole
        # batch's from forward, which would not stay in the cache.
        cols = im2col_flat(x_flat[images], (kh, kw), wp, length, out=cols_work[:count])
        grad_W_rows += np.matmul(grad[:, :, :length], cols.transpose(0, 2, 1)).sum(axis=0)
        if not input_grad:
            continue
        grad_cols = np.matmul(W_rows.T, grad, out=grad_cols_work[:count])
        grad_x_flat = col2im_flat(grad_cols, (kh, kw), wp,
                                  out=grad_x_work[:count * c * size + spill])
        grad_x_flat = grad_x_flat.reshape(count, c, hp + 1, wp)
        grad_x[images] = grad_x_flat[:, :, top:top + h, left:left + w]
    grad_W = np.ascontiguousarray(grad_W_rows.reshape(f, kh, kw, c).transpose(0, 3, 1, 2))
    return grad_x, grad_W, grad_out.sum(axis=(0, 2, 3))
