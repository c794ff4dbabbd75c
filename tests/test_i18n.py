"""The Spanish edition: one computation, two languages.

Every template figgen writes has a Spanish translation with the same fields (a missing one
stops the build naming its key); the Spanish pages are built under es/ in the same strict
build, with the same numbers, the shared figures, animations and data files (nothing copied
under es/), a Spanish variant of every figure that draws words and none of the others, the
glossary's terms, `<html lang="es">`, a language switcher whose links stay inside a version
folder, and a search index for both languages; a Spanish section older than its English one
is listed (figgen.translations).
"""

from __future__ import annotations

import json
import re
import shutil
import string
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import numpy as np
import pytest

from conftest import ROOT

from figgen import es, i18n
from figgen.latex import numpy_source
from figgen.translations import page_status, report_markdown, stale, status
from figgen.walkthrough import VALUE_NAMES, compute_walkthrough
from figgen.config import WalkthroughConfig

PAGES = {"index.html": "es/index.html", "data-files/index.html": "es/data-files/index.html"}


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


# -- the catalogue ------------------------------------------------------------------------------


def test_every_template_has_a_spanish_translation_with_the_same_fields() -> None:
    assert i18n.missing("es") == []
    for name, table in i18n.tables().items():
        for key, english in table.items():
            spanish = es.CATALOGUE[name][key]
            assert _fields(spanish) == _fields(english), f"{name}:{key}: fields {_fields(spanish)} vs {_fields(english)}"
            assert spanish.strip(), f"{name}:{key} is empty"
    extra = [f"{n}:{k}" for n, t in es.CATALOGUE.items() for k in t if k not in i18n.tables().get(n, {})]
    assert not extra, f"Spanish keys no table has: {extra}"


def test_a_missing_translation_stops_the_build_naming_its_key(monkeypatch: pytest.MonkeyPatch) -> None:
    claims = {k: v for k, v in es.CATALOGUE["claims"].items() if k != "x_signs.both_positive"}
    monkeypatch.setitem(es.CATALOGUE, "claims", claims)
    with pytest.raises(i18n.MissingTranslation) as caught:
        i18n.check_complete("es")
    message = str(caught.value)
    assert "claims:x_signs.both_positive" in message and "\n" not in message, message
    # filling a Spanish page checks the whole catalogue first (figgen.site.fill_page)
    from figgen.site import fill_page

    with pytest.raises(i18n.MissingTranslation, match="x_signs.both_positive"):
        fill_page("# t\n\n{{ loss }}\n", "index.es.md", None, "", "", None, 1, None, (), (), "", (), {}, None)


def test_every_table_is_registered_by_a_module_the_check_imports() -> None:
    """check_complete imports i18n.TABLE_MODULES to find every table: importing every other
    figgen module after them registers no key they did not (a module missing from the list
    would escape the missing-translation check). In a fresh interpreter, where nothing else
    was imported first."""
    import subprocess
    import sys

    script = (
        "import importlib, pkgutil, figgen\n"
        "from figgen import i18n\n"
        "checked = {name: set(t) for name, t in i18n.tables().items()}\n"
        "for m in pkgutil.walk_packages(figgen.__path__, 'figgen.'):\n"
        "    m.name == 'figgen.__main__' or importlib.import_module(m.name)\n"
        "print(sorted(f'{n}:{k}' for n, t in i18n._TABLES.items() for k in t if k not in checked.get(n, set())))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]", f"keys of modules not in figgen.i18n.TABLE_MODULES: {result.stdout}"
    assert "animate" in i18n.tables()  # the GIFs' words


def test_the_page_language_comes_from_the_file_name() -> None:
    assert i18n.page_language("index.es.md") == "es"
    assert i18n.page_language("index.md") == "en"
    assert i18n.page_language("sub/data-files.es.md") == "es"
    assert i18n.page_language("notes.v2.md") == "en"


# -- the built site -----------------------------------------------------------------------------


class _Text(HTMLParser):
    """A page's reader-visible text without code, scripts, styles and math."""

    SKIP = {"pre", "code", "script", "style", "math", "svg", "summary"}  # summary: record key names

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if not self.depth:
            self.parts.append(data)


def _article_text(path: Path) -> str:
    html = path.read_text(encoding="utf-8")
    html = html[html.find("<article"): html.rfind("</article>")] if "<article" in html else html
    parser = _Text()
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.parts))


