"""The bibliography's labels in the in-text citations' author-year form.

With ``bibtex_reference_style: author_year`` a citation reads ``[Loy, 2018]`` in the text,
but pybtex's default ``alpha`` style labels the list ``[Loy18]``, ``[BPRS18]``: a reader
cannot match one to the other. This registers a pybtex formatting style,
``author_year`` (``alpha``'s formatting and sorting with author-year labels), built with
the same person template that sphinxcontrib-bibtex uses for the in-text citation, so both
read ``Baydin et al., 2018``. ``_config.yml`` selects it with ``bibtex_default_style``.
"""

from collections import Counter
from types import SimpleNamespace

from pybtex.plugin import register_plugin
from pybtex.style.formatting.alpha import Style as AlphaStyle
from pybtex.style.labels import BaseLabelStyle
from sphinxcontrib.bibtex.style.referencing import PersonStyle
from sphinxcontrib.bibtex.style.template import year


class AuthorYearLabelStyle(BaseLabelStyle):
    """``Author, year``, ``A and B, year`` or ``A et al., year``; a, b... on clashes."""

    person = PersonStyle()

    def _label(self, entry):
        data = {"entry": entry, "style": SimpleNamespace(person=self.person)}
        names = self.person.author_or_editor_or_title(full=False).format_data(data)
        return f"{names.render_as('text')}, {year.format_data(data).render_as('text')}"

    def format_labels(self, sorted_entries):
        labels = [self._label(entry) for entry in sorted_entries]
        counts, seen = Counter(labels), Counter()
        for label in labels:
            if counts[label] > 1:
                seen[label] += 1
                label += "abcdefghijklmnopqrstuvwxyz"[seen[label] - 1]
            yield label


class AuthorYearStyle(AlphaStyle):
    default_label_style = "author_year"


def setup(app):
    register_plugin("pybtex.style.labels", "author_year", AuthorYearLabelStyle)
    register_plugin("pybtex.style.formatting", "author_year", AuthorYearStyle)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
