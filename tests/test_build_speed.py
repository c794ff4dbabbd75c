"""What keeps builds fast without changing a byte: the build's scheduler (a unit starts as
soon as its values exist, the longest chain first), one figgen build for both editions, and
the theme's compiled templates kept in memory between the editions' builds.

The speed itself is measured by benchmarks/bench_build.py, not here."""

from __future__ import annotations

import time

import pytest

from conftest import build_log
from figgen.build import _critical_first, _Runner, _Task

SLOW = 1.5  # seconds


def _slow() -> str:
    time.sleep(SLOW)
    return "slow"


def _fast() -> str:
    return "fast"


def _now(*_: object) -> float:
    return time.time()


def test_a_unit_starts_as_soon_as_its_values_exist_not_after_every_value() -> None:
    """On two workers: the unit that needs the fast value starts while the slow value is
    still being computed (a build in two stages would start it only after the slow one)."""
    tasks = [_Task("slow", _slow), _Task("fast", _fast),
             _Task("after-slow", _now, ("slow",)), _Task("after-fast", _now, ("fast",))]
    runner = _Runner(2, lambda done, total, name: None)
    try:
        results = runner.run(tasks, {})
    finally:
        runner.close()
    assert set(results) == {"slow", "fast", "after-slow", "after-fast"}
    assert results["slow"][0] == "slow" and results["slow"][1] >= SLOW
    assert results["after-fast"][0] < results["after-slow"][0] - SLOW / 2


def test_tasks_get_their_values_in_order_and_report_each_as_it_ends() -> None:
    done: list[str] = []
    tasks = [_Task("pair", lambda a, b: (a, b), ("b", "a")), _Task("a", lambda: 1)]
    runner = _Runner(1, lambda n, total, name: None)
    results = runner.run(tasks, {"b": 2}, on_done=lambda name, result, seconds: done.append(name))
    assert results["pair"][0] == (2, 1)
    assert done == ["a", "pair"]  # "pair" was first in the list, but waited for "a"
    assert "b" not in results  # a known value is not computed again


def test_a_task_that_needs_what_nothing_makes_is_refused_by_name() -> None:
    runner = _Runner(1, lambda n, total, name: None)
    with pytest.raises(ValueError, match=r"figures/z1 needs training/gone, which nothing makes"):
        runner.run([_Task("figures/z1", _fast, ("training/gone",))], {})


def test_the_longest_chain_starts_first() -> None:
    """From the last build's times: the slow run and its animation (2 + 5 s) go before a
    figure of 3 s; never made before, a value goes before what needs it, and a unit that
    renders a value before one that does not."""
    tasks = [_Task("figures/a", _fast), _Task("training/run", _fast),
             _Task("animations/run", _now, ("training/run",)), _Task("training/quoted", _fast)]
    seconds = {"figures/a": 3.0, "training/run": 2.0, "animations/run": 5.0, "training/quoted": 1.0}
    order = [t.name for t in _critical_first(tasks, lambda name: seconds[name])]
    assert order == ["training/run", "animations/run", "figures/a", "training/quoted"]

    unknown = [t.name for t in _critical_first(tasks, lambda name: float("inf"))]
    assert unknown == ["training/run", "animations/run", "figures/a", "training/quoted"]


def test_figgen_computes_once_for_both_editions(built_site) -> None:
    """mkdocs-static-i18n builds the Spanish edition inside the English build: figgen's files
    are made (or read from the cache) once, and the Spanish build says it uses them."""
    log = build_log(built_site).read_text(encoding="utf-8")
    assert sum("figgen: figures:" in line for line in log.splitlines()) == 1, log
    assert "figgen: es edition: the files of this build" in log, log
    assert (built_site / "es" / "index.html").is_file()


def test_compiled_templates_are_reused_in_memory_and_render_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    import jinja2

    from figgen.mkdocs_plugin import _template_code

    loader = jinja2.DictLoader({"page.html": "{% for x in items %}<b>{{ x|upper }}</b>{% endfor %}"})
    compiled: list[str] = []
    real = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, raw=False, defer_init=False):
        compiled.append(name)
        return real(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    _template_code().code.clear()  # what an earlier test compiled
    pages = []
    for _ in range(2):  # two builds: two environments, as mkdocs makes one per build
        env = jinja2.Environment(loader=loader, auto_reload=False)
        env.bytecode_cache = _template_code()
        pages.append(env.get_template("page.html").render(items=["a", "b"]))
    assert pages == ["<b>A</b><b>B</b>"] * 2
    assert compiled == ["page.html"]  # once in this process

    # another syntax compiles the same source to other code: it is compiled again
    env = jinja2.Environment(loader=loader, auto_reload=False, trim_blocks=True)
    env.bytecode_cache = _template_code()
    env.get_template("page.html")
    assert compiled == ["page.html", "page.html"]
