"""Versions of the site (figgen.publish + mike): each release at its own address, for good.

The end-to-end test deploys a copy of this project with mike, exactly as the Pages workflow
does (`python -m figgen.publish release|dev --push`), into a bare git repository in a
temporary folder (no network): release A (this checkout's figgen version and settings), then
release 9.9.9 (another version, another observation), then dev. It serves what the bare
repository's gh-pages branch holds on 127.0.0.1 and checks, over HTTP and in Chromium, that
each version shows its own numbers, data and citation, that release A was not touched by
the later deployments, that the root redirects to the newest release, and that the version
selector lists every version. Nothing depends on the value of site_url or repo_url.
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import json
import os
import re
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml

import figgen
from conftest import ROOT, in_ci
from figgen.config import WalkthroughConfig
from figgen.jsondata import json_bytes
from figgen.publish import DEV, LATEST, VERSION_VARIABLE, PublishError, check_release, drop_version_selector, edition, release_url
from figgen.walkthrough import compute_walkthrough, walkthrough_to_json

OTHER_VERSION = "9.9.9"  # the second release; any version that is not this checkout's
OTHER_ROW = 1  # ... which follows another observation, so its numbers differ
SITE_URL = yaml.safe_load((ROOT / "mkdocs.yml").read_text())["site_url"]


# figgen.publish on its own ----------------------------------------------------------------

def test_a_plain_build_is_the_release_of_figgens_version():
    e = edition("https://host.test/path/", environ={})
    assert (e.label, e.released, e.url) == (figgen.__version__, True, f"https://host.test/path/{figgen.__version__}/")


def test_under_mike_the_version_comes_from_mike_and_its_site_url_suffix_is_removed():
    # mike's plugin has appended the version to site_url before the hooks see it
    e = edition(f"https://host.test/path/{DEV}", environ={VERSION_VARIABLE: DEV})
    assert (e.label, e.released, e.base_url, e.url) == (DEV, False, "https://host.test/path/", "https://host.test/path/dev/")
    assert edition("", environ={VERSION_VARIABLE: DEV}).url == ""


def test_a_version_that_is_not_figgens_is_refused():
    with pytest.raises(PublishError, match=rf"{VERSION_VARIABLE}='7.7.7' is not valid: expected '{re.escape(figgen.__version__)}'"):
        edition("https://host.test/", environ={VERSION_VARIABLE: "7.7.7"})


def test_a_release_needs_its_tag_and_is_never_overwritten():
    check_release("1.2.0", "v1.2.0", [{"version": "1.1.0", "aliases": [LATEST]}])  # fine
    with pytest.raises(PublishError, match=r"tag 'v1.3.0' does not match figgen's version '1.2.0'"):
        check_release("1.2.0", "v1.3.0", [])
    with pytest.raises(PublishError, match=r"version 1.2.0 is already published and a release is never overwritten"):
        check_release("1.2.0", None, [{"version": "1.2.0", "aliases": []}])


def test_deployed_versions_come_from_the_local_and_the_fetched_branch(tmp_path: Path):
    """A stale local gh-pages must not hide a release the remote already has (mike would
    fast-forward to it and then overwrite that release)."""
    from figgen.publish import deployed_versions

    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t.invalid"}
    run = functools.partial(subprocess.run, cwd=tmp_path, env=env, check=True, capture_output=True, text=True)
    run(["git", "init", "--quiet", "--initial-branch=gh-pages"])
    assert deployed_versions(tmp_path) == []
    for versions in (["0.1.0"], ["0.2.0", "0.1.0"]):  # two deployments
        (tmp_path / "versions.json").write_text(json.dumps([{"version": v, "title": v, "aliases": []} for v in versions]))
        run(["git", "add", "versions.json"])
        run(["git", "commit", "--quiet", "-m", "deploy"])
    run(["git", "update-ref", "refs/remotes/origin/gh-pages", "HEAD"])
    run(["git", "reset", "--quiet", "--hard", "HEAD~1"])  # the local branch is one deployment behind
    assert sorted(v["version"] for v in deployed_versions(tmp_path)) == ["0.1.0", "0.2.0"]
    with pytest.raises(PublishError, match="0.2.0 is already published"):
        check_release("0.2.0", "v0.2.0", deployed_versions(tmp_path))


def test_the_version_selector_only_where_mike_builds():
    extra = {"version": {"provider": "mike"}, "figgen": {}}
    drop_version_selector(extra, environ={VERSION_VARIABLE: "1.0"})
    assert "version" in extra
    drop_version_selector(extra, environ={})
    assert extra == {"figgen": {}}


def test_mkdocs_yml_asks_for_mikes_version_selector():
    version = yaml.safe_load((ROOT / "mkdocs.yml").read_text())["extra"]["version"]
    assert version["provider"] == "mike" and version["default"] == LATEST


# Two releases and dev, deployed with mike into a bare repository ------------------------

def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def _copy_project(dest: Path) -> None:
    """This checkout's tracked and untracked (not ignored) files."""
    names = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                           cwd=ROOT, capture_output=True, check=True).stdout.split(b"\0")
    for name in filter(None, names):
        src = ROOT / os.fsdecode(name)
        if src.is_file():
            target = dest / os.fsdecode(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(src.read_bytes())


def _publish(project: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "figgen.publish", *args], cwd=project, env=env, capture_output=True, text=True)


