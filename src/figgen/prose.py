"""Numbers in the article's prose: placeholders filled at build time, the one way a number
gets onto the page.

Two kinds of placeholder, both between double braces:

- A value: ``{{ h2 }}`` is the walkthrough record's field ``h2`` as text, to 8 decimals.
  ``{{ h2[0, 1] }}`` picks one element, ``{{ loss:.4f }}`` takes a format spec.
  Dotted names reach other sources of numbers given as namespaces, e.g.
  ``{{ gradcheck.W1.rel_error:.1x10 }}`` or ``{{ provenance.numpy_version }}``.
  The spec ``.Nx10`` writes a number as "1.2 × 10⁻¹⁰" (N decimals).
- A call: ``{{ figure("z1") }}`` runs a block function (figures, value tables, citations)
  with literal arguments and puts the Markdown it returns in place.

An unknown name, a misspelt function, an index outside the value or an unclosed ``{{``
is a `PlaceholderError` that names the file, the line and the placeholder and lists what is
valid, so a typo fails the build instead of reaching the page.

Text values go in as they are: they come from figgen (facts, versions), except URLs from
settings, which `figgen.article.safe_url` percent-encodes first; block functions return
Markdown or HTML of their own and escape what they take from settings.
"""

from __future__ import annotations

import ast
import dataclasses
import re
from typing import Any, Callable, Mapping

import numpy as np

from figgen.i18n import localized
from figgen.walkthrough import VALUE_NAMES, Walkthrough

PLACEHOLDER = re.compile(r"\{\{\s*(?P<body>.*?)\s*\}\}")
VALUE = re.compile(
    r"(?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\s*"
    r"(?:\[(?P<index>[0-9,\s]+)\])?\s*(?::(?P<spec>[^}\s]+))?"
)
DEFAULT_SPEC = ".8f"
TIMES_TEN = re.compile(r"\.(?P<digits>\d+)x10")
SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")

BlockFunction = Callable[..., str]

# Tokens a figure's alt text or caption may hold for what only the page knows: the article
# (figgen.article.ArticleBlocks.figure) replaces them with the worked example's learning rate
# and the learning rates of the training runs the page shows.
WORKED_RATE = "{worked learning rate}"  # "0.001"
RUN_RATES = "{run learning rates}"  # "5 and 2"


# A yes/no setting as the page writes it (a training run's `bias`), in the page's language.
WORDS: Mapping[str, str] = localized("prose", {"yes": "yes", "no": "no"})


