"""A clean check builds (issue 24): the check judges links by what the build will write, so that
it refuses exactly the links `mkdocs build --strict` would refuse, no more and no fewer.

Anchors are the ids the build's Markdown gives the page (its toc extension's `_N` for a repeated
heading, a heading's text after citations, entities and images are made, no heading inside code,
setext headings too), and links to files are judged by the files the build writes (downloads/,
assets/). The golden test builds the same links past the check (tests/fixtures/unchecked_hook.py)
and compares what MkDocs warns about with what the check refused.
"""

from __future__ import annotations

import bisect
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from support import ROOT, copy_project

from generator.api import check

HEADINGS = """

## Two honest barriers

## Study of time [@jones2016]

## Tea &amp; biscuits

## A picture ![alt text](../assets/vendor/iframe-worker-shim.js) here

## Practise with these dialogues

```
## Not a heading {#fake-id}
```

    ## Indented, not a heading

Setext heading
--------------

"""
# Nested as deeply as the check allows (12 levels, counted on what Markdown builds): it builds.
DEEP_BUT_ALLOWED = "Term\n:   \n" * 11 + "\n" + "".join("    " * i + "!!! note\n" for i in range(11)) + "    " * 11 + "Text.\n"

# Each link, and whether the build writes what it points at.
LINKS = {
    "#two-honest-barriers_1": True,  # the second 'Two honest barriers'
    "#two-honest-barriers_2": False,  # there is no third
    "#study-of-time-jones-et-al-2016": True,  # the citation as the page shows it
    "#study-of-time-jones2016": False,  # the citation as written
    "#tea-biscuits": True,
    "#tea-amp-biscuits": False,  # the entity as written
    "#a-picture-here": True,  # an image has no text in the id
    "#a-picture-alt-text-here": False,
    "#practise-with-these-dialogues_1": False,  # the page's own section names its id: no _1 is made
    "#setext-heading": True,
    "#not-a-heading": False,  # inside a fenced code block
    "#fake-id": False,
    "#indented-not-a-heading": False,  # an indented code block
    "#page-title": True,  # the title heading the generator gives every page
    "#check-your-understanding": True,
    "#figure-conceptual-model": False,  # a figure shown on another module's page only
    "the-working-alliance.md#no-such-heading": False,
    "../dialogues/fear-of-going-low.md#turn-1": True,
    "../dialogues/fear-of-going-low.md#turn-99": False,
    "../dialogues/fear-of-going-low.md#no-such-turn": False,
    "dialogues/fear-of-going-low.md": False,  # from modules/, a page that does not exist
    "../codebook.md": True,  # a generated page
    "../codebook.md#no-such-section": False,
    "../downloads/question-banks/handbook-gift.txt": True,  # a file the build writes
    "../downloads/nothing.zip": False,
    "../assets/handbook.js": True,
    "../assets/scorm.js": False,  # only in the SCORM packages' build
    "../assets/nothing.css": False,
}


# Links written in other ways: (the paragraph, the link as MkDocs reports it, whether the build writes it).
FORMS = [
    ("See [this][r1].\n\n[r1]:\n    #no-such-r1", "#no-such-r1", False),  # a reference's address on the next line
    ("See [this][r2].\n\n>[r2]: #no-such-r2", "#no-such-r2", False),  # in a quote without a space
    ("See [this](<#tea-biscuits>) and [that](#setext-heading 'A title').", "", True),
    ("Not links: `[code](#no-such-code)` and\n\n```\n[fenced](#no-such-fenced)\n```", "", True),
]
# A hand-written docs/ page's links: MkDocs judges them too.
DOCS_LINKS = {
    "modules/barriers.md#two-honest-barriers_1": True,
    "modules/barriers.md#tea-amp-biscuits": False,
    "dialogues/fear-of-going-low.md#turn-1": True,
    "dialogues/fear-of-going-low.md#turn-99": False,
    "glossary.md": True,
    "no-such-page.md": False,
    "downloads/nothing.zip": False,
}
DOCS_REFUSED = {t for t, written in DOCS_LINKS.items() if not written}
ENTRIES = [(f"See [this]({target}).", target, written) for target, written in LINKS.items()] + FORMS
REFUSED = {target for _, target, written in ENTRIES if not written}