def _expected_json(row: int) -> bytes:
    return json_bytes(walkthrough_to_json(compute_walkthrough(WalkthroughConfig(row=row))))


@pytest.fixture(scope="module")
def deployed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A copy of the project deployed three times with mike into a bare repository: release
    A (this checkout), release 9.9.9 (row 1), dev. Returns the paths, the versions and what
    release A's folder held right after its own deployment."""
    root = tmp_path_factory.mktemp("versions")
    remote, project = root / "remote.git", root / "project"
    _git(root, "init", "--quiet", "--bare", str(remote))
    _copy_project(project)
    env = {
        **os.environ,
        "PYTHONPATH": str(project / "src"),  # the copy's figgen, not the checkout's
        # the session's cache: release A's outputs are there already
        "FIGGEN_CACHE_DIR": os.environ.get("FIGGEN_CACHE_DIR") or str(ROOT / ".cache" / "figgen"),
        "GIT_AUTHOR_NAME": "test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "test", "GIT_COMMITTER_EMAIL": "test@example.invalid",
    }
    env.pop(VERSION_VARIABLE, None)
    git = functools.partial(subprocess.run, cwd=project, env=env, check=True, capture_output=True, text=True)
    git(["git", "init", "--quiet", "--initial-branch=main"])
    git(["git", "add", "--all"])
    git(["git", "commit", "--quiet", "-m", "release A"])
    git(["git", "remote", "add", "origin", str(remote)])
    git(["git", "push", "--quiet", "origin", "main"])

    first = figgen.__version__
    done = _publish(project, env, "release", "--tag", f"v{first}", "--push")
    assert done.returncode == 0, f"release {first} failed:\n{done.stdout}\n{done.stderr}"
    first_tree = _git(remote, "rev-parse", f"gh-pages:{first}")

    again = _publish(project, env, "release", "--push")
    wrong_tag = _publish(project, env, "release", "--tag", f"v{OTHER_VERSION}", "--push")

    init = project / "src" / "figgen" / "__init__.py"
    init.write_text(init.read_text().replace(f'__version__ = "{first}"', f'__version__ = "{OTHER_VERSION}"'))
    mkdocs = project / "mkdocs.yml"
    mkdocs.write_text(re.sub(r"(?m)^(        row: )0\b", rf"\g<1>{OTHER_ROW}", mkdocs.read_text()))
    assert f"row: {OTHER_ROW}" in mkdocs.read_text()
    git(["git", "commit", "--quiet", "--all", "-m", f"release {OTHER_VERSION}"])
    for kind, args in (("release", ["--tag", f"v{OTHER_VERSION}"]), ("dev", [])):
        done = _publish(project, env, kind, *args, "--push")
        assert done.returncode == 0, f"{kind} failed:\n{done.stdout}\n{done.stderr}"

    served = root / "served"
    served.mkdir()
    archive = subprocess.run(["git", "archive", "gh-pages"], cwd=remote, check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(served)], input=archive, check=True)
    return {
        "remote": remote, "served": served, "first": first, "first_tree": first_tree,
        "again": again, "wrong_tag": wrong_tag,
    }


@pytest.fixture(scope="module")
def server(deployed: dict[str, Any]) -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (http.server's name)
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(deployed["served"])))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 -- 127.0.0.1 only
        return response.read()


def _text(html: str) -> str:
    import html as html_lib

    return html_lib.unescape(re.sub(r"<[^>]+>", "", html))


def test_versions_json_lists_both_releases_and_dev_with_latest_on_the_newest(deployed, server):
    versions = {v["version"]: v["aliases"] for v in json.loads(_get(server + "versions.json"))}
    assert versions == {deployed["first"]: [], OTHER_VERSION: [LATEST], DEV: []}


def test_a_release_is_refused_twice_and_with_a_wrong_tag(deployed):
    assert deployed["again"].returncode == 1 and "already published" in deployed["again"].stderr
    assert deployed["wrong_tag"].returncode == 1 and "does not match figgen's version" in deployed["wrong_tag"].stderr


def test_later_deployments_leave_the_first_release_untouched(deployed):
    assert _git(deployed["remote"], "rev-parse", f"gh-pages:{deployed['first']}") == deployed["first_tree"]


