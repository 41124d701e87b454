"""Question banks for learning management systems: Moodle XML, GIFT and QTI 1.2 (Canvas).

Every quiz becomes one category (Moodle, GIFT) or one assessment (QTI). Feedback is kept per
option. Types a format cannot express are converted to the nearest type; CONVERSIONS says which,
and the bank's README and the trainers' page repeat it. The files are checked with the tools the
LMSs themselves follow (tests/test_qbank_tools.py): gift-pegjs, Moodle's import rules, the QTI
1.2.1 DTD and Canvas's QTI importer.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from html import escape
from xml.etree.ElementTree import Element, SubElement

from generator.export.xmldoc import document
from generator.model.book import Handbook, QuizInfo, quizzes
from generator.model.content import Dialogue
from generator.model.credit import fractions
from generator.model.question import QuestionBase
from generator.model.quiz import CONVERSIONS
from generator.outputs import GeneratedAsset
from generator.render.context import cite_label
from generator.render.markdown import label_citations, render
from generator.render.question import question_data
from generator.render.routes import QBANK_FILES as FILES
from generator.render.routes import QBANK_FOLDER as FOLDER

CATEGORY_ROOT = "$course$/Working alliance handbook"
CANVAS_META = "http://canvas.instructure.com/xsd/cccv1p0"


@dataclass(frozen=True)
class Choice:
    html: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class Item:
    """One question, format-neutral: the HTML the learner reads and the choices or pairs."""

    quiz: str
    id: str
    type: str
    kind: str  # single | multiple | matching | essay
    text: str
    choices: tuple[Choice, ...]
    pairs: tuple[tuple[str, str], ...]
    general: str


Html = Callable[[str], str]


def html_renderer(book: Handbook) -> Html:
    """Markdown to HTML for the banks, citations as on the site but plain: '(Jones et al., 2016)'."""
    refs = {r.key: r for r in book.references.model.references} if book.references else {}

    def label(key: str) -> str:
        return cite_label(refs[key]) if key in refs else key

    return lambda text: str(render(label_citations(text, label))).strip()


class _BankFormat:
    """A question in a bank: every Markdown field as HTML, no links to the site's pages."""

    def __init__(self, html: Html) -> None:
        self.inline = self.block = html

    def href(self, dialogue_id: str, turn: int | None = None) -> str:
        return ""


def item(q: QuestionBase, quiz_id: str, dialogues: Mapping[str, Dialogue], html: Html) -> Item:
    """A bank item from the question's template data: the HTML the learner reads, the choices or
    pairs. Block HTML is only ever placed next to other blocks, never inside a <p>."""
    data = question_data(q, quiz_id, dialogues, _BankFormat(html))
    text, general = data["prompt"], data["explanation"]
    if data["dialogue"] is not None:
        shown = data["excerpt"] or ([data["quote"]] if data["quote"] else [])
        quoted = "".join(f"<blockquote>{t['text']}</blockquote>" for t in shown)
        text = f"{text}<p>From the dialogue <em>{escape(data['dialogue']['title'], quote=False)}</em>:</p>{quoted}"
    choices = [Choice(c["text"], c["correct"], c["feedback"] + ("" if c["reply"] is None else f"<p>They reply:</p><blockquote>{c['reply']}</blockquote>")) for c in data["choices"]]
    items = data["answer_items"]
    pairs = [(it["text"], str(i)) for i, it in enumerate(items, start=1)]
    if items:
        general += "<p>The right order, and why:</p><ol>" + "".join(f"<li>{it['text']}{it['feedback']}</li>" for it in items) + "</ol>"
    # An LMS scores the key only; the quoted turn's defensible readings are explained instead.
    readings = data["defensible"]["readings"] if data["defensible"] else []
    general += "".join(f"<p>Also defensible: {escape(r['label'], quote=False)}.</p>{r['html']}" for r in readings)
    if data["reflection"] is not None:
        ref = data["reflection"]
        general += "<p>Model answer:</p>" + ref["model"] + "<p>Rubric:</p><ul>" + "".join(f"<li>{x}</li>" for x in ref["rubric"]) + "</ul>"
    return Item(quiz_id, data["id"], data["type"], data["bank"], text, tuple(choices), tuple(pairs), general)


