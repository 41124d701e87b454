"""Non-page outputs of a build (course manifest, redirect pages, question banks, ...).

Like pages, they are plain data: the MkDocs plugin adds them as virtual files and the command line
writes them to a folder, so both engines publish the same files at the same URLs.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GeneratedAsset:
    """A file for the site, copied as is: its path from the site root and its content."""

    path: str
    content: str | bytes

    def data(self) -> bytes:
        return self.content.encode("utf-8") if isinstance(self.content, str) else self.content


@dataclass(frozen=True)
class GeneratedPage:
    """A page for the site: its path in the docs tree, its Markdown, and the content file behind it."""

    src: str
    markdown: str
    source: str
    title: str