def test_html_lang_is_set_per_edition(built_site: Path) -> None:
    for english, spanish in PAGES.items():
        assert '<html lang="en"' in (built_site / english).read_text(encoding="utf-8")
        assert '<html lang="es"' in (built_site / spanish).read_text(encoding="utf-8")


def test_the_data_figures_animations_and_downloads_are_shared(built_site: Path) -> None:
    # the pages, and the sitemap the theme's language switcher reads beside each language's root
    copied = [p.relative_to(built_site).as_posix() for p in (built_site / "es").rglob("*")
              if p.is_file() and p.name != "index.html" and p.relative_to(built_site).as_posix() != "es/sitemap.xml"]
    assert not copied, f"files copied under es/: {copied[:10]}"
    for folder in ("data", "figures", "animations", "downloads", "assets"):
        assert (built_site / folder).is_dir() and not (built_site / "es" / folder).exists(), folder
    page = (built_site / "es/index.html").read_text(encoding="utf-8")
    for kind in ("figures", "animations", "downloads"):
        assert f'="../{kind}/' in page, f"the Spanish page links no shared {kind}/ file"
    assert not re.search(r'(?:src|href|srcset)="(?:figures|animations|downloads|data)/', page), (
        "a raw link in es/index.html starts without ../: it would point under es/")


def test_each_edition_offers_its_own_gifs_and_they_resolve(built_site: Path, site_url: str) -> None:
    """Every run has its GIFs with Spanish words, light and dark, beside the English ones, the
    same frames and size; each page's download links are its language's GIFs, and each link,
    followed from the page's address on the served site, gives the file's bytes."""
    import io
    from urllib.request import urlopen

    from PIL import Image

    from figgen.config import ARTICLE_RUNS
    from figgen.player import gif_path
    from figgen.style import THEMES

    for run in ARTICLE_RUNS:
        for theme in THEMES:
            english, spanish = (built_site / gif_path(run.name, theme, lang) for lang in ("en", "es"))
            assert spanish.name == f"{run.name}-es{theme.suffix}.gif" and spanish.is_file(), spanish
            images = [Image.open(io.BytesIO(path.read_bytes())) for path in (english, spanish)]
            assert images[0].n_frames == images[1].n_frames >= 30 and images[0].size == images[1].size
            images[0].seek(images[0].n_frames - 1)
            images[1].seek(images[1].n_frames - 1)
            assert (np.asarray(images[0].convert("RGB")) != np.asarray(images[1].convert("RGB"))).any(), spanish
    for lang, page_path in (("en", "index.html"), ("es", "es/index.html")):
        page = (built_site / page_path).read_text(encoding="utf-8")
        page_url = urljoin(site_url, page_path)
        for run in ARTICLE_RUNS:
            block = page.split(f'id="anim-{run.name}"', 1)[1].split("</figure>", 1)[0]
            links = re.findall(r'<a href="([^"]+)" download="([^"]+)"', block)
            expected = [gif_path(run.name, theme, lang) for theme in THEMES]
            assert [urlsplit(urljoin(page_url, href)).path.lstrip("/") for href, _ in links] == expected, (lang, links)
            assert [name for _, name in links] == [path.split("/")[-1] for path in expected]
            for href, _ in links:
                with urlopen(urljoin(page_url, href)) as response:  # raises on a 404
                    assert response.status == 200
                    assert response.read() == (built_site / urlsplit(urljoin(page_url, href)).path.lstrip("/")).read_bytes()


def test_every_walkthrough_value_is_on_the_spanish_page(built_site: Path) -> None:
    record = compute_walkthrough(WalkthroughConfig())
    page = (built_site / "es/index.html").read_text(encoding="utf-8")
    english = (built_site / "index.html").read_text(encoding="utf-8")
    for name in VALUE_NAMES:
        source = f"{name} = {numpy_source(record.value(name))}"
        assert (source in english) == (source in page), f"{name}: as numpy in one edition only"
        assert f'id="v-{name}"' in page, f"{name}: no anchor on the Spanish page"
    # the prose's own numbers (placeholders) are the English page's, number for number
    numbers = re.compile(r"(?<![\w.])−?-?\d[\d,]*\.\d+")
    assert sorted(numbers.findall(_article_text(built_site / "es/index.html"))) == sorted(
        numbers.findall(_article_text(built_site / "index.html")))


