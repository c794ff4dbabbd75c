"""The worked example as a Jupyter notebook, `walkthrough.ipynb`, generated at build time.

The notebook rebuilds what the article computes by hand (data, initialization, forward
pass, loss, backward pass, update, gradient check) with numpy alone, and prints every value
the article shows at full precision. Its code is not a copy: each code cell is cut from
figgen's source when the site is built,

- the article's snippets (the ``# --8<-- [start:name]`` sections of figgen/network.py that
  the page includes), the records they fill (`Params`, `Forward`, `Backward`) and the
  gradient check of figgen/gradcheck.py, verbatim;
- the settings classes of figgen/config.py without their validation, and this build's
  settings as a `WalkthroughConfig(...)` call;
- the steps of `figgen.walkthrough.compute_walkthrough`, statement by statement, and a
  `show(...)` line for each field of the record it returns,

so an edit of figgen changes the notebook in the same build. The build also runs the cells
(in this process, numpy only, a few milliseconds) and stores what they print, so a reader
sees the numbers before running anything; tests/test_notebook.py runs the file in a fresh
Jupyter kernel and compares every printed number with data/walkthrough.json.

`make_notebook(config) -> {"walkthrough.ipynb": bytes}`: the same bytes for the same source
and settings (fixed cell ids, sorted keys, no timestamps).
"""

from __future__ import annotations

import ast
import contextlib
import dataclasses
import io
import json
import sys
import textwrap
from pathlib import Path
from types import ModuleType
from typing import Any

import figgen
from figgen import config as config_module
from figgen import gradcheck, network, walkthrough
from figgen.config import WalkthroughConfig

NOTEBOOK = "walkthrough.ipynb"  # its path in the site
NBFORMAT, NBFORMAT_MINOR = 4, 5  # 4.5: cells carry ids

# The notebook's sentences, one template per cell, in notebook order. {version} is figgen's.
MARKDOWN: dict[str, str] = {
    "intro": """\
# Backprop by the Numbers: the worked example

This notebook redoes the worked example of the article *Backprop by the Numbers* (figgen
{version}): one observation of the XOR data goes through a 2-{hidden}-2 sigmoid network, forward and
back, and the network takes one step of gradient descent. A gradient check closes it.

It needs Python 3 and numpy, nothing else. Run the cells from top to bottom; each one prints
the values the article shows, at full precision, under the article's names. They are the
numbers of `data/walkthrough.json`.

The code is figgen's own: when the site was built, the functions the article shows were cut
from figgen's source and placed here unchanged, so these are the lines that computed the
article's numbers. Indices in the code start at 0, as numpy's do; the article counts from 1,
so the article's $W_1[1,2]$ is `W1[0, 1]` here.""",
    "settings": """\
## The settings

The settings of the build that made this notebook: which point of the data set is followed,
how the data and the starting weights are drawn, and the learning rate $\\alpha$ and the
regularization $\\lambda$ of the step. Change one and run all the cells below it again to see
which numbers move.""",
    "data": """\
## The data

Points drawn from a standard normal distribution, labelled by XOR: class 1 when exactly one
coordinate is positive. Labels are one-hot, class 0 is `[1, 0]`. The worked example follows
one point, kept as a one-row matrix so that the code is the code of a batch.""",
    "init": """\
## Initialization

Weights uniform in $\\pm 1/\\sqrt{{n}}$, with $n$ the inputs a layer receives, drawn from one
seeded generator, $W_1$ first; biases start at zero.""",
    "forward": """\
## The forward pass

Mix, bend, mix again, bend again: $z_1 = X W_1 + b_1$, $h_1 = \\sigma(z_1)$,
$z_2 = h_1 W_2 + b_2$ and $h_2 = \\sigma(z_2)$. The sigmoid never takes the exponential of a
positive number, so it cannot overflow, and its derivative is written with its output.""",
    "loss": """\
## The loss

Half the squared distance between the output and the label, averaged over the observations,
plus $\\frac{{\\lambda}}{{2N}}$ times the squared weights. `forward` computed it already.""",
    "backward": """\
## The backward pass

The chain rule, one factor at a time, from the loss back to $W_2$ and then, reusing
$\\partial L / \\partial z_2$, on to $W_1$. Each factor is a field of `Backward`, named as in
the article: `dL_dW2` is $\\partial L / \\partial W_2$.""",
    "update": """\
## The update

One step against the gradient: $W^{{*}} = W - \\alpha \\, \\partial L / \\partial W$, and
likewise for the biases.""",
    "gradcheck": """\
## Checking the gradient

Nudge each parameter by a small step up and down, run the forward pass twice, and divide the
change of the loss by twice the step. This central difference needs no calculus; `backward`
must agree with it. The relative error is 0 for identical gradients and 1 for opposite ones.
Rounding alone leaves errors many orders of magnitude below 1, while a wrong derivative does
not: a forgotten factor of two gives one third, a flipped sign gives 1.""",
    "next": """\
## Next

That was one iteration: forward, loss, backward, update. Training repeats it thousands of
times over all the points of the data set; the article's animations show what that does.""",
}

