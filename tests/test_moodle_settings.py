"""The trainers' "SCORM packages" page gives Moodle settings that Moodle's own grading and
completion rules make right (issue 19), for one module, the whole handbook and the quick reference.

Moodle's rules, as its code has them (../shared/reference/lms-behaviour.md; mod/scorm/locallib.php
`scorm_grade_user_attempt`, lib.php `scorm_grade_item_update`, classes/completion/custom_completion.php,
and the "Mastery score overrides status" step of its SCORM 1.2 runtime), are written out below as
plain functions. The settings are read from the page itself (its Moodle table), applied to what the
packages report in each situation a learner can leave them in, and the outcome must be what a
trainer wants: complete exactly when every module is passed (and the quick reference opened), a
grade that is not higher than the work done. The advice the page gave before (Highest grade and
Require status: Passed for the whole handbook) is shown to fail the same check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from support import ROOT

from generator.api import prepare
from generator.model.branching import branches
from generator.render import routes
from generator.settings import SCORM_MASTERY

# ---- Moodle's rules ---------------------------------------------------------------------------

# A SCO's track after LMSFinish: (lesson_status, score_raw as the LMS keeps it: "" when never sent).
Track = tuple[str, str]


def after_finish(status: str, raw: str, mastery: int | None) -> Track:
    """Moodle's SCORM 1.2 runtime with "Mastery score overrides status" on (the default): a SCO
    with a mastery score that has sent a raw score is stored passed or failed by raw vs mastery."""
    if mastery is not None and raw != "":
        status = "passed" if float(raw) >= mastery else "failed"
    return status, raw


def grade(method: str, tracks: list[Track | None]) -> tuple[float, float]:
    """(grade, grade max) of one attempt: scorm_grade_user_attempt and scorm_grade_item_update.
    `tracks` has one entry per launchable item, None for one never opened; max grade 100."""
    opened = [t for t in tracks if t is not None]
    done = sum(1 for status, _ in opened if status in ("completed", "passed"))
    # Only non-empty, non-"0" raw scores count as values (PHP's !empty()).
    values = [float(raw) for _, raw in opened if raw not in ("", "0")]
    if method == "Learning objects":
        return done, len(tracks)
    if method == "Highest grade":
        return max(values, default=0.0), 100
    if method == "Average grade":
        return (sum(values) / len(values) if values else 0.0), 100
    if method == "Sum grade":
        return min(sum(values), 100), 100  # the gradebook bounds the grade by its maximum
    raise AssertionError(f"not a Moodle grading method: {method}")


def status_met(required: set[str], tracks: list[Track | None]) -> bool:
    """custom_completion 'completionstatusrequired': met when the statuses of the tracks, together,
    include every required one (any one track passed meets "Passed")."""
    return required <= {t[0] for t in tracks if t is not None}


# ---- What the packages report ------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    id: str
    mastery: int | None  # None: no self-check (the quick reference), reported completed once open
    scenario: bool = False  # a branching dialogue (issue 21): no mastery score, completed at an ending


def scenario_track(answered: int, of: int, right: int) -> Track | None:
    """What scorm-branch.js leaves for a branching dialogue the learner made `answered` of the `of`
    choices of a path in, `right` of them building the alliance (None: never opened): incomplete
    with no score until an ending, then completed with the path's score (no mastery score)."""
    if answered < 0:
        return None
    if answered < of:
        return after_finish("incomplete", "", None)
    return after_finish("completed", str(round(100 * right / of)), None)


def module_track(item: Item, answered: int, of: int, right: int) -> Track | None:
    """What the adapter (generator/static/scorm.js, report) leaves after LMSFinish for a module the
    learner answered `answered` of `of` questions in, `right` of them right (None: never opened): no
    score and incomplete until every question is answered, then the score and passed or failed. A
    page without a self-check reports completed with no score once open."""
    if item.scenario:
        return scenario_track(answered, of, right)
    if answered < 0:
        return None
    if item.mastery is None:
        return "completed", ""
    if answered < of:  # no score until every question is answered: Moodle keeps it incomplete
        return after_finish("incomplete", "", item.mastery)
    raw = round(100 * right / of)
    return after_finish("passed" if raw >= item.mastery else "failed", str(raw), item.mastery)


