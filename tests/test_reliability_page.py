"""The codebook page's "How reliable is this coding?" and agreement.json show the figures computed
from the second coding, not figures typed into a template: change the data, the page follows."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from support import copy_project

from generator.api import Checked, prepare
from generator.model.reliability import reliability
from generator.render import routes
from generator.render.reliability import RESOLVED, kappa_text, percent

ROOT = Path(__file__).resolve().parent.parent


def codebook_markdown(checked: Checked) -> str:
    planned = next(p for p in checked.plan if p.src == routes.CODEBOOK)
    return planned.make(checked.ctx).markdown


def agreement_json(checked: Checked) -> dict[str, object]:
    [asset] = [a for a in checked.assets() if a.path == routes.AGREEMENT]
    data: dict[str, object] = json.loads(asset.data())
    return data


def section(markdown: str) -> str:
    start = markdown.index("## How reliable is this coding?")
    return markdown[start:]


def assert_page_shows(checked: Checked) -> None:
    r = reliability(checked.ctx.book)
    assert r is not None
    text = section(codebook_markdown(checked))
    assert f"to {r.before.exact} of {r.before.turns} turns ({percent(r.before.exact, r.before.turns)})" in text
    covered = f"coded all {r.hcp_turns} provider turns" if r.coded == r.hcp_turns else f"coded {r.coded} of the {r.hcp_turns} provider turns"
    assert covered in text
    assert (f"{r.unsettled} are not settled yet." if r.unsettled else "All of them are settled.") in text
    for before, after in zip(r.before.labels, r.after.labels, strict=True):
        cells = f"| {kappa_text(before.kappa)} | {round(100 * before.agreed)}% | {before.key} | {before.second} | {kappa_text(after.kappa)} |"
        rows = [line for line in text.splitlines() if line.endswith(cells)]
        assert rows, f"no row for {before.label} with {cells}"
    plain = "The aim was met" if r.aim_met else "The aim was not met"
    assert plain in text
    for kind, count in r.settled.items():
        assert f"| {RESOLVED[kind]} | {count} |" in text, kind
    assert f"| Not settled yet | {r.unsettled} |" in text
    data = agreement_json(checked)
    assert data["coded_turns"] == r.coded
    before = data["before"]
    assert isinstance(before, dict) and before["exact"] == r.before.exact
    kappas = {(la["part"], la["label"]): la["kappa"] for la in before["labels"]}
    assert kappas == {(la.part, la.label): None if la.kappa is None else pytest.approx(la.kappa, abs=1e-4) for la in r.before.labels}
    assert data["aim"] == {"kappa": 0.75, "labels": ["bond", "task", "goal"], "before_adjudication": True, "met": r.aim_met}
    assert data["disagreements"] == {"parts": r.disagreements, "turns": r.turns_disagreed, "resolved": r.settled, "unsettled": r.unsettled}


def test_the_codebook_page_publishes_the_agreement_of_the_handbooks_second_coding() -> None:
    checked = prepare(ROOT)
    assert_page_shows(checked)
    text = codebook_markdown(checked)
    assert "[how reliable this coding is](#reliability)" in text
    assert "[agreement.json](agreement.json)" in section(text)


def test_the_figures_follow_the_data(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    before = reliability(prepare(project).ctx.book)
    assert before is not None
    # The second coder gives goal to every turn coded bond alone: goal's kappa and exact agreement change
    # (and the disagreements are not adjudicated yet: the resolutions go).
    for path in (project / "content" / "coding" / "second").glob("*.yml"):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"^    alliance: \[bond\]$", "    alliance: [bond, goal]", text, flags=re.MULTILINE)
        text = re.sub(r"^    resolution:\n(?:      .*\n)*", "", text, flags=re.MULTILINE)
        path.write_text(text, encoding="utf-8")
    (project / "content" / "coding" / "second" / "what-is-the-point.yml").unlink()  # a dialogue not coded a second time
    checked = prepare(project)
    after = reliability(checked.ctx.book)
    assert after is not None
    assert after.coded < after.hcp_turns and after.dialogues == before.dialogues - 1
    assert after.before.exact < before.before.exact
    assert after.before.kappa("goal") != before.before.kappa("goal")
    assert sum(after.settled.values()) == 0 and after.unsettled == after.disagreements
    assert_page_shows(checked)


def test_without_a_second_coding_there_is_no_section_and_no_file(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    for path in (project / "content" / "coding" / "second").glob("*.yml"):
        path.unlink()
    checked = prepare(project)
    assert "How reliable" not in codebook_markdown(checked)
    assert not [a for a in checked.assets() if a.path == routes.AGREEMENT]
