"""Practise mode's agreement summary (issue 22): a learner who codes every provider turn of a dialogue
sees their agreement with the key, exact and per code, with Cohen's kappa as scikit-learn computes it
from the same codings. Expected values come from the YAML through generator.loader."""

from __future__ import annotations

import math
import warnings
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect
from sklearn.metrics import cohen_kappa_score

from generator.load.loader import load_handbook
from generator.model.content import ALLIANCE, ALSI, Dialogue

ROOT = Path(__file__).resolve().parents[2]
DIALOGUE = "cant-stick-to-the-diet"


def dialogue() -> Dialogue:
    book, _ = load_handbook(ROOT)
    return next(d.model for d in book.dialogues if d.model.id == DIALOGUE)


def expected_kappa(given: list[Any], key: list[Any]) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # not defined: 0/0
        value = float(cohen_kappa_score(given, key))
    return "not defined*" if math.isnan(value) else f"{value:.2f}"


def test_coding_a_whole_dialogue_shows_agreement_with_kappa(page: Page, base_url: str, axe: Any) -> None:
    d = dialogue()
    hcp = [(n, t) for n, t in enumerate(d.turns, 1) if t.speaker == "hcp"]
    assert len(hcp) >= 4
    # The learner codes every turn as the key does, except the first: there they add "goal" (or drop
    # it), take no ALSI step, and give the other effect.
    first, turn = hcp[0]
    odd_alliance = sorted(set(turn.alliance or []) ^ {"goal"})
    odd_effect = "builds" if turn.effect == "strains" else "strains"
    given = {n: (list(t.alliance or []), list(t.alsi or []), t.effect) for n, t in hcp}
    given[first] = (odd_alliance, [], odd_effect)

    page.goto(f"{base_url}dialogues/{DIALOGUE}/?mode=practise")
    for i, (n, _) in enumerate(hcp):
        expect(page.locator(".hb-agree")).to_have_count(0)
        form = page.locator(f"#turn-{n} form")
        alliance, alsi, effect = given[n]
        for code in [*alliance, *alsi, effect]:
            form.get_by_label(code, exact=True).check()
        form.get_by_role("button", name="Check and show the notes").click()
        if i < len(hcp) - 1:
            expect(form.locator("[data-fb]")).to_contain_text("effect")

    summary = page.locator(".hb-agree")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading", name="Your agreement with the key")).to_be_visible()
    expect(summary).to_contain_text(f"You coded all {len(hcp)} provider turns. Your coding matched the key exactly on {len(hcp) - 1} of them")
    expect(page.locator(".hb-dialogue [data-status]")).to_contain_text("your agreement with the key is below the transcript")
    expect(summary).to_contain_text("What kappa means")

    columns: list[tuple[str, str, list[Any], list[Any]]] = []
    for code in ALLIANCE:
        columns.append((code, "alliance", [code in given[n][0] for n, _ in hcp], [code in (t.alliance or []) for _, t in hcp]))
    for code in ALSI:
        columns.append((code, "alsi", [code in given[n][1] for n, _ in hcp], [code in (t.alsi or []) for _, t in hcp]))
    columns.append(("effect", "effect", [given[n][2] for n, _ in hcp], [t.effect for _, t in hcp]))
    for code, _, mine, key in columns:
        row = summary.locator(f'tr[data-code="{code}"]')
        cells = row.locator("td")
        differ = [n for (n, _), a, b in zip(hcp, mine, key, strict=True) if a != b]
        agreed = len(hcp) - len(differ)
        expect(cells.nth(0)).to_have_text(f"{agreed} of {len(hcp)} ({round(100 * agreed / len(hcp))}%)")
        expect(cells.nth(1)).to_have_text(expected_kappa(mine, key))
        listed = summary.locator(f'.hb-agree__differ li[data-code="{code}"]')
        if differ:
            expect(listed).to_contain_text(": " + ", ".join(f"turn {n}" for n in differ))
        else:
            expect(listed).to_have_count(0)
    # The codes that differed are named, and their turns are links.
    expect(summary.locator('.hb-agree__differ li[data-code="goal"] a')).to_have_attribute("href", f"#turn-{first}")
    expect(summary).to_contain_text("Where you differed most:")
    rules = summary.get_by_role("link", name="codebook's decision rules")
    href = rules.get_attribute("href") or ""
    assert href.endswith("/codebook/#decision-rules"), href

    # It is there again on the next visit, from the saved answers, and the page stays accessible.
    page.reload()
    expect(page.locator(".hb-agree tr[data-code='effect'] td").nth(1)).to_have_text(expected_kappa(columns[-1][2], columns[-1][3]))
    assert axe(page) == []
    # On a phone the summary fits the screen: no table to scroll sideways.
    page.set_viewport_size({"width": 390, "height": 800})
    assert page.evaluate("document.querySelector('.hb-agree table').scrollWidth <= document.querySelector('.hb-agree table').clientWidth")
    assert axe(page) == []
    page.goto(href)
    expect(page.locator("#decision-rules")).to_be_visible()
