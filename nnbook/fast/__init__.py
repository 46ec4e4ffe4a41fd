"""Introduced in Chapter 4. The speed room: code that exists only to make training fast.

Every chapter shows the plain code it runs. Where the plain code would be too slow to
train on, a teaching module calls into this package in one named line, and a test checks
that the two compute the same numbers (to 1e-12 in float64). Nothing here is needed to
understand a network; all of it is needed to train Chapter 4's CNN in seconds.

- ``blas``: hold numpy's BLAS to one thread while training.
- ``work``: batch-sized work arrays kept between calls.
- ``conv``: im2col and col2im on flat images, and the chunked convolution built on them
  (the plain versions: ``nnbook.conv.im2col`` and ``nnbook.conv_loops``).
- ``pool``: max-pooling kernels (plain version: ``nnbook.conv_loops.max_pool_forward``).
- ``split``: one training step on two threads, each on half of the batch
  (plain version: ``nnbook.model.Sequential.train_step``).
- ``backprop``: a backward pass that skips the gradients a step will not use
  (plain version: ``Sequential.backward``; Chapter 6's GAN step uses it).

This package imports no teaching module: it works on whatever arrays and objects it is
handed, so the lessons can depend on it and never the other way round.
"""
