"""Every page path, URL and anchor of the site, in one place.

Pages are named by their source path in the docs tree ('dialogues/x.md'); ``page_url`` turns one
into the URL MkDocs gives it and ``relative_url`` into a link from another page. Templates reach
this module as the global ``routes`` (context.py), so no template spells a path or anchor itself.
"""

from __future__ import annotations

import posixpath

# -- Pages ------------------------------------------------------------------------------------

HOME = "index.md"
GALLERY = "dialogues/index.md"
REFERENCES = "references.md"
GLOSSARY = "glossary.md"
PROGRESS = "progress.md"
REVIEW = "review.md"
RECORD = "record.md"
FACILITATOR_INDEX = "trainers/dialogues/index.md"
QUIZ_SHEETS_INDEX = "trainers/quizzes/index.md"
QUESTION_BANKS = "trainers/question-banks.md"
OFFLINE = "trainers/offline.md"
SCORM = "trainers/scorm.md"
OBSERVER_CHECKLIST = "trainers/observer-checklist.md"
SCHEMA = "contributing/schema.md"
CODEBOOK = "codebook.md"
CONTRIBUTING = "contributing/index.md"


def dialogue(dialogue_id: str) -> str:
    return f"dialogues/{dialogue_id}.md"


def module(module_id: str) -> str:
    return f"modules/{module_id}.md"


def facilitator(dialogue_id: str) -> str:
    return f"trainers/dialogues/{dialogue_id}.md"


def embed_dialogue(dialogue_id: str) -> str:
    return f"embed/dialogues/{dialogue_id}.md"


def embed_quiz(quiz_id: str) -> str:
    return f"embed/quizzes/{quiz_id}.md"


def quiz_sheet(quiz_id: str, *, answers: bool) -> str:
    """The printable answer key (``answers``) or the learners' handout of one quiz."""
    return f"trainers/quizzes/{quiz_id}{'' if answers else '-handout'}.md"


# -- Anchors (element ids) ----------------------------------------------------------------------

# Every generated page's title heading (its first element): Material's "Skip to content" link
# targets the first heading with an id, so without this it skipped past the introduction.
TITLE_ANCHOR = "page-title"
# The module page's self-check heading; set explicitly in module.md.j2, never left to slugify.
QUIZ_ANCHOR = "check-your-understanding"


def turn_anchor(n: int | str, *, better: bool = False) -> str:
    return f"turn-{n}-better" if better else f"turn-{n}"


def node_anchor(node_id: str) -> str:
    """A turn off the main line of a branching dialogue."""
    return f"node-{node_id}"


def ending_anchor(ending_id: str) -> str:
    """An ending of a branching dialogue."""
    return f"ending-{ending_id}"


# Sections of the codebook page (codebook.md.j2 sets them on its headings).
CODEBOOK_PARTS = "alliance-parts"
CODEBOOK_RULES = "decision-rules"
CODEBOOK_RELIABILITY = "reliability"


def situation_anchor(situation: str) -> str:
    """A situation's list of dialogues on the gallery page."""
    return f"situation-{situation}"


def slip_anchor(slip: str) -> str:
    """A slip's section on the codebook page."""
    return f"slip-{slip}"


def rule_anchor(rule_id: str) -> str:
    """A decision rule's section on the codebook page."""
    return f"rule-{rule_id}"


def ref_anchor(key: str) -> str:
    return f"ref-{key}"


def question_anchor(quiz_id: str, question_id: str) -> str:
    """The element id of a question on its module page."""
    return f"q-{quiz_id}-{question_id}"


# -- Files (paths from the site root) ---------------------------------------------------------

MANIFEST = "course.json"
# The agreement between the key and the independent second coding, for trainers (export/agreement.py).
AGREEMENT = "agreement.json"
QBANK_FOLDER = "downloads/question-banks"
QBANK_FILES = {"moodle": "handbook-moodle.xml", "gift": "handbook-gift.txt", "qti": "handbook-qti12.zip", "readme": "README.txt"}
DOWNLOADS = "downloads"
# The SCORM packages (`make scorm`), when a build publishes them: <module id>.zip and handbook.zip.
SCORM_FOLDER = "downloads/scorm"
# The site's own JS and CSS (minified from generator/static/ by export/static.py).
ASSETS = "assets"


# -- URLs -------------------------------------------------------------------------------------


def page_url(src: str, directory_urls: bool) -> str:
    """The site-relative URL MkDocs gives a source page ('dialogues/x.md' -> 'dialogues/x/')."""
    stem = src[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        base = stem[: -len("index")]
        return base if directory_urls else base + "index.html"
    return stem + "/" if directory_urls else stem + ".html"


def relative_url(from_src: str, to_src: str, directory_urls: bool, anchor: str = "") -> str:
    """A relative href from one page to another, for links inside raw HTML (MkDocs leaves those alone)."""
    here = page_url(from_src, directory_urls)
    there = page_url(to_src, directory_urls)
    here_dir = here if here.endswith("/") or here == "" else posixpath.dirname(here) + "/"
    rel = posixpath.relpath(there or ".", here_dir.rstrip("/") or ".")
    if (there.endswith("/") or there == "") and not rel.endswith("/"):
        rel += "/"
    return rel + (f"#{anchor}" if anchor else "")


def source_link(from_src: str, to_path: str, anchor: str = "") -> str:
    """A relative link between two files of the docs tree, for Markdown links (MkDocs resolves
    '.md' targets to URLs and checks them) and for files such as downloads."""
    rel = posixpath.relpath(to_path, posixpath.dirname(from_src) or ".")
    return rel + (f"#{anchor}" if anchor else "")


def absolute(url: str, site_url: str) -> str:
    """``url`` (from the site root) under ``site_url``; unchanged when the site has no URL."""
    return site_url.rstrip("/") + "/" + url if site_url else url
