"""The handbook's Markdown dialect as patterns: citations, directives, links and statistics, and
the URL schemes content may never use. Checks and rendering read the same patterns."""

from __future__ import annotations

import re

UNSAFE_SCHEME = re.compile(r"^\s*(?:javascript|data|vbscript|file)\s*:", re.IGNORECASE)
CITATION = re.compile(r"\[@([^\]]*)\]")
DIRECTIVE = re.compile(r"^\[\[\s*([a-z]+)\s*(?::\s*([^\]\s]*)\s*)?\]\]\s*$", re.MULTILINE)
LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]*)|^\s*\[[^\]]+\]:\s*<?(\S+)|<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*)>", re.MULTILINE)
STATISTIC = re.compile(
    r"\b\d+(?:\.\d+)?\s?%|\br\s*=\s*[-−]?0?\.\d+|\b\d{1,3}(?:,\d{3})+\b"
    r"|\b\d{2,}\s+(?:people|patients|participants|adults|physicians|doctors|samples|clients|countries|studies)\b",
    re.IGNORECASE,
)
# Directive name -> whether it takes an id: [[figure: id]], [[dialogue: id]], [[guidance]].
DIRECTIVES = {"figure": True, "dialogue": True, "guidance": False}
