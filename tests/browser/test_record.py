"""The learning record (issue 22): a module is listed once its self-check is answered, with the date,
the score of the first tries and the time from the first answer to the last; it prints on A4 with
nothing cut off (Chromium's page.pdf, read with pypdf), and the file it saves imports again."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect
from pypdf import PdfReader

from generator.load.loader import load_handbook
from generator.render.markdown import plain

ROOT = Path(__file__).resolve().parents[2]
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
MODULE = "empathy-alsi"  # a self-check of questions answered by choosing options

# How far each table in the record reaches past the article's right edge, printed.
OVERFLOW_JS = """() => {
  const article = document.querySelector("article").getBoundingClientRect();
  return [...document.querySelectorAll(".hb-record table")].filter((t) => !t.hidden).map((t) => Math.round(t.getBoundingClientRect().right - article.right));
}"""


def store(page: Page) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(page.evaluate("localStorage.getItem('hb-progress:v1:/')"))
    return data


def answer_the_quiz(page: Page, base_url: str) -> list[float]:
    """Answer every question of MODULE, a minute apart, the first one wrong; the first tries' scores."""
    page.goto(f"{base_url}modules/{MODULE}/")
    questions = page.locator(".hb-quiz .hb-q")
    count = questions.count()
    for i in range(count):
        page.clock.set_fixed_time(T0 + timedelta(minutes=i))
        q = questions.nth(i)
        if i == 0:
            q.locator(".hb-opt[data-correct='false'] input").first.check()
        else:
            for option in q.locator(".hb-opt[data-correct='true'] input").all():
                option.check()
        q.locator(".hb-q__check").click()
        expect(q.locator(".hb-res")).to_be_visible()
    quiz = page.locator(".hb-quiz").get_attribute("data-quiz")
    answers = store(page)["answers"]
    return [answers[f"{quiz}/{questions.nth(i).get_attribute('data-question')}"]["score"] for i in range(count)]


def test_the_record_lists_a_module_prints_on_a4_and_its_file_imports_again(page: Page, base_url: str, tmp_path: Path, axe: Any) -> None:
    book, _ = load_handbook(ROOT)
    module = book.module_by_id[MODULE].meta
    page.clock.set_fixed_time(T0)
    page.goto(f"{base_url}record/")
    expect(page.locator("[data-empty]")).to_be_visible()
    expect(page.locator(f"tr[data-module='{MODULE}']")).to_have_count(0)

    scores = answer_the_quiz(page, base_url)
    assert scores[0] < 1 and all(s == 1 for s in scores[1:])
    first_try = f"{round(100 * sum(scores) / len(scores))}%"
    page.clock.set_fixed_time(T0 + timedelta(days=1))
    page.goto(f"{base_url}record/")
    row = page.locator(f"tr[data-module='{MODULE}']")
    expect(row.locator("th")).to_contain_text(module.title)
    expect(page.locator(f"tr[data-outcomes='{MODULE}']")).to_contain_text("Learning outcomes: " + plain(module.objectives[0]))
    cells = row.locator("td")
    expect(cells.nth(0)).to_have_text("2 March 2026")
    expect(cells.nth(1)).to_have_text(first_try)
    expect(cells.nth(2)).to_have_text(f"{len(scores) - 1} min")
    expect(page.locator("[data-empty]")).to_be_hidden()
    expect(page.locator("[data-made]")).to_have_text("3 March 2026")
    page.get_by_label("Your name").fill("Alex Morgan")
    page.get_by_label("Your name").press("Tab")
    reflection = "I now summarise before I suggest anything, and I ask what matters most to the person first."
    page.get_by_label("What you learnt").fill(reflection)
    page.get_by_label("What you learnt").press("Tab")
    assert store(page)["record"] == {"name": "Alex Morgan", "reflection": reflection}
    assert axe(page) == []
    # On a phone the record fits the screen: no table to scroll sideways.
    page.set_viewport_size({"width": 390, "height": 800})
    assert page.evaluate("[...document.querySelectorAll('.hb-record table')].every((t) => t.hidden || t.scrollWidth <= t.clientWidth)")
    assert axe(page) == []

    # On A4: nothing past the printed page's width, every column and the reflection on paper.
    page.set_viewport_size({"width": int((210 - 24) / 25.4 * 96), "height": 1000})
    page.emulate_media(media="print")
    assert all(past <= 0 for past in page.evaluate(OVERFLOW_JS)), page.evaluate(OVERFLOW_JS)
    text = " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(page.pdf(format="A4"))).pages)
    flat = " ".join(text.split())
    for expected in ("Time answering", "Score, first try", module.title, first_try, f"{len(scores) - 1} min", "2 March 2026", "Alex Morgan", reflection[:40]):
        assert expected in flat, f"{expected!r} is not on the printed record"
    assert "Save the record" not in flat, "the buttons stay off paper"
    page.emulate_media(media="screen")

    # Saved as a file, which imports again into an empty browser.
    with page.expect_download() as download:
        page.get_by_role("button", name="Save the record (JSON file)").click()
    saved = tmp_path / "record.json"
    download.value.save_as(saved)
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert data["version"] == 1 and data["record"]["name"] == "Alex Morgan"
    assert [m["id"] for m in data["summary"]["modules"]] == [MODULE]
    page.evaluate("localStorage.clear()")
    page.reload()
    expect(page.locator("[data-empty]")).to_be_visible()
    page.locator("#hb-record-import").set_input_files(saved)
    expect(page.locator("[data-status]")).to_have_text("Record imported: 1 module and 0 dialogues completed.")
    expect(page.locator(f"tr[data-module='{MODULE}'] td").nth(1)).to_have_text(first_try)
    expect(page.get_by_label("Your name")).to_have_value("Alex Morgan")
    # A file that is not a record changes nothing.
    bad = tmp_path / "bad.json"
    bad.write_text('{"version": 2}', encoding="utf-8")
    page.locator("#hb-record-import").set_input_files(bad)
    expect(page.locator("[data-status]")).to_contain_text("nothing was changed")
    expect(page.locator(f"tr[data-module='{MODULE}']")).to_have_count(1)