@pytest.mark.parametrize("which", ["first", "other", "dev"])
def test_each_version_shows_its_own_numbers_data_and_citation(deployed, server, which):
    version, row = {"first": (deployed["first"], 0), "other": (OTHER_VERSION, OTHER_ROW), "dev": (DEV, OTHER_ROW)}[which]
    data = _get(f"{server}{version}/data/walkthrough.json")
    assert data == _expected_json(row), f"{version}: data/walkthrough.json is not row {row}'s"
    page = _get(f"{server}{version}/index.html").decode("utf-8")
    own = compute_walkthrough(WalkthroughConfig(row=row)).X[0, 0]
    other = compute_walkthrough(WalkthroughConfig(row=1 - row)).X[0, 0]
    assert f"{own:.8f}" in page and f"{other:.8f}" not in page, f"{version}: the page shows another version's x1"
    cite = _text(page.split('id="cite"', 1)[1].split('id="credits"', 1)[0])
    base = SITE_URL if SITE_URL.endswith("/") else SITE_URL + "/"
    assert f"{base}{version}/" in cite, f"{version}: the citation does not link the version's own address"
    assert f"{base}{LATEST}/" not in cite and f"url = \"{base}\"" not in cite
    for path in ("data/walkthrough.json", "data/training.json"):
        digest = hashlib.sha256(_get(f"{server}{version}/{path}")).hexdigest()
        assert f"{path} {digest}" in cite, f"{version}: the citation lacks the SHA-256 of the {path} it publishes"
    if version == DEV:
        assert "A development version" in cite and "development version after figgen" in cite
    else:
        assert f"version {version}." in cite and f'version = "{version}"' in cite
        assert "A development version" not in cite


def test_citation_cff_url_is_where_mike_publishes_this_version(deployed):
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    assert cff["url"] == release_url(SITE_URL) and cff["url"].endswith(f"/{deployed['first']}/")
    assert (deployed["served"] / deployed["first"] / "index.html").is_file(), "nothing is published where CITATION.cff points"


def test_in_chromium_the_root_leads_to_the_newest_release_and_the_selector_lists_every_version(deployed, server, browser):
    shots = Path(os.environ.get("FIGGEN_SCREENSHOTS") or ROOT / "screenshots").resolve()
    shots.mkdir(parents=True, exist_ok=True)
    failures = _visit_versions(browser, server, deployed["first"], shots)
    assert not failures, failures


def _visit_versions(browser: Any, server: str, first: str, shots: Path) -> list[str]:
    """Open the root and each version in light and dark (in the session's Chromium, the
    `browser` fixture of conftest.py); assert what the selector shows; return the failed
    requests and console errors."""
    failures: list[str] = []
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 800})
        page = context.new_page()
        page.on("response", lambda r: r.status >= 400 and failures.append(f"{r.url}: HTTP {r.status}"))
        page.on("console", lambda m: m.type == "error" and failures.append(f"console: {m.text}"))
        page.goto(server, wait_until="networkidle")  # root -> latest/ -> the newest release
        page.wait_for_url(f"{server}{OTHER_VERSION}/", timeout=15_000)
        for version in (first, OTHER_VERSION, DEV):
            page.goto(f"{server}{version}/", wait_until="networkidle")
            current = page.locator(".md-version__current")
            current.wait_for(timeout=15_000)
            shown = page.evaluate("() => document.querySelector('.md-version__current').firstChild.textContent.trim()")
            assert shown == version, f"{version}: the selector says {shown!r}"
            links = page.evaluate(
                "() => [...document.querySelectorAll('.md-version__link')]"
                ".map(a => [a.href, a.querySelector('.md-version__alias')?.textContent || ''])"
            )
            listed = {href: alias for href, alias in links}
            assert listed == {f"{server}{first}/": "", f"{server}{OTHER_VERSION}/": LATEST,
                              f"{server}{DEV}/": ""}, f"{version}: the selector lists {listed}"
        current = page.locator(".md-version__current")
        current.focus()  # the keyboard opens the list as a hover does
        page.wait_for_timeout(300)
        page.screenshot(path=str(shots / f"versions-selector-{scheme}.png"))
        page.evaluate("() => document.activeElement.blur()")
        page.locator("#cite").scroll_into_view_if_needed()
        page.wait_for_timeout(300)
        page.screenshot(path=str(shots / f"versions-dev-citation-{scheme}.png"))
        context.close()
    return failures


def test_a_build_under_another_version_name_stops_with_one_line(tmp_path: Path) -> None:
    """`mike deploy 7.7.7` by hand, with figgen at another version: the build refuses to
    publish the numbers under a name that is not theirs, before any work."""
    env = {**os.environ, VERSION_VARIABLE: "7.7.7"}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--site-dir", str(tmp_path / "site")],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode != 0
    assert f"figgen: {VERSION_VARIABLE}='7.7.7' is not valid: expected '{figgen.__version__}'" in done.stderr + done.stdout
    assert not (tmp_path / "site" / "index.html").exists()
