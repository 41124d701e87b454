"""Question-bank exports, parsed: Moodle XML and QTI 1.2 with xml.etree, on the built site. GIFT is read
with gift-pegjs, and every format with the LMSs' own rules, in test_qbank_tools.py."""

from __future__ import annotations

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
        hrefs = [r.get("href") for r in manifest.iter() if r.tag.endswith("resource") and r.get("type") == "imsqti_xmlv1p2"]
        quizzes = _quizzes()
        assert sorted(h.split("/")[0] for h in hrefs if h) == sorted(f"hb-{q}" for q in quizzes)
        for href in hrefs:
            assert href
            root = ET.fromstring(z.read(href))
            items = {i.get("ident"): i for i in root.iter(f"{QTI}item")}
            quiz = href.split("/")[0].removeprefix("hb-")
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
                    assert linked == {"general_fb"} | {f"{label}_fb" for label in labels}


def test_the_trainers_page_links_every_download_and_names_the_conversions(site_dir: Path) -> None:
    page = (site_dir / "trainers/question-banks/index.html").read_text(encoding="utf-8")
    for name in ("handbook-moodle.xml", "handbook-gift.txt", "handbook-qti12.zip", "README.txt"):
        assert f'href="../../{BANKS}/{name}"' in page
        assert (site_dir / BANKS / name).is_file()
    readme = (site_dir / BANKS / "README.txt").read_text(encoding="utf-8")
    for kind in ("order: matching", "reflection: essay"):
        assert kind in readme
