"""A branching dialogue as a graph: its steps (main-line turns, nodes off the main line, endings),
the ways on from each, and the walks the check and the pages need.

A step is named by a key: ("turn", "7") for main-line turn 7, ("node", ID), ("ending", ID). The
main line runs from turn 1; each turn goes on to the next turn (or to its own ``next``), a node to
its ``next``, and at a choice point each choice is a way on. Plain data and plain functions: the
check (generator/check/branching.py) reports what is wrong with a graph, and the pages
(generator/render/branching.py) draw it, so neither decides for itself where a path goes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from generator.errors import PathKey
from generator.model.content import Branch, Choice, Dialogue, Spoken

Key = tuple[str, str]  # ("turn", "7"), ("node", "ask-again"), ("ending", "call-ends")
START: Key = ("turn", "1")
MAX_PATHS = 64


@dataclass(frozen=True)
class Edge:
    """One way on from a step: where it goes (None when the target names nothing), where it is
    written, whether it is a marked loop, and the choice it belongs to (at a choice point)."""

    target: Key | None
    written: str  # the target as the author wrote it, for messages
    loc: PathKey  # where the target is written (or the step, for the default next turn)
    loop: bool = False
    choice: Choice | None = None
    after: str = ""  # who speaks last before the target: the HCP, or the person after a better reply


@dataclass
class Graph:
    """Every step of a branching dialogue and every way on."""

    dialogue: Dialogue
    steps: dict[Key, Spoken | None] = field(default_factory=dict)  # None for endings
    locs: dict[Key, PathKey] = field(default_factory=dict)
    edges: dict[Key, list[Edge]] = field(default_factory=dict)
    branch_at: dict[Key, tuple[int, Branch]] = field(default_factory=dict)

    def resolve(self, target: int | str) -> Key | None:
        """The step a written target names, or None."""
        if isinstance(target, int):
            key: Key = ("turn", str(target))
        elif ("node", target) in self.steps:
            key = ("node", target)
        else:
            key = ("ending", target)
        return key if key in self.steps else None

    def known(self) -> list[str]:
        """Every id a target may name, for did-you-mean."""
        return [k[1] for k in self.steps if k[0] != "turn"]

    def label(self, key: Key) -> str:
        kind, name = key
        return f"turn {name}" if kind == "turn" else f"{kind} '{name}'"

    def reachable(self, start: Key = START) -> list[Key]:
        """Every step some path reaches from ``start``, in the order first met."""
        seen: dict[Key, None] = {start: None}
        stack = [start]
        while stack:
            for edge in self.edges.get(stack.pop(), []):
                if edge.target is not None and edge.target not in seen:
                    seen[edge.target] = None
                    stack.append(edge.target)
        return list(seen)

    def finishing(self) -> set[Key]:
        """Every step from which some path reaches an ending."""
        back: dict[Key, list[Key]] = {}
        for source, edges in self.edges.items():
            for edge in edges:
                if edge.target is not None:
                    back.setdefault(edge.target, []).append(source)
        done = {k for k in self.steps if k[0] == "ending"}
        stack = list(done)
        while stack:
            for source in back.get(stack.pop(), []):
                if source not in done:
                    done.add(source)
                    stack.append(source)
        return done

    def unmarked_loops(self) -> Iterator[tuple[Key, Edge]]:
        """Each way on that closes a loop nobody marked (a depth-first walk's back edges)."""
        state: dict[Key, int] = {}  # 1: on the walk's stack, 2: finished
        stack: list[tuple[Key, Iterator[Edge]]] = [(START, iter(self.edges.get(START, [])))]
        state[START] = 1
        while stack:
            key, todo = stack[-1]
            edge = next(todo, None)
            if edge is None:
                state[key] = 2
                stack.pop()
                continue
            if edge.target is None or edge.loop:
                continue
            if state.get(edge.target) == 1:
                yield key, edge
            elif edge.target not in state:
                state[edge.target] = 1
                stack.append((edge.target, iter(self.edges.get(edge.target, []))))

    def count_paths(self, limit: int = MAX_PATHS) -> int:
        """How many paths lead from turn 1 to an ending, not going round marked loops; counting
        stops a little above ``limit``."""
        memo: dict[Key, int] = {}
        order = list(reversed(self._acyclic_order()))
        for key in order:
            if key[0] == "ending":
                memo[key] = 1
                continue
            total = 0
            for edge in self.edges.get(key, []):
                if edge.target is not None and not edge.loop:
                    total += memo.get(edge.target, 0)
            memo[key] = min(total, limit + 1)
        return memo.get(START, 0)

    def _acyclic_order(self) -> list[Key]:
        """The reachable steps in an order where each comes before those it leads to (ignoring
        marked loops; an unmarked loop is reported elsewhere and cut here)."""
        order: list[Key] = []
        state: dict[Key, int] = {START: 1}
        stack: list[tuple[Key, Iterator[Edge]]] = [(START, iter(self.edges.get(START, [])))]
        while stack:
            key, todo = stack[-1]
            edge = next(todo, None)
            if edge is None:
                state[key] = 2
                order.append(key)
                stack.pop()
            elif edge.target is not None and not edge.loop and edge.target not in state:
                state[edge.target] = 1
                stack.append((edge.target, iter(self.edges.get(edge.target, []))))
        return list(reversed(order))


@dataclass(frozen=True)
class Path:
    """One way through a branching dialogue: the choice made at each choice point, and the ending."""

    choices: tuple[tuple[Key, int, Choice], ...]  # (choice point, index of the choice, the choice)
    ending: Key


def paths(g: Graph, limit: int = MAX_PATHS) -> list[Path]:
    """Every path from turn 1 to an ending that does not go round a loop, at most ``limit``."""
    found: list[Path] = []
    stack: list[tuple[Key, tuple[tuple[Key, int, Choice], ...], frozenset[Key]]] = [(START, (), frozenset({START}))]
    while stack and len(found) < limit:
        key, made, seen = stack.pop()
        if key[0] == "ending":
            found.append(Path(made, key))
            continue
        for i, edge in reversed(list(enumerate(g.edges.get(key, [])))):
            if edge.target is None or edge.target in seen:
                continue
            chosen = (*made, (key, i, edge.choice)) if edge.choice is not None else made
            stack.append((edge.target, chosen, seen | {edge.target}))
    return found


def branches(d: Dialogue) -> bool:
    """Whether the dialogue branches (has choice points, nodes or endings)."""
    return bool(d.branches or d.nodes or d.endings)


def _choice_edges(g: Graph, at: Key, b: int, branch: Branch, default: Edge | None) -> list[Edge]:
    edges = []
    for c, choice in enumerate(branch.choices):
        loc: PathKey = ("branches", b, "choices", c)
        if choice.say == "said":
            if choice.next is not None:
                edges.append(Edge(g.resolve(choice.next), str(choice.next), (*loc, "next"), choice.loop, choice, "hcp"))
            elif default is not None:
                edges.append(Edge(default.target, default.written, default.loc, default.loop, choice, "hcp"))
            else:
                edges.append(Edge(None, "", loc, choice=choice, after="hcp"))
        elif choice.say == "better":
            written = "" if choice.next is None else str(choice.next)
            target = g.resolve(choice.next) if choice.next is not None else None
            edges.append(Edge(target, written, (*loc, "next") if choice.next is not None else loc, choice.loop, choice, "pwd"))
        else:
            edges.append(Edge(g.resolve(choice.say), choice.say, (*loc, "say"), choice=choice, after=""))
    return edges


def build(d: Dialogue) -> Graph:
    """The graph of a dialogue (a linear dialogue is a line with no ending)."""
    g = Graph(d)
    n = len(d.turns)
    for i, turn in enumerate(d.turns):
        g.steps[("turn", str(i + 1))] = turn
        g.locs[("turn", str(i + 1))] = ("turns", i)
    for i, node in enumerate(d.nodes):
        g.steps.setdefault(("node", node.id), node)
        g.locs.setdefault(("node", node.id), ("nodes", i))
    for i, ending in enumerate(d.endings):
        g.steps.setdefault(("ending", ending.id), None)
        g.locs.setdefault(("ending", ending.id), ("endings", i))
    for b, branch in enumerate(d.branches):
        at = g.resolve(branch.at)
        if at is not None and at[0] != "ending" and at not in g.branch_at:
            g.branch_at[at] = (b, branch)
    for i, turn in enumerate(d.turns):
        key: Key = ("turn", str(i + 1))
        if turn.next is not None:
            default: Edge | None = Edge(g.resolve(turn.next), str(turn.next), ("turns", i, "next"), after=turn.speaker)
        elif i + 1 < n:
            default = Edge(("turn", str(i + 2)), str(i + 2), ("turns", i), after=turn.speaker)
        else:
            default = None
        g.edges[key] = _edges(g, key, default)
    for i, node in enumerate(d.nodes):
        key = ("node", node.id)
        if g.locs.get(key) == ("nodes", i):
            g.edges[key] = _edges(g, key, Edge(g.resolve(node.next), str(node.next), ("nodes", i, "next"), node.loop, after=node.speaker))
    return g


def _edges(g: Graph, key: Key, default: Edge | None) -> list[Edge]:
    if key in g.branch_at:
        b, branch = g.branch_at[key]
        return _choice_edges(g, key, b, branch, default)
    return [default] if default is not None else []
