"""One partial-credit rule everywhere (issue 18): every answer a learner can give to every question
scores the same on the site, in the SCORM packages, in Moodle XML, in GIFT and in QTI.

The rule is written twice, generator/model/credit.py and hb.credit (generator/static/handbook.js).
The site's and the SCORM adapter's scores come from the scripts themselves, run by node
(tests/js/grade_answers.js); the banks' scores from the exported files, read as the LMSs read them:
Moodle adds the fractions of the chosen answers and keeps the sum within 0..1
(qtype_multichoice_multi_question::grade_response) and gives a matching question a share per
right pair; GIFT is read with gift-pegjs; QTI 1.2.1's response processing is run below as its
specification says (each respcondition in order, setvar Set/Add/Subtract, stopping at the first
that holds unless it says continue="Yes", SCORE kept within its decvar's minvalue..maxvalue).

The one difference, by design: an answer that is exactly a defensible reading of a quoted turn
earns full credit on the site and in SCORM; no bank format can say so (the banks explain the
readings in the feedback). The test names those answers and checks nothing else differs.
"""

from __future__ import annotations

import itertools
import json
import random
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from support import ROOT

from generator.api import check
from generator.export.qbank import gift, items, moodle_xml, qti_assessment
from generator.model.book import quizzes
from generator.model.credit import choice_credit, coding_credit, fractions, order_credit
from generator.model.question_view import QuestionView

QTI_NS = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
GIFT_PEGJS = ROOT / ".cache/gift-pegjs/node_modules/gift-pegjs"
CODING = {"classify-turn", "alsi-step"}
TOLERANCE = 1e-4  # banks write percentages with five decimals


@dataclass
class Case:
    """One question and every answer it can be given (a large sample for long order questions)."""

    name: str
    view: QuestionView
    answers: list[list[int]]

    @property
    def readings(self) -> list[list[int]]:
        return [list(r.choices) for r in self.view.defensible]

    def python(self, answer: list[int]) -> float:
        v = self.view
        if v.order:
            return order_credit(answer)
        key = [c.i for c in v.choices if c.correct]
        if v.type in CODING:
            return coding_credit(answer, key, len(v.choices), self.readings)
        return choice_credit(answer, key, len(v.choices))

    def is_reading(self, answer: list[int]) -> bool:
        key = {c.i for c in self.view.choices if c.correct}
        return set(answer) != key and any(set(answer) == set(r) for r in self.readings)


def _answers(v: QuestionView) -> list[list[int]]:
    if v.order:
        n = len(v.order)
        every = [list(p) for p in itertools.permutations(range(n))]
        return every if len(every) <= 720 else random.Random(v.id).sample(every, 720)
    indexes = [c.i for c in v.choices]
    if not v.multi:
        return [[i] for i in indexes]
    return [list(s) for k in range(len(indexes) + 1) for s in itertools.combinations(indexes, k)]


@pytest.fixture(scope="module")
def book() -> Any:
    found, _ = check(ROOT)
    return found


@pytest.fixture(scope="module")
def cases(book: Any) -> list[Case]:
    found = []
    for qi in quizzes(book):
        for q in qi.model.questions:
            v = q.view(qi.id, book.dialogue_by_id)
            if v.model_answer is None:
                found.append(Case(f"{qi.id}/{q.id}", v, _answers(v)))
    return found


def _rule(v: QuestionView) -> dict[str, Any]:
    """The question as hb.question reads it from the page."""
    readings = [{"codes": list(r.choices), "reason": r.reason} for r in v.defensible]
    correct = [c.i for c in v.choices if c.correct]
    return {"options": len(v.choices), "correct": correct, "items": len(v.order), "rubric": 0, "readings": readings, "key": "key"}


@pytest.fixture(scope="module")
def scripts(cases: list[Case]) -> dict[str, dict[str, list[float | None]]]:
    """The site's and the SCORM adapter's scores, from the scripts, run by node."""
    node = shutil.which("node")
    assert node, "node is needed to run the site's scripts"
    data = [{"type": c.view.type, "rule": _rule(c.view), "hash": "abcdef123456", "answers": c.answers} for c in cases]
    run = subprocess.run([node, str(ROOT / "tests/js/grade_answers.js")], input=json.dumps(data), capture_output=True, text=True, check=True)
    return {c.name: scores for c, scores in zip(cases, json.loads(run.stdout), strict=True)}


# --- the banks, read as the LMSs read them ---------------------------------------------------------