IMPORTS = """\
import dataclasses
from dataclasses import dataclass

import numpy as np


def show(name, value):
    \"\"\"Print `name = value`, every number at full precision (Python's shortest exact form).\"\"\"
    print(f"{name} = {np.asarray(value).tolist()}")"""

# Which step of `compute_walkthrough` each figgen function belongs to; the statements between
# two calls belong to the step of the call before them.
STEP_OF_CALL: dict[str, str] = {
    "make_xor_data": "data",
    "init_params": "init",
    "forward": "forward",
    "backward": "backward",
    "update": "update",
}
# Where the record's fields are printed: by the variable they are read from (`fwd.z1`: the
# forward step), except the loss, which has a section of its own.
STEP_OF_FIELD: dict[str, str] = {"loss": "loss"}
SETTINGS_VARIABLE = "config"  # fields read from the settings (learning_rate, reg) print with them


class NotebookError(RuntimeError):
    """figgen's source no longer has what the notebook is cut from; the message says what."""


# ---------------------------------------------------------------------------------------
# Cutting code out of figgen's source


def _source(module: ModuleType) -> str:
    return Path(module.__file__ or "").read_text(encoding="utf-8")


def snippet(module: ModuleType, name: str) -> str:
    """The lines between ``# --8<-- [start:name]`` and ``# --8<-- [end:name]`` of `module`,
    as pymdownx.snippets includes them in the article."""
    text = _source(module)
    start, end = f"# --8<-- [start:{name}]\n", f"# --8<-- [end:{name}]"
    if start not in text or end not in text:
        raise NotebookError(f"{module.__name__} has no snippet {name!r} (markers {start.strip()!r} ... {end!r})")
    return text.split(start, 1)[1].split(end, 1)[0].strip("\n")


def _node(module: ModuleType, name: str) -> tuple[ast.stmt, list[str]]:
    text = _source(module)
    for node in ast.parse(text).body:
        targets = getattr(node, "targets", []) + [getattr(node, "target", None)]  # x = ..., x: T = ...
        names = [t.id for t in targets if isinstance(t, ast.Name)]
        if getattr(node, "name", None) == name or name in names:
            return node, text.splitlines()
    raise NotebookError(f"{module.__name__} no longer defines {name!r}, which the notebook needs")


def definition(module: ModuleType, name: str, *, methods: bool = True) -> str:
    """The source of the top-level class, function or constant `name` of `module`, with its
    decorators, its comments and the comment lines right above it; without the methods of a
    class when `methods` is False."""
    keep, lines = _definition_lines(module, name, methods=methods)
    return "\n".join(lines[i] for i in keep).rstrip()


def _definition_lines(module: ModuleType, name: str, *, methods: bool) -> tuple[list[int], list[str]]:
    """(indices of the lines `definition` keeps, all lines of the module)."""
    node, lines = _node(module, name)
    first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
    while first > 1 and lines[first - 2].startswith("#") and "--8<--" not in lines[first - 2]:
        first -= 1  # the comment right above it says why
    keep = list(range(first - 1, node.end_lineno or node.lineno))
    if not methods:
        for item in getattr(node, "body", []):
            if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                start = min([item.lineno] + [d.lineno for d in item.decorator_list])
                keep = [i for i in keep if not start - 1 <= i < (item.end_lineno or item.lineno)]
    return keep, lines


def plain_settings(module: ModuleType, name: str) -> str:
    """A settings dataclass of figgen.config as plain data: its fields with their defaults
    and comments, without methods, class constants (``ClassVar``) or ranges
    (``setting(300, Range(...))`` becomes ``300``): what the notebook needs to hold a setting,
    not to check it."""
    node, lines = _node(module, name)
    assert isinstance(node, ast.ClassDef)
    edited = {i: line for i, line in enumerate(lines)}
    for item in node.body:
        if not isinstance(item, ast.AnnAssign):
            continue
        if "ClassVar" in ast.unparse(item.annotation):
            for i in range(item.lineno - 1, (item.end_lineno or item.lineno)):
                edited[i] = None  # dropped
            continue
        value = item.value
        if isinstance(value, ast.Call) and getattr(value.func, "id", "") == "setting" and value.lineno == value.end_lineno:
            line = lines[value.lineno - 1]
            default = ast.get_source_segment("\n".join(lines), value.args[0])
            edited[value.lineno - 1] = line[: value.col_offset] + default + line[value.end_col_offset:]
    keep, _ = _definition_lines(module, name, methods=False)
    return "\n".join(edited[i] for i in keep if edited[i] is not None).rstrip()