# ---- The page's settings -----------------------------------------------------------------------


@dataclass(frozen=True)
class Setting:
    method: str
    pass_grade: float | None
    completion: str


def outcome(setting: Setting, tracks: list[Track | None]) -> tuple[bool, float]:
    """(complete, grade as a share of its maximum) under `setting`."""
    got, top = grade(setting.method, tracks)
    if setting.completion.startswith("Require status:"):
        ticked = re.findall(r"Passed|Completed", setting.completion.split("(")[0])
        complete = status_met({s.lower() for s in ticked}, tracks)
    elif "Receive a passing grade" in setting.completion:
        assert setting.pass_grade is not None, "a passing grade needs a grade to pass"
        complete = got >= setting.pass_grade
    else:
        raise AssertionError(f"completion the test does not know: {setting.completion}")
    return complete, got / top


_SETTING = re.compile(
    r"^- \*\*(?P<name>[^*]+)\*\* \((?P<zip>[^)]+)\): Grading method: \*(?P<method>[^*]+)\*.*?"
    r"Grade to pass: \*(?P<pass>[^*]+)\*\. Activity completion: (?P<completion>.+)$",
    re.M | re.S,
)


@pytest.fixture(scope="module")
def page() -> tuple[str, dict[str, Setting], list[Item]]:
    checked = prepare(ROOT)
    (planned,) = [p for p in checked.plan if p.src == routes.SCORM]
    markdown = planned.make(checked.ctx).markdown
    quizzes = {q.model.id for q in checked.ctx.book.quizzes}
    items = [Item(m.meta.id, SCORM_MASTERY if m.meta.id in quizzes else None) for m in sorted(checked.ctx.book.modules, key=lambda m: (m.meta.order, m.meta.id))]
    # The whole handbook's package has one item per branching dialogue after the modules (generator/export/scorm.py).
    items += [Item(d.model.id, None, scenario=True) for d in sorted(checked.ctx.book.dialogues, key=lambda d: d.model.id) if branches(d.model)]
    listed = markdown[markdown.index("Settings for each package:") : markdown.index("Why these, from Moodle's own rules:")]
    settings: dict[str, Setting] = {}
    for block in re.split(r"\n(?=- )", listed.strip())[1:]:
        m = _SETTING.match(" ".join(block.split()))
        assert m, block
        name = f"{m['name']} ({m['zip'].strip('`')})"
        settings[name] = Setting(m["method"], None if m["pass"] == "leave empty" else float(m["pass"]), m["completion"].replace("*", ""))
    return markdown, settings, items


def _setting(settings: dict[str, Setting], start: str) -> Setting:
    (found,) = [s for name, s in settings.items() if name.startswith(start)]
    return found


def test_the_page_gives_settings_for_a_module_the_whole_handbook_and_the_quick_reference(page: tuple[str, dict[str, Setting], list[Item]]) -> None:
    markdown, settings, items = page
    seen = [i for i in items if i.mastery is None and not i.scenario]
    assert len(seen) == 1 and len(settings) == 3
    assert _setting(settings, "One module").method == "Highest grade"
    assert _setting(settings, "The whole handbook").method == "Learning objects"
    assert _setting(settings, f"Quick reference ({seen[0].id}.zip)").completion.startswith("Require status: Completed")
    assert f"({seen[0].id}.zip, and its item in the whole handbook) has no self-check" in markdown.replace("`", "")
    assert "completed* as soon as it is opened" in markdown