def moodle_scores(xml: str) -> dict[str, Callable[[list[int]], float]]:
    """Moodle's grading of each question of a Moodle XML bank: an answer (option indexes in the
    file's order, or an order response) to a fraction."""
    scorers: dict[str, Callable[[list[int]], float]] = {}
    for node in etree.fromstring(xml.encode("utf-8")).findall("question"):
        kind = node.get("type")
        if kind not in ("multichoice", "matching"):
            continue
        name = str(node.findtext("name/text"))
        if kind == "multichoice":
            grades = [float(a.get("fraction", "")) / 100 for a in node.findall("answer")]
            if node.findtext("single") == "true":
                scorers[name] = lambda answer, g=grades: g[answer[0]]
            else:
                scorers[name] = lambda answer, g=grades: min(1.0, max(0.0, sum(g[i] for i in answer)))
        else:
            rights = [str(s.findtext("answer/text")) for s in node.findall("subquestion")]
            # Slot s holds the item whose right position is answer[s]: that item is matched to "s + 1".
            scorers[name] = lambda answer, r=rights: sum(r[p] == str(s + 1) for s, p in enumerate(answer)) / len(r)
    return scorers


def _holds(condition: etree._Element, response: dict[str, set[str]]) -> bool:
    tag = etree.QName(condition).localname
    children = list(condition)
    if tag in ("conditionvar", "and"):
        return all(_holds(c, response) for c in children)
    if tag == "or":
        return any(_holds(c, response) for c in children)
    if tag == "not":
        return not _holds(children[0], response)
    if tag == "other":
        return True
    if tag == "varequal":
        return (condition.text or "") in response.get(condition.get("respident", ""), set())
    raise AssertionError(f"a condition the test does not run: {tag}")


def qti_score(item: etree._Element, response: dict[str, set[str]], *, clamp_each_step: bool) -> float:
    """QTI 1.2.1 response processing of one item for one response, as a fraction of maxvalue."""
    proc = item.find(f"{QTI_NS}resprocessing")
    assert proc is not None
    decvar = proc.find(f"{QTI_NS}outcomes/{QTI_NS}decvar")
    assert decvar is not None
    low, high = float(decvar.get("minvalue", "0")), float(decvar.get("maxvalue", "100"))
    score = 0.0
    for cond in proc.findall(f"{QTI_NS}respcondition"):
        var = cond.find(f"{QTI_NS}conditionvar")
        assert var is not None
        if not _holds(var, response):
            continue
        for setvar in cond.findall(f"{QTI_NS}setvar"):
            value = float(setvar.text or "0")
            action = setvar.get("action", "Set")
            score = {"Set": value, "Add": score + value, "Subtract": score - value}[action]
            if clamp_each_step:
                score = min(high, max(low, score))
        if cond.get("continue", "No") == "No":
            break
    return min(high, max(low, score)) / high


def qti_response(item: etree._Element, answer: list[int], *, matching: bool) -> dict[str, set[str]]:
    ident = item.get("ident")
    if not matching:
        return {"response1": {f"{ident}-{i}" for i in answer}}
    # Pair n (the item whose right position is n) answered with the slot it stands in, as ids "1".."n".
    return {f"response_{p + 1}": {str(s + 1)} for s, p in enumerate(answer)}


def _cases_in_bank_order(cases: list[Case]) -> Iterator[tuple[Case, list[int]]]:
    """Each answer, and the same answer as option positions in the banks (which list the options
    in the page's order)."""
    for c in cases:
        place = {ch.i: n for n, ch in enumerate(c.view.choices)}
        for a in c.answers:
            yield c, (a if c.view.order else [place[i] for i in a])


# --- the tests -------------------------------------------------------------------------------------


def test_the_rule_is_moodles_multiple_answer_rule() -> None:
    # Three right of six and one wrong: 3/3 - 1/3, as Moodle scores it.
    assert choice_credit([0, 1, 2, 3], [0, 1, 2], 6) == pytest.approx(2 / 3)
    # The case, a key of four of five plus the wrong one: 4/4 - 1/1 = 0; never below 0.
    assert choice_credit([0, 1, 2, 3, 4], [0, 1, 2, 3], 5) == 0
    assert choice_credit([4], [0, 1, 2, 3], 5) == 0
    assert choice_credit([1], [0], 3) == 0 and choice_credit([0], [0], 3) == 1
    assert fractions([True, True, False, False, False]) == pytest.approx([0.5, 0.5, -1 / 3, -1 / 3, -1 / 3])
    assert coding_credit([2], [0, 1], 3, [[2]]) == 1 and coding_credit([1, 2], [0, 1], 3, [[2]]) == pytest.approx(0)
    assert order_credit([1, 0, 2, 3]) == 0.5


def test_every_question_is_covered(cases: list[Case]) -> None:
    types = {c.view.type for c in cases}
    assert types == {"single", "multiple", "next-response", "classify-turn", "alsi-step", "order"}
    assert sum(len(c.answers) for c in cases) > 500