def constant(module: ModuleType, name: str) -> str:
    """``NAME = <value>  # its comment`` as `module` defines it (one line)."""
    return definition(module, name)


def settings_call(config: WalkthroughConfig) -> str:
    """``config = WalkthroughConfig(...)`` with every setting of this build, one per line."""
    fields = [f"    {f.name}={getattr(config, f.name)!r}," for f in dataclasses.fields(config)]
    return "config = WalkthroughConfig(\n" + "\n".join(fields) + "\n)"


def _steps() -> tuple[dict[str, list[str]], dict[str, list[tuple[str, str]]]]:
    """compute_walkthrough's statements by step, and the record's fields by step as
    (name, expression), both from its source."""
    node, lines = _node(walkthrough, "compute_walkthrough")
    assert isinstance(node, ast.FunctionDef)
    statements: dict[str, list[str]] = {}
    defined: dict[str, str] = {SETTINGS_VARIABLE: "settings"}
    step = None
    for item in node.body:
        if isinstance(item, ast.Expr) and isinstance(item.value, ast.Constant):  # the docstring
            continue
        if isinstance(item, ast.Return):
            record = item.value
            break
        calls = [c.func.id for c in ast.walk(item) if isinstance(c, ast.Call) and isinstance(c.func, ast.Name)]
        called = next((STEP_OF_CALL[c] for c in calls if c in STEP_OF_CALL), step)
        # steps only go forward: the forward pass again after the update (the step's payoff,
        # loss_new) belongs to the update
        order = list(STEP_OF_CALL.values())
        step = called if step is None or called is None or order.index(called) >= order.index(step) else step
        if step is None:
            raise NotebookError(f"compute_walkthrough: {ast.unparse(item)!r} comes before any step of {sorted(STEP_OF_CALL)}")
        text = "\n".join(lines[item.lineno - 1 : item.end_lineno])
        statements.setdefault(step, []).append(textwrap.dedent(text))
        for target in getattr(item, "targets", []):
            for name in ast.walk(target):
                if isinstance(name, ast.Name):
                    defined[name.id] = step
    else:
        raise NotebookError("compute_walkthrough no longer ends with `return Walkthrough(...)`")
    if not isinstance(record, ast.Call):
        raise NotebookError("compute_walkthrough no longer ends with `return Walkthrough(...)`")
    fields: dict[str, list[tuple[str, str]]] = {}
    for keyword in record.keywords:
        if keyword.arg not in walkthrough.VALUE_NAMES:  # the config travels along, not a value
            continue
        roots = [n.id for n in ast.walk(keyword.value) if isinstance(n, ast.Name) and n.id in defined]
        if not roots:
            raise NotebookError(f"compute_walkthrough: cannot tell which step computes {keyword.arg}={ast.unparse(keyword.value)}")
        where = STEP_OF_FIELD.get(keyword.arg, defined[roots[0]])
        fields.setdefault(where, []).append((keyword.arg, ast.unparse(keyword.value)))
    return statements, fields


def _shows(fields: list[tuple[str, str]]) -> str:
    return "\n".join(f'show("{name}", {expression})' for name, expression in fields)


def _gradcheck_run() -> str:
    """Run figgen's check on the worked example and print what the article's table and its
    "Both gradients as text" block show."""
    return (
        "check = check_gradients(params, X, y, config.reg)\n"
        "for name in PARAM_NAMES:\n"
        "    tensor = getattr(check, name)\n"
        '    show(f"dL_d{name}_analytic", tensor.analytic)\n'
        '    show(f"dL_d{name}_numeric", tensor.numeric)\n'
        '    show(f"{name}_max_abs_diff", tensor.max_abs_diff)\n'
        '    show(f"{name}_rel_error", tensor.rel_error)\n'
        'show("max_rel_error", check.max_rel_error)'
    )