def items(book: Handbook) -> list[tuple[QuizInfo, list[Item]]]:
    dialogues = book.dialogue_by_id
    html = html_renderer(book)
    return [(qi, [item(q, qi.id, dialogues, html) for q in qi.model.questions]) for qi in quizzes(book)]


def category(qi: QuizInfo) -> str:
    """The category path, the same in Moodle XML and GIFT. Moodle splits it at '/' ('//' is a
    literal slash) and never unescapes GIFT's backslashes in it, so it is written as is."""
    return f"{CATEGORY_ROOT}/{qi.title.replace('/', '//')}"


def _percent(value: float) -> str:
    return f"{value:.5f}".rstrip("0").rstrip(".")


def _fractions(it: Item) -> list[str]:
    """Moodle/QTI credit for each choice, in percent: 100 for the right single answer; for several,
    the credit rule's shares (generator/model/credit.py), what Moodle adds up for an answer."""
    if it.kind == "single":
        return ["100" if c.correct else "0" for c in it.choices]
    return [_percent(100 * f) for f in fractions([c.correct for c in it.choices])]


def moodle_xml(banks: list[tuple[QuizInfo, list[Item]]]) -> str:
    root = Element("quiz")
    for qi, its in banks:
        cat = SubElement(SubElement(root, "question", type="category"), "category")
        SubElement(cat, "text").text = category(qi)
        for it in its:
            qtype = {"single": "multichoice", "multiple": "multichoice", "matching": "matching", "essay": "essay"}[it.kind]
            q = SubElement(root, "question", type=qtype)
            SubElement(SubElement(q, "name"), "text").text = f"{it.quiz}/{it.id}"
            SubElement(SubElement(q, "questiontext", format="html"), "text").text = it.text
            SubElement(SubElement(q, "generalfeedback", format="html"), "text").text = it.general
            SubElement(q, "idnumber").text = f"{it.quiz}/{it.id}"
            if it.kind in ("single", "multiple"):
                SubElement(q, "single").text = "true" if it.kind == "single" else "false"
                SubElement(q, "shuffleanswers").text = "true"
                SubElement(q, "answernumbering").text = "abc"
                for c, fraction in zip(it.choices, _fractions(it), strict=True):
                    a = SubElement(q, "answer", fraction=fraction, format="html")
                    SubElement(a, "text").text = c.html
                    SubElement(SubElement(a, "feedback", format="html"), "text").text = c.feedback
            elif it.kind == "matching":
                SubElement(q, "shuffleanswers").text = "true"
                for left, right in it.pairs:
                    sub = SubElement(q, "subquestion", format="html")
                    SubElement(sub, "text").text = left
                    SubElement(SubElement(sub, "answer"), "text").text = right
            else:
                SubElement(q, "responseformat").text = "editor"
                SubElement(SubElement(q, "graderinfo", format="html"), "text").text = it.general
    return document(root)


def gift_escape(text: str) -> str:
    """GIFT's special characters, escaped with a backslash; line breaks become spaces."""
    out = text.replace("\\", "\\\\")
    for ch in "~=#{}:":
        out = out.replace(ch, "\\" + ch)
    return " ".join(out.split())


