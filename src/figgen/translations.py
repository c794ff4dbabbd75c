"""Stale translations: which sections of a translated page are older than their English ones.

Each section of a translated page (docs/index.es.md beside docs/index.md) records, right under
its heading, the hash of the English section it was translated from:

    ## La pérdida {#loss}
    <!-- en-sha: 1a2b3c4d -->

A section is its heading and the text up to the next heading (code blocks included; the text
before the first heading is part of no section). Sections pair up by their anchor (``{#loss}``,
the same in both languages) or, for a heading without one, by its level and its rank among
the headings of that level. When the English section changes, its hash no longer matches the
one recorded, and the Spanish section is stale: the build lists it on its report page and in
an INFO line (the build is strict: a WARNING would stop it), and the tests list it too.
`figgen translations` prints every section's state; after updating a translation,
`figgen translations --stamp docs/index.es.md` records the current hashes in it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from figgen.i18n import LANGUAGES

HEADING = re.compile(r"^(?P<marks>#{1,6})\s+(?P<title>.*?)\s*(?:\{#(?P<id>[^}\s]+)\})?\s*$")
FENCE = re.compile(r"^\s*(```|~~~)")
STAMP = re.compile(r"^<!-- en-sha: (?P<sha>[0-9a-f]+|none) -->\s*$")
SHA_LENGTH = 8


@dataclass(frozen=True)
class Section:
    key: str  # the anchor, or "h<level>:<rank>" for a heading without one
    title: str
    line: int  # 1-based line of the heading in its file
    text: str  # the heading and the lines up to the next heading
    stamp: str | None  # the recorded English hash (translations), if any


@dataclass(frozen=True)
class Status:
    page: str  # the translated file, relative to the docs folder: "index.es.md"
    key: str
    title: str
    line: int
    recorded: str | None  # the hash the translation records (None: no stamp, or no section)
    current: str | None  # the English section's hash now (None: no such English section)

    @property
    def stale(self) -> bool:
        return self.recorded != self.current

    def describe(self) -> str:
        if self.current is None:
            return f"{self.page}:{self.line}: section {self.key!r} ({self.title}) has no English section"
        if self.recorded is None:
            return f"{self.page}:{self.line}: section {self.key!r} ({self.title}) records no English hash (now {self.current})"
        return (f"{self.page}:{self.line}: section {self.key!r} ({self.title}) was translated from English "
                f"{self.recorded}; the English is now {self.current}")


def sections(markdown: str) -> list[Section]:
    """The sections of a Markdown page (front matter and code fences skipped)."""
    lines = markdown.splitlines()
    start = 0
    if lines and lines[0].strip() == "---":  # front matter
        for i in range(1, len(lines)):
            if lines[i].strip() == "---":
                start = i + 1
                break
    heads: list[tuple[int, re.Match[str]]] = []
    fenced = False
    for i in range(start, len(lines)):
        if FENCE.match(lines[i]):
            fenced = not fenced
            continue
        match = None if fenced else HEADING.match(lines[i])
        if match:
            heads.append((i, match))
    ranks: dict[int, int] = {}
    out = []
    for n, (i, match) in enumerate(heads):
        end = heads[n + 1][0] if n + 1 < len(heads) else len(lines)
        level = len(match["marks"])
        rank = ranks.get(level, 0)
        ranks[level] = rank + 1
        body = lines[i:end]
        stamp = next((m["sha"] for m in (STAMP.match(line) for line in body[1:3]) if m), None)
        text = "\n".join(line.rstrip() for line in body if not STAMP.match(line)).strip() + "\n"
        out.append(Section(match["id"] or f"h{level}:{rank}", match["title"], i + 1, text, stamp))
    return out


def section_hash(section: Section) -> str:
    """The hash of an English section's text (its first SHA_LENGTH hex digits)."""
    return hashlib.sha256(section.text.encode("utf-8")).hexdigest()[:SHA_LENGTH]


def translated_pages(docs: Path) -> list[tuple[Path, Path]]:
    """(translation, English page) pairs under `docs`: index.es.md beside index.md."""
    suffixes = tuple(f".{lang}.md" for lang in LANGUAGES[1:])
    pairs = []
    for path in sorted(docs.rglob("*.md")):
        for suffix in suffixes:
            if path.name.endswith(suffix):
                english = path.with_name(path.name[: -len(suffix)] + ".md")
                if english.exists():
                    pairs.append((path, english))
    return pairs


def page_status(translation: str, english: str, page: str) -> list[Status]:
    """Every section of the English page with the state of its translation, then the
    translated sections with no English section."""
    english_sections = {s.key: s for s in sections(english)}
    translated = {s.key: s for s in sections(translation)}
    out = []
    for key, section in english_sections.items():
        done = translated.get(key)
        out.append(Status(page, key, done.title if done else section.title, done.line if done else 0,
                          done.stamp if done else None, section_hash(section)))
    for key, done in translated.items():
        if key not in english_sections:
            out.append(Status(page, key, done.title, done.line, done.stamp, None))
    return out


def status(docs: Path) -> list[Status]:
    """The state of every section of every translated page under `docs`."""
    return [s for translation, english in translated_pages(docs)
            for s in page_status(translation.read_text("utf-8"), english.read_text("utf-8"),
                                 translation.relative_to(docs).as_posix())]


def stale(docs: Path) -> list[Status]:
    """The translated sections older than their English ones (or with no stamp, or no English
    section), in page order."""
    return [s for s in status(docs) if s.stale]


def stamp(translation: Path, english: Path) -> int:
    """Record the current English hashes in `translation` (after its sections were brought up
    to date); returns how many stamps changed."""
    hashes = {s.key: section_hash(s) for s in sections(english.read_text("utf-8"))}
    lines = translation.read_text("utf-8").splitlines()
    changed = 0
    for section in reversed(sections("\n".join(lines))):
        i = section.line - 1
        sha = hashes.get(section.key, "none")
        line = f"<!-- en-sha: {sha} -->"
        if i + 1 < len(lines) and STAMP.match(lines[i + 1]):
            if lines[i + 1] != line:
                lines[i + 1] = line
                changed += 1
        else:
            lines.insert(i + 1, line)
            changed += 1
    translation.write_text("\n".join(lines) + "\n", "utf-8")
    return changed


REPORT: dict[str, str] = {
    "title": "## Translations {#translations}",
    "current": "Every translated section records the English section it was translated from, and all are current.",
    "intro": ("Translated sections older than their English section (run `figgen translations` for "
              "every section's state, and `figgen translations --stamp FILE` after updating one):"),
    "item": "- {text}",
}


def report_markdown(found: list[Status]) -> str:
    """The build report's section on translations."""
    lines = ["", REPORT["title"], ""]
    if not found:
        lines.append(REPORT["current"])
    else:
        lines += [REPORT["intro"], ""] + [REPORT["item"].format(text=s.describe()) for s in found]
    return "\n".join(lines) + "\n"
