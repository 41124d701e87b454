"""YAML mistakes in plain words (issue 19): every message says where the mistake is and what to write,
and doing what it says makes the file parse. The exact reports of the five commonest mistakes are
golden files (tests/golden/errors/yaml-*.yml, tab-indent.yml); here each suggestion is applied."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from generator.load.yaml import load_yaml

GOLDEN = Path(__file__).parent / "golden" / "errors"
HEAD = "id: visit\ntitle: A short visit\nsummary: Two turns.\nturns:\n"

MISTAKES = {
    "list item left of its key": "id: v\nfocus:\n  alliance:\n  - bond\n  alsi:\n - listen\n",
    "list item outdented": HEAD + "  - speaker: pwd\n    text: Hi\n - speaker: hcp\n   text: Hello\n",
    "list item at column 1 after indented ones": HEAD + "  - speaker: pwd\n    text: Hi\n- speaker: hcp\n  text: Hello\n",
    "list item indented further": HEAD + "  - speaker: pwd\n    text: Hi\n   - speaker: hcp\n     text: Hello\n",
    "field too deep": HEAD + "  - speaker: hcp\n    text: Hi\n      alliance: [bond]\n    effect: builds\n",
    "field too deep at the top": "id: v\n title: T\nsummary: s\n",
    "field too deep in a mapping": "id: v\ncontext:\n  diabetes: type 2\n   setting: GP\n",
    "field too shallow": HEAD + "  - speaker: hcp\n    text: Hi\n   alliance: [bond]\n    effect: builds\n",
    "field at the list's column": HEAD + "  - speaker: hcp\n    text: Hi\n  alliance: [bond]\n    effect: builds\n",
    "top field indented after a list": HEAD + "  - speaker: pwd\n    text: Hi\n focus: x\n",
    "missing space after colon": "id: v\ntitle:A short visit\nsummary: s\n",
    "missing space after colon in an item": HEAD + "  - speaker: pwd\n    text:Hi there\n",
    "missing space after the dash": HEAD + "  -speaker: pwd\n    text: Hi\n",
    "unclosed double quote": 'id: v\ntitle: "A short visit\nsummary: s\nturns: []\n',
    "unclosed single quote at the end": "id: v\nsummary: s\ntitle: 'A short visit\n",
    "unclosed quote closed by the next field's": 'id: v\ntitle: "A short visit\nsummary: "Two turns."\nturns: []\n',
    "text after a closing quote": 'id: v\ntitle: "Hello," she said\nsummary: s\n',
    "colon inside a text": "id: v\ntitle: Honestly: I forget\nsummary: s\n",
    "stray line of text": HEAD + "  - speaker: pwd\n    text: Honestly\n   I forget\n  - speaker: hcp\n    text: Hello\n",
    "stray line after a quoted text": HEAD + '  - speaker: pwd\n    text: "Honestly"\n   I forget\n  - speaker: hcp\n    text: Hello\n',
    "unclosed flow mapping": "id: v\nfocus: {alliance: [bond], alsi: [listen]\nsummary: s\n",
    "unclosed flow list": "id: v\nthemes: [a, b\nsummary: s\n",
    "tab for indentation": HEAD + "  - speaker: pwd\n\ttext: Hi\n",
}


def reindent(line: str, column: int) -> str:
    return " " * (column - 1) + line.lstrip(" \t")


def apply(text: str, line_no: int, message: str) -> str:
    """Do what ``message`` says to line ``line_no`` of ``text`` (1-based), and only that."""
    lines = text.split("\n")
    i = line_no - 1
    if m := re.search(r"write '(.+)'$", message):  # a corrected line: keep the indentation, replace the rest
        lines[i] = lines[i][: len(lines[i]) - len(lines[i].lstrip(" "))] + m.group(1)
    elif m := re.search(r"put (?:the whole text|all of it) in (?:single )?quotes.*?: (\S+: '.*')$", message):
        key = m.group(1).split(":")[0]
        lines[i] = lines[i][: lines[i].index(key)] + m.group(1)
    elif (m := re.search(r"end the text with (.) on this line", message)) or (m := re.search(r"expected '(.)' to close", message)):
        lines[i] += m.group(1)
    elif m := re.search(r"(?:start it at|indent the list's items to|indent it to) column (\d+)", message):
        lines[i] = reindent(lines[i], int(m.group(1)))
    elif m := re.search(r"move the item \(lines (\d+) to (\d+)\) (\d+) columns? to the (right|left)", message):
        first, last, by = int(m.group(1)), int(m.group(2)), int(m.group(3))
        for j in range(first - 1, last):
            if lines[j].strip():
                lines[j] = " " * by + lines[j] if m.group(4) == "right" else lines[j][by:]
    elif "move it inside that text's quotes" in message:
        j = int(re.search(r"on line (\d+)", message).group(1)) - 1  # type: ignore[union-attr]
        q = lines[j].rstrip()[-1]
        lines[j] = lines[j].rstrip()[:-1] + " " + lines[i].strip() + q
        del lines[i]
    elif "found a tab" in message:
        lines[i] = lines[i].replace("\t", "    ")
    else:
        raise AssertionError(f"no change to apply in: {message}")
    return "\n".join(lines)


@pytest.mark.parametrize("text", MISTAKES.values(), ids=MISTAKES.keys())
def test_each_message_says_what_to_write_and_doing_it_parses(text: str) -> None:
    seen: list[str] = []
    for _ in range(3):
        data, _, findings = load_yaml(text, "x.yml")
        if data is not None:
            break
        (finding,) = findings
        assert "invalid YAML" not in finding.message, f"raw parser message: {finding.message}"
        assert "<block end>" not in finding.message and "scanning" not in finding.message
        assert finding.message not in seen, f"the same message after applying its own fix: {finding.message}"
        seen.append(finding.message)
        text = apply(text, finding.line, finding.message)
    else:
        raise AssertionError(f"still not YAML after applying {seen}")
    assert seen, "the mistake was not reported"
    assert yaml.safe_load(text) == data


def test_the_golden_yaml_mistakes_parse_once_their_message_is_followed() -> None:
    cases = [*sorted(GOLDEN.glob("yaml-*.yml")), GOLDEN / "tab-indent.yml"]
    assert len([c for c in cases if "relative-link" not in c.name]) >= 7
    for path in cases:
        case = yaml.safe_load(path.read_text(encoding="utf-8"))
        text = case["files"]["content/dialogues/visit.yml"]
        data, _, findings = load_yaml(text, "x.yml")
        if data is not None:
            continue  # a golden case whose mistake is not YAML syntax (e.g. a link)
        for _ in range(3):
            (finding,) = findings
            text = apply(text, finding.line, finding.message)
            data, _, findings = load_yaml(text, "x.yml")
            if data is not None:
                break
        assert data is not None, f"{path.name}: still not YAML"


def test_a_mistake_without_a_plain_explanation_keeps_the_parsers_words() -> None:
    _, _, (finding,) = load_yaml("id: v\n? [a]\n: b\n...\n---\nx: 1\n", "x.yml")
    assert finding.message.startswith("invalid YAML: ") or finding.message.startswith("expected ")
