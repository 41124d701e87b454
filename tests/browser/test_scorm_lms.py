"""SCORM 1.2 packages in a real browser (issue 14), against scorm-again's Scorm12API (the open SCORM
runtime, fetched by `make test` into .cache/scorm-again) as the LMS: a harness page holds the API and
runs the package's launch page in an iframe, as Moodle's or Blackboard's player does.

- The largest module (most questions), every question answered: the LMS gets incomplete and no
  score until the last answer, then passed/failed against the package's mastery score and the
  score, one cmi.interactions record per answered question, a commit after each answer, the
  answers in cmi.suspend_data (at most 4,096 characters) and LMSFinish on leave; a new attempt on
  another device (a fresh browser context, new Scorm12API loaded with the kept CMI data) shows them;
  the quiz offers no reset inside an LMS (issue 18).
- After one answer: no score.raw, incomplete, one interactions record in SCORM 1.2's vocabularies;
  wrong then right: the first try is the score on the page and in the LMS (issue 18).
- A SCO opened in a window of its own finds the API through its opener, and so does one in a frame
  inside that window (through top.opener, as pipwerks finds it).
- An LMS whose LMSCommit, LMSFinish and a LMSSetValue throw: the learner's page carries on (no page
  error) and LMSFinish is still called on leave.
- A reflection far longer than suspend_data can hold is shortened, never refused, and never
  silently: the page says how much of it the LMS keeps.
- Without any LMS the package works like the website (localStorage), with no console error; so do
  the pages of the whole-handbook package.
- What the LMS hands back is data (issue 24): a crafted cmi.suspend_data neither throws nor sets a
  score; a kept answer is marked again by the page's key, and rows a question cannot have are left out.
- axe finds nothing on the launch page (without the site's navigation, answers shown).
No request leaves the machine: every other request is aborted and recorded.

Answers come from the YAML (generator.load), never from the page.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from playwright.sync_api import Browser, BrowserContext, Frame, Page, expect
from support import ROOT, right_answer, route_to, shape, wrong_answer

from generator.export.scorm import handbook_package, module_package, package_files, write_zip
from generator.load.loader import load_handbook
from generator.model.book import Handbook
from generator.model.branching import START, Graph, Key, build
from generator.model.content import Dialogue
from generator.model.quiz import Question, Quiz, Reflection, Single
from generator.render.branching import anchor as branch_anchor
from generator.render.branching import view as branch_view

SCORM_AGAIN = ROOT / ".cache/scorm-again/package/dist/scorm12.js"
HARNESS = ROOT / "tests/fixtures/scorm/harness.html"
EVENTS = "() => { window.__answers = []; document.addEventListener('hb:answer', e => window.__answers.push(e.detail)); }"
LMS = (
    "() => ({status: API.cmi.core.lesson_status, raw: API.cmi.core.score.raw, min: API.cmi.core.score.min, max: API.cmi.core.score.max,"
    " suspend: API.cmi.suspend_data, commits: lms.commits, finished: lms.finished,"
    # Interactions are write-only to the SCO: read them as the LMS stores them (scorm-again's JSON).
    " interactions: Object.values(API.renderCMIToJSONObject().cmi.interactions || {}).map(i => ({id: i.id, type: i.type,"
    " response: i.student_response, result: i.result, weighting: i.weighting, latency: i.latency, time: i.time,"
    " pattern: Object.values(i.correct_responses || {}).map(c => c.pattern)}))})"
)
_BOOK = load_handbook(ROOT)[0]


@pytest.fixture(scope="module")
def book() -> Handbook:
    return _BOOK


def _quiz(book: Handbook, pick: str) -> Quiz:
    quizzes = [d.model for d in book.quizzes]
    if pick == "largest":
        return max(quizzes, key=lambda q: len(q.questions))
    return next(q for q in quizzes if any(isinstance(x, Reflection) for x in q.questions))


@pytest.fixture(scope="module")
def lms_root(scorm_site: Path, book: Handbook, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder as an LMS serves it: the harness, scorm-again, and the packages unzipped under pkg-<id>/."""
    if not SCORM_AGAIN.is_file():
        pytest.fail(f"scorm-again is missing ({SCORM_AGAIN}): run `make scorm-tools` (make test does)")
    root = tmp_path_factory.mktemp("lms")
    shutil.copy(HARNESS, root / "harness.html")
    shutil.copy(HARNESS.with_name("frame.html"), root / "frame.html")
    shutil.copy(SCORM_AGAIN, root / "scorm12.js")
    for pick in ("largest", "reflection"):
        quiz = _quiz(book, pick)
        module = next(m for m in book.modules if m.meta.id == quiz.id)
        zip_path = root / f"{quiz.id}.zip"
        write_zip(package_files(scorm_site, module_package(book, module, scorm_site)), zip_path)
        with zipfile.ZipFile(zip_path) as z:
            z.extractall(root / f"pkg-{quiz.id}")
    seen = next(m for m in book.modules if m.meta.id not in {d.model.id for d in book.quizzes})  # the quick reference
    write_zip(package_files(scorm_site, module_package(book, seen, scorm_site)), root / "seen.zip")
    with zipfile.ZipFile(root / "seen.zip") as z:
        z.extractall(root / "pkg-seen")
    write_zip(package_files(scorm_site, handbook_package(book, scorm_site, title="Handbook")), root / "handbook.zip")
    with zipfile.ZipFile(root / "handbook.zip") as z:
        z.extractall(root / "pkg-handbook")
    return root


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def lms_url(lms_root: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(lms_root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class Watch:
    """Everything that must not happen: requests to other hosts (aborted), failed requests, console errors, page errors."""

    def __init__(self, context: BrowserContext, local: tuple[str, ...]) -> None:
        self.problems: list[str] = []
        self.local = local

        def route(r: Any) -> None:
            if r.request.url.startswith(self.local):
                r.continue_()
            else:
                self.problems.append(f"request to another host: {r.request.url}")
                r.abort()

        context.route("**/*", route)
        # A missing file fails (file://: ERR_FILE_NOT_FOUND; http: a 404, logged as a console error);
        # ERR_ABORTED is only a load cut short by the test's next navigation (the favicon, say).
        context.on("requestfailed", lambda r: self.problems.append(f"failed: {r.url} ({r.failure})") if r.url.startswith(self.local) and r.failure != "net::ERR_ABORTED" else None)

    def page(self, page: Page) -> Page:
        page.on("request", lambda r: None if r.url.startswith(self.local) else self.problems.append(f"request to another host: {r.url}"))
        page.on("console", lambda m: self.problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        return page


def answer(frame: Frame, q: Question, *, right: bool, text: str = "It sounds as if that felt like a judgement.") -> None:
    loc = frame.locator(f'.hb-q[data-question="{q.id}"]')
    how = shape(q)
    if how == "order":
        if right:
            for target in right_answer(q):
                positions = [int(p) for p in loc.locator(".hb-ord").evaluate_all("els => els.map(e => e.dataset.pos)")]
                for _ in range(positions.index(target) - target):
                    loc.locator(f'.hb-ord[data-pos="{target}"] button[data-move="-1"]').click()
        loc.locator(".hb-q__check").click()
    elif how == "text":
        loc.locator("textarea").fill(text)
        loc.locator(".hb-q__check").click()
        for i in right_answer(q) if right else []:
            loc.locator(".hb-q__rate input").nth(i).check()
        loc.locator(".hb-q__save").click()
    else:
        for i in right_answer(q) if right else wrong_answer(q):
            loc.locator(f'.hb-q__opts .hb-opt[data-i="{i}"] input').check()
        loc.locator(".hb-q__check").click()
    expect(loc.locator(".hb-q__result")).to_be_visible()


def mastery(lms_root: Path, quiz: Quiz) -> str:
    """The mastery score the package sets, read from its manifest as an LMS does."""
    doc = etree.parse(str(lms_root / f"pkg-{quiz.id}/imsmanifest.xml"))
    value = doc.findtext(".//{http://www.adlnet.org/xsd/adlcp_rootv1p2}masteryscore")
    assert value
    return value


def launch(page: Page, lms_url: str, quiz: Quiz, cmi: dict[str, Any]) -> Frame:
    page.goto(lms_url + "harness.html")
    page.evaluate("([cmi, url]) => startLms(cmi, url)", [cmi, f"pkg-{quiz.id}/modules/{quiz.id}.html"])
    handle = page.locator("#sco").element_handle()
    assert handle is not None
    frame = handle.content_frame()
    assert frame is not None
    expect(frame.locator(".hb-quiz__score")).to_contain_text("Answered")
    return frame


def stored(frame: Frame, quiz: Quiz) -> dict[str, Any]:
    """This quiz's answers in the site's storage, without the time stamps; scores to 4 decimals
    (suspend_data keeps them in ten-thousandths)."""
    return dict(
        frame.evaluate(
            """id => { const a = hb.store.load(hb.store.key(document.querySelector('.hb-quiz'))).answers, out = {};
            Object.keys(a).filter(k => k.startsWith(id + '/')).forEach(k => { const {hash, response, score} = a[k]; out[k] = {hash, response, score: Math.round(score * 1e4) / 1e4}; });
            return out; }""",
            quiz.id,
        )
    )


def leave(page: Page) -> dict[str, Any]:
    """The learner leaves the SCO; the CMI data the LMS keeps."""
    page.evaluate("() => { document.getElementById('sco').src = 'about:blank'; }")
    page.wait_for_function("() => lms.finished === 1")
    return dict(page.evaluate("() => API.renderCMIToJSONObject()"))


def run_attempt(browser: Browser, lms_url: str, lms_root: Path, quiz: Quiz, *, wrong: set[str], text: str) -> tuple[dict[str, Any], dict[str, Any], list[float], Watch]:
    """Answer every question in a first attempt; returns what the LMS kept, the stored answers, the scores given."""
    context = browser.new_context()
    watch = Watch(context, (lms_url,))
    page = watch.page(context.new_page())
    frame = launch(page, lms_url, quiz, {"cmi": {"student_data": {"mastery_score": mastery(lms_root, quiz)}}})
    frame.evaluate(EVENTS)
    start = page.evaluate(LMS)
    assert start["status"] == "incomplete" and start["commits"] == 1 and start["raw"] == ""
    scored = [q for q in quiz.questions if not isinstance(q, Reflection)]
    for n, q in enumerate(quiz.questions, start=1):
        answer(frame, q, right=q.id not in wrong, text=text)
        now = page.evaluate(LMS)
        assert now["commits"] == 1 + n, "LMSCommit after each answer"
        # One interactions record per answered question (a reflection's text is not one).
        assert [i["id"] for i in now["interactions"]] == [f"{quiz.id}-{x.id}" for x in quiz.questions[:n] if x in scored]
        if scored[-1] not in quiz.questions[:n]:
            assert (now["status"], now["raw"]) == ("incomplete", ""), "no score until every question is answered"
    scores = [e["score"] for e in frame.evaluate("() => window.__answers") if e["type"] != "reflection"]
    answers = stored(frame, quiz)
    assert len(scores) == len(scored) and len(answers) == len(quiz.questions)
    cmi = leave(page)
    context.close()
    return cmi, answers, scores, watch


def expected(scores: list[float], mastery_score: str) -> tuple[str, str]:
    raw = round(100 * sum(scores) / len(scores))
    return str(raw), "passed" if raw >= int(mastery_score) else "failed"


def test_the_lms_gets_status_score_and_answers_and_gives_them_back(browser: Browser, lms_url: str, lms_root: Path, book: Handbook, axe: Any) -> None:
    quiz = _quiz(book, "largest")
    cmi, answers, scores, first = run_attempt(browser, lms_url, lms_root, quiz, wrong={quiz.questions[0].id}, text="")
    raw, status = expected(scores, mastery(lms_root, quiz))
    core = cmi["cmi"]["core"]
    assert (core["lesson_status"], core["score"]["raw"], core["score"]["min"], core["score"]["max"]) == (status, raw, "0", "100")
    assert status == "passed" and 0 < int(raw) < 100  # one wrong answer of the largest module still passes 80
    assert core["exit"] == "suspend"
    suspend = cmi["cmi"]["suspend_data"]
    assert 0 < len(suspend) <= 4096
    # Another device: an empty browser, a new attempt with the data the LMS kept.
    context = browser.new_context()
    watch = Watch(context, (lms_url,))
    page = watch.page(context.new_page())
    frame = launch(page, lms_url, quiz, cmi)
    assert stored(frame, quiz) == answers
    expect(frame.locator(".hb-quiz__score")).to_have_text(f"Answered {len(quiz.questions)} of {len(quiz.questions)}, score {raw}%.")
    expect(frame.locator(".hb-q__result:visible")).to_have_count(len(quiz.questions))
    again = page.evaluate(LMS)
    assert (again["status"], again["raw"], again["suspend"]) == (status, raw, suspend)
    assert axe(frame) == []  # the launch page without the site's navigation, answers shown: still accessible
    # In an LMS the first tries are the record: the quiz offers no reset (the LMS starts new attempts).
    expect(frame.locator(".hb-quiz__reset")).to_be_hidden()
    context.close()
    assert first.problems == [] and watch.problems == []


def test_a_reflection_longer_than_suspend_data_is_shortened_not_refused(browser: Browser, lms_url: str, lms_root: Path, book: Handbook) -> None:
    quiz = _quiz(book, "reflection")
    text = "What matters most to you about it? " * 200  # 7,000 characters
    cmi, answers, scores, first = run_attempt(browser, lms_url, lms_root, quiz, wrong={q.id for q in quiz.questions}, text=text)
    raw, status = expected(scores, mastery(lms_root, quiz))
    assert status == "failed" and cmi["cmi"]["core"]["lesson_status"] == "failed" and cmi["cmi"]["core"]["score"]["raw"] == raw
    assert len(cmi["cmi"]["suspend_data"]) <= 4096
    context = browser.new_context()
    watch = Watch(context, (lms_url,))
    frame = launch(watch.page(context.new_page()), lms_url, quiz, cmi)
    back = stored(frame, quiz)
    reflection = next(q for q in quiz.questions if isinstance(q, Reflection))
    key = f"{quiz.id}/{reflection.id}"
    kept = back[key]["response"]["text"]
    assert 3000 < len(kept) < len(text) and text.startswith(kept)
    assert {k: v for k, v in back.items() if k != key} == {k: v for k, v in answers.items() if k != key}
    box = frame.locator(f'.hb-q[data-question="{reflection.id}"] textarea')
    expect(box).to_have_value(kept)
    # Never silently: a note tied to the reply box says what the LMS cannot keep (nothing, here).
    note = frame.locator(f'.hb-q[data-question="{reflection.id}"] .hb-q__kept')
    expect(note).to_have_text("")  # what came back is kept whole
    assert box.get_attribute("aria-describedby") == note.get_attribute("id") and note.get_attribute("role") == "status"
    context.close()
    # A new attempt: the long reply is shortened as it is saved, and the page says by how much.
    context = browser.new_context()
    fresh = Watch(context, (lms_url,))
    page = fresh.page(context.new_page())
    frame = launch(page, lms_url, quiz, {"cmi": {"student_data": {"mastery_score": mastery(lms_root, quiz)}}})
    note = frame.locator(f'.hb-q[data-question="{reflection.id}"] .hb-q__kept')
    expect(note).to_have_text("")
    answer(frame, reflection, right=False, text=text)
    row = json.loads(page.evaluate(LMS)["suspend"])[quiz.questions.index(reflection) + 1]
    assert 3000 < len(row[1][0]) < len(text)
    expect(note).to_have_text(f"Too long for your learning platform: it keeps only the first {len(row[1][0])} of {len(text)} characters. Keep a copy elsewhere if you need the rest.")
    context.close()
    assert first.problems == [] and watch.problems == [] and fresh.problems == []


def test_a_sco_in_a_window_of_its_own_finds_the_lms_through_its_opener(browser: Browser, lms_url: str, lms_root: Path, book: Handbook) -> None:
    quiz = _quiz(book, "largest")
    context = browser.new_context()
    watch = Watch(context, (lms_url,))
    page = watch.page(context.new_page())
    page.goto(lms_url + "harness.html")
    with page.expect_popup() as info:
        page.evaluate("([cmi, url]) => popupLms(cmi, url)", [{"cmi": {"student_data": {"mastery_score": mastery(lms_root, quiz)}}}, f"pkg-{quiz.id}/modules/{quiz.id}.html"])
    sco = watch.page(info.value)
    expect(sco.locator(".hb-quiz__score")).to_contain_text("Answered")
    assert sco.evaluate("() => window.parent === window && typeof window.API") == "undefined"
    answer(sco.main_frame, quiz.questions[1], right=True)
    now = page.evaluate(LMS)
    assert (now["status"], now["commits"]) == ("incomplete", 2)
    assert now["suspend"].startswith("[1,0,[")
    sco.close(run_before_unload=True)
    page.wait_for_function("() => lms.finished === 1")
    context.close()
    assert watch.problems == []


def test_a_sco_in_a_frame_inside_a_popup_finds_the_lms_through_top_opener(browser: Browser, lms_url: str, lms_root: Path, book: Handbook) -> None:
    """Moodle's "new window" display: the LMS page opens a window, the SCO runs in a frame in it,
    and the API stays with the window that opened it (pipwerks: top.opener)."""
    quiz = _quiz(book, "largest")
    context = browser.new_context()
    watch = Watch(context, (lms_url,))
    page = watch.page(context.new_page())
    page.goto(lms_url + "harness.html")
    with page.expect_popup() as info:
        page.evaluate("([cmi, url]) => popupFrameLms(cmi, url)", [{"cmi": {"student_data": {"mastery_score": mastery(lms_root, quiz)}}}, f"pkg-{quiz.id}/modules/{quiz.id}.html"])
    popup = watch.page(info.value)
    handle = popup.locator("#sco").element_handle()
    assert handle is not None
    sco = handle.content_frame()
    assert sco is not None
    expect(sco.locator(".hb-quiz__score")).to_contain_text("Answered")
    page.wait_for_function("() => API.isInitialized()")
    # Nothing nearer holds it: not the frame, its parent (the popup), nor the frame's own opener.
    assert sco.evaluate("() => [window.parent !== window, typeof window.API, typeof window.parent.API, window.opener]") == [True, "undefined", "undefined", None]
    start = page.evaluate(LMS)
    assert (start["status"], start["commits"]) == ("incomplete", 1)
    answer(sco, quiz.questions[0], right=True)
    now = page.evaluate(LMS)
    assert (now["status"], now["commits"]) == ("incomplete", 2)
    assert now["suspend"].startswith("[1,[")
    popup.close(run_before_unload=True)
    page.wait_for_function("() => lms.finished === 1")
    context.close()
    assert watch.problems == []


def test_an_lms_whose_calls_throw_never_breaks_the_page(browser: Browser, lms_url: str, lms_root: Path, book: Handbook) -> None:
    """LMSCommit, LMSFinish and the LMSSetValue of cmi.core.exit throw: each is reported as a
    warning, the quiz carries on and counts the answers, and leaving still calls LMSFinish."""
    quiz = _quiz(book, "largest")
    context = browser.new_context()
    watch = Watch(context, (lms_url,))
    page = watch.page(context.new_page())
    frame = launch(page, lms_url, quiz, {"cmi": {"student_data": {"mastery_score": mastery(lms_root, quiz)}}})
    page.evaluate("""() => { breakLms(["LMSCommit", "LMSFinish"]);
      const set = API.LMSSetValue.bind(API);
      API.LMSSetValue = (name, value) => { if (name === "cmi.core.exit") { lms.thrown.push(name); throw new Error("the LMS is down"); } return set(name, value); }; }""")
    for q in quiz.questions[:2]:
        answer(frame, q, right=True)
    expect(frame.locator(".hb-quiz__score")).to_contain_text(f"Answered 2 of {len(quiz.questions)}")
    assert page.evaluate("() => lms.thrown") == ["LMSCommit", "LMSCommit"]
    assert page.evaluate("() => API.cmi.suspend_data").startswith("[1,[")
    page.evaluate("() => { document.getElementById('sco').src = 'about:blank'; }")
    page.wait_for_function("() => lms.thrown.includes('LMSFinish')")
    assert page.evaluate("() => lms.thrown") == ["LMSCommit", "LMSCommit", "cmi.core.exit", "LMSFinish"]
    context.close()
    thrown = [p for p in watch.problems if "the LMS is down" in p or "failed" in p]
    assert [p for p in watch.problems if p not in thrown] == []
    assert all(p.startswith("console warning: hb: the LMS's") for p in thrown) and len(thrown) == 4


def test_a_module_without_a_self_check_is_completed_once_open_with_no_score(browser: Browser, lms_url: str, lms_root: Path, book: Handbook) -> None:
    """The quick reference: a SCO without masteryscore that reports completed on open and never a
    score, so that Moodle's "Require status: Completed" is met and players that never complete an
    asset complete it; in the whole-handbook package too. LMSFinish on leave."""
    seen = next(m for m in book.modules if m.meta.id not in {d.model.id for d in book.quizzes})
    manifest = etree.parse(str(lms_root / "pkg-seen/imsmanifest.xml"))
    resource = manifest.find(".//{http://www.imsproject.org/xsd/imscp_rootv1p1p2}resource")
    assert resource is not None and resource.get("{http://www.adlnet.org/xsd/adlcp_rootv1p2}scormtype") == "sco"
    assert manifest.find(".//{http://www.adlnet.org/xsd/adlcp_rootv1p2}masteryscore") is None
    context = browser.new_context()
    watch = Watch(context, (lms_url,))
    page = watch.page(context.new_page())
    for launch in (f"pkg-seen/modules/{seen.meta.id}.html", f"pkg-handbook/modules/{seen.meta.id}.html"):
        page.goto(lms_url + "harness.html")
        page.evaluate("([cmi, url]) => startLms(cmi, url)", [{}, launch])
        page.wait_for_function("() => lms.commits === 1")
        now = page.evaluate(LMS)
        assert (now["status"], now["raw"], now["suspend"]) == ("completed", "", "")
        frame = page.frame_locator("#sco")
        expect(frame.locator("h1").first).to_contain_text(seen.meta.title)
        cmi = leave(page)
        assert cmi["cmi"]["core"]["lesson_status"] == "completed" and cmi["cmi"]["core"]["score"]["raw"] == ""
    context.close()
    assert watch.problems == []


def test_without_an_lms_the_package_works_like_the_website(browser: Browser, lms_root: Path, book: Handbook) -> None:
    quiz = _quiz(book, "largest")
    folder = lms_root / f"pkg-{quiz.id}"
    context = browser.new_context()
    watch = Watch(context, ("file:", "data:", "about:"))
    page = watch.page(context.new_page())
    page.goto((folder / f"modules/{quiz.id}.html").as_uri())
    expect(page.locator(".hb-quiz__score")).to_have_text(f"Answered 0 of {len(quiz.questions)}.")
    assert page.evaluate("() => typeof window.API") == "undefined"
    answer(page.main_frame, quiz.questions[0], right=True)
    assert list(stored(page.main_frame, quiz)) == [f"{quiz.id}/{quiz.questions[0].id}"]
    page.reload()
    expect(page.locator(".hb-quiz__score")).to_contain_text(f"Answered 1 of {len(quiz.questions)}")
    others = sorted(p for p in folder.rglob("*.html") if p.name != f"{quiz.id}.html")
    assert len(others) >= 3  # its dialogues and the references
    for other in others:
        page.goto(other.as_uri())
        expect(page.locator("h1").first).to_be_visible()
    context.close()
    assert watch.problems == []


def test_every_module_of_the_whole_handbook_package_opens_from_disk(browser: Browser, lms_root: Path, book: Handbook) -> None:
    folder = lms_root / "pkg-handbook"
    context = browser.new_context()
    watch = Watch(context, ("file:", "data:", "about:"))
    page = watch.page(context.new_page())
    with_quiz = {d.model.id for d in book.quizzes}
    for module in sorted(book.modules, key=lambda m: m.meta.order):
        page.goto((folder / f"modules/{module.meta.id}.html").as_uri())
        # The title heading carries Material's permalink (¶) after the title's own text.
        expect(page.locator("h1").first).to_have_text(re.compile(rf"^{re.escape(module.meta.title)}\s*¶?\s*$"))
        if module.meta.id in with_quiz:
            expect(page.locator(".hb-quiz__score")).to_contain_text("Answered 0 of")
    page.goto((folder / "index.html").as_uri())
    expect(page.locator("h1").first).to_be_visible()
    context.close()
    assert watch.problems == []


def _hashes(lms_root: Path, quiz: Quiz) -> dict[str, str]:
    """Each question's data-hash, read from the launch page as the adapter reads it."""
    html = (lms_root / f"pkg-{quiz.id}/modules/{quiz.id}.html").read_text(encoding="utf-8")
    return dict(re.findall(r'data-question="([^"]+)" data-hash="([^"]+)"', html))


def test_a_crafted_suspend_data_neither_throws_nor_sets_a_score(browser: Browser, lms_url: str, lms_root: Path, book: Handbook) -> None:
    quiz = _quiz(book, "largest")
    single = next(q for q in quiz.questions if isinstance(q, Single))
    n = quiz.questions.index(single)
    hashes = _hashes(lms_root, quiz)
    rows: list[Any] = [0] * len(quiz.questions)
    # A wrong option that claims full marks, then rows no question can have in every other position.
    rows[n] = [hashes[single.id][:6], "".join(map(str, wrong_answer(single))), 10000]
    hostile = [["", "0", 10000], [hashes[single.id][:5], "0", 10000], "[1]", {"0": 1}, [None, None, None], ["x" * 6, ["t", "9"], 1e9]]
    for i, value in zip([i for i in range(len(rows)) if i != n], hostile, strict=False):
        rows[i] = value
    cmi = {"cmi": {"suspend_data": json.dumps([1, *rows]), "student_data": {"mastery_score": mastery(lms_root, quiz)}}}
    context = browser.new_context()
    watch = Watch(context, (lms_url,))
    page = watch.page(context.new_page())
    frame = launch(page, lms_url, quiz, cmi)
    key = f"{quiz.id}/{single.id}"
    assert stored(frame, quiz) == {key: {"hash": hashes[single.id], "response": wrong_answer(single), "score": 0}}
    expect(frame.locator(f'.hb-q[data-question="{single.id}"] .hb-res')).to_have_class("hb-res hb-res--wrong")
    expect(frame.locator(".hb-quiz__score")).to_have_text(f"Answered 1 of {len(quiz.questions)}, score 0%.")
    now = page.evaluate(LMS)
    assert (now["status"], now["raw"]) == ("incomplete", ""), "no score before every question is answered, never the one written beside the answer"
    assert json.loads(now["suspend"])[n + 1] == [hashes[single.id][:6], rows[n][1], 0]
    context.close()
    assert watch.problems == []


def test_suspend_data_from_elsewhere_is_reported_and_the_module_starts_empty(browser: Browser, lms_url: str, lms_root: Path, book: Handbook) -> None:
    quiz = _quiz(book, "largest")
    context = browser.new_context()
    watch = Watch(context, (lms_url,))
    page = watch.page(context.new_page())
    frame = launch(page, lms_url, quiz, {"cmi": {"suspend_data": "{not this package's"}})
    expect(frame.locator(".hb-quiz__score")).to_have_text(f"Answered 0 of {len(quiz.questions)}.")
    assert stored(frame, quiz) == {}
    context.close()
    assert [p for p in watch.problems if "cmi.suspend_data is not JSON" not in p] == []
    assert len(watch.problems) == 1, "said once, as a warning in the console"


def test_interactions_and_the_first_try_are_what_the_lms_gets(browser: Browser, lms_url: str, lms_root: Path, book: Handbook) -> None:
    """After one answer of a multi-question SCO: no score, incomplete, one interactions record in
    SCORM 1.2's vocabularies. Wrong, then right: the first try is the score, on the page and in the LMS."""
    quiz = _quiz(book, "largest")
    single = next(q for q in quiz.questions if isinstance(q, Single))
    context = browser.new_context()
    watch = Watch(context, (lms_url,))
    page = watch.page(context.new_page())
    frame = launch(page, lms_url, quiz, {"cmi": {"student_data": {"mastery_score": mastery(lms_root, quiz)}}})
    answer(frame, single, right=False)
    answer(frame, single, right=True)
    loc = frame.locator(f'.hb-q[data-question="{single.id}"]')
    expect(loc.locator(".hb-res")).to_contain_text("Your first try counts: 0%.")
    expect(frame.locator(".hb-quiz__score")).to_have_text(f"Answered 1 of {len(quiz.questions)}, score 0%.")
    now = page.evaluate(LMS)
    assert (now["status"], now["raw"]) == ("incomplete", "")
    [record] = now["interactions"]
    wrong = wrong_answer(single)[0]
    assert record == {
        "id": f"{quiz.id}-{single.id}", "type": "choice", "response": str(wrong), "result": "wrong", "weighting": "1",
        "latency": record["latency"], "time": record["time"], "pattern": [",".join(map(str, right_answer(single)))],
    }
    assert re.fullmatch(r"\d\d:\d\d:\d\d", record["latency"]) and re.fullmatch(r"\d\d:\d\d:\d\d", record["time"])
    stored_entry = stored(frame, quiz)[f"{quiz.id}/{single.id}"]
    assert (stored_entry["response"], stored_entry["score"]) == ([wrong], 0)
    # Every other question right: the first try of this one still counts.
    for q in quiz.questions:
        if q is not single:
            answer(frame, q, right=True)
    done = page.evaluate(LMS)
    scored = [q for q in quiz.questions if not isinstance(q, Reflection)]
    assert done["raw"] == str(round(100 * (len(scored) - 1) / len(scored)))
    assert done["status"] in ("passed", "failed") and len(done["interactions"]) == len(scored)
    context.close()
    assert watch.problems == []


# ---- A branching dialogue: a SCO of the whole handbook's package (issue 21) ----------------------

SCENARIO = "quiet-on-the-phone"


def _scenario(book: Handbook) -> Dialogue:
    return next(d.model for d in book.dialogues if d.model.id == SCENARIO)


def _points(g: Graph, picks: list[int]) -> list[str]:
    """The anchor of each choice point the picks pass, in order (the YAML's graph, not the page)."""
    key: Key | None = START
    out: list[str] = []
    while key is not None and key[0] != "ending":
        edges = g.edges[key]
        if key in g.branch_at:
            out.append(branch_anchor(key))
            key = edges[picks[len(out) - 1]].target
        else:
            key = edges[0].target
    return out


def _choose(frame: Frame, pick: int) -> None:
    options = frame.locator(".hb-play__point:not([hidden]) .hb-play__opt")
    before = frame.locator(".hb-play__path .hb-play__k").count()
    options.nth(pick).click()
    expect(frame.locator(".hb-play__path .hb-play__k")).to_have_count(before + 1)


def _launch_scenario(page: Page, lms_url: str, cmi: dict[str, Any]) -> Frame:
    page.goto(lms_url + "harness.html")
    page.evaluate("([cmi, url]) => startLms(cmi, url)", [cmi, f"pkg-handbook/dialogues/{SCENARIO}.html"])
    page.wait_for_function("() => lms.commits === 1")
    handle = page.locator("#sco").element_handle()
    assert handle is not None
    frame = handle.content_frame()
    assert frame is not None
    expect(frame.locator(".hb-play")).to_be_visible()
    return frame


def test_a_branching_dialogue_reports_each_choice_and_the_first_path_s_score(browser: Browser, lms_url: str, lms_root: Path, book: Handbook, axe: Any) -> None:
    """In the whole-handbook package a branching dialogue is a SCO (no mastery score): each choice
    is one cmi.interactions record (choice, its choice point's id, the option's index, correct when
    it builds the alliance); status incomplete and no score until an ending, then completed with
    the path's score; the first ending's score stays when the learner steps back and plays on; the
    path comes back from suspend_data in a new attempt on another device; axe finds nothing there."""
    d = _scenario(book)
    g = build(d)
    v = branch_view(d)
    assert v is not None
    manifest = etree.parse(str(lms_root / "pkg-handbook/imsmanifest.xml"))
    cp, adlcp = "{http://www.imsproject.org/xsd/imscp_rootv1p1p2}", "{http://www.adlnet.org/xsd/adlcp_rootv1p2}"
    (res,) = [r for r in manifest.iter(f"{cp}resource") if r.get("href") == f"dialogues/{SCENARIO}.html"]
    assert res.get(f"{adlcp}scormtype") == "sco"
    (item,) = [i for i in manifest.iter(f"{cp}item") if i.get("identifierref") == res.get("identifier")]
    assert item.find(f"{adlcp}masteryscore") is None and item.findtext(f"{cp}title") == f"Scenario: {d.title}"
    first, second = "more-jobs", "help-with-pete"
    picks = route_to(g, first)
    points = _points(g, picks)
    assert len(picks) >= 2 and len(points) == len(picks)
    context = browser.new_context()
    watch = Watch(context, (lms_url,))
    page = watch.page(context.new_page())
    frame = _launch_scenario(page, lms_url, {})
    text = " ".join(frame.locator(".hb-play").inner_text().split())
    assert "sends each choice you make and your path's score to the LMS" in text
    start = page.evaluate(LMS)
    assert (start["status"], start["raw"], start["interactions"]) == ("incomplete", "", [])
    expected = []
    for n, (pick, at) in enumerate(zip(picks, points, strict=True), start=1):
        _choose(frame, pick)
        effects = [c.effect for c in v.points[at].choices]
        expected.append({
            "id": f"branch-{SCENARIO}-{at}", "type": "choice", "response": str(pick), "result": "correct" if effects[pick] == "builds" else "wrong",
            "weighting": "1", "pattern": [",".join(str(i) for i, e in enumerate(effects) if e == "builds")],
        })
        now = page.evaluate(LMS)
        assert [{k: x[k] for k in expected[0]} for x in now["interactions"]] == expected
        assert all(re.fullmatch(r"\d\d:\d\d:\d\d", x["latency"]) and re.fullmatch(r"\d\d:\d\d:\d\d", x["time"]) for x in now["interactions"])
        if n < len(picks):
            assert (now["status"], now["raw"]) == ("incomplete", ""), "no score before an ending"
    ending = next(e for e in d.endings if e.id == first)
    raw = str(round(100 * ending.score))
    expect(frame.locator(".hb-play__score")).to_contain_text(f"{raw}%")
    done = page.evaluate(LMS)
    assert (done["status"], done["raw"], done["min"], done["max"]) == ("completed", raw, "0", "100")
    digits = "".join(map(str, picks))
    assert json.loads(done["suspend"]) == ["b", v.hash[:6], digits, digits]
    # Step back and play on to another ending: a record for the new choice, the first ending's score stays.
    other = route_to(g, second)
    same = next(i for i in range(len(picks)) if picks[i] != other[i])
    for _ in picks[same:]:
        frame.locator("[data-back]").click()
    page.wait_for_function(f"() => JSON.parse(API.cmi.suspend_data)[2] === {json.dumps(digits[:same])}")
    for pick in other[same:]:
        _choose(frame, pick)
    expect(frame.locator(".hb-play__path > li.hb-ending")).to_contain_text(next(e.title for e in d.endings if e.id == second))
    after = page.evaluate(LMS)
    assert len(after["interactions"]) == len(picks) + len(other) - same
    assert (after["status"], after["raw"]) == ("completed", raw), "the first ending reached is the score"
    assert json.loads(after["suspend"]) == ["b", v.hash[:6], "".join(map(str, other)), digits]
    cmi = leave(page)
    assert cmi["cmi"]["core"]["exit"] == "suspend"
    context.close()
    # Another device: the path shown comes back from the LMS, and so do the score and status.
    context = browser.new_context()
    again = Watch(context, (lms_url,))
    page = again.page(context.new_page())
    frame = _launch_scenario(page, lms_url, cmi)
    expect(frame.locator(".hb-play__path .hb-play__k")).to_have_count(len(other))
    expect(frame.locator(".hb-play__path > li.hb-ending")).to_contain_text(next(e.title for e in d.endings if e.id == second))
    resumed = page.evaluate(LMS)
    assert (resumed["status"], resumed["raw"], resumed["suspend"]) == ("completed", raw, after["suspend"])
    assert axe(frame) == []  # the packaged scenario, its path and the LMS note: still accessible
    context.close()
    assert watch.problems == [] and again.problems == []


def test_a_crafted_path_from_the_lms_is_followed_through_the_page_s_own_graph(browser: Browser, lms_url: str, book: Handbook) -> None:
    """What the LMS hands back is data: a path with an option the choice point does not have stops
    there, and a "scored" path that reaches no ending gives no score; the page starts at the first
    choice point and the LMS is told incomplete with no score."""
    d = _scenario(book)
    v = branch_view(d)
    assert v is not None
    picks = route_to(build(d), "more-jobs")
    crafted = json.dumps(["b", v.hash[:6], "z" + "".join(map(str, picks)), str(picks[0])])
    context = browser.new_context()
    watch = Watch(context, (lms_url,))
    page = watch.page(context.new_page())
    frame = _launch_scenario(page, lms_url, {"cmi": {"suspend_data": crafted, "core": {"lesson_status": "completed"}}})
    expect(frame.locator(".hb-play__path .hb-play__k")).to_have_count(0)
    expect(frame.locator(".hb-play__point:not([hidden]) legend")).to_have_text(d.branches[0].prompt or "")
    now = page.evaluate(LMS)
    assert (now["status"], now["raw"], now["interactions"]) == ("incomplete", "", [])
    assert json.loads(now["suspend"]) == ["b", v.hash[:6], "", ""]
    context.close()
    assert watch.problems == []


def test_a_scenario_opened_from_a_module_leaves_the_module_s_record_alone(browser: Browser, lms_url: str, book: Handbook) -> None:
    """A module SCO's link opens the scenario in a new window (rel=noopener: it finds no LMS), and a
    window the SCO opens itself finds the module's LMS session already open (LMSInitialize "false"):
    either way the scenario's choices never reach the module's record, and the page still plays."""
    d = _scenario(book)
    module = next(m for m in book.modules if d.id in m.meta.dialogues and any(q.model.id == m.meta.id for q in book.quizzes))
    context = browser.new_context()
    watch = Watch(context, (lms_url,))
    page = watch.page(context.new_page())
    page.goto(lms_url + "harness.html")
    page.evaluate("([cmi, url]) => startLms(cmi, url)", [{}, f"pkg-handbook/modules/{module.meta.id}.html"])
    page.wait_for_function("() => lms.commits === 1")
    handle = page.locator("#sco").element_handle()
    assert handle is not None
    sco = handle.content_frame()
    assert sco is not None
    before = page.evaluate(LMS)
    # Count the LMSInitialize calls from now on (the module's own came first).
    page.evaluate("() => { lms.inits = []; const init = API.LMSInitialize.bind(API); API.LMSInitialize = (p) => { const r = init(p); lms.inits.push(r); return r; }; }")
    link = sco.locator(f'a[href="../dialogues/{d.id}.html"]').first
    assert link.get_attribute("target") == "_blank"
    with context.expect_page() as linked:
        link.click()
    opened = [watch.page(linked.value)]
    with context.expect_page() as scripted:
        sco.evaluate(f"() => {{ window.open('../dialogues/{d.id}.html', 'scenario'); }}")
    opened.append(watch.page(scripted.value))
    for popup in opened:
        expect(popup.locator(".hb-play")).to_be_visible()  # the player has started (and restored any path this browser kept)
        chosen = popup.locator(".hb-play__path .hb-play__k").count()  # the windows share the site's storage: a path the other kept may be restored
        popup.locator(".hb-play__point:not([hidden]) .hb-play__opt").first.click()
        expect(popup.locator(".hb-play__path .hb-play__k")).to_have_count(chosen + 1)
    assert opened[1].evaluate("() => !!window.opener") and not opened[0].evaluate("() => !!window.opener")
    assert page.evaluate("() => lms.inits") == ["false"], "only the window the SCO opened finds the LMS, and is refused"
    assert page.evaluate(LMS) == before
    context.close()
    assert watch.problems == []
