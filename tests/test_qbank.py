"""Question-bank exports, parsed: Moodle XML and QTI 1.2 with xml.etree, GIFT with a small parser."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import Any

import yaml
from support import ROOT

BANKS = "downloads/question-banks"
QTI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
CHOICE_TYPES = {"single", "multiple", "classify-turn", "alsi-step", "next-response"}


def _quizzes() -> dict[str, list[dict[str, Any]]]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))["questions"] for p in sorted((ROOT / "content/quizzes").glob("*.yml"))}


def _n_options(q: dict[str, Any]) -> int:
    if q["type"] == "classify-turn":
        return 3
    if q["type"] == "alsi-step":
        return 4
    return len(q.get("options", []))


def test_moodle_xml_holds_every_question_with_feedback(site_dir: Path) -> None:
    root = ET.parse(site_dir / BANKS / "handbook-moodle.xml").getroot()
    questions = [q for q in root.findall("question") if q.get("type") != "category"]
    by_name = {q.findtext("name/text"): q for q in questions}
    expected = {f"{quiz}/{q['id']}": q for quiz, qs in _quizzes().items() for q in qs}
    assert set(by_name) == set(expected)
    for name, q in expected.items():
        node = by_name[name]
        assert node.findtext("generalfeedback/text")
        if q["type"] in CHOICE_TYPES:
            answers = node.findall("answer")
            assert len(answers) == _n_options(q)
            assert all(a.findtext("feedback/text") for a in answers)
            total = sum(max(float(a.get("fraction", "0")), 0) for a in answers)
            assert abs(total - 100) < 0.01
        elif q["type"] == "order":
            assert node.get("type") == "matching" and len(node.findall("subquestion")) == len(q["items"])
        else:
            assert node.get("type") == "essay" and node.findtext("graderinfo/text")


def test_qti_package_holds_every_question_with_feedback(site_dir: Path) -> None:
    with zipfile.ZipFile(site_dir / BANKS / "handbook-qti12.zip") as z:
        manifest = ET.fromstring(z.read("imsmanifest.xml"))
        hrefs = [r.get("href") for r in manifest.iter() if r.tag.endswith("resource")]
        quizzes = _quizzes()
        assert sorted(h.split("/")[0] for h in hrefs if h) == sorted(quizzes)
        for href in hrefs:
            assert href
            root = ET.fromstring(z.read(href))
            items = {i.get("ident"): i for i in root.iter(f"{QTI}item")}
            quiz = href.split("/")[0]
            assert set(items) == {f"{quiz}-{q['id']}" for q in quizzes[quiz]}
            for q in quizzes[quiz]:
                item = items[f"{quiz}-{q['id']}"]
                labels = [x.get("ident") for x in item.iter(f"{QTI}response_label")]
                feedback = {f.get("ident"): "".join(f.itertext()).strip() for f in item.iter(f"{QTI}itemfeedback")}
                assert feedback.get("general_fb")
                if q["type"] in CHOICE_TYPES:
                    assert len(labels) == _n_options(q)
                    assert all(feedback.get(f"{label}_fb") for label in labels)
                    linked = {d.get("linkrefid") for d in item.iter(f"{QTI}displayfeedback")}
                    assert linked == {f"{label}_fb" for label in labels}


def parse_gift(text: str) -> list[dict[str, Any]]:
    """A small GIFT parser: categories, ::title::, question text, and answers with =, ~, ~%n%, -> and #feedback."""
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("//")]
    questions: list[dict[str, Any]] = []
    category = ""
    for block in re.split(r"\n\s*\n", "\n".join(lines)):
        block = block.strip()
        if not block:
            continue
        if block.startswith("$CATEGORY:"):
            category = block.split(":", 1)[1].strip()
            continue
        tokens = _split_unescaped(block)
        assert tokens[0] == "" and len(tokens) >= 3, block[:80]
        title = _unescape(tokens[1])
        rest = "::".join(tokens[2:])
        start, end = _find_unescaped(rest, "{"), _find_unescaped(rest, "}")
        assert 0 <= start < end == len(rest) - 1, f"answers must close the question: {title}"
        body = rest[start + 1 : end]
        answers, general = [], None
        for raw in _answers(body):
            if raw.startswith("####"):
                general = _unescape(raw[4:])
                continue
            mark, raw = raw[0], raw[1:]
            weight = None
            if raw.startswith("%"):
                weight, raw = raw[1:].split("%", 1)
            feedback = None
            cut = _find_unescaped(raw, "#")
            if cut >= 0:
                raw, feedback = raw[:cut], _unescape(raw[cut + 1 :])
            pair = raw.split(" -> ") if " -> " in raw else None
            answers.append({"mark": mark, "weight": weight, "text": _unescape(raw.strip()), "feedback": feedback, "pair": pair})
        questions.append({"category": category, "title": title, "text": _unescape(rest[:start]), "answers": answers, "general": general})
    return questions


