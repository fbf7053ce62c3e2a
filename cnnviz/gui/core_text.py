"""Texts that core writes in English, shown in the interface language (core never imports Qt).

A GUI module keeps copies of core's wordings as templates, e.g.
``"output ({row}, {col}) = {sum}"``, each marked with ``QT_TRANSLATE_NOOP`` in that module's
translation context, and wraps them in a :class:`CoreTexts`. :meth:`CoreTexts.shown` finds the
template a text of core fills, translates the template and fills in the same values; a value
that is itself a whole template (a nested phrase such as a padding mode) is translated too.
A text that no template matches is shown as core wrote it, so when core's wording changes the
English is the fallback (and each module's test, which checks that its templates still match
core's texts, fails).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from PySide6.QtCore import QCoreApplication

PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _pattern(template: str, fields: Mapping[str, str]) -> re.Pattern[str]:
    """``template`` as a regular expression: each ``{name}`` matches ``fields[name]`` (a regular
    expression), or else any text (as little as fits)."""
    parts, last = [], 0
    for found in PLACEHOLDER.finditer(template):
        name = found.group(1)
        parts += [re.escape(template[last : found.start()]), f"(?P<{name}>{fields.get(name, '.+?')})"]
        last = found.end()
    parts.append(re.escape(template[last:]))
    return re.compile("".join(parts), re.DOTALL)


def _literal_length(template: str) -> int:
    return len(PLACEHOLDER.sub("", template))


class CoreTexts:
    """Core's wordings in one translation context, to show core's texts in the interface language."""

    def __init__(
        self, context: str, templates: Iterable[object], fields: Mapping[str, str] | None = None
    ) -> None:
        r"""``fields`` narrows what a placeholder matches, e.g. ``{"size": r"\d+×\d+"}``, where a
        wording nests inside another and ``{size}`` must not swallow the outer one's words."""
        self.context = context
        texts = [str(text) for text in templates]  # QT_TRANSLATE_NOOP's results are typed as object
        if any(_literal_length(text) == 0 for text in texts):
            raise ValueError("every template needs some fixed text besides its placeholders")
        # The most specific first: "…, padding {p}" before the shorter wording it extends.
        ordered = sorted(dict.fromkeys(texts), key=_literal_length, reverse=True)
        self.templates = tuple((text, _pattern(text, fields or {})) for text in ordered)

    def match(self, text: str) -> tuple[str, dict[str, str]] | None:
        """The template ``text`` fills whole and its values, or None."""
        for template, pattern in self.templates:
            found = pattern.fullmatch(text)
            if found is not None:
                return template, found.groupdict()
        return None

    def recognises(self, text: str) -> bool:
        """True when every line of ``text`` fills one of the templates."""
        return all(self.match(line) is not None for line in text.split("\n"))

    def shown(self, text: str) -> str:
        """``text`` in the interface language when a template matches it, else as it is."""
        matched = self.match(text)
        if matched is None:
            return text
        template, values = matched
        shown_values = {name: self.shown(value) for name, value in values.items()}
        try:
            return QCoreApplication.translate(self.context, template).format(**shown_values)
        except (KeyError, IndexError, ValueError):  # a translation with broken placeholders
            return template.format(**shown_values)

    def shown_lines(self, text: str) -> str:
        """:meth:`shown` line by line."""
        return "\n".join(self.shown(line) for line in text.split("\n"))
