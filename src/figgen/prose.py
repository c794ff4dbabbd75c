"""Numbers in the article's prose: placeholders filled from the walkthrough record.

In Markdown, ``{{ h2 }}`` becomes the value of the record's field ``h2`` as text, to
8 decimals. ``{{ h2[0, 1] }}`` picks one element, ``{{ loss:.4f }}`` takes a format spec.
An unknown name is an error that names it and lists the valid ones.
"""

from __future__ import annotations

import re

import numpy as np

from figgen.walkthrough import Walkthrough

PLACEHOLDER = re.compile(
    r"\{\{\s*(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*(?:\[(?P<index>[0-9,\s]+)\])?\s*(?::(?P<spec>[^}\s]+))?\s*\}\}"
)
DEFAULT_SPEC = ".8f"


class PlaceholderError(KeyError):
    """A placeholder names a value that does not exist, or indexes outside it."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0])


def format_value(value: object, spec: str = DEFAULT_SPEC) -> str:
    """A number as `spec`; an array as a bracketed list of numbers, row by row."""
    if isinstance(value, np.ndarray):
        if value.ndim == 0:
            return format(float(value), spec)
        return "[" + ", ".join(format_value(v, spec) for v in value) + "]"
    return format(float(value), spec)


def fill_placeholders(markdown: str, record: Walkthrough, *, where: str = "page") -> str:
    """Replace every placeholder in `markdown` with the record's value as text."""

    def replace(match: re.Match[str]) -> str:
        name = match["name"]
        try:
            value = record.value(name)
        except KeyError as exc:
            raise PlaceholderError(f"{where}: placeholder {match[0]!r}: {exc.args[0]}") from None
        if match["index"]:
            index = tuple(int(i) for i in match["index"].split(","))
            try:
                value = np.asarray(value)[index]
            except IndexError:
                shape = np.shape(value)
                raise PlaceholderError(
                    f"{where}: placeholder {match[0]!r}: index {index} is outside {name}, "
                    f"whose shape is {shape}"
                ) from None
        return format_value(value, match["spec"] or DEFAULT_SPEC)

    return PLACEHOLDER.sub(replace, markdown)
