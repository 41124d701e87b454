"""Quiz assets: the 8 KB gzip budget (on the minified files the site publishes), loaded only where a
quiz is, and answers kept out of search; the readable sources in generator/static/ are what is minified."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import rcssmin
import rjsmin

from generator.export.static import STATIC, static_assets
from generator.load.loader import load_handbook
from generator.model.quiz import Single

ROOT = Path(__file__).resolve().parent.parent
BUDGET = 8 * 1024


def _gzipped(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9))


def test_quiz_js_and_css_fit_in_8_kb_gzipped_as_published() -> None:
    published = {a.path: a.data() for a in static_assets()}
    sizes = {name: _gzipped(published[f"assets/{name}"]) for name in ("quiz.js", "quiz.css")}
    assert sum(sizes.values()) <= BUDGET, f"quiz assets are {sizes} bytes gzipped, over the {BUDGET} byte budget"


def test_sources_are_readable_and_the_build_minifies_them() -> None:
    published = {a.path: a.data() for a in static_assets()}
    names = ("agree.js", "branch.css", "branch.js", "dialogue.js", "due.js", "gallery.js", "handbook.css", "handbook.js", "learning.css", "print.css", "progress.js", "quiz.css", "quiz.js", "record.js", "review.js")
    assert set(published) == {f"assets/{name}" for name in names}
    for name in names:
        source = (STATIC / name).read_text(encoding="utf-8")
        assert source.startswith("/*"), f"{name}: the source opens with a comment saying what it is"
        # One statement or declaration a line: no line of a source is a hand-compacted run of them.
        crowded = [line for line in source.splitlines() if line.count(";") > 2 and "for (" not in line]
        assert not crowded, f"{name}: several statements on a line: {crowded[0][:80]!r}"
        minified = (rjsmin.jsmin(source) if name.endswith(".js") else rcssmin.cssmin(source)) + "\n"
        assert published[f"assets/{name}"].decode("utf-8") == minified
        assert _gzipped(published[f"assets/{name}"]) < _gzipped(source.encode("utf-8"))


def test_the_site_publishes_the_minified_assets(site_dir: Path) -> None:
    for asset in static_assets():
        assert (site_dir / asset.path).read_bytes() == asset.data(), f"{asset.path} in the built site is not the minified source"


def test_quiz_assets_load_only_on_pages_with_a_quiz(site_dir: Path) -> None:
    pages = list(site_dir.rglob("*.html"))
    with_quiz = [p for p in pages if 'class="hb-quiz"' in (text := p.read_text(encoding="utf-8")) or 'class="hb-progress"' in text]
    assert len(with_quiz) >= 10  # nine modules and the progress page
    for page in pages:
        html = page.read_text(encoding="utf-8")
        progress = 'class="hb-progress"' in html
        # The progress page has the quiz's CSS and progress.js (its tables), not quiz.js.
        loads = "assets/quiz.css" in html and (("assets/quiz.js" in html) != ("assets/progress.js" in html))
        assert loads == (page in with_quiz), f"{page.relative_to(site_dir)}: quiz assets {'loaded' if loads else 'missing'}"
        assert ("assets/progress.js" in html) == progress, f"{page.relative_to(site_dir)}: progress.js only on the progress page"
        assert "quiz.js" not in html or "<script>" not in html.split("quiz.js")[0][-200:], "no inlined quiz code"


def test_answers_stay_out_of_search_but_questions_are_found(site_dir: Path) -> None:
    index = (site_dir / "search" / "search_index.json").read_text(encoding="utf-8")
    docs = json.loads(index)["docs"]
    # Nowhere in search: not the module pages, and not the trainers' answer keys either.
    text = " ".join(d["text"] for d in docs)
    keys = [d["location"] for d in docs if re.match(r"trainers/quizzes/[a-z0-9-]+/", d["location"]) and "-handout/" not in d["location"]]
    assert keys == [], "answer keys must be excluded from search"
    book, _ = load_handbook(ROOT)
    singles = [q for doc in book.quizzes for q in doc.model.questions if isinstance(q, Single)]
    assert singles
    for marker in ("✔ Right:", "Not the best answer", "Answer and explanation", "Hint 1 of"):
        assert marker not in text, f"'{marker}' from an answer block is in the search index"
    for q in singles[:10]:
        assert q.prompt.split("?")[0][:40] in text, f"question {q.id} should be searchable"
        for option in q.options:
            assert option.feedback[:50] not in text, f"feedback of {q.id} leaked into search"
