"""The built article: sections, figures, animations, math, code, citation, data schema."""

from __future__ import annotations

import html as html_lib
import json
import re

import numpy as np
import pytest

import figgen
from figgen.figures import FIGURE_STEMS
from figgen.config import ARTICLE_RUNS
from figgen.walkthrough import JSON_NAMES

# The article's sections (issue 5), by their stable anchors.
SECTIONS = (
    "the-idea", "why-look-inside", "xor", "topology", "initialization", "forward-pass", "loss",
    "backward-w2", "backward-w1", "update", "biases", "training", "gradient-check", "fast", "errata",
    "experiment", "cite", "credits",
)


@pytest.fixture(scope="module")
def page(built_site) -> str:
    return (built_site / "index.html").read_text(encoding="utf-8")


def _ids(page: str) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', page))


def _text(page: str) -> str:
    """The article's visible text: tags, MathML and code dropped."""
    article = page.split('<article', 1)[1].split("</article>", 1)[0]
    article = re.sub(r"<math.*?</math>", " ", article, flags=re.DOTALL)
    article = re.sub(r"<(pre|code)\b.*?</\1>", " ", article, flags=re.DOTALL)
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", article))


def test_every_section_has_its_stable_anchor(page):
    missing = [s for s in SECTIONS if s not in _ids(page)]
    assert not missing, f"sections without their anchor: {missing}"


def test_every_figure_is_in_place_in_both_themes_with_caption(page):
    ids = _ids(page)
    for stem in FIGURE_STEMS:
        assert f"fig-{stem}" in ids, stem
        assert f'src="figures/{stem}.svg#only-light"' in page, stem
        assert f'src="figures/{stem}.dark.svg#only-dark"' in page, stem
    figures = re.findall(r'<figure class="figgen-figure".*?</figure>', page, flags=re.DOTALL)
    assert len(figures) >= len(FIGURE_STEMS)
    assert all("<figcaption>" in f for f in figures)
    # in article order
    positions = [page.index(f'id="fig-{stem}"') for stem in FIGURE_STEMS]
    assert positions == sorted(positions)


def test_figures_with_a_phone_layout_offer_it_to_narrow_screens_only(page, built_site):
    from figgen.article import PHONE_MEDIA

    for stem in FIGURE_STEMS:
        block = page.split(f'id="fig-{stem}"', 1)[1].split("</figure>", 1)[0]
        phone = (built_site / "figures" / f"{stem}.phone.svg").is_file()
        for suffix in ("", ".dark"):
            source = f'<source media="{PHONE_MEDIA}" srcset="figures/{stem}.phone{suffix}.svg">'
            assert (source in block) == phone, stem
            assert f'href="figures/{stem}{suffix}.svg"' in block  # the lightbox shows the wide layout
        assert (built_site / "figures" / f"{stem}.drawn.json").is_file()
    from figgen.prose import RUN_RATES, WORKED_RATE

    assert RUN_RATES not in page and WORKED_RATE not in page  # the page filled its tokens


def test_the_overview_names_the_worked_and_the_training_rates(page):
    block = page.split('id="fig-overview"', 1)[1].split("</figure>", 1)[0]
    rates = list(dict.fromkeys(f"{run.learning_rate:g}" for run in ARTICLE_RUNS))
    said = rates[0] if len(rates) == 1 else ", ".join(rates[:-1]) + " and " + rates[-1]
    assert f"{said} in the training runs" in html_lib.unescape(block)
    assert "in the worked step below" in block


def test_animations_are_players_showing_the_final_frame_with_captions(page, built_site):
    """Without JavaScript each player shows the final frame: the sprite sheet's last cell, the
    final numbers as text; the controls wait for the script; the GIFs are downloads."""
    runs = {r["name"]: r for r in json.loads((built_site / "data" / "training.json").read_text())}
    for run in ARTICLE_RUNS:
        block = page.split(f'id="anim-{run.name}"', 1)[1].split("</figure>", 1)[0]
        entry = runs[run.name]
        last = len(entry["history"]["step"]) - 1
        for suffix, only in (("", "only-light"), (".dark", "only-dark")):
            assert f'src="animations/{run.name}.plane{suffix}.webp#{only}"' in block
            assert f'href="animations/{run.name}{suffix}.gif" download=' in block
        assert 'role="group"' in block and 'class="figgen-player__controls" hidden' in block
        assert f'max="{last}"' in block and f'value="{last}"' in block
        assert f'--figgen-column:{last % 8};--figgen-row:{last // 8}' in block
        assert f'{entry["steps"]:,} of {entry["steps"]:,}</dd>' in block
        assert f'>{entry["final_accuracy"]:.1%}</dd>' in block
        assert f'>{entry["final_heldout_accuracy"]:.1%}</dd>' in block
        assert f'>{entry["final_loss"]:.4f}</dd>' in block
        assert "on the training points" in block and "fresh points" in block  # training and held-out accuracy