def _find_unescaped(s: str, ch: str) -> int:
    i = 0
    while i < len(s):
        if s[i] == "\\":
            i += 2
            continue
        if s[i] == ch:
            return i
        i += 1
    return -1


def _split_unescaped(s: str) -> list[str]:
    parts, cur, i = [], "", 0
    while i < len(s):
        if s[i] == "\\":
            cur += s[i : i + 2]
            i += 2
        elif s.startswith("::", i) and len(parts) < 2:
            parts.append(cur)
            cur, i = "", i + 2
        else:
            cur += s[i]
            i += 1
    return [*parts, cur]


def _answers(body: str) -> list[str]:
    """Answer tokens start at an unescaped = or ~ (or ####) at the start of a line."""
    tokens: list[str] = []
    for line in body.splitlines():
        line = line.strip()
        if not line:
            continue
        assert line[0] in "=~#", line[:40]
        tokens.append(line)
    return tokens


def _unescape(s: str) -> str:
    return re.sub(r"\\(.)", r"\1", s).strip()


def test_gift_parses_and_holds_every_question_with_feedback(site_dir: Path) -> None:
    parsed = parse_gift((site_dir / BANKS / "handbook-gift.txt").read_text(encoding="utf-8"))
    by_title = {q["title"]: q for q in parsed}
    expected = {f"{quiz}/{q['id']}": q for quiz, qs in _quizzes().items() for q in qs}
    assert len(parsed) == len(expected) and set(by_title) == set(expected)
    for title, q in expected.items():
        g = by_title[title]
        assert g["text"].startswith("[html]") and g["general"]
        if q["type"] in CHOICE_TYPES:
            assert len(g["answers"]) == _n_options(q)
            assert all(a["feedback"] for a in g["answers"])
            if q["type"] in ("single", "next-response"):
                assert sum(a["mark"] == "=" for a in g["answers"]) == sum(bool(o.get("correct")) for o in q["options"])
            else:
                assert abs(sum(max(float(a["weight"]), 0) for a in g["answers"]) - 100) < 0.01
        elif q["type"] == "order":
            assert [a["pair"][1] for a in g["answers"]] == [str(i) for i in range(1, len(q["items"]) + 1)]


def test_gift_parser_reads_escapes_and_rejects_an_unclosed_question() -> None:
    [q] = parse_gift("::a\\:b::[html]Is 1\\=1?{\n\t=yes#right\\#1\n\t~no#wrong\n\t####why\n}")
    assert q["title"] == "a:b" and q["text"] == "[html]Is 1=1?"
    assert [(a["mark"], a["text"], a["feedback"]) for a in q["answers"]] == [("=", "yes", "right#1"), ("~", "no", "wrong")]
    try:
        parse_gift("::t::text{\n=a\n")
    except AssertionError:
        pass
    else:
        raise AssertionError("an unclosed question was accepted")


def test_the_trainers_page_links_every_download_and_names_the_conversions(site_dir: Path) -> None:
    page = (site_dir / "trainers/question-banks/index.html").read_text(encoding="utf-8")
    for name in ("handbook-moodle.xml", "handbook-gift.txt", "handbook-qti12.zip", "README.txt"):
        assert f'href="../../{BANKS}/{name}"' in page
        assert (site_dir / BANKS / name).is_file()
    readme = (site_dir / BANKS / "README.txt").read_text(encoding="utf-8")
    for kind in ("order: matching", "reflection: essay"):
        assert kind in readme
