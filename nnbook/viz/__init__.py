"""Introduced in Chapter 1. Figures, animations and widgets, one module per chapter.

``style`` is the one place figure text and colours are set (``LABELS``, ``COLORS``), so a
translated edition changes one module. ``ch1`` ... ``ch4`` hold each chapter's figures
and explorers; a chapter imports them as ``from nnbook.viz import ch3 as viz3``.
"""
