"""Property-based fuzzing of every content kind: whatever a content file holds, the check exits
0 or 1, prints only positioned findings without a traceback or a control character, and a clean
check means the build succeeds, into pages the sanitizer leaves unchanged (nothing it would remove
got past the check). The tokens include the families of issues 12 and 24.

`make test` runs a short, derandomized pass (a few seconds) that builds clean examples with the
generator; `make fuzz` (HANDBOOK_FUZZ=long) runs many more examples, random each time, and builds
each clean one with `mkdocs build --strict`.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import ROOT, build_site, copy_project
from test_sanitize import tree

from generator.api import build
from generator.check.markup import convert
from generator.cli import main
from generator.render.sanitize import sanitize

settings.register_profile("bounded", max_examples=8, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
settings.register_profile("long", max_examples=int(os.environ.get("HANDBOOK_FUZZ_EXAMPLES", "200")), deadline=None, database=None, suppress_health_check=list(HealthCheck))
PROFILE = "long" if os.environ.get("HANDBOOK_FUZZ") == "long" else "bounded"
# The long run builds each clean example with `mkdocs build --strict` (seconds each); the short
# run builds the generator's pages only.
MKDOCS = PROFILE == "long"

# One file of every kind: dialogue, module (front matter and Markdown), quiz, figure, the four
# single files, a second coding, and a hand-written docs/ page.
FILES = [
    "content/dialogues/teen-wants-independence.yml",
    "content/modules/barriers.md",
    "content/quizzes/barriers.yml",
    "content/figures/conceptual-model.yml",
    "content/glossary.yml",
    "content/guidance.yml",
    "content/references.yml",
    "content/codebook.yml",
    "content/coding/second/fear-of-going-low.yml",
    "docs/trainers/session-plans.md",
]
# What authors and attackers type: YAML and Markdown syntax, tags, dates, entities, schemes,
# attribute lists, controls, surrogates, bidi overrides, tabs.
TOKENS = [
    ":", ": ", "- ", "\n", "\n\n", "\t", "  ", "#", "'", '"', "\\", "{", "}", "[", "]", "(", ")", "!", "&", "*", "_", "`", "<", ">", "|", "~", "%",
    "!!int abc", "!!float x", "!!bool maybe", "!!timestamp 2024-13-45", "!!python/object:os.system", "2024-13-45", "' '", "~", "[]", "{}",
    "*anchor", "&anchor ", "<<: ", "[[figure: nope]]", "[[dialogue: barriers]]", "[@nokey]", "[@jones2016]", "{: onclick=alert(1) }", "{#id .c}",
    "[x](javascript:alert(1))", "[x](jav&#x09;ascript:1)", "[x](\x01javascript:1)", "- [k]: javascript:1\n\n[y][k]", "<script>", "&#58;",
    "[x](no-such-page.md)", "[x](../dialogues/nope.md#turn-99)", "](", "[" * 300, "- " * 40, ">" * 40, "\x00", "\x1b[31m", "\ud800", "\u202e", "\x85", "\ufeff",
    # Issue 24: where a pattern and Python-Markdown disagree, data attributes, the site's names, characters.
    "[k]:\n  javascript:1\n\n[y][k]", ">[k]: javascript:1\n>\n>[y][k]", '{: class="}" onclick=alert(1) }', "\\`<img src=x onerror=1>`", "a```b <b onclick=1>\n\nc```",
    '{: data-md-component="source" }', '{: data-clipboard-text="curl x | sh" }', '{: style="position:fixed" }', "{#hbQuizReady}", "{.hb-quiz}", "{#turn-2}", "{#__drawer}",
    "[x](data:text/html,1)", "[x](vbscript:1)", "<svg onload=1>", "\\uFFFE", "\\u202E", "\\r", "\ufffe", "\U0010ffff", "\u2066", "\r",
    # Issue 24, a clean check builds: anchors as the toc makes them, files the build writes, nesting.
    "\n\n## Two honest barriers\n\n", "\n\n## Tea &amp; biscuits [@jones2016] ![a](../assets/handbook.css)\n\n", "\n\n```\n## In code {#in-code}\n```\n\n", "\nSetext\n---\n",
    "[x](#two-honest-barriers_1)", "[x](#two-honest-barriers_2)", "[x](#tea-biscuits-jones-et-al-2016)", "[x](#tea-amp-biscuits)", "[x](#in-code)",
    "[x](#setext)", "[x](#page-title)", "[x](../codebook.md#nope)", "[x][r]\n\n[r]:\n    #nope", "[x](../downloads/nothing.zip)", "[x](../assets/scorm.js)",
    "[x](../downloads/question-banks/handbook-gift.txt)", "[x](../../.env)", "\n\nterm\n" + ":   \n" * 14, "\n\n" + "".join("    " * i + "!!! note\n" for i in range(14)),
]  # fmt: skip
_text = st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=6)), max_size=6).map("".join)


@st.composite
def mutations(draw: st.DrawFn) -> tuple[str, bytes]:
    rel = draw(st.sampled_from(FILES))
    text = (ROOT / rel).read_text(encoding="utf-8")
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["insert", "delete", "replace-value", "duplicate-line"]))
        if kind == "insert":
            text = text[:at] + draw(_text) + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 200)) :]
        elif kind == "replace-value":
            values = list(re.finditer(r"(?<=: ).+$", text, re.MULTILINE))
            if values:
                value = draw(st.sampled_from(values))
                text = text[: value.start()] + draw(_text) + text[value.end() :]
        else:
            lines = text.split("\n")
            i = draw(st.integers(0, len(lines) - 1))
            text = "\n".join([*lines[: i + 1], lines[i], *lines[i + 1 :]])
    return rel, text.encode("utf-8", "surrogatepass")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield copy_project(tmp_path_factory.mktemp("fuzz") / "project", writable=("content", "docs"))


@settings(settings.get_profile(PROFILE))
@given(mutation=mutations())
def test_mutated_content_is_checked_totally(project: Path, mutation: tuple[str, bytes]) -> None:
    rel, data = mutation
    path = project / rel
    original = (ROOT / rel).read_bytes()
    path.write_bytes(data)
    try:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["check", str(project)])
        printed = out.getvalue() + err.getvalue()
        assert code in (0, 1)
        assert "Traceback" not in printed
        printed.encode("utf-8")  # nothing a strict terminal cannot print (lone surrogates)
        assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]", printed), printed
        lines = out.getvalue().splitlines()
        assert all(re.match(r"^[^\s:][^:]*:\d+:\d+: (error|warning|suggestion): ", line) for line in lines), lines
        if code == 0:
            pages = build(project).pages  # a clean check must build
            # ... into pages the sanitizer leaves as they are: nothing it would remove got past the check
            # (the pages from the mutated file, converted with the site's Markdown; every page in `make fuzz`).
            texts = [p.markdown for p in pages if MKDOCS or p.source == rel] if rel.startswith("content/") else [data.decode("utf-8", "replace")]
            for text in texts:
                html, _ = convert(re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.DOTALL))
                assert tree(html) == tree(sanitize(html)), text[:300]
            if MKDOCS:
                result = build_site(project / "site", "http://127.0.0.1:8000/", root=project)
                assert result.returncode == 0, result.stderr[-3000:]
    finally:
        path.write_bytes(original)
        shutil.rmtree(project / "site", ignore_errors=True)


SECRET = "HANDBOOK_TOKEN=hunter2-never-printed"


@settings(settings.get_profile(PROFILE))
@given(rel=st.sampled_from(FILES), target=st.sampled_from(["project .env", "/etc/passwd", "/dev/zero", "another content file", "itself"]), folder=st.booleans())
def test_no_link_in_content_or_docs_is_followed(project: Path, tmp_path_factory: pytest.TempPathFactory, rel: str, target: str, folder: bool) -> None:
    """Issue 24: a content file or docs/ page that is a link, or sits in a linked folder, wherever
    the link points, is refused at its path, and nothing of what it points at is printed."""
    (project / ".env").write_text(SECRET + "\n", encoding="utf-8")
    path = project / rel
    linked = path.parent if folder and len(Path(rel).parts) > 2 else path
    moved = tmp_path_factory.mktemp("moved") / linked.name
    linked.rename(moved)
    try:
        if linked != path:  # the folder, linked out of the project, holding the file as it was
            linked.symlink_to(moved, target_is_directory=True)
        else:
            points = {"project .env": project / ".env", "another content file": ROOT / "content/guidance.yml", "itself": moved}
            linked.symlink_to(points.get(target, Path(target)))
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            code = main(["check", str(project)])
        printed = out.getvalue()
        assert code == 1 and "hunter2" not in printed and "root:" not in printed
        where = linked.relative_to(project).as_posix()
        assert f"{rel}:1:1: error: expected a file, found a link (to " in printed or f"{where}:1:1: error: expected a folder, found a link" in printed, printed
    finally:
        linked.unlink()
        moved.rename(linked)
