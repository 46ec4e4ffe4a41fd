"""One book, two languages: what the Chinese edition needs from the build.

The Chinese edition (``python scripts/build_book.py``) is the same sources built with
``language: zh_CN``: Sphinx's gettext route swaps each English message for its translation
in ``locales/zh_CN/LC_MESSAGES/``. This extension does the parts Sphinx leaves to us.

* **The book's language reaches the notebooks.** ``NNBOOK_LANG`` is set from Sphinx's
  ``language`` before any notebook runs, and the kernels inherit it, so ``nnbook.lang``
  picks the figure labels and the self-check messages of that language.
* **Display math stays out of the catalogs.** An equation is not a sentence; translating
  it could only break it. The same goes for the TeX form of nnbook's source listings,
  and for the glossary's English-Chinese terms table, which both editions show as it is.
* **A link to the other edition** on every page (``templates/language-switch.html``,
  in the article's header), to the same page in the other language.
* **The theme's header buttons** that sphinx-book-theme's catalog leaves in English get a
  small catalog of ours (``locales/zh_CN/LC_MESSAGES/booktheme.po``).
* **Exercise titles** reach the catalogs (sphinx-exercise leaves them without a source).
* **Alt text** lives in the cell's metadata (``mystnb.image.alt``), and myst-nb turns it
  into an image's alt only after the translation step has run, so gettext never sees it.
  The gettext build adds each to the page's catalog, with the figure captions (which
  reach the doctree only with executed outputs, and the catalogs are made without
  running the notebooks); the translated build swaps the alt text in, on the images and
  in the metadata ``web_pages`` gives animations and widgets.
"""

import os
import re

from docutils import nodes
from sphinx.transforms import SphinxTransform


def _language(config):
    return config.language or "en"


def _export_language(app, config):
    os.environ["NNBOOK_LANG"] = _language(config)


class CatalogScope(SphinxTransform):
    """What goes into the catalogs: no display math, no terms table, exercise titles."""

    # Before sphinx.transforms.i18n.Locale (20), which reads "translatable".
    default_priority = 15

    def apply(self, **kwargs):
        for node in self.document.findall(nodes.math_block):
            node["translatable"] = False
        # The English-Chinese terms table (book/glossary.md) shows both languages in both
        # editions; translated, its English column would turn Chinese.
        for table in self.document.findall(nodes.table):
            if "nnbook-terms" in table["classes"]:
                for cell in table.findall(nodes.TextElement):
                    cell["translatable"] = False
        # A table cell that is one number or one name (the teacher's guide's run times,
        # read from book/runtimes.csv) has nothing to translate, and re-measured run
        # times would otherwise show up as untranslated messages.
        for entry in self.document.findall(nodes.entry):
            for cell in entry.findall(nodes.TextElement):
                text = cell.astext().strip()
                file_name = re.fullmatch(r"[\w.\-/]+", text) and re.search(r"[_./]", text)
                if file_name or not re.search(r"[^\W\d_]{2,}", text):
                    cell["translatable"] = False
        # sphinx-exercise makes an exercise's title without a source, so gettext skips it
        # and "Exercise 1.1 (Shapes)" stays English. The title is plain text: give it its
        # own text as source, and the line of its exercise.
        for subtitle in self.document.findall(nodes.subtitle):
            owner = subtitle.parent.parent if subtitle.parent is not None else None
            if type(subtitle).__name__ == "exercise_subtitle" and owner is not None:
                subtitle.rawsource = subtitle.astext()
                subtitle.source = owner.source or self.document["source"]
                subtitle.line = owner.line or 1
                # sphinx-exercise's post-transform rebuilds the title, before the gettext
                # builder reads it: the text is kept for _texts_in_catalogs.
                owner["nnbook_catalog_text"] = subtitle.rawsource


def cell_texts(doctree, kinds=(("image", "alt"),)):
    """(cell, text) for every code cell whose ``mystnb`` metadata has these (key, field)s."""
    for cell in doctree.findall(nodes.container):
        if cell.get("nb_element") != "cell_code":
            continue
        mystnb = (cell.get("cell_metadata") or {}).get("mystnb", {})
        for key, field in kinds:
            text = mystnb.get(key, {}).get(field)
            if text:
                yield cell, text


def _catalog(app, docname):
    from sphinx.locale import init as init_locale
    from sphinx.util.i18n import docname_to_domain

    dirs = [os.path.join(app.srcdir, d) for d in app.config.locale_dirs]
    domain = docname_to_domain(docname, app.config.gettext_compact)
    catalog, _ = init_locale(dirs, app.config.language, domain)
    return catalog


