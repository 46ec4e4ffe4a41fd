"""Introduced in Chapter 1. Self-checks: a kind, exact verdict on a learner's function.

One module per chapter holds that chapter's checks (``nnbook.exercises.ch3.check_softmax``);
``core`` holds what they share (the :class:`~nnbook.exercises.core.Verdict`, calling the
learner's function safely) and ``messages`` every text a check can show.
"""