def test_every_figure_that_draws_words_has_a_spanish_variant_and_no_other(built_site: Path) -> None:
    """A figure's texts with a word (three letters outside $...$; XOR is a name) have a
    Spanish drawing with other texts, light and dark, in each layout; a figure of math only
    has none (its files serve both editions)."""
    words = re.compile(r"[A-Za-z]{3,}")
    figures = built_site / "figures"
    for drawn in sorted(figures.glob("*.drawn.json")):
        if "-es" in drawn.name:
            continue
        texts = [t["text"] for t in json.loads(drawn.read_text())["texts"]]
        wordy = [t for t in texts if words.search(re.sub(r"\$[^$]*\$|XOR", "", t))]
        stem, _, rest = drawn.name.partition(".")
        variant = figures / f"{stem}-es.{rest}"
        if not wordy:
            assert not variant.exists() and not list(figures.glob(f"{stem}-es.*")), f"{stem}: math only, but has a Spanish variant"
            continue
        assert variant.exists(), f"{drawn.name} draws {wordy[:3]} but has no Spanish variant"
        spanish = [t["text"] for t in json.loads(variant.read_text())["texts"]]
        assert not set(wordy) & set(spanish), f"{variant.name} still draws {set(wordy) & set(spanish)}"
        base = rest.removesuffix("drawn.json")  # "" or "phone."
        for theme in ("", "dark."):
            assert (figures / f"{stem}-es.{base}{theme}svg").is_file(), f"{stem}-es.{base}{theme}svg"


def test_the_spanish_figures_are_shown_with_spanish_alt_texts(built_site: Path) -> None:
    from figgen.render import figure_manifest

    manifest = figure_manifest(WalkthroughConfig())
    page = (built_site / "es/index.html").read_text(encoding="utf-8")
    for stem, info in manifest.items():
        if f'id="fig-{stem}"' not in page:
            continue
        assert info["alt"]["es"] != info["alt"]["en"], stem
        block = page[page.index(f'id="fig-{stem}"'):]
        block = block[: block.index("</figure>")]
        has_variant = (built_site / "figures" / f"{stem}-es.svg").exists()
        assert (f"figures/{stem}-es.svg" in block) == has_variant, stem
        assert 'alt="' in block and info["alt"]["en"][:40] not in block, f"{stem}: English alt text on the Spanish page"


def _switcher(html: str) -> list[str]:
    return re.findall(r'<a href="([^"]*)" hreflang="[^"]+" class="md-select__link"', html)


@pytest.mark.parametrize("prefix", ["", "0.1.0/"])
def test_the_language_switcher_links_resolve(built_site: Path, tmp_path: Path, prefix: str) -> None:
    """Every page's switcher links reach the other edition's page, also when the site is
    deployed in a version folder (mike: <site_url>0.1.0/)."""
    root = tmp_path / "deployed"
    shutil.copytree(built_site, root / prefix)
    for path in ("index.html", "data-files/index.html", "timings/index.html", *PAGES.values()):
        html = (root / prefix / path).read_text(encoding="utf-8")
        links = _switcher(html)
        assert len(links) == 2, f"{path}: switcher links {links}"
        page_url = f"https://example.org/site/{prefix}{path}"
        for link in links:
            target = urlsplit(urljoin(page_url, link)).path
            assert target.startswith(f"/site/{prefix}"), f"{path}: {link} leaves the version folder"
            file = root / target.removeprefix("/site/")
            file = file / "index.html" if target.endswith("/") else file
            assert file.is_file(), f"{prefix}{path}: {link} -> {target} does not exist"
    es_links = _switcher((root / prefix / "es/data-files/index.html").read_text(encoding="utf-8"))
    assert es_links == ["../../", "../"], es_links  # each language's root, where its sitemap.xml is
    for lang_root in ("", "es/"):  # the theme finds the page's translation from it
        assert (root / prefix / lang_root / "sitemap.xml").is_file(), lang_root


def test_search_covers_both_languages(built_site: Path) -> None:
    index = json.loads((built_site / "search/search_index.json").read_text(encoding="utf-8"))
    assert set(index["config"]["lang"]) >= {"en", "es"}
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert {"", "es/", "data-files/", "es/data-files/"} <= locations, locations
    assert any("retropropagación" in doc["text"].lower() for doc in index["docs"] if doc["location"].startswith("es/"))
    assert list(built_site.glob("assets/javascripts/lunr/min/lunr.es.min.js")), "no Spanish stemmer for search"