class PlaceholderError(KeyError):
    """A placeholder names a value or function that does not exist, or indexes outside it."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0])


def format_number(value: float, spec: str) -> str:
    """`value` formatted by `spec`; ``.Nx10`` gives "d.dd × 10⁻ⁿ" for small or large numbers."""
    times_ten = TIMES_TEN.fullmatch(spec)
    if times_ten:
        mantissa, exponent = format(float(value), f".{times_ten['digits']}e").split("e")
        return f"{mantissa} × 10{str(int(exponent)).translate(SUPERSCRIPT)}"
    return format(float(value), spec)


def format_value(value: object, spec: str = DEFAULT_SPEC) -> str:
    """A number as `spec`; an array as a bracketed list of numbers, row by row; text as is."""
    if isinstance(value, np.ndarray):
        if value.ndim == 0:
            return format_number(float(value), spec)
        return "[" + ", ".join(format_value(v, spec) for v in value) + "]"
    if isinstance(value, str):
        return value if spec == DEFAULT_SPEC else format(value, spec)
    if isinstance(value, (bool, np.bool_)):
        return WORDS["yes"] if value else WORDS["no"]
    if isinstance(value, (int, np.integer)) and spec == DEFAULT_SPEC:
        return str(int(value))
    return format_number(float(value), spec)


def _members(obj: Any) -> list[str]:
    """The names a dotted placeholder may take from `obj`."""
    if isinstance(obj, Mapping):
        return [str(k) for k in obj]
    if dataclasses.is_dataclass(obj):
        names = [f.name for f in dataclasses.fields(obj) if f.repr]
        names += [n for n, v in vars(type(obj)).items() if isinstance(v, property)]
        return names
    return []


def resolve(path: str, record: Walkthrough, namespaces: Mapping[str, Any]) -> Any:
    """The value a dotted `path` names: a record field, or a member of a namespace."""
    first, *rest = path.split(".")
    if first in VALUE_NAMES and not rest:
        return record.value(first)
    if first not in namespaces:
        valid = ", ".join([*VALUE_NAMES, *namespaces])
        raise PlaceholderError(f"unknown name {first!r}; valid names: {valid}")
    value, where = namespaces[first], first
    for part in rest:
        members = _members(value)
        if part not in members:
            if isinstance(value, Mapping) and not members:
                valid = "none: it is empty here (no such settings)"
            else:
                valid = ", ".join(members) or "nothing: it is a value, not a group"
            raise PlaceholderError(f"{where!r} has no {part!r}; valid: {valid}")
        value = value[part] if isinstance(value, Mapping) else getattr(value, part)
        where = f"{where}.{part}"
    if isinstance(value, Mapping) or dataclasses.is_dataclass(value):
        raise PlaceholderError(f"{where!r} is a group, not a value; pick one of: {', '.join(_members(value))}")
    return value


def _literal(node: ast.expr, text: str) -> Any:
    try:
        return ast.literal_eval(node)
    except ValueError:
        raise PlaceholderError(f"arguments must be literals (strings, numbers, lists), not {ast.unparse(node)!r}") from None


def call_function(body: str, functions: Mapping[str, BlockFunction]) -> str:
    """Run the call `body` (e.g. ``figure("z1", values=["W1"])``) with literal arguments."""
    try:
        tree = ast.parse(body, mode="eval").body
    except SyntaxError:
        raise PlaceholderError("not a value (name[index]:spec) nor a call (function(\"arg\"))") from None
    if not (isinstance(tree, ast.Call) and isinstance(tree.func, ast.Name)):
        raise PlaceholderError("not a value (name[index]:spec) nor a call (function(\"arg\"))")
    name = tree.func.id
    if name not in functions:
        raise PlaceholderError(f"unknown function {name!r}; valid functions: {', '.join(functions)}")
    args = [_literal(a, body) for a in tree.args]
    kwargs = {kw.arg: _literal(kw.value, body) for kw in tree.keywords if kw.arg}
    try:
        return functions[name](*args, **kwargs)
    except TypeError as exc:  # wrong arguments: say which function
        raise PlaceholderError(f"{name}(): {exc}") from None


def check_placeholders(markdown: str, *, where: str = "page", first_line: int = 1) -> None:
    """Raise PlaceholderError for a ``{{`` that no ``}}`` closes on its line, naming the
    file, the line and the text (an unclosed placeholder would reach the page verbatim)."""
    closed = {match.start() for match in PLACEHOLDER.finditer(markdown)}
    for match in re.finditer(r"\{\{", markdown):
        if match.start() not in closed and not any(match.start() in range(c, c + 2) for c in closed):
            line = markdown.count("\n", 0, match.start())
            text = markdown.splitlines()[line].strip()
            raise PlaceholderError(
                f"{where}:{first_line + line}: placeholder not closed: {text!r}; expected {{{{ name }}}} "
                "or {{ function(\"argument\") }} on one line"
            )


def fill_placeholders(
    markdown: str,
    record: Walkthrough,
    *,
    where: str = "page",
    first_line: int = 1,
    namespaces: Mapping[str, Any] | None = None,
    functions: Mapping[str, BlockFunction] | None = None,
) -> str:
    """Replace every placeholder in `markdown` with its value or block as text.

    `namespaces` are the dotted sources of numbers besides the record (``gradcheck``,
    ``provenance``, ...); `functions` the block functions a call may name. Errors name
    `where` and the line (`first_line` is the file's line of the text's first line).
    """
    namespaces = namespaces or {}
    functions = functions or {}
    check_placeholders(markdown, where=where, first_line=first_line)

    def replace(match: re.Match[str]) -> str:
        body = match["body"]
        try:
            value_match = VALUE.fullmatch(body)
            if not value_match:
                return call_function(body, functions)
            value = resolve(value_match["name"], record, namespaces)
            if value_match["index"]:
                index = tuple(int(i) for i in value_match["index"].split(","))
                try:
                    value = np.asarray(value)[index]
                except IndexError:
                    raise PlaceholderError(
                        f"index {index} is outside {value_match['name']}, whose shape is {np.shape(value)}"
                    ) from None
            try:
                return format_value(value, value_match["spec"] or DEFAULT_SPEC)
            except ValueError as exc:
                raise PlaceholderError(f"format spec {value_match['spec']!r} does not apply: {exc}") from None
        except (PlaceholderError, KeyError) as exc:
            message = exc.args[0] if exc.args else str(exc)
            line = first_line + markdown.count("\n", 0, match.start())
            raise PlaceholderError(f"{where}:{line}: placeholder {match[0]!r}: {message}") from None

    return PLACEHOLDER.sub(replace, markdown)
