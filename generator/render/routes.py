"""Every page path, URL and anchor of the site, in one place."""

from __future__ import annotations

import posixpath

QUIZ_ANCHOR = "check-your-understanding"
# The question banks, under the site root.
QBANK_FOLDER = "downloads/question-banks"
QBANK_FILES = {"moodle": "handbook-moodle.xml", "gift": "handbook-gift.txt", "qti": "handbook-qti12.zip", "readme": "README.txt"}


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


def relative_md(from_src: str, to_src: str) -> str:
    """A relative link between two source pages for Markdown (MkDocs turns it into the URL and checks it)."""
    return posixpath.relpath(to_src, posixpath.dirname(from_src) or ".")