def _glossary() -> list[tuple[list[str], list[str], list[str]]]:
    rows = []
    for line in (ROOT / "docs-i18n/GLOSSARY.es.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and line.startswith("|") and cells[0] not in ("English", "---"):
            split = lambda text: [re.sub(r"\s*\(.*?\)", "", t).strip() for t in text.split(",") if t.strip()]  # noqa: E731
            rows.append((split(cells[0]), split(cells[1]), split(cells[2])))
    return rows


def test_the_spanish_page_uses_the_glossarys_terms(built_site: Path) -> None:
    rows = _glossary()
    assert len(rows) >= 20
    # the project's name (its authors, its repository) is a name, not prose
    spanish = re.sub(r"https?://\S+", "", _article_text(built_site / "es/index.html").lower()).replace("backprop by the numbers", "")
    english = _article_text(built_site / "index.html").lower()
    for terms, translations, avoid in rows:
        if any(re.search(rf"\b{re.escape(t.lower())}", english) for t in terms):
            assert any(t.lower() in spanish for t in translations), f"{terms}: none of {translations} on the Spanish page"
        for word in avoid:
            found = re.search(rf"(?<!\w){re.escape(word.lower())}(?!\w)", spanish)
            assert not found, f"{word!r} in the Spanish text: …{spanish[max(0, found.start() - 60):found.end() + 60]}…"


# -- stale translations ---------------------------------------------------------------------------


def test_no_spanish_section_is_older_than_its_english_one() -> None:
    found = stale(ROOT / "docs")
    assert not found, "stale translations:\n" + "\n".join(s.describe() for s in found)
    assert len(status(ROOT / "docs")) >= 25  # every section of both pages is tracked


def test_an_english_edit_makes_its_spanish_section_stale(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs, ignore=shutil.ignore_patterns("assets"))
    english = (docs / "index.md").read_text(encoding="utf-8")
    edited = english.replace("The $\\frac{1}{2}$ is there only", "The $\\frac{1}{2}$ is there just", 1)
    assert edited != english
    (docs / "index.md").write_text(edited, encoding="utf-8")
    found = stale(docs)
    assert [(s.page, s.key) for s in found] == [("index.es.md", "loss")], [s.describe() for s in found]
    assert "index.es.md" in found[0].describe() and "loss" in report_markdown(found)
    # a new English section without its translation is listed too
    (docs / "index.md").write_text(edited + "\n## Afterword {#afterword}\n\nMore.\n", encoding="utf-8")
    assert ("index.es.md", "afterword") in [(s.page, s.key) for s in stale(docs)]


def test_the_build_report_lists_the_translations(built_site: Path) -> None:
    report = (built_site / "timings/index.html").read_text(encoding="utf-8")
    assert 'id="translations"' in report
    assert "all are current" in report


def test_sections_pair_by_anchor_and_code_is_not_a_heading() -> None:
    english = "# T\n\nintro\n\n## A {#a}\n\n```sh\n# not a heading\n```\n\n## B {#b}\n\nb\n"
    spanish = "# T\n<!-- en-sha: none -->\n\n## Be {#b}\n<!-- en-sha: none -->\n"
    found = {s.key: s for s in page_status(spanish, english, "x.es.md")}
    assert set(found) == {"h1:0", "a", "b"}
    assert found["a"].recorded is None and found["a"].stale


def test_a_run_named_like_another_runs_spanish_gif_is_refused_before_any_work(tmp_path, monkeypatch) -> None:
    """Runs "x" and "x-es" would both write animations/x-es.gif: the build stops while it
    plans, naming the clash, before training anything."""
    import figgen.train
    from figgen.build import build
    from figgen.config import BuildSettings, ConfigError, TrainConfig

    trained: list[str] = []
    monkeypatch.setattr(figgen.train, "train", lambda config, *a, **k: trained.append(config.name))

    settings = BuildSettings(training=(TrainConfig(name="tiny", steps=5, frames=2),
                                       TrainConfig(name="tiny-es", steps=5, frames=2)))
    with pytest.raises(ConfigError, match=r"training name 'tiny-es' is not valid: it is the name of run 'tiny''s es GIFs"):
        build(settings, log=lambda line: None, cache_dir=tmp_path, jobs=1)
    assert trained == []