def test_math_is_mathml_and_no_latex_is_left(page):
    assert page.count("<math") > 50
    assert "arithmatex" not in page
    text = _text(page)
    for raw in ("\\(", "\\[", "$$", "\\frac", "\\begin", "\\partial", "{{"):
        assert raw not in text, f"raw {raw!r} in the page text"


def test_code_is_figgen_source_included_at_build_time(page):
    from figgen import network

    source = open(network.__file__, encoding="utf-8").read()
    body = source.split("# --8<-- [start:forward]\n", 1)[1].split("# --8<-- [end:forward]", 1)[0]
    code = html_lib.unescape(re.sub(r"<[^>]+>", "", page))
    for line in body.strip().splitlines():
        assert line.strip() in code, line


def test_citation_names_version_and_provenance(page):
    from figgen.provenance import collect

    provenance = collect()
    cite = page.split('id="cite"', 1)[1].split('id="credits"', 1)[0]
    cite = html_lib.unescape(re.sub(r"<[^>]+>", "", cite))  # code highlighting splits tokens
    assert "@misc{" in cite and f"figgen {figgen.__version__}" in cite
    if provenance.short_commit:
        assert provenance.short_commit in cite
    assert f"numpy {np.__version__}" in cite
    assert 'href="data/walkthrough.json"' in page and 'href="data/training.json"' in page


def test_citation_links_this_versions_own_address_and_the_datas_checksums(page, built_site):
    import hashlib

    import yaml

    from conftest import ROOT
    from figgen.publish import release_url

    cite = html_lib.unescape(re.sub(r"<[^>]+>", "", page.split('id="cite"', 1)[1].split('id="credits"', 1)[0]))
    url = release_url(yaml.safe_load((ROOT / "mkdocs.yml").read_text())["site_url"])  # <site_url><version>/
    assert f"version {figgen.__version__}." in cite and f'url = "{url}"' in cite and f"{url}\n" in cite
    data_page = html_lib.unescape((built_site / "data-files" / "index.html").read_text(encoding="utf-8"))
    for path in ("data/walkthrough.json", "data/training.json"):
        digest = hashlib.sha256((built_site / path).read_bytes()).hexdigest()
        assert f"{path} {digest}" in cite, f"the BibTeX note lacks {path}'s SHA-256"
        assert cite.count(digest) == 2 and data_page.count(digest) == 2, f"{path}: table and note (article), table and check line (data page)"
        assert f'"{digest}  {path.rsplit("/", 1)[1]}" | sha256sum --check' in re.sub(r"<[^>]+>", "", data_page)
    # the page's check lines, run where the downloads are, say OK
    import subprocess

    lines = re.findall(r'^echo "[0-9a-f]{64}  [\w.]+" \| sha256sum --check$', re.sub(r"<[^>]+>", "", data_page), re.MULTILINE)
    assert len(lines) == 2
    done = subprocess.run(["sh", "-c", " && ".join(lines)], cwd=built_site / "data", capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.split() == ["walkthrough.json:", "OK", "training.json:", "OK"], done


def test_credits_link_the_original_post_and_nothing_from_its_repository(page):
    assert 'href="https://omar-florez.github.io/scratch_mlp/"' in page
    assert "Omar U. Florez" in page
    assert "raw.githubusercontent.com" not in page
    assert "github.com/omar-florez" not in page


def test_data_page_documents_every_key(built_site):
    data_page = (built_site / "data-files" / "index.html").read_text(encoding="utf-8")
    for name in JSON_NAMES:
        assert f"<code>{name}</code>" in data_page, name
    runs = json.loads((built_site / "data" / "training.json").read_text())
    for key in runs[0]:
        assert f"<code>{key}</code>" in data_page, key
    for key in runs[0]["history"]:
        assert f"<code>history.{key}</code>" in data_page, key
    # the runs differ in their hidden size: the weights' shapes say H, not the first run's size
    assert "<td>list (2, H)</td>" in data_page and "<td>list (H, 2)</td>" in data_page
    assert "<code>animations/&lt;name&gt;.gif</code>" in data_page
