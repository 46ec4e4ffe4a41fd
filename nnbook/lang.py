"""Introduced in Chapter 1. The book's language, for the texts that code produces.

The book comes in English and in Simplified Chinese, built from the same notebooks. The
prose is translated in the book's catalogs; what code draws or prints (figure labels,
self-check messages, the environment check) comes from tables with one entry per
language, chosen by the environment variable ``NNBOOK_LANG``. The Chinese build sets it to
``zh_CN`` before it runs the notebooks; unset, the book is in English.
"""

import os
from collections.abc import Mapping

LANGUAGES = ("en", "zh_CN")
"""The languages every table has. Explained in Chapter 1."""

ENV_VAR = "NNBOOK_LANG"
"""The environment variable that names the language. Explained in Chapter 1."""

_SPELLINGS = {"": "en", "en": "en", "en_us": "en", "en_gb": "en",
              "zh": "zh_CN", "zh_cn": "zh_CN", "zh_hans": "zh_CN"}


def language():
    """The language texts are shown in: ``"en"`` or ``"zh_CN"``, from ``NNBOOK_LANG``.

    ``zh``, ``zh-CN`` and ``zh_Hans`` mean ``zh_CN``; any other value is an error, not a
    quiet fall back to English. Explained in Chapter 1.
    """
    value = os.environ.get(ENV_VAR, "")
    key = value.strip().replace("-", "_").lower()
    if key not in _SPELLINGS:
        raise ValueError(f"{ENV_VAR} must be one of {', '.join(LANGUAGES)} (or unset, for "
                         f"English), got {value!r}")
    return _SPELLINGS[key]


class ByLanguage(Mapping):
    """A table of texts with one dict per language, read in the current ``language()``.

    ``table[key]`` looks the key up in the table of the language at that moment. Every
    language must have exactly the English keys, so no text is missing in one edition.
    Explained in Chapter 1.
    """

    def __init__(self, **tables):
        if set(tables) != set(LANGUAGES):
            raise ValueError(f"a ByLanguage table needs one dict for each of "
                             f"{', '.join(LANGUAGES)}, got {', '.join(sorted(tables)) or 'none'}")
        english = set(tables["en"])
        for lang, table in tables.items():
            missing, extra = english - set(table), set(table) - english
            if missing or extra:
                raise ValueError(f"the {lang} table must have the English keys: missing "
                                 f"{sorted(missing)}, unknown {sorted(extra)}")
        self.tables = tables

    def __getitem__(self, key):
        return self.tables[language()][key]

    def __iter__(self):
        return iter(self.tables["en"])

    def __len__(self):
        return len(self.tables["en"])

    def __repr__(self):
        return f"ByLanguage({language()}: {self.tables[language()]!r})"
