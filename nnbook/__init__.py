"""nnbook: the numpy package built chapter by chapter in *Neural Networks from Scratch*.

Each module says which chapter introduces it; a chapter imports only the modules
introduced in it or before it.
"""

__version__ = "0.1.0"
