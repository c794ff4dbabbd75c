"""What publishing and citing rely on: the Pages workflow, CITATION.cff, the licence files."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

import figgen
from figgen.publish import release_url

ROOT = Path(__file__).resolve().parents[1]


def _readme_block(marker: str) -> str:
    """The fenced command right after `<!-- marker -->` in README.md."""
    text = (ROOT / "README.md").read_text()
    match = re.search(rf"<!-- {marker} -->\s*```\w*\n(.*?)\n```", text, re.DOTALL)
    assert match, f"no fenced block after <!-- {marker} --> in README.md"
    return match[1].strip()


def _mkdocs() -> dict:
    return yaml.safe_load((ROOT / "mkdocs.yml").read_text())


def test_pages_workflow_builds_with_the_readme_command_and_deploys():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text())
    steps = workflow["jobs"]["build"]["steps"]
    runs = [step["run"].strip() for step in steps if "run" in step]
    assert _readme_block("build-command") in runs
    assert not any("playwright" in run or "chromium" in run for run in runs), "no browser on Pages"
    uses = [step.get("uses", "") for job in workflow["jobs"].values() for step in job["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact") for u in uses)
    assert any(u.startswith("actions/deploy-pages") for u in uses)
    assert workflow["permissions"]["pages"] == "write"


def test_pages_workflow_deploys_with_mike_dev_from_main_and_a_release_from_a_tag():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text())
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["push"]["branches"] == ["main"] and triggers["push"]["tags"] == ["v*"]
    assert workflow["permissions"]["contents"] == "write", "mike pushes the gh-pages branch"
    assert workflow["concurrency"]["cancel-in-progress"] is False, "a release's deployment must not be cancelled"
    script = "\n".join(step.get("run", "") for step in workflow["jobs"]["build"]["steps"])
    assert 'figgen.publish release --tag "$GITHUB_REF_NAME" --push' in script
    assert "figgen.publish dev --push" in script
    assert '.[site]"' in script and "git archive gh-pages" in script
    artifact = next(s for s in workflow["jobs"]["build"]["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert artifact["with"]["path"] == "_pages", "Pages serves the gh-pages branch, every version in it"


def test_the_site_url_is_one_setting():
    site_url = _mkdocs()["site_url"]
    assert site_url.startswith("https://")
    elsewhere = [
        str(path.relative_to(ROOT))
        for folder in ("docs", "src", "scripts", "overrides", ".github")
        for path in (ROOT / folder).rglob("*")
        if path.is_file() and path.suffix in {".md", ".py", ".yml", ".html", ".cff"}
        and site_url.rstrip("/") in path.read_text(errors="ignore")
    ]
    # CITATION.cff cannot read mkdocs.yml: it repeats site_url, and the test below keeps it in step
    elsewhere += [name for name in ("README.md",) if site_url.rstrip("/") in (ROOT / name).read_text()]
    assert not elsewhere, f"site_url {site_url} is repeated in {elsewhere}; read it from mkdocs.yml"


def test_citation_cff_names_this_version_and_the_contributors():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    assert cff["version"] == figgen.__version__, "bump CITATION.cff's version with figgen's"
    # the version's own address, never the moving root or latest/
    assert cff["url"] == release_url(_mkdocs()["site_url"]), (
        f"CITATION.cff's url is {cff['url']!r}: set it to {release_url(_mkdocs()['site_url'])!r} "
        "(mkdocs.yml's site_url and figgen's version)"
    )
    assert cff["title"].startswith(_mkdocs()["site_name"])
    assert cff["authors"] == [{"name": "The Backprop by the Numbers contributors"}]
    assert cff["repository-code"] == _mkdocs()["repo_url"]
    assert cff["license"] == "MIT"
    original = cff["references"][0]
    assert original["url"] == "https://omar-florez.github.io/scratch_mlp/"
    assert original["authors"][0]["family-names"] == "Florez"


def test_licence_files():
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
    content = " ".join((ROOT / "LICENSE-CONTENT").read_text().split())
    assert "Creative Commons Attribution 4.0 International" in content and "CC BY 4.0" in content
    assert "Omar U. Florez" in content
    assert "SIL Open Font License" in (ROOT / "docs" / "assets" / "fonts" / "OFL.txt").read_text()
