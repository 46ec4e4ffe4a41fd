"""Fixes to the built web pages that need no change to the notebooks.

* **One THEBE_JS_URL script.** Sphinx 7 adds an inline script registered with
  ``app.add_js_file(None, body=...)`` to the page twice (sphinx-doc/sphinx#13402, fixed in
  Sphinx 8, but Jupyter Book 1 pins Sphinx 7), so every page logged
  ``Identifier 'THEBE_JS_URL' has already been declared``. An ``html-page-context``
  handler drops the repeat.
* **Unique element IDs.** sphinx-exercise gives every exercise's and solution's body the
  ID ``exercise-content`` / ``solution-content``; a page with four exercises repeats it four
  times. Each body takes its box's ID instead (``ex-ch1-shapes-content``).
* **Phones and dark mode.** ``web/static/nnbook.css``: widget rows wrap, the animation's
  controls stay inside the column, wide display equations scroll in their own box, and
  figures keep a white background in dark mode (their text is black).
* **Alt text for animations and widgets** from the cell's ``mystnb.image.alt`` metadata,
  the key myst-nb uses for image outputs (``_alt_from_cell_metadata``, ``web/static/nnbook.js``).
* **The single-page build** (``--builder singlehtml``, printed to PDF) gets the node
  handlers registered for ``html``.
* **The general index.** ``web/templates/index-link.html`` is a link to ``genindex``
  (filled by the glossary's terms); ``_config.yml`` puts it at the foot of the left
  sidebar (``primary_sidebar_end``).
"""

from pathlib import Path

HERE = Path(__file__).parent / "web"


def _drop_repeated_scripts(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if not isinstance(scripts, list):
        return
    seen, kept = set(), []
    for js in scripts:
        # The repeat is the same script with filename '' instead of None.
        key = (str(js.filename or ""), js.priority, tuple(sorted(js.attributes.items())))
        if key not in seen:
            seen.add(key)
            kept.append(js)
    scripts[:] = kept


def _unique_body_ids(app, doctree, docname):
    from docutils import nodes

    count = 0
    for section in doctree.findall(nodes.section):
        for shared in ("exercise-content", "solution-content"):
            if shared in section["ids"]:
                count += 1
                owner = section.parent.get("ids") if section.parent is not None else None
                new = f"{owner[0]}-content" if owner else f"{shared}-{count}"
                section["ids"] = [new if i == shared else i for i in section["ids"]]


def _alt_from_cell_metadata(app, doctree, docname):
    """Give a cell's animation and widget images the alt text in the cell's metadata.

    myst-nb reads ``mystnb: {image: {alt: ...}}`` for image outputs only. An animation is
    HTML (its frames are one ``<img>``) and a widget draws its image in the browser, so
    here the same key reaches them: the animation's ``<img>`` gets it now, and a widget's
    images get it from ``nnbook.js`` once drawn. The text stays in the notebook, where the
    translated edition's catalogs reach it.
    """
    from html import escape

    from docutils import nodes

    for cell in doctree.findall(nodes.container):
        if cell.get("nb_element") != "cell_code":
            continue
        alt = (cell.get("cell_metadata") or {}).get("mystnb", {}).get("image", {}).get("alt")
        if not alt:
            continue
        attribute = f'alt="{escape(alt, quote=True)}"'
        widgets = False
        for raw in list(cell.findall(nodes.raw)):
            html = raw.astext()
            if 'class="animation"' in html and "<img id=" in html:
                new = nodes.raw("", html.replace("<img id=", f"<img {attribute} id=", 1), format="html")
                raw.replace_self(new)
            widgets = widgets or "application/vnd.jupyter.widget-view+json" in html
        if widgets:
            cell += nodes.raw("", f'<span class="nnbook-widget-alt" hidden data-{attribute}></span>',
                              format="html")


def _setup_paths(app, config):
    config.html_static_path.append(str(HERE / "static"))
    config.templates_path.append(str(HERE / "templates"))


def _singlehtml_gets_the_html_handlers(app):
    # sphinx-exercise registers node handlers for "singlehtml", so Sphinx no longer falls
    # back to the "html" ones there, and myst-nb's (hidden code cells...) are missing:
    # `--builder singlehtml` (scripts/book_pdf.py) stopped with "unknown node type".
    if app.builder.name == "singlehtml":
        handlers = app.registry.translation_handlers
        handlers["singlehtml"] = {**handlers.get("html", {}), **handlers.get("singlehtml", {})}


def setup(app):
    app.connect("builder-inited", _singlehtml_gets_the_html_handlers)
    app.connect("config-inited", _setup_paths, priority=900)
    app.add_css_file("nnbook.css")
    app.add_js_file("nnbook.js", loading_method="defer")
    app.connect("doctree-resolved", _alt_from_cell_metadata)
    app.connect("html-page-context", _drop_repeated_scripts, priority=999)
    app.connect("doctree-resolved", _unique_body_ids)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