def test_one_module_is_complete_only_when_passed_and_graded_by_its_score(page: tuple[str, dict[str, Setting], list[Item]]) -> None:
    setting = _setting(page[1], "One module")
    module = Item("m", SCORM_MASTERY)
    n = 7
    cases = {  # (answered, right): (complete, grade)
        (-1, 0): (False, 0.0),  # never opened
        (2, 2): (False, 0.0),  # left after two answers: incomplete, no score yet
        (6, 6): (False, 0.0),  # six right, one left unanswered: still incomplete
        (7, 4): (False, 0.57),  # all answered, below the mastery score
        (7, 6): (True, 0.86),
        (7, 7): (True, 1.0),
    }
    for (answered, right), (complete, share) in cases.items():
        got = outcome(setting, [module_track(module, answered, n, right)])
        assert (got[0], round(got[1], 2)) == (complete, share), (answered, right)


def _handbook(items: list[Item], state: dict[str, tuple[int, int]]) -> list[Track | None]:
    """Tracks of the whole handbook: `state` maps module id to (answered, right) of 5; others never opened."""
    return [module_track(i, state.get(i.id, (-1, 0))[0], 5, state.get(i.id, (-1, 0))[1]) for i in items]


def test_the_whole_handbook_is_complete_only_when_every_item_is_done(page: tuple[str, dict[str, Setting], list[Item]]) -> None:
    _, settings, items = page
    setting = _setting(settings, "The whole handbook")
    assert setting.pass_grade == len(items)
    modules = [i for i in items if i.mastery is not None]
    seen = [i for i in items if i.mastery is None and not i.scenario]
    scenarios = [i for i in items if i.scenario]
    everything = {i.id: (5, 5) for i in items}
    one = {modules[0].id: (5, 5)}
    cases = {
        "one module passed": (one, False, 1 / len(items)),
        "every module passed, quick reference never opened": ({i.id: (5, 5) for i in modules}, False, len(modules) / len(items)),
        "every item done but one module failed": ({**everything, modules[-1].id: (5, 2)}, False, (len(items) - 1) / len(items)),
        # A scenario played to its worst ending still counts as done; one left before an ending does not.
        "every item done, one scenario's path scored 0": ({**everything, scenarios[0].id: (5, 0)}, True, 1.0),
        "every item done but one scenario left before an ending": ({**everything, scenarios[-1].id: (3, 3)}, False, (len(items) - 1) / len(items)),
        "every item done": (everything, True, 1.0),
    }
    for name, (state, complete, share) in cases.items():
        assert outcome(setting, _handbook(items, state)) == (complete, share), name
    assert seen, "the quick reference is an item of the whole handbook"
    assert len(scenarios) >= 4, "each branching dialogue is an item of the whole handbook"


def test_the_quick_reference_is_complete_once_opened(page: tuple[str, dict[str, Setting], list[Item]]) -> None:
    _, settings, items = page
    (seen,) = [i for i in items if i.mastery is None and not i.scenario]
    setting = next(s for name, s in settings.items() if f"{seen.id}.zip" in name)
    assert outcome(setting, [module_track(seen, -1, 1, 0)]) == (False, 0.0)
    assert outcome(setting, [module_track(seen, 0, 1, 0)]) == (True, 1.0)


def test_the_old_advice_fails_the_same_check(page: tuple[str, dict[str, Setting], list[Item]]) -> None:
    """Highest grade and Require status: Passed for the whole handbook: one passed module gives 100%
    and completes the activity (the bug the issue reports), so the rules above have teeth."""
    _, _, items = page
    old = Setting("Highest grade", None, "Require status: Passed (tick Passed only)")
    modules = [i for i in items if i.mastery is not None]
    assert outcome(old, _handbook(items, {modules[0].id: (5, 5)})) == (True, 1.0)
    # Average grade leaves out the modules never started: one module, one hundred per cent.
    assert grade("Average grade", _handbook(items, {modules[0].id: (5, 5)})) == (100.0, 100)
    # Ticking Completed as well as Passed for one module: a module never reports completed.
    both = Setting("Highest grade", None, "Require status: Passed and Completed")
    assert outcome(both, [module_track(modules[0], 5, 5, 5)]) == (False, 1.0)
