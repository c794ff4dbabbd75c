"""walkthrough.ipynb: valid, deterministic, cut from figgen's source, and right when a reader
runs it in a fresh Jupyter kernel (nbclient + ipykernel)."""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import numpy as np
import pytest
import yaml

from conftest import ROOT
from figgen import network
from figgen.gradcheck import PARAM_NAMES, check_walkthrough
from figgen.notebook import NOTEBOOK, NotebookError, make_notebook, snippet
from figgen.cli import site_settings

TOLERANCE = 1e-12
# Values the article shows that data/walkthrough.json holds under another key (they are equal).
SAME_AS = {"dz2_dW2": "h1", "dz1_dW1": "X"}
PRINTED = re.compile(r"^(?P<name>\w+) = (?P<value>.+)$")


def _settings():
    return site_settings(ROOT / "mkdocs.yml")[0]  # the figgen plugin's options, as mkdocs reads them


@pytest.fixture(scope="module")
def notebook_bytes() -> bytes:
    return make_notebook(_settings().walkthrough)[NOTEBOOK]


@pytest.fixture(scope="module")
def nb(notebook_bytes: bytes) -> nbformat.NotebookNode:
    return nbformat.reads(notebook_bytes.decode("utf-8"), as_version=4)


def _code(nb: nbformat.NotebookNode) -> list[str]:
    return [cell.source for cell in nb.cells if cell.cell_type == "code"]


def _printed(outputs: list) -> str:
    return "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream" and o.get("name") == "stdout")


def _values(text: str) -> dict[str, object]:
    """{name: value} of each `name = [...]` line the cells printed."""
    values = {}
    for line in text.splitlines():
        match = PRINTED.match(line)
        assert match, f"a printed line is not `name = value`: {line!r}"
        assert match["name"] not in values, f"{match['name']} printed twice"
        values[match["name"]] = ast.literal_eval(match["value"])
    return values


def test_valid_nbformat_4_and_byte_identical_between_builds(notebook_bytes: bytes, nb, built_site: Path) -> None:
    nbformat.validate(nb)  # raises on any schema violation
    assert nb.nbformat == 4
    assert make_notebook(_settings().walkthrough)[NOTEBOOK] == notebook_bytes, "two makes differ"
    assert (built_site / NOTEBOOK).read_bytes() == notebook_bytes, "the site's notebook is not the one this build makes"
    assert [c.cell_type for c in nb.cells].count("markdown") >= 8
    assert nb.metadata.kernelspec.name == "python3"


def test_code_is_cut_from_figgens_source_and_imports_only_numpy(nb) -> None:
    code = "\n".join(_code(nb))
    for name in ("data", "init", "sigmoid", "forward", "backward", "update"):  # the article's snippets
        assert snippet(network, name) in code, f"the snippet {name!r} of figgen/network.py is not in the notebook"
    assert "figgen" not in code, "the notebook's code must not use figgen"
    imported = set()
    for tree in map(ast.parse, _code(nb)):
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom):
                imported.add((node.module or "").split(".")[0])
    # numpy, and from Python's standard library the dataclasses figgen's records are made with
    assert imported == {"numpy", "dataclasses"}, imported
    assert all(name in sys.stdlib_module_names for name in imported - {"numpy"})


def test_an_edit_of_figgen_changes_the_notebook(tmp_path: Path) -> None:
    """The notebook is generated from the source as it is at build time, not kept as a copy."""
    package = tmp_path / "src" / "figgen"
    shutil.copytree(ROOT / "src" / "figgen", package, ignore=shutil.ignore_patterns("__pycache__"))
    source = package / "network.py"
    marker = "    z1 = X @ params.W1 + params.b1  # (N, H)\n"
    assert marker in source.read_text()
    source.write_text(source.read_text().replace(marker, marker + "    z1 = z1 + 0.0  # an edit the notebook must carry\n"))
    done = subprocess.run(
        [sys.executable, "-c", "import sys; from figgen.notebook import make_notebook; "
         "sys.stdout.buffer.write(make_notebook()['walkthrough.ipynb'])"],
        env={**os.environ, "PYTHONPATH": str(tmp_path / "src")}, capture_output=True, check=True,
    )
    assert "z1 = z1 + 0.0  # an edit the notebook must carry" in done.stdout.decode("utf-8")


def test_a_missing_snippet_is_named() -> None:
    with pytest.raises(NotebookError, match=r"figgen.network has no snippet 'nonexistent'"):
        snippet(network, "nonexistent")


@pytest.fixture(scope="module")
def executed(nb, tmp_path_factory: pytest.TempPathFactory) -> nbformat.NotebookNode:
    """The notebook without its stored outputs, run top to bottom in a fresh kernel, plus a
    last cell listing the figgen modules the kernel has loaded."""
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    fresh = nbformat.from_dict(json.loads(json.dumps(nb)))
    for cell in fresh.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    fresh.cells.append(nbformat.v4.new_code_cell(
        "import sys\nprint('figgen modules =', sorted(m for m in sys.modules if m.split('.')[0] == 'figgen'))",
        id="probe",
    ))
    # local socket files in a temporary folder, not TCP ports
    manager = KernelManager(kernel_name="python3", transport="ipc", ip=str(tmp_path_factory.mktemp("kernel") / "ipc"))
    NotebookClient(fresh, km=manager, timeout=120, allow_errors=False).execute()
    return fresh


def test_a_fresh_kernel_prints_the_numbers_of_walkthrough_json(executed, built_site: Path) -> None:
    probe = executed.cells.pop()
    assert _printed(probe.outputs).strip() == "figgen modules = []", "the notebook imported figgen"
    printed = _values("".join(_printed(c.outputs) for c in executed.cells if c.cell_type == "code"))
    data = json.loads((built_site / "data" / "walkthrough.json").read_text())
    gradcheck = check_walkthrough(_settings().walkthrough)
    expected: dict[str, object] = {name: data[SAME_AS.get(name, name)] for name in printed if SAME_AS.get(name, name) in data}
    for name in PARAM_NAMES:
        tensor = getattr(gradcheck, name)
        expected |= {
            f"dL_d{name}_analytic": tensor.analytic, f"dL_d{name}_numeric": tensor.numeric,
            f"{name}_max_abs_diff": tensor.max_abs_diff, f"{name}_rel_error": tensor.rel_error,
        }
    expected["max_rel_error"] = gradcheck.max_rel_error
    assert set(data) <= set(printed), f"values of walkthrough.json the notebook does not print: {sorted(set(data) - set(printed))}"
    assert set(printed) == set(expected), f"printed but not checked: {sorted(set(printed) - set(expected))}"
    wrong = [name for name in printed
             if np.shape(printed[name]) != np.shape(expected[name])
             or not np.allclose(printed[name], expected[name], rtol=0, atol=TOLERANCE)]
    assert not wrong, "printed values differ from walkthrough.json / the gradient check: " + ", ".join(
        f"{name}: {printed[name]} vs {np.asarray(expected[name]).tolist()}" for name in wrong)


def test_stored_outputs_are_what_a_fresh_kernel_prints(nb, executed) -> None:
    code = [c for c in executed.cells if c.cell_type == "code" and c.id != "probe"]
    stored = [c for c in nb.cells if c.cell_type == "code"]
    assert len(code) == len(stored)
    for ran, kept in zip(code, stored):
        assert _printed(kept.outputs) == _printed(ran.outputs), f"cell {kept.id}: stored output differs from a kernel's"
        assert not [o for o in ran.outputs if o.output_type != "stream"], f"cell {kept.id} shows more than printed text"
