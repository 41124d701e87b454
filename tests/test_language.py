"""Each people-first language rule (shared/reference/language.md) with its carve-outs, run through
the whole check: HCP speech and the handbook's prose are checked; what the person says is not."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from generator.api import check
from generator.check.language import RULES, lint
from generator.cli import main
from generator.errors import Finding

LEVELS = {rule.id: rule.level for rule in RULES}

# One phrase per rule, as an HCP might say it.
EXAMPLES: dict[str, str] = {
    "diabetic-noun": "Many diabetics find the first month hard.",
    "diabetic-setting": "The diabetic clinic can see you next week.",
    "diabetes-patient": "Other diabetes patients say the same thing.",
    "compliance": "Your compliance with the tablets has slipped.",
    "control-judgement": "Your diabetes is poorly controlled at the moment.",
    "suffering": "Lots of people suffering from diabetes feel this way.",
    "testing": "How is the blood sugar testing going?",
    "good-bad-numbers": "Those are bad numbers for a Monday.",
    "blame": "Were you cheating a bit at the weekend?",
    "labels": "Some people are in denial about it for a while.",
    "failure": "It looks like you have failed on metformin.",
    "brittle": "Some people call it brittle diabetes.",
    "outdated-type": "You have borderline diabetes, nothing serious.",
    "directive": "You should walk after dinner.",
    "royal-we": "So we need to lose a bit of weight.",
}

CLINICAL = [
    "Have you been checked for diabetic ketoacidosis before?",
    "The photos look for diabetic retinopathy.",
    "Tingling can be diabetic neuropathy.",
    "The blood test looks for diabetic kidney disease.",
    "We can look at that as a diabetic foot ulcer together.",
    "The scan shows no diabetic macular oedema.",
]


def dialogue(hcp: str, pwd: str = "I see.", *, effect: str = "builds", extra: str = "") -> str:
    return textwrap.dedent(
        """\
        # yaml-language-server: $schema=../../schema/dialogue.schema.json
        id: talk
        title: A talk
        summary: A short talk.
        context: {{diabetes: type 2, setting: clinic review, hcp: GP}}
        focus: {{alliance: [bond]}}
        turns:
          - speaker: pwd
            text: {pwd}
          - speaker: hcp
            text: {hcp}
            alliance: [bond]
            alsi: []
            effect: {effect}
            note: A note on the turn.{slip}
        """
    ).format(hcp=json.dumps(hcp, ensure_ascii=False), pwd=json.dumps(pwd, ensure_ascii=False), effect=effect,
             slip="\n    slips: [lecture]" if effect == "strains" else "") + extra


def project(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "content" / "dialogues"
    folder.mkdir(parents=True)
    (folder / "talk.yml").write_text(text, encoding="utf-8")
    return tmp_path


def language(root: Path) -> list[Finding]:
    _, findings = check(root)
    other = [f for f in findings if not f.rule.startswith("language/")]
    assert other == [], "the fixture itself must be clean"
    return [f for f in findings if f.rule.startswith("language/")]


def test_every_rule_has_an_example() -> None:
    assert set(EXAMPLES) == set(LEVELS)


@pytest.mark.parametrize("rule", sorted(EXAMPLES))
def test_rule_fires_in_an_hcp_turn(rule: str, tmp_path: Path) -> None:
    root = project(tmp_path, dialogue(EXAMPLES[rule]))
    [finding] = language(root)
    assert finding.rule == f"language/{rule}"
    assert finding.level == LEVELS[rule]
    assert (finding.path, finding.line) == ("content/dialogues/talk.yml", 11)
    assert finding.message.startswith("people-first language: found '") and "say instead:" in finding.message


@pytest.mark.parametrize("rule", sorted(EXAMPLES))
def test_same_words_pass_in_a_pwd_turn(rule: str, tmp_path: Path) -> None:
    root = project(tmp_path, dialogue("Tell me more.", pwd=EXAMPLES[rule]))
    assert language(root) == []


@pytest.mark.parametrize("rule", sorted(r.id for r in RULES if not r.hcp_only))
def test_rules_apply_to_the_handbooks_own_prose(rule: str) -> None:
    assert [hit.rule.id for hit in lint(EXAMPLES[rule], hcp=False)] == [rule]


@pytest.mark.parametrize("rule", sorted(r.id for r in RULES if r.hcp_only))
def test_speech_suggestions_are_for_hcp_speech_only(rule: str) -> None:
    """'should' in the handbook's own explanation is not HCP speech."""
    assert lint(EXAMPLES[rule], hcp=False) == []