def gift(banks: list[tuple[QuizInfo, list[Item]]]) -> str:
    blocks = ["// Working alliance handbook: question bank in GIFT (Moodle). See README.txt for converted types."]
    for qi, its in banks:
        blocks.append(f"$CATEGORY: {category(qi)}")
        for it in its:
            head = f"::{gift_escape(it.quiz + '/' + it.id)}::[html]{gift_escape(it.text)}"
            if it.kind in ("single", "multiple"):
                lines = []
                for c, fraction in zip(it.choices, _fractions(it), strict=True):
                    mark = ("=" if c.correct else "~") if it.kind == "single" else f"~%{fraction}%"
                    lines.append(f"\t{mark}{gift_escape(c.html)}#{gift_escape(c.feedback)}")
                body = "{\n" + "\n".join(lines) + f"\n\t####{gift_escape(it.general)}\n}}"
            elif it.kind == "matching":
                lines = [f"\t={gift_escape(left)} -> {gift_escape(right)}" for left, right in it.pairs]
                body = "{\n" + "\n".join(lines) + f"\n\t####{gift_escape(it.general)}\n}}"
            else:
                body = f"{{\n\t####{gift_escape(it.general)}\n}}"
            blocks.append(f"{head}{body}")
    return "\n\n".join(blocks) + "\n"


def _mat(parent: Element, html: str) -> None:
    SubElement(SubElement(parent, "material"), "mattext", texttype="text/html").text = html


def _displayfeedback(proc: Element, linkrefid: str, *, condition: str | None = None, respident: str = "response1") -> None:
    """A respcondition that shows one itemfeedback: always (<other/>), or when ``condition`` is chosen."""
    cond = SubElement(proc, "respcondition", attrib={"continue": "Yes"})
    var = SubElement(cond, "conditionvar")
    if condition is None:
        SubElement(var, "other")
    else:
        SubElement(var, "varequal", respident=respident).text = condition
    SubElement(cond, "displayfeedback", feedbacktype="Response", linkrefid=linkrefid)


