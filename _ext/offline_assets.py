"""Serve MathJax and the ipywidgets renderer from the built book, not from CDNs.

By default Sphinx loads MathJax, and myst-nb loads require.js plus the
@jupyter-widgets/html-manager embed script, from CDNs. Offline (a classroom
without internet, a saved copy of the site) math then shows as raw TeX and
saved widgets as empty boxes. This extension puts local copies into
``_static/offline/`` of the HTML output and points both at them:

* MathJax 3.2.2 comes from the PyPI package ``django-static-mathjax`` (import
  name ``mathjax``), so ``pip install -r requirements.txt`` brings it along.
* require.js and embed-amd.js are vendored in ``_vendor/`` (see its README).
  They live outside ``_static/`` because Jupyter Book would otherwise load
  them on every page, not only on pages that hold widgets.

The 3.6 MB embed script is loaded with ``defer``, so it does not hold up the first
paint (``browser_tests/`` checks that no synchronous script over 500 kB is left).

Only remote (``://``) values are replaced, so a local ``mathjax_path`` or
``nb_ipywidgets_js`` set in ``_config.yml`` still wins. Served over HTTP it
all works offline; opened from disk too, except MathJax's optional menu explorer
(browsers refuse its file:// JSON fetches).
"""

import shutil
from pathlib import Path

import mathjax

# What tex-mml-chtml.js fetches at run time: CHTML fonts, TeX/MathML
# extensions (autoload of \color, \cancel...), and the menu's accessibility
# tools (a11y + the speech rule engine sre). ~7 MB instead of the 24 MB es5/.
MATHJAX_ES5 = Path(mathjax.__file__).parent / "static" / "mathjax" / "es5"
MATHJAX_PARTS = ["tex-mml-chtml.js", "input/tex", "input/mml", "output/chtml", "ui", "a11y", "sre"]
MATHJAX_LICENSE = MATHJAX_ES5.parent / "LICENSE"

# embed-amd.js looks for its icon fonts beside the URI require.js gives its
# modules, by default the page's folder: map the modules onto the vendored file.
# Widget labels are typeset through MathJax 2's Hub.Queue (ipywidgets#3829):
# route that to MathJax 3, else every label logs an error and \(...\) in a
# description stays raw (MathJax here, as in Sphinx, does not treat $ as math).
WIDGETS_INIT = """(function () {
  var s = document.querySelector('script[src*="offline/requirejs/require.js"]');
  var js = new URL("../ipywidgets/embed-amd", s.src).href;
  requirejs.config({paths: {"@jupyter-widgets/html-manager": js,
                            "@jupyter-widgets/html-manager/dist/libembed-amd": js}});
  window.addEventListener("load", function () {
    var M = window.MathJax;
    if (M && M.startup && !M.Hub) M.Hub = {Queue: function (job) {
      M.startup.promise.then(function () { return M.typesetPromise([job[2]]); });
    }};
  });
})();"""


def _use_local_copies(app, config):
    if "://" in config.mathjax_path:
        config.mathjax_path = "offline/mathjax/tex-mml-chtml.js"
    if any("://" in url for url in config.nb_ipywidgets_js):
        config.nb_ipywidgets_js = {
            "offline/requirejs/require.js": {},
            "": {"body": WIDGETS_INIT},
            # embed-amd.js bundles base, controls and output; the "CDN" is only
            # asked for third-party widget modules, which then fail locally
            # instead of reaching the network. It is 3.6 MB: `defer` lets the page
            # paint before it arrives (it renders the widgets on `load` anyway).
            # require.js (86 kB) stays synchronous: the inline script above
            # configures it while the page is parsed.
            "offline/ipywidgets/embed-amd.js": {"data-jupyter-widgets-cdn": "_static/offline/npm/",
                                                "defer": "defer"},
        }


def _copy_assets(app, exception):
    if exception or app.builder.format != "html":
        return
    dest = Path(app.outdir) / "_static" / "offline"
    for part in MATHJAX_PARTS:
        src, out = MATHJAX_ES5 / part, dest / "mathjax" / part
        if src.is_dir():
            shutil.copytree(src, out, dirs_exist_ok=True)
        else:
            out.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, out)
    shutil.copy2(MATHJAX_LICENSE, dest / "mathjax" / "LICENSE")
    shutil.copytree(Path(app.srcdir) / "_vendor", dest, dirs_exist_ok=True, ignore=_slides_only)


# _vendor/ also holds what only the slide decks load (teaching/slides.py copies it
# beside them): the book's pages never use it, so it stays out of the HTML build.
SLIDES_ONLY = {"reveal.js", "jquery"}


def _slides_only(folder, names):
    return SLIDES_ONLY & set(names) if Path(folder).name == "_vendor" else set()


def setup(app):
    # Late priority: run after myst-nb / Jupyter Book have settled their defaults.
    app.connect("config-inited", _use_local_copies, priority=900)
    app.connect("build-finished", _copy_assets)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
