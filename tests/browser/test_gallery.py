"""The practice gallery (issue 5): filters by alliance part, ALSI step, diabetes type, setting,
profession and theme, with counts; a plain list without JavaScript. Expected sets come from the YAML."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from generator.load.loader import load_handbook
from generator.model.content import Dialogue

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def dialogues() -> dict[str, Dialogue]:
    book, _ = load_handbook(ROOT)
    return {d.model.id: d.model for d in book.dialogues}


def values(d: Dialogue, facet: str) -> list[str]:
    c = d.context
    return {
        "alliance": list(d.focus.alliance),
        "alsi": list(d.focus.alsi),
        "diabetes": [c.diabetes],
        "setting": [c.setting],
        "hcp": [c.hcp],
        "theme": list(d.themes),
    }[facet]


def shown(page: Page) -> set[str]:
    return set(page.eval_on_selector_all(".hb-cards>li", "els => els.filter(e => e.offsetParent).map(e => e.dataset.dialogue)"))


@pytest.mark.parametrize(
    ("facet", "value"),
    [("alliance", "goal"), ("alsi", "summarise"), ("diabetes", "type 1"), ("setting", "GP review"), ("hcp", "dietitian"), ("theme", "family")],
)
def test_filter_shows_exactly_the_matching_dialogues(page: Page, base_url: str, dialogues: dict[str, Dialogue], facet: str, value: str) -> None:
    expected = {i for i, d in dialogues.items() if value in values(d, facet)}
    assert expected, f"no dialogue has {facet}={value}"
    page.goto(base_url + "dialogues/")
    assert shown(page) == set(dialogues)
    page.locator(".hb-filter summary").click()  # the filters sit in a disclosure, closed at first
    select = page.locator(f'select[name="{facet}"]')
    expect(select.locator(f'option[value="{value}"]')).to_have_text(f"{value} ({len(expected)})")
    select.select_option(value)
    assert shown(page) == expected
    expect(page.locator(".hb-filter__count")).to_have_text(f"Showing {len(expected)} of {len(dialogues)} dialogues.")
    page.reload()
    expect(select).to_have_value(value)
    assert shown(page) == expected
    page.get_by_role("button", name="Show all").click()
    expect(page.locator(".hb-filter__count")).to_have_text(f"Showing {len(dialogues)} of {len(dialogues)} dialogues.")
    assert shown(page) == set(dialogues)


def test_filters_combine(page: Page, base_url: str, dialogues: dict[str, Dialogue]) -> None:
    expected = {i for i, d in dialogues.items() if "bond" in d.focus.alliance and d.context.diabetes == "type 2"}
    page.goto(base_url + "dialogues/?alliance=bond&diabetes=type+2")
    assert shown(page) == expected


def test_every_value_has_an_option_with_its_count(page: Page, base_url: str, dialogues: dict[str, Dialogue]) -> None:
    page.goto(base_url + "dialogues/")
    for facet in ("alliance", "alsi", "diabetes", "setting", "hcp", "theme"):
        counts: dict[str, int] = {}
        for d in dialogues.values():
            for v in values(d, facet):
                counts[v] = counts.get(v, 0) + 1
        options = page.eval_on_selector_all(f'select[name="{facet}"] option', "os => os.map(o => [o.value, o.textContent])")
        assert {v: t for v, t in options if v} == {v: f"{v} ({n})" for v, n in counts.items()}


def test_without_javascript_the_gallery_is_a_full_list(browser: Browser, base_url: str, dialogues: dict[str, Dialogue]) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "dialogues/?alliance=goal")
    assert shown(page) == set(dialogues)
    expect(page.locator(".hb-filter")).to_be_hidden()
    context.close()


@pytest.mark.parametrize("query", ["", "?theme=family"])
def test_axe_finds_nothing_on_the_gallery(page: Page, base_url: str, axe: Any, query: str) -> None:
    page.goto(base_url + "dialogues/" + query)
    assert axe(page) == []