def qti_assessment(qi: QuizInfo, its: list[Item]) -> str:
    """One quiz as a QTI 1.2 assessment, valid against the QTI 1.2.1 DTD, shaped like Canvas's own
    exports: the general feedback shown by a first <other/> condition, matching questions with
    one shared set of numeric answer ids, an essay's resprocessing with a condition of its own."""
    root = Element("questestinterop", xmlns="http://www.imsglobal.org/xsd/ims_qtiasiv1p2")
    section = SubElement(SubElement(root, "assessment", ident=qti_ident(qi), title=qi.title), "section", ident="root_section")
    for it in its:
        ident = f"{it.quiz}-{it.id}"
        node = SubElement(section, "item", ident=ident, title=it.id)
        qtype = {"single": "multiple_choice_question", "multiple": "multiple_answers_question", "matching": "matching_question", "essay": "essay_question"}[it.kind]
        meta = SubElement(SubElement(node, "itemmetadata"), "qtimetadata")
        for label, entry in (("question_type", qtype), ("points_possible", "1")):
            field = SubElement(meta, "qtimetadatafield")
            SubElement(field, "fieldlabel").text = label
            SubElement(field, "fieldentry").text = entry
        pres = SubElement(node, "presentation")
        _mat(pres, it.text)
        proc = SubElement(node, "resprocessing")
        SubElement(SubElement(proc, "outcomes"), "decvar", maxvalue="100", minvalue="0", varname="SCORE", vartype="Decimal")
        _displayfeedback(proc, "general_fb")
        if it.kind in ("single", "multiple"):
            resp = SubElement(pres, "response_lid", ident="response1", rcardinality="Single" if it.kind == "single" else "Multiple")
            choice = SubElement(resp, "render_choice", shuffle="Yes")  # as Moodle XML's shuffleanswers
            for i, c in enumerate(it.choices):
                _mat(SubElement(choice, "response_label", ident=f"{ident}-{i}"), c.html)
            for i, _ in enumerate(it.choices):
                _displayfeedback(proc, f"{ident}-{i}_fb", condition=f"{ident}-{i}")
            if it.kind == "multiple":
                # The credit rule, one condition per choice, each read (continue="Yes"); SCORE's
                # minvalue 0 keeps the sum from going below 0, as Moodle clamps it.
                # Rights first: an engine that keeps SCORE within 0..100 at every step ends the same.
                shares = sorted(enumerate(_fractions(it)), key=lambda pair: pair[1].startswith("-"))
                for i, fraction in shares:
                    cond = SubElement(proc, "respcondition", attrib={"continue": "Yes"})
                    SubElement(SubElement(cond, "conditionvar"), "varequal", respident="response1").text = f"{ident}-{i}"
                    action = "Subtract" if fraction.startswith("-") else "Add"
                    SubElement(cond, "setvar", action=action, varname="SCORE").text = fraction.lstrip("-")
            # The key alone: 100 (the condition Canvas's importer reads the right answers from).
            right = [f"{ident}-{i}" for i, c in enumerate(it.choices) if c.correct]
            cond = SubElement(proc, "respcondition", attrib={"continue": "No"})
            var = SubElement(cond, "conditionvar")
            target = SubElement(var, "and") if it.kind == "multiple" else var
            for r in right:
                SubElement(target, "varequal", respident="response1").text = r
            if it.kind == "multiple":
                for i, c in enumerate(it.choices):
                    if not c.correct:
                        SubElement(SubElement(target, "not"), "varequal", respident="response1").text = f"{ident}-{i}"
            SubElement(cond, "setvar", action="Set", varname="SCORE").text = "100"
        elif it.kind == "matching":
            # Canvas reads the match list from the first left item and each match id as a number,
            # so every left item offers the same labels with the same numeric ids (as Canvas exports).
            ids = [str(m + 1) for m in range(len(it.pairs))]
            for n, (left, _) in enumerate(it.pairs):
                resp = SubElement(pres, "response_lid", ident=f"response_{n + 1}")
                _mat(resp, left)
                choice = SubElement(resp, "render_choice")
                for m, (_, label) in enumerate(it.pairs):
                    _mat(SubElement(choice, "response_label", ident=ids[m]), label)
            # One condition per pair, each read (continue="Yes": QTI's default "No" stops at the first).
            for n in range(len(it.pairs)):
                cond = SubElement(proc, "respcondition", attrib={"continue": "Yes"})
                SubElement(SubElement(cond, "conditionvar"), "varequal", respident=f"response_{n + 1}").text = ids[n]
                SubElement(cond, "setvar", action="Add", varname="SCORE").text = _percent(100 / len(it.pairs))
        else:
            SubElement(SubElement(pres, "response_str", ident="response1", rcardinality="Single"), "render_fib")
            cond = SubElement(proc, "respcondition", attrib={"continue": "No"})
            SubElement(SubElement(cond, "conditionvar"), "other")
        fb = SubElement(node, "itemfeedback", ident="general_fb")
        _mat(SubElement(fb, "flow_mat"), it.general)
        for i, c in enumerate(it.choices):
            _mat(SubElement(SubElement(node, "itemfeedback", ident=f"{ident}-{i}_fb"), "flow_mat"), c.feedback)
    return document(root)


def qti_ident(qi: QuizInfo) -> str:
    """The assessment's ident, also its folder in the package (Canvas finds assessment_meta.xml by it)."""
    return f"hb-{qi.id}"


def assessment_meta(qi: QuizInfo, its: list[Item]) -> str:
    """Canvas's quiz settings next to the assessment: its title, a practice quiz, unlimited attempts."""
    quiz = Element("quiz", identifier=qti_ident(qi), xmlns=CANVAS_META)
    fields = {
        "title": qi.title,
        "description": f"Self-check questions from the module {qi.title} (Working alliance handbook).",
        "shuffle_answers": "true",
        "scoring_policy": "keep_highest",
        "quiz_type": "practice_quiz",
        "points_possible": f"{len(its):.1f}",
        "allowed_attempts": "-1",
        "show_correct_answers": "true",
    }
    for tag, value in fields.items():
        SubElement(quiz, tag).text = value
    return document(quiz)


