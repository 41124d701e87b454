"""What a branching dialogue's page shows beyond its main line: the choices at each choice point,
the nodes off the main line, the endings, and where each goes next, as anchors on the page.

Everything is server-rendered (dialogue.html.j2), so every path reads without JavaScript: each
choice links to the words it chooses, each node and better reply links on to what follows, and
each ending has an anchor (#node-ID, #ending-ID). branch.js plays the same elements one path at a
time; it reads the graph from the data-* attributes written here and decides nothing itself.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from generator.model.branching import Graph, Key, branches, build, paths
from generator.model.content import Dialogue, Ending, Node
from generator.render import routes
from generator.render.markdown import plain


def anchor(key: Key) -> str:
    kind, name = key
    if kind == "turn":
        return routes.turn_anchor(name)
    return routes.node_anchor(name) if kind == "node" else routes.ending_anchor(name)


@dataclass(frozen=True)
class Step:
    """Where a link leads: its anchor and how it reads ('turn 8', 'Lorraine hangs up')."""

    anchor: str
    label: str


@dataclass(frozen=True)
class ChoiceView:
    say: str  # "said", "better" or a node id
    words: str  # the chosen words, plain
    said_at: str  # the anchor of the element that shows the chosen words
    href: str  # where the link goes without JavaScript: the words, or (for 'said') what follows
    then: Step | None  # where the conversation goes after it
    effect: str


@dataclass(frozen=True)
class PointView:
    at: str  # the anchor of the choice point's step
    prompt: str
    choices: list[ChoiceView]


@dataclass
class BranchView:
    """A branching dialogue's extra parts, by main-line turn number or node id."""

    graph: Graph
    points: dict[str, PointView] = field(default_factory=dict)  # by the step's anchor
    then: dict[str, Step] = field(default_factory=dict)  # a step's (or a better reply's) way on, when not the next turn
    next_of: dict[str, str] = field(default_factory=dict)  # every step's one way on (not at a choice point), for branch.js
    nodes: list[tuple[Node, Step | None]] = field(default_factory=list)
    endings: list[Ending] = field(default_factory=list)
    scoring: str = "ending"
    hash: str = ""


def _label(g: Graph, key: Key, endings: dict[str, Ending]) -> str:
    if key[0] == "ending":
        return f"ending: {endings[key[1]].title}"
    step = g.steps[key]
    if key[0] == "node" and step is not None:
        words = plain(step.text)
        return f"“{words if len(words) <= 60 else words[:57].rstrip() + '…'}”"
    return g.label(key)


def _step(g: Graph, key: Key | None, endings: dict[str, Ending]) -> Step | None:
    return Step(anchor(key), _label(g, key, endings)) if key is not None else None


def view(d: Dialogue) -> BranchView | None:
    """The extra parts of a branching dialogue's page; None for a dialogue that does not branch."""
    if not branches(d):
        return None
    g = build(d)
    endings = {e.id: e for e in d.endings}
    v = BranchView(g, nodes=[], endings=list(d.endings), scoring=d.scoring)
    for key, edges in g.edges.items():
        step = g.steps[key]
        if key in g.branch_at and step is not None:
            _, branch = g.branch_at[key]
            choices = []
            for edge in edges:
                choice = edge.choice
                assert choice is not None
                then = _step(g, edge.target, endings)
                if choice.say == "said":
                    words, said_at, effect = step.text, anchor(key), step.effect or "builds"
                    href = then.anchor if then else said_at
                elif choice.say == "better":
                    alt = getattr(step, "alternative", None)
                    words, said_at, effect = (alt.text if alt else ""), routes.turn_anchor(key[1], better=True), "builds"
                    href = said_at
                    if then:
                        v.then[said_at] = then
                else:
                    node = g.steps.get(("node", choice.say))
                    words, said_at = (node.text if node else ""), routes.node_anchor(choice.say)
                    effect = (node.effect if node else None) or "builds"
                    href = said_at
                    node_next = g.edges.get(("node", choice.say), [])
                    then = _step(g, node_next[0].target, endings) if node_next else None
                choices.append(ChoiceView(choice.say, plain(words), said_at, href, then, effect))
            v.points[anchor(key)] = PointView(anchor(key), branch.prompt or "Choose what the provider says next.", choices)
        elif edges and edges[0].target is not None:
            v.next_of[anchor(key)] = anchor(edges[0].target)
            if key[0] == "node" or edges[0].loc != g.locs[key]:
                v.then[anchor(key)] = Step(anchor(edges[0].target), _label(g, edges[0].target, endings))
    for node in d.nodes:
        edges = g.edges.get(("node", node.id), [])
        v.nodes.append((node, _step(g, edges[0].target, endings) if edges and edges[0].choice is None else None))
    shape = [[anchor(k), [[e.choice.say if e.choice else "", anchor(e.target) if e.target else ""] for e in es]] for k, es in g.edges.items()]
    v.hash = hashlib.sha256(json.dumps([shape, [[e.id, e.score] for e in d.endings], d.scoring]).encode()).hexdigest()[:10]
    return v


def _short(text: str) -> str:
    words = plain(text)
    return words if len(words) <= 60 else words[:57].rstrip() + "…"


@dataclass(frozen=True)
class PathRow:
    """One path for the trainers' map: the choices in words, the ending and the path's score."""

    choices: list[str]
    ending: Ending
    score: float


def path_rows(d: Dialogue) -> list[PathRow]:
    """Every path through a branching dialogue, as the facilitator notes list them."""
    if not d.branches:
        return []
    g = build(d)
    endings = {e.id: e for e in d.endings}
    rows = []
    for path in paths(g):
        words, built = [], 0
        for at, _, choice in path.choices:
            step = g.steps.get(at)
            where = g.label(at) if at[0] == "turn" else f"after “{_short(step.text) if step else at[1]}”"
            if choice.say == "said":
                said, effect = "as said", step.effect if step else None
            elif choice.say == "better":
                said, effect = "the better reply", "builds"
            else:
                node = g.steps.get(("node", choice.say))
                said, effect = f"“{_short(node.text) if node else choice.say}”", node.effect if node else None
            words.append(f"{where}: {said} ({effect or 'builds'})")
            built += effect != "strains"
        ending = endings[path.ending[1]]
        score = ending.score if d.scoring == "ending" else (built / len(path.choices) if path.choices else 0.0)
        rows.append(PathRow(words, ending, score))
    return rows
