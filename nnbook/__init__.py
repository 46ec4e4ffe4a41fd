"""nnbook: the numpy package built chapter by chapter in *Neural Networks from Scratch*.

Each module says which chapter introduces it, and each public object where it is
explained; a chapter imports only what was introduced in it or before it.

Two rooms. The teaching modules hold the plain code a chapter shows and runs. Code that
exists only for speed lives in ``nnbook.fast``; a lesson calls into it in one named line,
and a test checks that the fast and the plain versions compute the same numbers.

Nothing silent. Every public entry point checks what it is given before it changes
anything. An error names what was expected and what was received, and says how to fix
it when the fix is known. No NaN or inf passes in silently (a layer takes ±inf where IEEE
arithmetic defines its result, as a max-pool of −∞; data is refused at the model's doors);
no shape is reinterpreted; no state is left half-changed when an error is raised
(``nnbook.checks`` words these errors once for everyone; ``tests/test_bad_input.py``
sweeps every public name with bad input).
"""

__version__ = "0.1.0"