def qti_zip(banks: list[tuple[QuizInfo, list[Item]]]) -> bytes:
    """The QTI package: per quiz <ident>/<ident>.xml and <ident>/assessment_meta.xml, and an IMS
    manifest (metadata, organizations, resources) laid out as Canvas and text2qti write it."""
    manifest = Element("manifest", identifier="hb-question-banks", xmlns="http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1")
    metadata = SubElement(manifest, "metadata")
    SubElement(metadata, "schema").text = "IMS Content"
    SubElement(metadata, "schemaversion").text = "1.1.3"
    SubElement(manifest, "organizations")
    resources = SubElement(manifest, "resources")
    buf = io.BytesIO()
    stamp = (2020, 1, 1, 0, 0, 0)
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for qi, its in banks:
            ident = qti_ident(qi)
            name, meta = f"{ident}/{ident}.xml", f"{ident}/assessment_meta.xml"
            res = SubElement(resources, "resource", identifier=ident, type="imsqti_xmlv1p2", href=name)
            SubElement(res, "file", href=name)
            SubElement(res, "dependency", identifierref=f"{ident}_meta")
            res = SubElement(resources, "resource", identifier=f"{ident}_meta", type="associatedcontent/imscc_xmlv1p1/learning-application-resource", href=meta)
            SubElement(res, "file", href=meta)
            z.writestr(zipfile.ZipInfo(name, stamp), qti_assessment(qi, its))
            z.writestr(zipfile.ZipInfo(meta, stamp), assessment_meta(qi, its))
        text = document(manifest)
        z.writestr(zipfile.ZipInfo("imsmanifest.xml", stamp), text)
    return buf.getvalue()


def readme(banks: list[tuple[QuizInfo, list[Item]]]) -> str:
    lines = [
        "Working alliance handbook: question banks",
        "",
        f"{FILES['moodle']}: Moodle XML (Moodle: Question bank > Import > Moodle XML format).",
        f"{FILES['gift']}: GIFT (Moodle: Question bank > Import > GIFT format).",
        f"{FILES['qti']}: QTI 1.2 package (Canvas: Settings > Import course content > QTI .zip file).",
        "Blackboard Learn reads none of these files: it imports QTI 2.1 packages and its own exports.",
        "See the trainers' page \"Question banks for your LMS\" for the steps, and what is tested.",
        "",
        "Each quiz is one category (Moodle) or one practice quiz (Canvas). Feedback is kept for every option;",
        "citations read as on the site, for example (Jones et al., 2016).",
        "",
        "Scoring, the same in every format and on the website: Moodle's partial-credit rule for several right",
        "answers (each right option chosen +1/rights, each wrong one -1/wrongs, never below 0); an order",
        "question scores a share per item in its right place. Options are in the website's order (dealt per",
        "question, so the key is not always first).",
        "",
        "What each format carries:",
        "- Moodle XML: everything, including the model answer and rubric of essays as information for graders.",
        "- GIFT: the same questions, answers, grades and feedback, but Moodle's GIFT reader has no field for",
        "  information for graders: an essay's model answer and rubric are only in its general feedback.",
        "  Prefer Moodle XML for Moodle.",
        "- QTI 1.2: the same questions, answers and feedback; essays keep the model answer and rubric in the",
        "  general feedback. Canvas reads the quiz titles from assessment_meta.xml.",
        "",
        "Question types converted to the nearest type every format supports:",
    ]
    lines += [f"- {t}: {how}" for t, how in CONVERSIONS.items()]
    lines += ["No question type is left out.", "", "Questions per quiz:"]
    lines += [f"- {qi.id}: {len(its)}" for qi, its in banks]
    return "\n".join(lines) + "\n"


def question_bank_assets(book: Handbook) -> list[GeneratedAsset]:
    banks = items(book)
    if not banks:
        return []
    return [
        GeneratedAsset(f"{FOLDER}/{FILES['moodle']}", moodle_xml(banks)),
        GeneratedAsset(f"{FOLDER}/{FILES['gift']}", gift(banks)),
        GeneratedAsset(f"{FOLDER}/{FILES['qti']}", qti_zip(banks)),
        GeneratedAsset(f"{FOLDER}/{FILES['readme']}", readme(banks)),
    ]