def test_an_error_in_hcp_speech_fails_the_check_and_in_pwd_speech_does_not(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = project(tmp_path / "hcp", dialogue("So you're a diabetic now."))
    good = project(tmp_path / "pwd", dialogue("What does that mean for you?", pwd="So I'm a diabetic now."))
    assert main(["check", str(bad)]) == 1
    assert "content/dialogues/talk.yml:11:11: error: people-first language: found 'a diabetic'" in capsys.readouterr().out
    assert main(["check", str(good)]) == 0


@pytest.mark.parametrize("text", CLINICAL)
def test_clinical_terms_pass(text: str, tmp_path: Path) -> None:
    assert language(project(tmp_path, dialogue(text))) == []


@pytest.mark.parametrize(
    "text",
    [
        'The paper "Physicians\' empathy and clinical outcomes for diabetic patients" is worth reading.',
        "The paper “Physicians’ empathy and clinical outcomes for diabetic patients” is worth reading.",
        'You said "I\'m a bad diabetic" just now. Tell me more.',
    ],
)
def test_quoted_titles_and_quotations_pass(text: str, tmp_path: Path) -> None:
    assert language(project(tmp_path, dialogue(text))) == []


def test_quoted_title_in_module_prose_passes_but_the_same_words_unquoted_fail() -> None:
    quoted = 'Hojat and colleagues ("Physicians\' empathy and clinical outcomes for diabetic patients") found a link.'
    assert lint(quoted, hcp=False) == []
    assert [h.rule.id for h in lint(quoted.replace('"', ""), hcp=False)] == ["diabetic-setting"]


def test_citation_keys_and_link_targets_are_not_prose() -> None:
    assert lint("See [the notes](../modules/lazy-diabetics.md), [@compliance2020] and `compliance`.", hcp=True) == []


STRAINED = dict(hcp="If you were more compliant, this would not happen.", effect="strains")
ALTERNATIVE = """\
    alternative:
      text: What gets in the way of taking them?
      alliance: [bond]
      alsi: [ask]
      note: Asks instead of judging.
      reply: Mostly mornings.
"""


def test_lint_exempt_strained_turn_passes(tmp_path: Path) -> None:
    extra = "    lint_exempt: Models the judging language the module warns against.\n" + ALTERNATIVE
    assert language(project(tmp_path, dialogue(**STRAINED, extra=extra))) == []


def test_the_same_strained_turn_without_lint_exempt_fails(tmp_path: Path) -> None:
    [finding] = language(project(tmp_path, dialogue(**STRAINED, extra=ALTERNATIVE)))
    assert (finding.rule, finding.level) == ("language/compliance", "error")


def test_lint_exempt_does_not_cover_the_alternative(tmp_path: Path) -> None:
    extra = "    lint_exempt: Models the judging language on purpose.\n" + ALTERNATIVE.replace(
        "What gets in the way of taking them?", "You should take them every morning."
    ).replace("alsi: [ask]", "alsi: []")  # advice, not a question: keyed with no step, as the codebook says
    [finding] = language(project(tmp_path, dialogue(**STRAINED, extra=extra)))
    assert finding.rule == "language/directive"


def test_lint_exempt_is_only_for_strained_turns(tmp_path: Path) -> None:
    root = project(tmp_path, dialogue("Your compliance is fine.", extra="    lint_exempt: Because.\n"))
    _, findings = check(root)
    assert any(f.rule == "coding" and "'lint_exempt' is only for turns with effect: strains" in f.message for f in findings)


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_suggestions_are_shown_only_on_request(fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = project(tmp_path, dialogue("You should walk more, and we need to lose a little weight."))
    assert main(["check", str(root), "--format", fmt]) == 0  # suggestions never fail the check
    plain = capsys.readouterr().out
    assert main(["check", str(root), "--format", fmt, "--suggestions"]) == 0
    shown = capsys.readouterr().out
    assert "should" not in plain and "we need to lose" not in plain
    assert "found 'should'" in shown and "found 'we need to lose'" in shown
    if fmt == "json":
        assert {f["rule"] for f in json.loads(shown)["findings"]} == {"language/directive", "language/royal-we"}


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("You shouldn't skip it.", "directive"),
        ("We’ll need to lose some weight.", "royal-we"),
        ("We've got to cut down on bread.", "royal-we"),
    ],
)
def test_contracted_forms_are_caught(text: str, rule: str) -> None:
    assert [h.rule.id for h in lint(text, hcp=True)] == [rule]


def test_a_diabetic_diet_is_reported_once() -> None:
    assert [h.rule.id for h in lint("Try a diabetic diet.", hcp=True)] == ["diabetic-setting"]
