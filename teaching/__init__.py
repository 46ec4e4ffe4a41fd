"""Tools for teachers: the book as an nbgrader course, and a student edition without nbgrader.

Not part of nnbook (the package readers install); run from a clone of the book's repository.
"""