def cells(config: WalkthroughConfig) -> list[tuple[str, str, str]]:
    """The notebook as (id, "markdown" or "code", source), in order."""
    statements, fields = _steps()
    md = {key: text.format(version=figgen.__version__, hidden=config.network.hidden) for key, text in MARKDOWN.items()}
    settings_classes = "\n\n\n".join(
        plain_settings(config_module, name) for name in ("DataConfig", "NetworkConfig", "WalkthroughConfig")
    )
    out: list[tuple[str, str, str]] = [
        ("intro", "markdown", md["intro"]),
        ("imports", "code", IMPORTS),
        ("settings", "markdown", md["settings"]),
        ("settings-code", "code", settings_classes + "\n\n\n" + settings_call(config) + "\n" + _shows(fields.get("settings", []))),
    ]

    def step(key: str, definitions: list[str]) -> None:
        out.append((key, "markdown", md[key]))
        if definitions:
            out.append((f"{key}-code", "code", "\n\n\n".join(definitions)))
        run = "\n".join(statements.get(key, []))
        shows = _shows(fields.get(key, []))
        out.append((f"{key}-run", "code", "\n".join(part for part in (run, shows) if part)))

    step("data", [snippet(network, "data")])
    step("init", [definition(network, "Params"), snippet(network, "init")])
    step("forward", [snippet(network, "sigmoid"), definition(network, "Forward"), snippet(network, "forward")])
    step("loss", [])
    step("backward", [definition(network, "Backward"), snippet(network, "backward")])
    step("update", [snippet(network, "update")])
    unused = sorted((set(statements) | set(fields)) - {"settings", "data", "init", "forward", "loss", "backward", "update"})
    if unused:
        raise NotebookError(f"compute_walkthrough has steps the notebook does not show: {unused}")
    out.append(("gradcheck", "markdown", md["gradcheck"]))
    out.append(("gradcheck-code", "code", "\n\n\n".join(
        [constant(gradcheck, "PARAM_NAMES") + "\n" + constant(gradcheck, "DEFAULT_STEP")]
        + [definition(gradcheck, name) for name in
           ("TensorCheck", "GradientCheck", "relative_error", "numeric_gradient", "check_gradients")]
    )))
    out.append(("gradcheck-run", "code", _gradcheck_run()))
    out.append(("next", "markdown", md["next"]))
    return out


# ---------------------------------------------------------------------------------------
# Running the cells and writing the file


def run_cells(sources: list[str]) -> list[str]:
    """What each code cell prints, running them in order in one fresh module (here, in this
    process: the code is numpy only). Raises NotebookError naming a cell that fails."""
    module = ModuleType("__walkthrough_notebook__")  # a kernel's __main__: dataclasses look it up
    sys.modules[module.__name__] = module
    printed = []
    try:
        for number, source in enumerate(sources, 1):
            stdout = io.StringIO()
            try:
                # dont_inherit: not this module's `from __future__ import annotations`
                code = compile(source, f"<{NOTEBOOK} code cell {number}>", "exec", dont_inherit=True)
                with contextlib.redirect_stdout(stdout):
                    exec(code, module.__dict__)  # noqa: S102 -- figgen's own code
            except Exception as exc:
                raise NotebookError(f"code cell {number} of {NOTEBOOK} fails: {type(exc).__name__}: {exc}") from exc
            printed.append(stdout.getvalue())
    finally:
        del sys.modules[module.__name__]
    return printed


def _lines(text: str) -> list[str]:
    """A multi-line string as Jupyter stores it: a list of lines, each ending in a newline
    but the last."""
    return text.splitlines(keepends=True)


def notebook(config: WalkthroughConfig = WalkthroughConfig()) -> dict[str, Any]:
    """The notebook as JSON data (nbformat 4.5), code cells executed and their output stored."""
    layout = cells(config)
    printed = iter(run_cells([source for _, kind, source in layout if kind == "code"]))
    out_cells: list[dict[str, Any]] = []
    count = 0
    for cell_id, kind, source in layout:
        if kind == "markdown":
            out_cells.append({"cell_type": "markdown", "id": cell_id, "metadata": {}, "source": _lines(source)})
            continue
        count += 1
        text = next(printed)
        outputs = [{"output_type": "stream", "name": "stdout", "text": _lines(text)}] if text else []
        out_cells.append({
            "cell_type": "code", "id": cell_id, "metadata": {}, "execution_count": count,
            "source": _lines(source), "outputs": outputs,
        })
    return {
        "cells": out_cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": NBFORMAT,
        "nbformat_minor": NBFORMAT_MINOR,
    }


def notebook_bytes(data: dict[str, Any]) -> bytes:
    """The file's bytes in Jupyter's own layout (sorted keys, one-space indent). The build
    needs no Jupyter package: tests/test_notebook.py checks the file against the nbformat
    schema and runs it in a fresh kernel."""
    return (json.dumps(data, sort_keys=True, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def make_notebook(config: WalkthroughConfig = WalkthroughConfig()) -> dict[str, bytes]:
    """``{"walkthrough.ipynb": bytes}`` for the worked example of `config`."""
    return {NOTEBOOK: notebook_bytes(notebook(config))}
