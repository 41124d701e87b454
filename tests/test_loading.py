"""Loading YAML with positions, and the validation messages built on it."""

from __future__ import annotations

import gc
import tracemalloc
from pathlib import Path

import pytest
import yaml

from generator.errors import did_you_mean
from generator.load.loader import load_handbook, split_front_matter
from generator.load.validate import validate
from generator.load.yaml import decode, load_yaml
from generator.model.content import Dialogue


def test_positions_are_one_based_and_kept_for_values_and_keys() -> None:
    data, pos, findings = load_yaml("a: 1\nb:\n  - x\n  - {c: d}\n", "f.yml")
    assert findings == []
    assert data == {"a": 1, "b": ["x", {"c": "d"}]}
    assert pos.of(("a",)) == (1, 4)
    assert pos.of(("b", 1, "c")) == (4, 9)
    assert pos.of(("b", 1, "c"), key=True) == (4, 6)


def test_line_offset_shifts_positions_for_front_matter() -> None:
    _, pos, _ = load_yaml("id: x\n", "m.md", line_offset=1)
    assert pos.of(("id",)) == (2, 5)


def test_duplicate_keys_are_rejected_not_silently_overwritten() -> None:
    data, _, findings = load_yaml("a: 1\na: 2\n", "f.yml")
    assert data is None
    assert [(f.line, f.column) for f in findings] == [(2, 1)]
    assert "duplicate field 'a' (first given at line 1)" in findings[0].message


def test_aliases_are_rejected_so_alias_bombs_never_expand() -> None:
    bomb = "a: &a [1, 2]\nb: [*a, *a]\n"
    data, _, findings = load_yaml(bomb, "f.yml")
    assert data is None and "alias '*a'" in findings[0].message


def test_object_constructing_tags_are_rejected() -> None:
    data, _, findings = load_yaml("x: !!python/object/apply:os.system [ls]\n", "f.yml")
    assert data is None and "tags are not allowed" in findings[0].message


def test_dates_stay_text() -> None:
    data, _, _ = load_yaml("d: 2024-01-01\n", "f.yml")
    assert data == {"d": "2024-01-01"}


def test_non_utf8_points_at_the_byte() -> None:
    text, finding = decode(b"ok\nab\xffc", "f.yml")
    assert text is None and finding is not None
    assert (finding.line, finding.column) == (2, 3)


def test_front_matter_split_reports_body_line() -> None:
    assert split_front_matter("---\nid: x\n---\nBody\n") == ("id: x", "Body\n", 4)
    assert split_front_matter("no front matter") is None


def test_did_you_mean() -> None:
    assert did_you_mean("bonding", ["bond", "task", "goal"]) == " did you mean 'bond'?"
    assert did_you_mean("summarize", ["ask", "listen", "summarise", "invite"]) == " did you mean 'summarise'?"
    assert did_you_mean("titel", ["id", "title", "summary"]) == " did you mean 'title'?"
    assert did_you_mean("zebra", ["bond", "task", "goal"]) == ""


def test_strict_models_do_not_coerce() -> None:
    data, pos, _ = load_yaml(
        "id: x\ntitle: T\nsummary: yes\ncontext: {diabetes: type 1, setting: s, hcp: GP}\nfocus: {alliance: [bond]}\n"
        "turns: [{speaker: pwd, text: a}, {speaker: pwd, text: b}]\n",
        "content/dialogues/x.yml",
    )
    model, findings = validate(Dialogue, data, pos)
    assert model is None
    assert findings[0].format() == (
        "content/dialogues/x.yml:3:10: error: 'summary' expected text, found true/false (true); put it in quotes if you meant text"
    )


def test_shipped_content_loads_without_findings() -> None:
    book, findings = load_handbook(Path(__file__).resolve().parent.parent)
    assert findings == []
    assert len(book.dialogues) >= 14


def test_the_loader_is_one_loop_over_the_kinds_registry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every registered kind is loaded into its Handbook field, and a kind added to the registry
    is loaded with no other change to the loader."""
    from generator.load import loader
    from generator.model.content import Figure
    from generator.model.kinds import KINDS, Kind

    root = Path(__file__).resolve().parent.parent
    book, _ = load_handbook(root)
    for kind in KINDS:
        value = getattr(book, kind.attr)
        assert value, f"{kind.name}: nothing loaded into Handbook.{kind.attr}"
    figure = (root / "content" / "figures").glob("*.yml").__next__()
    (tmp_path / "content" / "diagrams").mkdir(parents=True)
    (tmp_path / "content" / "diagrams" / figure.name).write_bytes(figure.read_bytes())
    (tmp_path / "content" / "diagrams" / "broken.yml").write_text("id: broken\n", encoding="utf-8")
    extra = Kind("diagram", Figure, "Diagram", "figures", folder="diagrams")
    monkeypatch.setattr(loader, "KINDS", (extra,))
    book, findings = load_handbook(tmp_path)
    assert [doc.path for doc in book.figures] == [f"content/diagrams/{figure.name}"]
    assert book.unreadable == {"diagram": {"broken"}}
    assert findings and all(f.path == "content/diagrams/broken.yml" for f in findings)


def _live_nodes() -> int:
    gc.collect()
    return sum(isinstance(o, yaml.nodes.Node) for o in gc.get_objects())


def _traced_after(loads: int, text: str) -> int:
    for _ in range(loads):
        load_yaml(text, "content/dialogues/x.yml")
    gc.collect()
    return tracemalloc.get_traced_memory()[0]


def test_the_loader_keeps_nothing_it_built_between_checks() -> None:
    """Issue 24: under `mkdocs serve` every rebuild checks the content again, in the same process;
    the positioned YAML loader must not keep the nodes it built (PyYAML's constructor remembers
    every node it constructed until it is told to forget). Counted, not timed: the YAML nodes alive
    after many checks, and the memory still allocated, do not grow with the number of checks."""
    root = Path(__file__).resolve().parent.parent
    load_handbook(root)  # warm: imports, caches of compiled patterns and models
    nodes = _live_nodes()
    for _ in range(5):
        load_handbook(root)
    assert _live_nodes() == nodes
    bad = "title: [unclosed\n"  # the slow path too, which reports a mistake
    load_yaml(bad, "x.yml")
    nodes = _live_nodes()
    for _ in range(5):
        load_yaml(bad, "x.yml")
        load_yaml("a: 1\nb: [2, 3]\nc: !!int x\n", "x.yml")
    assert _live_nodes() == nodes
    dialogue = (root / "content/dialogues/fear-of-going-low.yml").read_text(encoding="utf-8")
    tracemalloc.start()
    try:
        once = _traced_after(1, dialogue)
        many = _traced_after(20, dialogue)
    finally:
        tracemalloc.stop()
    assert many - once < 50_000, f"{(many - once) // 1000} KB more after 20 more loads of one dialogue"
