"""Branching dialogues: every choice point, node and ending fits together, and every path ends.

Refused, each at the place it is written: a target that names nothing (with did-you-mean), a node
or ending no path reaches, a dead end (a step with no way on, or from which no path reaches an
ending), a loop nobody marked with ``loop: true``, more than 64 paths, the same speaker twice
across a branch, and an HCP node that is not coded as a main-line HCP turn would be.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.errors import Finding, Positions, unknown_id
from generator.model.book import Handbook
from generator.model.branching import MAX_PATHS, START, Edge, Graph, Key, branches, build
from generator.model.content import CODING, Dialogue, Node

RESERVED = ("said", "better")


def _target_problem(g: Graph, written: str) -> str:
    n = len(g.dialogue.turns)
    if written.isdigit() or (written.startswith("-") and written[1:].isdigit()):
        return f"expected a main-line turn number from 1 to {n}, found {written}"
    return unknown_id("node or ending", written, g.known()).replace("a known node or ending id", f"a turn number (1 to {n}) or a known node or ending id")


def _coding(pos: Positions, i: int, node: Node, guidance: set[str] | None) -> Iterator[Finding]:
    loc = ("nodes", i)
    label = f"node '{node.id}'"
    if node.speaker == "hcp":
        for name in CODING:
            if getattr(node, name) is None:
                yield pos.finding(loc, f"{label}: HCP nodes are coded like HCP turns: missing field '{name}'", rule="branching")
        if node.effect == "strains" and not node.slips:
            yield pos.finding(loc, f"{label}: a strained node needs 'slips' (every slip it shows, from the codebook, e.g. slips: [righting-reflex])", rule="branching")
        if node.effect != "strains":
            for name in ("lint_exempt", "slips"):
                if getattr(node, name) not in (None, []):
                    yield pos.finding((*loc, name), f"{label}: '{name}' is only for effect: strains, found effect: {node.effect}", key=True, rule="branching")
    else:
        for name in (*CODING, "lint_exempt", "slips", "defensible", "guidance"):
            if getattr(node, name) not in (None, []):
                yield pos.finding((*loc, name), f"{label}: field '{name}' is only for hcp nodes, found it on a {node.speaker} node", key=True, rule="branching")
    if node.speaker == "other" and not node.name:
        yield pos.finding(loc, f"{label}: a node by speaker 'other' needs 'name' (e.g. name: Daughter)", rule="branching")
    if node.speaker != "other" and node.name:
        yield pos.finding((*loc, "name"), f"{label}: 'name' is only for speaker 'other'", key=True, rule="branching")
    for j, gid in enumerate(node.guidance):
        if guidance is not None and gid not in guidance:
            yield pos.finding((*loc, "guidance", j), unknown_id("guidance point", gid, guidance), rule="refs")


def _structure(g: Graph, pos: Positions) -> Iterator[Finding]:
    d = g.dialogue
    if not d.branches:
        yield pos.finding(("nodes",) if d.nodes else ("endings",), "nodes and endings belong to a branching dialogue: add 'branches' with at least one choice point, or remove them", key=True, rule="branching")
    if len(d.endings) < 2:
        where = ("endings",) if d.endings else ("branches",)
        yield pos.finding(where, f"a branching dialogue expected at least 2 endings (one where the alliance holds, one where the person disengages), found {len(d.endings)}", key=True, rule="branching")
    seen: dict[str, str] = {}
    ids = [("nodes", i, node.id) for i, node in enumerate(d.nodes)] + [("endings", i, ending.id) for i, ending in enumerate(d.endings)]
    for group, i, ident in ids:
        if ident in RESERVED:
            yield pos.finding((group, i, "id"), f"'{ident}' is a word choices use ('said', 'better'); give the {group[:-1]} another id", rule="branching")
        if ident in seen:
            yield pos.finding((group, i, "id"), f"duplicate id '{ident}', already used by {seen[ident]}; nodes and endings need ids of their own", rule="branching")
        seen.setdefault(ident, f"{group[:-1]} {i + 1}")
    points: set[Key] = set()
    for b, branch in enumerate(d.branches):
        at = g.resolve(branch.at)
        if at is None or at[0] == "ending":
            problem = _target_problem(g, str(branch.at)) if at is None else f"expected an HCP turn or node, found the ending '{branch.at}'"
            yield pos.finding(("branches", b, "at"), f"choice point {b + 1}: {problem}", rule="branching")
            continue
        step = g.steps[at]
        if step is not None and step.speaker != "hcp":
            yield pos.finding(("branches", b, "at"), f"choice point {b + 1}: expected an HCP turn or node (the learner chooses what the provider says), found {g.label(at)} spoken by {step.speaker}", rule="branching")
        if at in points:
            yield pos.finding(("branches", b, "at"), f"choice point {b + 1}: {g.label(at)} already has a choice point; put all its choices in one", rule="branching")
        points.add(at)
        for c, choice in enumerate(branch.choices):
            loc = ("branches", b, "choices", c)
            if choice.say == "better":
                if at[0] != "turn" or getattr(step, "alternative", None) is None:
                    yield pos.finding((*loc, "say"), f"choice point {b + 1}: 'better' needs a better reply, and {g.label(at)} has no 'alternative'; write the reply as an HCP node and name its id", rule="branching")
                if choice.next is None:
                    yield pos.finding(loc, f"choice point {b + 1}: after 'better' (and its reply), expected 'next': a turn number, a node id or an ending id", rule="branching")
            elif choice.say != "said":
                node = g.resolve(choice.say)
                if node is not None and node[0] == "node":
                    said = g.steps[node]
                    if said is not None and said.speaker != "hcp":
                        yield pos.finding((*loc, "say"), f"choice point {b + 1}: expected an HCP node (what the provider could say), found node '{choice.say}' spoken by {said.speaker}", rule="branching")
                    if node in g.branch_at:
                        yield pos.finding((*loc, "say"), f"choice point {b + 1}: node '{choice.say}' is itself a choice point; a choice names a reply, and the learner chooses again later on its path", rule="branching")
                    if choice.next is not None:
                        yield pos.finding((*loc, "next"), f"choice point {b + 1}: a node goes on to its own 'next'; leave 'next' out of this choice", key=True, rule="branching")
                elif node is not None:
                    yield pos.finding((*loc, "say"), f"choice point {b + 1}: expected 'said', 'better' or a node id, found the ending '{choice.say}'", rule="branching")
            sayings = [ch.say for ch in branch.choices]
            if choice.say in sayings[:c]:
                yield pos.finding((*loc, "say"), f"choice point {b + 1}: '{choice.say}' is offered twice; offer each reply once", rule="branching")


def _walks(g: Graph, pos: Positions) -> Iterator[Finding]:
    reached = g.reachable()
    reached_set = set(reached)
    for key, edges in g.edges.items():
        for edge in edges:
            where = f"{g.label(key)}, choice '{edge.choice.say}'," if edge.choice else g.label(key)
            if edge.target is None and edge.written and not (edge.choice and edge.choice.say not in RESERVED):
                yield pos.finding(edge.loc, f"{where} goes to nothing: {_target_problem(g, edge.written)}", rule="branching")
            elif edge.target is None and edge.written:
                yield pos.finding(edge.loc, f"{where} names no node: {_target_problem(g, edge.written)}", rule="branching")
    finishing = g.finishing()
    stuck = [key for key in reached if key[0] != "ending" and not any(e.target is not None for e in g.edges.get(key, []))]
    for key in stuck:
        if not any(e.written for e in g.edges.get(key, [])):
            yield pos.finding(g.locs[key], f"dead end: {g.label(key)} is not an ending, and nothing says where the conversation goes after it; add 'next' (a turn number, a node id or an ending id)", rule="branching")
    # Steps that can only go round: reported once, at the first, and only when no dead end or
    # broken target above explains it.
    trapped = [key for key in reached if key not in finishing and key not in stuck]
    if trapped and not stuck:
        yield pos.finding(g.locs[trapped[0]], f"dead end: no path from {g.label(trapped[0])} reaches an ending (the paths from it only go round); give the loop a way out", rule="branching")
    for key, loc in g.locs.items():
        if key not in reached_set:
            yield pos.finding(loc, f"{g.label(key)} is unreachable: no path from turn 1 leads to it; name it in a choice or in a 'next', or remove it", rule="branching")
    for key, edge in g.unmarked_loops():
        yield pos.finding(edge.loc, f"{g.label(key)} goes back to {g.label(edge.target) if edge.target else '?'}, which makes a loop; if the loop is meant, add 'loop: true' beside this 'next'", rule="branching")
    paths = g.count_paths()
    if paths > MAX_PATHS:
        yield pos.finding(("branches",), f"expected at most {MAX_PATHS} paths from turn 1 to an ending, found more; rejoin the main line sooner", key=True, rule="branching")
    for key in reached:
        for edge in g.edges.get(key, []):
            yield from _alternation(g, pos, key, edge)


def _alternation(g: Graph, pos: Positions, key: Key, edge: Edge) -> Iterator[Finding]:
    if edge.target is None or edge.target[0] == "ending" or not edge.after or edge.loc == g.locs.get(key):
        return
    step = g.steps[edge.target]
    if step is None:
        return
    if edge.after == step.speaker and step.speaker in ("hcp", "pwd"):
        who = "the provider" if step.speaker == "hcp" else "the person"
        yield pos.finding(edge.loc, f"{g.label(key)} leads to {g.label(edge.target)}, so {who} speaks twice in a row; speakers take turns (go to the turn after it, or add a node between)", rule="branching")


def check_dialogue(doc_pos: Positions, d: Dialogue, guidance: set[str] | None) -> Iterator[Finding]:
    for i, node in enumerate(d.nodes):
        yield from _coding(doc_pos, i, node, guidance)
    if not branches(d):
        for i, turn in enumerate(d.turns):
            if turn.next is not None:
                yield doc_pos.finding(("turns", i, "next"), f"turn {i + 1}: 'next' is only for branching dialogues (with 'branches' and 'endings')", key=True, rule="branching")
        return
    g = build(d)
    yield from _structure(g, doc_pos)
    if START in g.steps:
        yield from _walks(g, doc_pos)


def check_branching(book: Handbook) -> Iterator[Finding]:
    guidance = {p.id for p in book.guidance.model.points} if book.guidance else None
    for doc in book.dialogues:
        yield from check_dialogue(doc.pos, doc.model, guidance)
