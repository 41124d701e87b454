"""The one Markdown renderer: its plain-text shortcut must give exactly the parser's output."""

from __future__ import annotations

import pytest
from support import ROOT

from generator.check.textfields import text_fields
from generator.load.loader import load_handbook
from generator.render import markdown as mdrender


def _parsed(text: str) -> str:
    mdrender._md.reset()
    return str(mdrender._md.convert(text))


def test_shortcut_matches_the_parser_on_every_content_text() -> None:
    book, _ = load_handbook(ROOT)
    texts = [f.text for f in text_fields(book)]
    texts += [q.prompt for doc in book.quizzes for q in doc.model.questions]
    shortcut = 0
    for text in texts:
        if not mdrender._MARKDOWN_SYNTAX.search(text):
            shortcut += 1
        assert str(mdrender.render(text)) == _parsed(text), text
    assert shortcut > 100, "the shortcut should serve most plain turns"


@pytest.mark.parametrize(
    "text",
    ["a *b*", "1. one", "- item", "> quote", "x  ", "a\nb", "It's 5 < 6 & so", "   code", "see [x](y)", "Dr. Who's 'quote' \"and\""],
)
def test_shortcut_matches_the_parser_on_edge_cases(text: str) -> None:
    assert str(mdrender.render(text)) == _parsed(text)
