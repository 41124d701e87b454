"""The exports' XML documents are well-formed whatever text they are given (generator/export/xmldoc.py)."""

from __future__ import annotations

from xml.etree.ElementTree import Element, SubElement

from lxml import etree

from generator.export.xmldoc import document


def test_characters_xml_cannot_hold_become_the_replacement_character() -> None:
    root = Element("quiz", title="a\ufffeb")
    SubElement(root, "text").text = "Fear\ufffe of\x01 going\x0b low\uffff \u202e\x85 \U0010fffe\ud800"
    text = document(root)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    parsed = etree.fromstring(text.encode("utf-8"))  # strict: an ill-formed document raises
    assert parsed.get("title") == "a\ufffdb"
    assert parsed[0].text == "Fear\ufffd of\ufffd going\ufffd low\ufffd \u202e\x85 \U0010fffe\ufffd"