def test_the_site_and_scorm_score_every_answer_as_the_rule_does(cases: list[Case], scripts: dict[str, dict[str, list[float | None]]]) -> None:
    wrong = []
    for c in cases:
        got = scripts[c.name]
        for a, site, scorm in zip(c.answers, got["site"], got["scorm"], strict=True):
            want = c.python(a)
            if site is None or scorm is None or abs(site - want) > 1e-9 or abs(scorm - site) > 1e-9:
                wrong.append((c.name, a, want, site, scorm))
    assert wrong == []


def test_moodle_xml_scores_every_answer_as_the_site(book: Any, cases: list[Case]) -> None:
    scorers = moodle_scores(moodle_xml(items(book)))
    wrong, readings = [], 0
    for c, a in _cases_in_bank_order(cases):
        moodle, site = scorers[c.name](a), c.python(_site_answer(c, a))
        if c.is_reading(_site_answer(c, a)):
            readings += 1
            assert site == 1 and moodle < 1, (c.name, a)  # the one documented difference
        elif abs(moodle - site) > TOLERANCE:
            wrong.append((c.name, a, site, moodle))
    assert wrong == [] and readings > 0


def _site_answer(c: Case, bank_answer: list[int]) -> list[int]:
    return bank_answer if c.view.order else [c.view.choices[n].i for n in bank_answer]


@pytest.mark.parametrize("clamp_each_step", [False, True], ids=["sum-then-clamp", "clamp-each-step"])
def test_qti_scores_every_answer_as_the_site(book: Any, cases: list[Case], clamp_each_step: bool) -> None:
    found: dict[str, etree._Element] = {}
    for qi, its in items(book):
        root = etree.fromstring(qti_assessment(qi, its).encode("utf-8"))
        found |= {f"{qi.id}/{it.get('title')}": it for it in root.iter(f"{QTI_NS}item")}
    wrong = []
    for c, a in _cases_in_bank_order(cases):
        item = found[c.name]
        qti = qti_score(item, qti_response(item, a, matching=bool(c.view.order)), clamp_each_step=clamp_each_step)
        answer = _site_answer(c, a)
        if c.is_reading(answer):
            continue
        if abs(qti - c.python(answer)) > TOLERANCE:
            wrong.append((c.name, a, c.python(answer), qti))
    assert wrong == []


def test_every_qti_order_pair_is_read_on() -> None:
    """QTI's continue defaults to "No": without continue="Yes" an engine stops at the first right pair."""
    item = etree.fromstring(
        f'<item xmlns="{QTI_NS[1:-1]}" ident="x"><resprocessing><outcomes><decvar minvalue="0" maxvalue="100"/></outcomes>'
        '<respcondition><conditionvar><varequal respident="response_1">1</varequal></conditionvar><setvar action="Add">50</setvar></respcondition>'
        '<respcondition><conditionvar><varequal respident="response_2">2</varequal></conditionvar><setvar action="Add">50</setvar></respcondition>'
        "</resprocessing></item>"
    )
    assert qti_score(item, {"response_1": {"1"}, "response_2": {"2"}}, clamp_each_step=False) == 0.5


@pytest.mark.tools
def test_gift_as_gift_pegjs_reads_it_scores_every_answer_as_the_site(book: Any, cases: list[Case], tmp_path: Path) -> None:
    node = shutil.which("node")
    assert node and GIFT_PEGJS.is_dir(), "run `make qbank-tools` (gift-pegjs)"
    file = tmp_path / "bank.gift"
    file.write_text(gift(items(book)), encoding="utf-8")
    run = subprocess.run([node, str(ROOT / "tests/tools/parse_gift.mjs"), str(GIFT_PEGJS), str(file)], capture_output=True, text=True, check=True)
    parsed = {q["title"]: q for q in json.loads(run.stdout)[str(file)] if q["type"] != "Category"}
    wrong = []
    for c, a in _cases_in_bank_order(cases):
        g = parsed[c.name]
        answer = _site_answer(c, a)
        if c.view.order:
            rights = [p["subanswer"] for p in g["matchPairs"]]
            gift_score = sum(rights[p] == str(s + 1) for s, p in enumerate(a)) / len(rights)
        elif c.view.multi:
            gift_score = min(1.0, max(0.0, sum(g["choices"][n]["weight"] / 100 for n in a)))
        else:
            gift_score = 1.0 if g["choices"][a[0]]["isCorrect"] else 0.0
        if c.is_reading(answer):
            continue
        if abs(gift_score - c.python(answer)) > TOLERANCE:
            wrong.append((c.name, a, c.python(answer), gift_score))
    assert wrong == []
