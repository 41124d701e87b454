"""The question banks, read the way the learning management systems read them (issue 14).

Independent tools, fetched into .cache/ by `make qbank-tools` (a dependency of `make test`):
- gift-pegjs (npm), a GIFT parser, run by tests/tools/parse_gift.mjs;
- the IMS QTI 1.2.1 DTD (ims_qtiasiv1p2p1.dtd from pyslet's sdist), with lxml;
- the Nu HTML checker (vnu, as for the site) for the HTML inside every question.
Moodle's and Canvas's importers are PHP and Ruby; the few rules they apply are ported below with
the file they come from, and nothing else.

Every defect listed in the issue has a test that reads the OLD output (tests/fixtures/qbank-old,
generated before the fixes) and shows the tool rejecting or mis-reading it, then reads the
current output and shows it accepted.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import gates
import pytest
import yaml
from lxml import etree
from support import ROOT

from generator.api import check
from generator.export.qbank import question_bank_assets
from generator.model.question_view import deal

OLD = ROOT / "tests/fixtures/qbank-old"
GIFT_PEGJS = ROOT / ".cache/gift-pegjs/node_modules/gift-pegjs"
QTI_DTD = ROOT / ".cache/qti/ims_qtiasiv1p2p1.dtd"
PARSE_GIFT = ROOT / "tests/tools/parse_gift.mjs"
QTI_NS = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
CP_NS = "{http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1}"
CANVAS_NS = "{http://canvas.instructure.com/xsd/cccv1p0}"
CATEGORY_ROOT = "$course$/Working alliance handbook/"
CHOICE_TYPES = {"single", "multiple", "classify-turn", "alsi-step", "next-response"}
SINGLE_TYPES = {"single", "next-response"}
NAMES = {"classify-turn": ["bond", "task", "goal"], "alsi-step": ["ask", "listen", "summarise", "invite"]}
TOOLS_MISSING = "run `make qbank-tools` (gift-pegjs from npm, the QTI DTD from pyslet's sdist); `make test` does this"
# Tests that run gift-pegjs (node), vnu (java) or read the QTI DTD: `make test` fetches them into
# .cache/; `make test-fast` leaves these tests out, so it passes on a fresh clone by itself.
needs_tools = pytest.mark.tools


# --- the files -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def new(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The current banks, written exactly as the build writes them to downloads/question-banks/."""
    book, _ = check(ROOT)
    out = tmp_path_factory.mktemp("qbank-new")
    for asset in question_bank_assets(book):
        data = asset.content if isinstance(asset.content, bytes) else asset.content.encode("utf-8")
        (out / Path(asset.path).name).write_bytes(data)
    return out


def _quizzes() -> dict[str, list[dict[str, Any]]]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))["questions"] for p in sorted((ROOT / "content/quizzes").glob("*.yml"))}


def _module_titles() -> dict[str, str]:
    titles = {}
    for p in (ROOT / "content/modules").glob("*.md"):
        front = p.read_text(encoding="utf-8").split("---")[1]
        titles[p.stem] = str(yaml.safe_load(front)["title"])
    return titles


def _words(text: str) -> list[str]:
    """The words of a text field (Markdown or HTML), without citations (keys or labels), link
    targets and tags."""
    text = re.sub(r"\[@[^\]]*\]|\([^()]*\b\d{4}[a-z]?\)|\]\([^)]*\)|<[^>]+>", " ", html.unescape(text))
    return re.findall(r"[A-Za-z0-9]+", text)


def _says(found_html: str, yaml_text: str) -> bool:
    """Whether exported HTML carries a YAML text field (its first twelve words, in order)."""
    want, have = _words(yaml_text)[:12], " ".join(_words(found_html))
    return " ".join(want) in have