def _project(tmp_path: Path) -> tuple[Path, list[int]]:
    """The project with the headings and every entry added to a module; the line each entry starts on."""
    project = copy_project(tmp_path / "project", writable=("content", "docs"))
    (project / "docs/links-test.md").write_text("# Links\n\n" + "".join(f"See [this]({t}).\n\n" for t in DOCS_LINKS), encoding="utf-8")
    module = project / "content/modules/barriers.md"
    text = module.read_text(encoding="utf-8") + HEADINGS + DEEP_BUT_ALLOWED + "\n"
    starts = []
    for paragraph, _, _ in ENTRIES:
        starts.append(text.count("\n") + 1)
        text += paragraph + "\n\n"
    module.write_text(text, encoding="utf-8")
    return project, starts


def test_the_check_refuses_exactly_the_links_to_what_the_build_does_not_write(tmp_path: Path) -> None:
    project, starts = _project(tmp_path)
    findings = [f for f in check(project)[1] if f.level == "error"]
    errors = [f for f in findings if f.path != "docs/links-test.md"]
    assert all(f.path == "content/modules/barriers.md" for f in errors), [f.format() for f in errors]
    in_docs = {list(DOCS_LINKS)[(f.line - 3) // 2] for f in findings if f.path == "docs/links-test.md" and f.column == 12}
    assert in_docs == {t for t, written in DOCS_LINKS.items() if not written}, [f.format() for f in findings]
    refused = {ENTRIES[bisect.bisect_right(starts, f.line) - 1][1] for f in errors}
    assert refused == REFUSED, [f.format() for f in errors]
    plain = [f for f in errors if f.line < starts[len(LINKS)]]
    assert all(f.column == 12 for f in plain), [f.format() for f in plain]  # at the link's target


def _build_past_the_check(project: Path, site: Path) -> subprocess.CompletedProcess[str]:
    """`mkdocs build` of ``project`` with the check finding nothing, warnings not fatal."""
    shutil.copy(ROOT / "tests/fixtures/unchecked_hook.py", project / "unchecked_hook.py")
    (project / "mkdocs.unchecked.yml").write_text("INHERIT: mkdocs.yml\nstrict: false\nhooks:\n  - unchecked_hook.py\n", encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", "mkdocs.unchecked.yml", "--site-dir", str(site)],
        cwd=project, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_what_the_check_refuses_is_what_a_strict_build_refuses(tmp_path: Path) -> None:
    """The golden test: the same links built past the check; MkDocs warns (and --strict fails) on
    exactly the links the check refused, and on nothing else (the nesting the check allows builds)."""
    project, _ = _project(tmp_path)
    result = _build_past_the_check(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert len(re.findall(r"^WARNING", result.stderr, re.MULTILINE)) == len(REFUSED) + len(DOCS_REFUSED), result.stderr
    warned = set(re.findall(r"Doc file 'modules/barriers\.md' contains a link '([^']*)'", result.stderr))
    assert warned == REFUSED, result.stderr
    warned = set(re.findall(r"Doc file 'links-test\.md' contains a link '([^']*)'", result.stderr))
    assert warned == DOCS_REFUSED, result.stderr


def test_nesting_the_check_refuses_is_nesting_the_build_cannot_make(tmp_path: Path) -> None:
    """600 nested definitions: the check refuses them at a line; built past the check, MkDocs fails
    (Python-Markdown runs out of stack), so the refusal is what keeps the build whole."""
    project = copy_project(tmp_path / "project")
    module = project / "content/modules/barriers.md"
    text = module.read_text(encoding="utf-8") + "\nBack to [the barriers](#two-honest-barriers).\n\n"
    module.write_text(text + "Term\n:   \n" * 600, encoding="utf-8")
    errors = [f.format() for f in check(project)[1] if f.level == "error"]
    assert len(errors) == 1 and "nested at most 12 deep" in errors[0], errors  # the page's anchors are not judged
    result = _build_past_the_check(project, tmp_path / "site")
    assert result.returncode != 0 and "RecursionError" in result.stderr, result.stderr[-2000:]
