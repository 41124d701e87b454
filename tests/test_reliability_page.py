"""The codebook page's "How reliable is this coding?" and agreement.json show the figures computed
from the second coding, not figures typed into a template: change the data, the page follows."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from support import copy_project

from generator.api import Checked, prepare
from generator.errors import ContentError
from generator.model.reliability import AIM, reliability
from generator.render import routes
from generator.render.reliability import PART_NAMES, RESOLVED, kappa_text, label_name, percent

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
    assert f"to {r.before.exact} of {r.before.turns} provider lines ({percent(r.before.exact, r.before.turns)})" in text
    covered = (
        f"coded all {r.lines} provider lines" if r.coded_lines == r.lines else f"coded {r.coded_lines} of the {r.lines} provider lines"
    )
    assert covered in text
    assert r.before.turns == r.coded_lines  # the figures are over every line coded, turns and nodes alike
    if r.hcp_nodes:
        main = f"all {r.hcp_turns}" if r.coded == r.hcp_turns else f"{r.coded} of the {r.hcp_turns}"
        nodes = f"all {r.hcp_nodes}" if r.coded_nodes == r.hcp_nodes else f"{r.coded_nodes} of the {r.hcp_nodes}"
        assert f"{main} turns on the main lines\nand {nodes} lines on the branching paths" in text
    assert (f"{r.unsettled} are not settled yet." if r.unsettled else "All of them are settled.") in text
    if r.branch_lines:
        assert f"The {r.branch_lines} provider lines on the branching\npaths not coded a second time yet are not in these figures." in text
    else:
        assert "not coded a second time yet" not in text
    for before, after in zip(r.before.labels, r.after.labels, strict=True):
        cells = f"<td>{kappa_text(before.kappa)}</td><td>{round(100 * before.agreed)}%</td><td>{before.key}</td><td>{before.second}</td><td>{kappa_text(after.kappa)}</td></tr>"
        name = label_name(before.part, before.label, checked.ctx.book.codebook.model if checked.ctx.book.codebook else None)
        assert f'<tr><th scope="row">{name}</th><td>{PART_NAMES[before.part]}</td>{cells}' in text, (
            f"no row for {before.label} with {cells}"
        )
    plain = (
        "The aim was met: before adjudication, kappa was at least 0.75 on every alliance part"
        if r.aim_met
        else "The aim was not met: before adjudication, kappa was below 0.75"
    )
    assert plain in text
    assert (
        f"(bond {kappa_text(r.before.kappa('bond'))}, task {kappa_text(r.before.kappa('task'))}, goal {kappa_text(r.before.kappa('goal'))})."
        in text
    )
    for kind, count in r.settled.items():
        assert f"| {RESOLVED[kind]} | {count} |" in text, kind
    assert f"| Not settled yet | {r.unsettled} |" in text
    data = agreement_json(checked)
    assert data["coded_turns"] == r.coded
    assert data["hcp_nodes"] == r.hcp_nodes == sum(1 for d in checked.ctx.book.dialogues for n in d.model.nodes if n.speaker == "hcp")
    assert data["coded_nodes"] == r.coded_nodes
    assert data["branch_hcp_lines_not_coded"] == r.branch_lines == r.hcp_nodes - r.coded_nodes
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
    # goal's kappa falls below the aim (or further below it): the page must say so
    assert after.before.kappa("goal") < min(AIM, before.before.kappa("goal") or 1.0) and not after.aim_met
    assert before.aim_met == all((k := before.before.kappa(label)) is not None and k >= AIM for label in ("bond", "task", "goal"))
    assert_page_shows(checked)


def test_without_a_second_coding_there_is_no_section_and_no_file(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", writable=("content", "docs"))
    for path in (project / "content" / "coding" / "second").glob("*.yml"):
        path.unlink()
    with pytest.raises(ContentError) as refused:  # the trainers' page links to both: a strict build would fail
        prepare(project)
    assert "'../agreement.json'" in refused.value.report() and "link to '#reliability'" in refused.value.report()
    index = project / "docs/trainers/index.md"
    text = index.read_text(encoding="utf-8")
    index.write_text(re.sub(r"\n- \[Coding agreement.*?\n(?=- )", "\n", text, flags=re.DOTALL), encoding="utf-8")
    checked = prepare(project)
    assert "How reliable" not in codebook_markdown(checked)
    assert not [a for a in checked.assets() if a.path == routes.AGREEMENT]