def _qti_files(bank: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(bank / "handbook-qti12.zip") as z:
        return {n: z.read(n) for n in z.namelist()}


def _assessments(bank: Path) -> dict[str, etree._Element]:
    files = _qti_files(bank)
    manifest = etree.fromstring(files["imsmanifest.xml"])
    hrefs = [r.get("href") for r in manifest.iter(f"{CP_NS}resource") if r.get("type") == "imsqti_xmlv1p2"]
    return {h: etree.fromstring(files[h]) for h in hrefs}


def _moodle(bank: Path) -> etree._Element:
    return etree.parse(str(bank / "handbook-moodle.xml")).getroot()


# --- gift-pegjs ----------------------------------------------------------------------------------


def gift_pegjs(*files: Path) -> dict[str, Any]:
    node = shutil.which("node")
    if node is None or not GIFT_PEGJS.is_dir():
        raise RuntimeError(f"gift-pegjs needs node and {GIFT_PEGJS}: {TOOLS_MISSING}")
    result = subprocess.run([node, str(PARSE_GIFT), str(GIFT_PEGJS), *map(str, files)], capture_output=True, text=True, check=True)
    parsed: dict[str, Any] = json.loads(result.stdout)
    return parsed


@pytest.fixture(scope="module")
def gift(new: Path) -> dict[str, list[dict[str, Any]]]:
    """Old and new GIFT, as gift-pegjs reads them (one node process)."""
    old_file, new_file = OLD / "handbook-gift.txt", new / "handbook-gift.txt"
    parsed = gift_pegjs(old_file, new_file)
    for file, questions in parsed.items():
        assert isinstance(questions, list), f"gift-pegjs rejects {file}: {questions}"
    return {"old": parsed[str(old_file)], "new": parsed[str(new_file)]}


@needs_tools
def test_gift_pegjs_is_a_real_parser_that_rejects_broken_gift(tmp_path: Path) -> None:
    broken = tmp_path / "broken.gift"
    broken.write_text("::t::[html]An unclosed question{\n=yes\n~no\n", encoding="utf-8")
    assert "error" in gift_pegjs(broken)[str(broken)]


@needs_tools
def test_gift_holds_every_question_answer_grade_and_feedback_of_the_yaml(gift: dict[str, list[dict[str, Any]]]) -> None:
    parsed = gift["new"]
    titles = _module_titles()
    by_title, category = {}, None
    for q in parsed:
        if q["type"] == "Category":
            category = q["title"]
            continue
        by_title[q["title"]] = (category, q)
    quizzes = _quizzes()
    assert set(by_title) == {f"{quiz}/{q['id']}" for quiz, qs in quizzes.items() for q in qs}
    for quiz, qs in quizzes.items():
        for q in qs:
            cat, g = by_title[f"{quiz}/{q['id']}"]
            where = f"{quiz}/{q['id']}"
            assert cat == CATEGORY_ROOT + titles[quiz], where
            assert g["stem"]["format"] == "html" and _says(g["stem"]["text"], q["prompt"]), where
            assert _says(g["globalFeedback"]["text"], q["explanation"]), where
            if q["type"] in CHOICE_TYPES:
                assert g["type"] == "MC", where
                options = q.get("options") or [{"correct": n in q["answer"], "feedback": q["feedback"][n]} for n in NAMES[q["type"]]]
                if "options" in q:  # shown, and banked, in the dealt order (issue 18)
                    options = [options[j] for j in deal(len(options), where)]
                assert len(g["choices"]) == len(options), where
                for choice, option in zip(g["choices"], options, strict=True):
                    assert _says(choice["feedback"]["text"], option["feedback"]), where
                    if "text" in option:
                        assert _says(choice["text"]["text"], option["text"]), where
                    if "reply" in option:
                        assert _says(choice["feedback"]["text"], option["reply"]), where
                    right = choice["isCorrect"] if q["type"] in SINGLE_TYPES else choice["weight"] > 0
                    assert right == bool(option.get("correct")), where
                weights = [c["weight"] for c in g["choices"]]
                if q["type"] in SINGLE_TYPES:
                    assert sum(c["isCorrect"] for c in g["choices"]) == 1, where
                else:
                    assert moodle_fractions_problems([w / 100 for w in weights], single=False) == [], where
            elif q["type"] == "order":
                assert g["type"] == "Matching", where
                pairs = [(p["subquestion"]["text"], p["subanswer"]) for p in g["matchPairs"]]
                assert [a for _, a in pairs] == [str(i) for i in range(1, len(q["items"]) + 1)], where
                assert all(_says(text, it["text"]) for (text, _), it in zip(pairs, q["items"], strict=True)), where
                assert all(_says(g["globalFeedback"]["text"], it["feedback"]) for it in q["items"]), where
            else:
                assert g["type"] == "Essay", where
                assert _says(g["globalFeedback"]["text"], q["model_answer"]), where
                assert all(_says(g["globalFeedback"]["text"], r) for r in q["rubric"]), where


# --- defect: GIFT category lines -----------------------------------------------------------------


def moodle_gift_categories(text: str) -> list[str]:
    """Moodle's GIFT reader on $CATEGORY lines (question/format/gift/format.php, readquestions and
    readquestion): blocks are split at blank lines, // comment lines dropped, escaped characters
    turned into placeholders (escapedchar_pre), then the category is trim(substr($text, 10)), and
    escapedchar_post is never applied to it."""
    placeholders = {"\\:": "&&058;", "\\#": "&&035;", "\\=": "&&061;", "\\{": "&&123;", "\\}": "&&125;", "\\~": "&&126;", "\\n": "&&010"}
    categories = []
    for block in re.split(r"\n[ \t]*\n", text):
        lines = [line.strip() for line in block.splitlines() if not line.strip().startswith("//")]
        body = "\n".join(lines).strip().replace("\\\\", "&&092;")
        for escaped, placeholder in placeholders.items():
            body = body.replace(escaped, placeholder)
        body = body.replace("&&092;", "\\")
        if body.startswith("$CATEGORY:"):
            categories.append(body[10:].strip())
    return categories


def moodle_xml_categories(root: etree._Element) -> list[str]:
    return [str(q.findtext("category/text")) for q in root.findall("question") if q.get("type") == "category"]


@needs_tools
def test_moodle_reads_the_same_categories_from_gift_and_moodle_xml(new: Path, gift: dict[str, list[dict[str, Any]]]) -> None:
    old_gift = moodle_gift_categories((OLD / "handbook-gift.txt").read_text(encoding="utf-8"))
    assert "$course$/Working alliance handbook/Empathy in four steps&&058; Ask, Listen, Summarise, Invite" in old_gift
    assert old_gift != moodle_xml_categories(_moodle(OLD)), "the old GIFT and Moodle XML land in different categories"
    assert [q["title"] for q in gift["old"] if q["type"] == "Category"] != moodle_xml_categories(_moodle(OLD))

    new_gift = moodle_gift_categories((new / "handbook-gift.txt").read_text(encoding="utf-8"))
    titles = _module_titles()
    assert new_gift == moodle_xml_categories(_moodle(new)) == [CATEGORY_ROOT + titles[q] for q in sorted(_quizzes())]
    assert [q["title"] for q in gift["new"] if q["type"] == "Category"] == new_gift


# --- defect: raw citation keys -------------------------------------------------------------------


def _all_texts(bank: Path, parsed_gift: list[dict[str, Any]]) -> dict[str, str]:
    """Every text each format carries, as its reader sees it."""
    gift_text = json.dumps(parsed_gift, ensure_ascii=False)
    moodle = " ".join(t.text or "" for t in _moodle(bank).iter("text"))
    qti = " ".join(m.text or "" for a in _assessments(bank).values() for m in a.iter(f"{QTI_NS}mattext"))
    return {"gift": gift_text, "moodle": moodle, "qti": qti}


@needs_tools
def test_citations_read_as_on_the_site_in_every_format(new: Path, gift: dict[str, list[dict[str, Any]]]) -> None:
    for fmt, text in _all_texts(OLD, gift["old"]).items():
        assert "[@jones2016]" in text, fmt
    for fmt, text in _all_texts(new, gift["new"]).items():
        assert "[@" not in text, fmt
        assert "(Jones et al., 2016)" in text and "(Hojat et al., 2011; " in text, fmt


# --- defect: nested paragraphs (vnu) -------------------------------------------------------------


def _html_fields(bank: Path, parsed_gift: list[dict[str, Any]]) -> dict[str, list[str]]:
    def gift_fields(q: dict[str, Any]) -> list[str]:
        out = [q.get("stem", {}).get("text", ""), (q.get("globalFeedback") or {}).get("text", "")]
        for c in q.get("choices") or []:
            out += [c["text"]["text"], (c.get("feedback") or {}).get("text") or ""]
        return out

    return {
        "gift": [f for q in parsed_gift if q["type"] != "Category" for f in gift_fields(q)],
        "moodle": [t.text or "" for t in _moodle(bank).iter("text") if (t.getparent() is not None and t.getparent().get("format") == "html")],
        "qti": [m.text or "" for a in _assessments(bank).values() for m in a.iter(f"{QTI_NS}mattext")],
    }


@needs_tools
def test_every_html_field_is_valid_html_without_nested_paragraphs(new: Path, gift: dict[str, list[dict[str, Any]]], tmp_path: Path) -> None:
    for version, bank in (("old", OLD), ("new", new)):
        for fmt, fields in _html_fields(bank, gift[version]).items():
            body = "\n".join(f"<div>{f}</div>" for f in fields if f.strip())
            doc = f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{fmt}</title></head><body>\n{body}\n</body></html>\n'
            (tmp_path / version).mkdir(exist_ok=True)
            (tmp_path / version / f"{fmt}.html").write_text(doc, encoding="utf-8")
    messages = gates.vnu_messages(tmp_path)
    by_version: dict[str, list[str]] = {"old": [], "new": []}
    for m in messages:
        version = "old" if "/old/" in str(m.get("url", "")) else "new"
        by_version[version].append(f"{m.get('url')}: {m.get('message')}")
    nested = [m for m in by_version["old"] if "No “p” element in scope" in m]
    assert {m.split("/old/")[1].split(".html")[0] for m in nested} == {"gift", "moodle", "qti"}, by_version["old"]
    assert by_version["new"] == []


# --- QTI 1.2.1 DTD -------------------------------------------------------------------------------


def dtd_problems(root: etree._Element) -> list[str]:
    """Errors of the IMS QTI 1.2.1 DTD. The DTD predates XML namespaces: the default namespace
    Canvas and text2qti write (ims_qtiasiv1p2) is taken off first, and nothing else."""
    if not QTI_DTD.is_file():
        raise RuntimeError(f"{QTI_DTD} is missing: {TOOLS_MISSING}")
    root = etree.fromstring(etree.tostring(root))
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.startswith(QTI_NS):
            el.tag = el.tag[len(QTI_NS) :]
    etree.cleanup_namespaces(root)
    dtd = etree.DTD(str(QTI_DTD))
    return [] if dtd.validate(root) else [f"{e.line}: {e.message}" for e in dtd.error_log]


@needs_tools
def test_the_dtd_rejects_what_it_should() -> None:
    bad = etree.fromstring("<questestinterop><item ident='a'><resprocessing><outcomes><decvar/></outcomes></resprocessing></item></questestinterop>")
    assert any("resprocessing" in p for p in dtd_problems(bad))


@needs_tools
def test_every_qti_file_is_valid_against_the_qti_1_2_1_dtd(new: Path) -> None:
    old = {h: dtd_problems(a) for h, a in _assessments(OLD).items()}
    assert old["expressing-empathy/expressing-empathy.xml"], "the old essay items break the DTD"
    assert any("resprocessing" in p for p in old["expressing-empathy/expressing-empathy.xml"])
    current = _assessments(new)
    assert len(current) == len(_quizzes())
    assert {h: dtd_problems(a) for h, a in current.items()} == {h: [] for h in current}


def test_every_itemfeedback_is_shown_by_a_displayfeedback(new: Path) -> None:
    """QTI 1.2: an itemfeedback appears only when a respcondition's displayfeedback names it."""

    def unshown(bank: Path) -> set[str]:
        missing = set()
        for a in _assessments(bank).values():
            for item in a.iter(f"{QTI_NS}item"):
                shown = {d.get("linkrefid") for d in item.iter(f"{QTI_NS}displayfeedback")}
                missing |= {f"{item.get('ident')}#{f.get('ident')}" for f in item.iter(f"{QTI_NS}itemfeedback") if f.get("ident") not in shown}
        return missing

    assert any(m.endswith("#general_fb") for m in unshown(OLD))
    assert unshown(new) == set()


# --- Canvas's QTI importer -----------------------------------------------------------------------


def canvas_matching(item: etree._Element) -> list[tuple[str, str | None]]:
    """How Canvas imports a matching_question (gems/plugins/qti_exporter/lib/qti/
    associate_interaction.rb, get_canvas_matches and get_canvas_answers, on the QTI 2.1 its
    converter makes of QTI 1.2: a response_lid is a choiceInteraction, a response_label a
    simpleChoice, a respcondition a responseIf). The match list comes from the FIRST left item
    only, each match id is the first run of digits in the label's ident; a left item gets a match
    only if its condition adds to SCORE and names an id of that list. Returns (left, right text)."""
    lids = list(item.iter(f"{QTI_NS}response_lid"))
    match_map: dict[str, tuple[int, str]] = {}
    for n, label in enumerate(lids[0].iter(f"{QTI_NS}response_label")):
        digits = re.search(r"\d+", label.get("ident", ""))
        match_id = int(digits.group()) if digits else -1 - n
        match_map[label.get("ident", "")] = (match_id, "".join(label.itertext()).strip())
    matches = list(match_map.values())
    answers: dict[str, int | None] = {lid.get("ident", ""): None for lid in lids}
    for cond in item.iter(f"{QTI_NS}respcondition"):
        var = cond.find(f"{QTI_NS}conditionvar/{QTI_NS}varequal")
        adds = cond.find(f"{QTI_NS}setvar[@varname='SCORE'][@action='Add']") is not None
        if var is not None and var.get("respident") in answers and adds and (var.text or "") in match_map:
            answers[var.get("respident", "")] = match_map[var.text or ""][0]
    out = []
    for lid in lids:
        left = "".join(lid.find(f"{QTI_NS}material").itertext()).strip()
        match_id = answers[lid.get("ident", "")]
        right = next((text for mid, text in matches if mid == match_id), None) if match_id is not None else None
        out.append((left, right))
    return out


def _matching_items(bank: Path) -> dict[str, etree._Element]:
    found = {}
    for a in _assessments(bank).values():
        for item in a.iter(f"{QTI_NS}item"):
            qtype = item.find(f".//{QTI_NS}qtimetadatafield[{QTI_NS}fieldentry='matching_question']")
            if qtype is not None:
                found[item.get("ident", "")] = item
    return found


def test_canvas_imports_every_order_question_with_every_match(new: Path) -> None:
    old = canvas_matching(_matching_items(OLD)["empathy-alsi-order-alsi"])
    assert [right for _, right in old[1:]] == [None, None, None], "Canvas gave items 2-4 no match"
    quizzes = _quizzes()
    items = _matching_items(new)
    expected = {f"{quiz}-{q['id']}": q for quiz, qs in quizzes.items() for q in qs if q["type"] == "order"}
    assert set(items) == set(expected)
    for ident, item in items.items():
        got = canvas_matching(item)
        assert [right for _, right in got] == [str(i) for i in range(1, len(expected[ident]["items"]) + 1)], ident
        assert all(_says(left, it["text"]) for (left, _), it in zip(got, expected[ident]["items"], strict=True)), ident


def canvas_quiz_titles(bank: Path) -> dict[str, str | None]:
    """Canvas's QuizMetadataConverter.post_process_assessments (lib/cc/importer/canvas/
    quiz_metadata_converter.rb): for each assessment (migration id = its ident), the title comes
    from <ident>/assessment_meta.xml, found through a learning-application-resource of the manifest."""
    files = _qti_files(bank)
    manifest = etree.fromstring(files["imsmanifest.xml"])
    metas = {
        f.get("href")
        for r in manifest.iter(f"{CP_NS}resource")
        if (r.get("type") or "").endswith("learning-application-resource")
        for f in r.iter(f"{CP_NS}file")
        if (f.get("href") or "").endswith("assessment_meta.xml")
    }
    titles: dict[str, str | None] = {}
    for a in _assessments(bank).values():
        for assessment in a.iter(f"{QTI_NS}assessment"):
            ident = assessment.get("ident", "")
            meta_path = f"{ident}/assessment_meta.xml"
            titles[ident] = etree.fromstring(files[meta_path]).findtext(f"{CANVAS_NS}title") if meta_path in metas else None
    return titles


def test_canvas_finds_every_quiz_title_in_assessment_meta(new: Path) -> None:
    assert set(canvas_quiz_titles(OLD).values()) == {None}, "the old quizzes import as Untitled"
    titles = _module_titles()
    assert canvas_quiz_titles(new) == {f"hb-{q}": titles[q] for q in _quizzes()}


def test_the_package_manifest_has_organizations_before_resources(new: Path) -> None:
    """IMS Content Packaging: <manifest> holds metadata?, organizations, resources, in that order."""

    def children(bank: Path) -> list[str]:
        return [etree.QName(c).localname for c in etree.fromstring(_qti_files(bank)["imsmanifest.xml"])]

    assert "organizations" not in children(OLD)
    assert children(new) == ["metadata", "organizations", "resources"]


# --- Moodle's import rules -----------------------------------------------------------------------

# question_bank::fraction_options_full() (question/engine/bank.php): 0, 1, these and their negatives, -1.
MOODLE_FRACTIONS = [0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3, 0.25, 0.2, 0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05]
MOODLE_GRADES = [0.0, 1.0, *MOODLE_FRACTIONS, *(-f for f in MOODLE_FRACTIONS), -1.0]


def moodle_fractions_problems(fractions: list[float], *, single: bool) -> list[str]:
    """What Moodle says importing a multichoice question with these fractions (0..1):
    question/format.php rejects a grade off the list (match_grade_options, 'error' mode: within
    0.00001); qtype_multichoice's save_question_options wants a maximum of 1 for a single answer
    (fractionsnomax) and positive fractions summing to 1 for several (fractionsaddwrong)."""
    problems = [f"invalidgrade {f}" for f in fractions if not any(abs(f - g) < 0.00001 for g in MOODLE_GRADES)]
    if single and max(fractions) != 1:
        problems.append(f"fractionsnomax {max(fractions) * 100}")
    if single and sum(f == 1 for f in fractions) != 1:
        problems.append("not exactly one right answer")
    if not single and round(sum(f for f in fractions if f > 0), 2) != 1:
        problems.append(f"fractionsaddwrong {sum(f for f in fractions if f > 0) * 100}")
    return problems


def test_the_moodle_rules_reject_what_moodle_rejects() -> None:
    assert moodle_fractions_problems([0.5, 0.5, -0.35], single=False) == ["invalidgrade -0.35"]
    assert moodle_fractions_problems([0.5, 0.0], single=True) == ["fractionsnomax 50.0", "not exactly one right answer"]
    assert moodle_fractions_problems([0.5, 0.3333333, -1.0], single=False)[0].startswith("fractionsaddwrong")


def test_moodle_xml_follows_moodles_import_rules(new: Path) -> None:
    quizzes = {f"{quiz}/{q['id']}": q for quiz, qs in _quizzes().items() for q in qs}
    seen = set()
    for node in _moodle(new).findall("question"):
        if node.get("type") == "category":
            continue
        name = str(node.findtext("name/text"))
        seen.add(name)
        q = quizzes[name]
        if q["type"] in CHOICE_TYPES:
            single = node.findtext("single") == "true"
            assert single == (q["type"] in SINGLE_TYPES), name
            fractions = [float(a.get("fraction", "")) / 100 for a in node.findall("answer")]
            assert moodle_fractions_problems(fractions, single=single) == [], name
        elif q["type"] == "order":
            assert node.get("type") == "matching" and len(node.findall("subquestion")) == len(q["items"]) >= 3, name
        else:
            assert node.get("type") == "essay" and _says(str(node.findtext("graderinfo/text")), q["model_answer"]), name
    assert seen == set(quizzes)


# --- README and the manifest page ----------------------------------------------------------------


@needs_tools
def test_readme_says_what_gift_carries_of_an_essay(new: Path, gift: dict[str, list[dict[str, Any]]]) -> None:
    """Moodle's GIFT reader gives an essay no information for graders (gift-pegjs has no field for
    it either): the model answer is only in the general feedback, and the README must say so."""
    essays = [q for q in gift["new"] if q["type"] == "Essay"]
    assert essays and all(set(q) <= {"type", "title", "stem", "hasEmbeddedAnswers", "globalFeedback", "id", "tags"} for q in essays)
    old, current = (OLD / "README.txt").read_text(encoding="utf-8"), (new / "README.txt").read_text(encoding="utf-8")
    caveat = re.compile(r"GIFT.*no field for\s+information for graders.*only in its general feedback", re.DOTALL)
    assert not caveat.search(old)
    assert caveat.search(current)


def test_the_manifest_page_documents_the_question_anchor_and_question_url() -> None:
    from generator.export.manifest import manifest_asset

    book, _ = check(ROOT)
    course = json.loads(manifest_asset(book, directory_urls=True, site_url="").content)
    page = (ROOT / "docs/trainers/manifest.md").read_text(encoding="utf-8")
    assert "`#<question id>`" not in page
    assert "#q-<quiz id>-<question id>" in page and "question_url`" in page
    for quiz in course["quizzes"]:
        assert quiz["question_url"].endswith(f"#q-{quiz['id']}-{{id}}")
