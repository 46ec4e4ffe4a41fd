"""Introduced in Chapter 4. Hold numpy's BLAS to one thread while nnbook trains."""

import contextlib

_controller = None  # threadpoolctl's controller of numpy's BLAS, made on first use


@contextlib.contextmanager
def single_blas_thread():
    """Hold numpy's BLAS to one thread inside the ``with`` block; as it was outside.

    A network's matrix products are small: BLAS threads gain nothing on them, and when
    another program is busy on another core they wait for it (on a 2-core machine a
    training step of Chapter 4's CNN was measured at 68 ms with two BLAS threads against
    14 ms with one). So ``Sequential`` trains, evaluates and predicts on one.
    Explained in Chapter 4.
    """
    global _controller
    if _controller is None:
        from threadpoolctl import ThreadpoolController
        _controller = ThreadpoolController()
    with _controller.limit(limits=1, user_api="blas"):
        yield
