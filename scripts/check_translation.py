"""Check the Chinese catalogs: complete, current, and true to the English markup.

    python scripts/check_translation.py              # every catalog in locales/zh_CN
    python scripts/check_translation.py FILE.po ...  # only these

Prints one line per problem (file, the English message's start, what is wrong) and exits 1
if there is any. ``tests/test_translation.py`` runs the same checks on catalogs refreshed
from the current English text, so a sentence changed in a notebook fails there until it is
translated again. The rules:

* every message is translated, and none is fuzzy (Sphinx would show fuzzy ones in English);
* a translation keeps the English message's markup: the same roles with the same targets
  (``{term}``, ``{ref}``, ``{numref}``, ``{eq}``, ``{cite}``...), the same inline math
  ``$...$``, the same inline code, the same link addresses;
* a ``{term}`` link reads as the glossary's Chinese term (``book/terms_zh.csv``), and each
  glossary entry starts with it;
* a sentence is written in Chinese (it has Chinese characters).
"""

import csv
import re
import sys
from collections import Counter
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "locales" / "zh_CN" / "LC_MESSAGES"
TERMS_FILE = ROOT / "book" / "terms_zh.csv"

ROLE = re.compile(r"\{([a-z:]+)\}`([^`]*)`")
MATH = re.compile(r"(?<![\\$])\$([^$\n]+?)\$")
CODE = re.compile(r"(?<![}`])`([^`]+)`")
LINK = re.compile(r"\]\(([^)\s]+)\)")
HAN = re.compile(r"[\u4e00-\u9fff]")
WORD = re.compile(r"[A-Za-z]{2,}")


def terms():
    """The glossary's English term -> its Chinese, from book/terms_zh.csv."""
    with TERMS_FILE.open(encoding="utf-8") as f:
        return {row["English"]: row["中文"] for row in csv.DictReader(f)}


def role_target(text):
    """`text <target>` -> target; `target` -> target."""
    m = re.fullmatch(r"(?s)(.*?)\s*<([^<>]+)>", text)
    return (m.group(1), m.group(2)) if m else (None, text)


def markup(text):
    """The pieces a translation must keep, as a Counter."""
    found = Counter()
    for role, body in ROLE.findall(text):
        found[("role", role, role_target(body)[1])] += 1
    bare = ROLE.sub(" ", text)
    found.update(("math", m.strip()) for m in MATH.findall(bare))
    found.update(("code", c) for c in CODE.findall(MATH.sub(" ", bare)))
    found.update(("link", url) for url in LINK.findall(text))
    return found


def _describe(piece):
    kind, *rest = piece
    if kind == "role":
        return f"{{{rest[0]}}}`…<{rest[1]}>`"
    return {"math": "${}$", "code": "`{}`", "link": "link to {}"}[kind].format(rest[0])


def problems_in(message_id, translation, flags, glossary, *, is_glossary=False):
    """The problems of one catalog entry, as short sentences."""
    if not translation:
        return ["not translated"]
    found = []
    if "fuzzy" in flags:
        found.append("fuzzy (the English changed since it was translated): check it, then "
                     "remove the fuzzy flag")
    want, got = markup(message_id), markup(translation)
    for piece in (want - got):
        found.append(f"lost {_describe(piece)}")
    for piece in (got - want):
        found.append(f"added {_describe(piece)}, which the English does not have")
    for role, body in ROLE.findall(translation):
        shown, target = role_target(body)
        if role == "term" and target in glossary:
            zh = glossary[target]
            if zh not in (shown or target):
                found.append(f"{{term}} link to '{target}' should read '{zh}' (book/terms_zh.csv)")
    if is_glossary and message_id in glossary and not translation.startswith(glossary[message_id]):
        found.append(f"glossary entry should start with '{glossary[message_id]}'")
    prose = re.sub(r"\S*[_./\\]\S*", " ", ROLE.sub(" ", CODE.sub(" ", MATH.sub(" ", message_id))))
    if len(WORD.findall(prose)) >= 3 and not HAN.search(translation):
        found.append("not in Chinese")
    return found


def check(paths):
    glossary = terms()
    report = []
    for path in paths:
        with open(path, "rb") as f:
            catalog = read_po(f)
        is_glossary = Path(path).name == "glossary.po"
        for message in catalog:
            if not message.id:
                continue
            for problem in problems_in(message.id, message.string, message.flags, glossary,
                                       is_glossary=is_glossary):
                report.append(f"{Path(path).relative_to(ROOT) if Path(path).is_relative_to(ROOT) else path}: "
                              f"{message.id[:60]!r}: {problem}")
    return report


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    paths = [Path(p).resolve() for p in argv] or sorted(LOCALE.rglob("*.po"))
    report = check(paths)
    print("\n".join(report) if report else f"{len(paths)} catalogs: every message translated.")
    return 1 if report else 0


if __name__ == "__main__":
    sys.exit(main())