def _translate_toc_captions(app, doctree):
    # The part captions of _toc.yml ("Chapters", ...) reach the sidebar from the root
    # page's toctrees, which sphinx-external-toc adds after the translation step: they
    # are in the root page's catalog but would stay English.
    if _language(app.config) == "en":
        return
    docname = app.env.docname
    if docname != app.config.root_doc:
        return
    catalog = _catalog(app, docname)
    from sphinx import addnodes

    for toctree in doctree.findall(addnodes.toctree):
        if toctree.get("caption"):
            toctree["caption"] = catalog.gettext(toctree["caption"])


def _texts_in_catalogs(app, doctree, docname):
    if app.builder.name == "gettext":
        # A paragraph with a source and a uid is what the catalog takes; the gettext
        # builder renders nothing, so the extra node is seen only by the catalog.
        from uuid import uuid4

        # Captions too: they reach the doctree only with the cell's outputs, and the
        # catalogs are made without running the notebooks (scripts/build_book.py).
        extra = list(cell_texts(doctree, (("image", "alt"), ("figure", "caption"))))
        extra += [(node, node["nnbook_catalog_text"])
                  for node in doctree.findall(nodes.Element) if "nnbook_catalog_text" in node]
        for owner, text in extra:
            para = nodes.paragraph(text, text)
            para.source, para.line = owner.source or doctree["source"], owner.line or 1
            para.uid = uuid4().hex
            owner += para
    elif _language(app.config) != "en":
        catalog = _catalog(app, docname)
        for cell, alt in cell_texts(doctree):
            translated = catalog.gettext(alt)
            if translated == alt:
                continue
            cell["cell_metadata"]["mystnb"]["image"]["alt"] = translated
            for image in cell.findall(nodes.image):
                if image.get("alt") == alt:
                    image["alt"] = translated


def _own_output_folder(app):
    # myst-nb writes the images of cell outputs next to the output folder; the Chinese
    # pages sit inside the English site, so their images would land in its folder.
    if _language(app.config) != "en" and hasattr(app.env, "mystnb_config"):
        from pathlib import Path

        folder = Path(app.doctreedir).parent / f"jupyter_execute-{_language(app.config)}"
        app.env.mystnb_config = app.env.mystnb_config.copy(output_folder=str(folder))


# The editions and where each one sits: English at the site's root, the others in a folder
# named for their language (scripts/build_book.py builds them there).
EDITIONS = {
    "en": {"folder": "", "hreflang": "en", "label": "English",
           "title": "Read this page in English"},
    "zh_CN": {"folder": "zh_CN/", "hreflang": "zh-CN", "label": "中文",
              "title": "阅读本页的中文版"},
}


def counterpart(pagename, language):
    """The other edition's copy of a page: its relative URL and how to name the link.

    Every edition is built from the same sources, so each page has a counterpart of the
    same name; only the folder differs.
    """
    other = "zh_CN" if language == "en" else "en"
    up = "../" * (pagename.count("/") + (1 if EDITIONS[language]["folder"] else 0))
    return {**EDITIONS[other], "url": f"{up}{EDITIONS[other]['folder']}{pagename}.html"}


def _link_counterpart(app, pagename, templatename, context, doctree):
    language = _language(app.config)
    if language not in EDITIONS or app.builder.name != "html":
        return
    other = counterpart(pagename, language)
    context["nnbook_counterpart"] = other
    context["metatags"] = context.get("metatags", "") + (
        f'\n<link rel="alternate" hreflang="{other["hreflang"]}" href="{other["url"]}" />')


THEME_CATALOGS = ("booktheme",)


def _theme_strings(app, config):
    # sphinx-book-theme's zh_CN catalog lacks "Suggest edit", "Open issue" and
    # "Repository". Our catalog of the same name (locales/<lang>/LC_MESSAGES/) is added
    # behind the theme's; it is compiled here because Sphinx compiles the page catalogs
    # only after extensions have registered theirs.
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    language = _language(config)
    if language == "en":
        return
    for directory in config.locale_dirs:
        root = os.path.join(app.srcdir, directory)
        for name in THEME_CATALOGS:
            po = os.path.join(root, language, "LC_MESSAGES", f"{name}.po")
            if not os.path.exists(po):
                continue
            mo = po[:-3] + ".mo"
            if not os.path.exists(mo) or os.path.getmtime(mo) < os.path.getmtime(po):
                with open(po, "rb") as source, open(mo, "wb") as target:
                    write_mo(target, read_po(source, locale=language))
            app.add_message_catalog(name, root)


def setup(app):
    app.connect("config-inited", _theme_strings)
    app.connect("html-page-context", _link_counterpart)
    app.connect("doctree-read", _translate_toc_captions)
    app.connect("config-inited", _export_language)
    app.connect("builder-inited", _own_output_folder, priority=900)
    app.add_transform(CatalogScope)
    # Before web_pages' handler (priority 500) writes the alt text into the HTML.
    app.connect("doctree-resolved", _texts_in_catalogs, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
