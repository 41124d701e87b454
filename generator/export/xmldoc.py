"""The XML documents the exports write (Moodle XML, QTI, the SCORM imsmanifest.xml): well-formed
whatever text content holds.

ElementTree writes any character it is given, but XML 1.0 allows some nowhere in a document (its
Char production): the C0 controls but tab, line feed and carriage return, lone surrogates, and the
noncharacters U+FFFE and U+FFFF. One of them in a title or a question makes the whole file
unreadable to Moodle, Canvas or the LMS. The check refuses each in content (generator/check/text.py);
here, whatever got past it becomes U+FFFD, the replacement character, so the file stays readable.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element, tostring

NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'


def xml_text(text: str) -> str:
    """``text`` with every character XML 1.0 does not allow replaced by U+FFFD."""
    return NOT_XML.sub("\ufffd", text)


def document(root: Element) -> str:
    """``root`` as a well-formed XML document, with its declaration and a final line end."""
    return DECLARATION + xml_text(tostring(root, encoding="unicode")) + "\n"
