"""Placeholder: serves MathJax and the widget renderer from the build (filled in next)."""


def setup(app):
    return {"parallel_read_safe": True, "parallel_write_safe": True}
