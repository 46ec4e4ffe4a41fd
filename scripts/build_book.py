"""Build the book in English and in Simplified Chinese, side by side.

    python scripts/build_book.py                 # both editions
    python scripts/build_book.py --lang zh_CN    # one of them
    python scripts/build_book.py -W -n --keep-going   # as CI builds them
    python scripts/build_book.py --catalogs      # refresh locales/ from the English text

English goes to ``_build/html/``, Chinese to ``_build/html/zh_CN/``; each page links to its
counterpart. Both come from the same notebooks with Jupyter Book's own configuration
(``_config.yml``, ``_toc.yml``); the Chinese build sets ``language: zh_CN``, reads the
translations in ``locales/zh_CN/LC_MESSAGES/`` and runs the notebooks itself, with its own
execution cache, so its figures and self-check messages are Chinese (``nnbook.lang``).

``--catalogs`` is the translator's command: a gettext build of the English text into
``_build/gettext/``, then ``sphinx-intl update``, which adds new English messages to the
catalogs as untranslated and marks changed ones fuzzy. ``tests/test_translation.py`` fails
until every one of them is translated again.
"""

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "_build"
LANGUAGES = ("en", "zh_CN")
LOCALES = ROOT / "locales"

# What the Chinese edition changes in the configuration; everything else is _config.yml's.
EDITION = {
    "en": {},
    "zh_CN": {
        "language": "zh_CN",
        "html_title": "从零构建神经网络",
        "project": "从零构建神经网络",
        # sphinx-togglebutton ships these in a catalog named "zh-cn", which Sphinx looks
        # for as zh_CN and does not find.
        "togglebutton_hint": "点击显示",
        "togglebutton_hint_hide": "点击隐藏",
    },
}


def jieba_dictionary(build=BUILD):
    """A jieba user dictionary of the book's Chinese terms (book/terms_zh.csv), so the
    search index holds 交叉熵 and 判别器 as words, not cut into pieces; its path."""
    import csv
    import re

    with (ROOT / "book" / "terms_zh.csv").open(encoding="utf-8") as f:
        words = {part for row in csv.DictReader(f) for part in row["中文"].split()
                 if re.search(r"[\u4e00-\u9fff]", part)}
    path = build / "jieba_terms_zh_CN.txt"
    build.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{word} 100000 n\n" for word in sorted(words)), encoding="utf-8")
    return path


def output_dir(lang, builder="html", build=BUILD):
    """Where an edition's pages go: English at the top, the others in a folder of their own."""
    if builder != "html":
        return build / builder
    return build / "html" if lang == "en" else build / "html" / lang


def sphinx_build(lang, builder="html", *, warnings_are_errors=False, nitpicky=False,
                 keep_going=False, force_all=False, fresh=False, overrides=None, build=BUILD):
    """One Sphinx run through Jupyter Book's configuration; returns Sphinx's status."""
    from jupyter_book.sphinx import build_sphinx

    suffix = "" if lang == "en" else f"-{lang}"
    config = {
        # What `jupyter-book build .` passes to Sphinx besides _config.yml.
        "external_toc_path": str(ROOT / "_toc.yml"),
        "latex_individualpages": False,
        # Each language executes the notebooks in its own cache: a shared one would hand
        # the Chinese edition the English figures and messages.
        "nb_execution_cache_path": str(BUILD / f".jupyter_cache{suffix}"),
        **EDITION[lang],
        **(overrides or {}),
    }
    if nitpicky:
        config["nitpicky"] = True
    if lang == "zh_CN" and builder == "html":
        config["html_search_options"] = {"dict": str(jieba_dictionary(build))}
    outdir = output_dir(lang, builder, build)
    print(f"== {builder} build, language {lang}: {outdir}", flush=True)
    result = build_sphinx(
        ROOT, outdir, noconfig=True, path_config=str(ROOT / "_config.yml"),
        confoverrides=config, builder=builder,
        doctreedir=build / (".doctrees" + ("" if builder == "html" else f"-{builder}") + suffix),
        warningiserror=warnings_are_errors, keep_going=keep_going, force_all=force_all,
        freshenv=fresh,
    )
    if isinstance(result, Exception):
        raise SystemExit(f"The {lang} {builder} build failed: {result}")
    if builder == "html" and result == 0:
        _redirect_index(outdir)
    return result


def _redirect_index(outdir):
    # As `jupyter-book build` does: index.html opens the first page.
    from jupyter_book.sphinx import REDIRECT_TEXT

    (outdir / "index.html").write_text(REDIRECT_TEXT.format(first_page="book/intro.html"))


def _chinese_font_or_exit():
    # The Chinese figures need a CJK font; without one every label would be empty boxes,
    # so stop before building anything and say how to get one.
    from nnbook.viz.fonts import cjk_fonts

    try:
        cjk_fonts()
    except RuntimeError as error:
        raise SystemExit(f"{error}\nOr build only the English edition: "
                         "python scripts/build_book.py --lang en")


def update_catalogs(languages=("zh_CN",), locales=LOCALES, build=BUILD):
    """gettext build of the English text into ``build/gettext``, then sphinx-intl update of
    the catalogs in ``locales``: untranslated and fuzzy entries mark what changed."""
    # No notebook runs: their outputs hold no prose, and the captions and alt text in the
    # cells' metadata reach the catalogs through _ext/editions.py.
    status = sphinx_build("en", "gettext", force_all=True, fresh=True, build=build,
                          overrides={"nb_execution_mode": "off"})
    if status:
        raise SystemExit(f"The gettext build failed with status {status}.")
    for lang in languages:
        subprocess.run([sys.executable, "-m", "sphinx_intl", "update", "-p",
                        str(build / "gettext"), "-d", str(locales), "-l", lang, "-w", "0", "--no-obsolete"],
                       check=True, cwd=ROOT)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lang", choices=LANGUAGES, action="append",
                        help="build only this edition (repeatable; default: all)")
    parser.add_argument("-W", dest="warnings_are_errors", action="store_true",
                        help="turn warnings into errors")
    parser.add_argument("-n", dest="nitpicky", action="store_true",
                        help="warn about every missing reference")
    parser.add_argument("--keep-going", action="store_true",
                        help="with -W, report every warning before failing")
    parser.add_argument("--all", dest="force_all", action="store_true",
                        help="rebuild every page, not only the changed ones")
    parser.add_argument("--catalogs", action="store_true",
                        help="refresh the translation catalogs in locales/ and stop")
    parser.add_argument("--catalogs-into", metavar="DIR", type=Path,
                        help="as --catalogs, on a copy of locales/ in DIR/locales, building "
                             "in DIR (what tests/test_translation.py checks)")
    args = parser.parse_args(argv)
    if args.catalogs_into:
        import shutil

        into = args.catalogs_into.resolve()
        shutil.copytree(LOCALES, into / "locales", dirs_exist_ok=True)
        update_catalogs(locales=into / "locales", build=into)
        return 0
    if args.catalogs:
        update_catalogs()
        return 0
    failed = []
    languages = args.lang or LANGUAGES
    if "zh_CN" in languages:
        _chinese_font_or_exit()
    for lang in languages:
        status = sphinx_build(lang, warnings_are_errors=args.warnings_are_errors,
                              nitpicky=args.nitpicky, keep_going=args.keep_going,
                              force_all=args.force_all)
        if status:
            failed.append(lang)
    if failed:
        print(f"The build failed for: {', '.join(failed)} (see the warnings above).")
        return 1
    print(f"Open {output_dir('en') / 'index.html'} (English) or "
          f"{output_dir('zh_CN') / 'index.html'} (中文).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
