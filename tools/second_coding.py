"""Import an independent, blind second coding into content/coding/second/:
`python tools/second_coding.py [SOURCE ...] [--root ROOT]`.

Each SOURCE folder (default /work/blind/out and /work/blind/nodes-out) holds one file per dialogue,
`<dialogue-id>.yml`, as a blind coder writes it from a transcript with speaker and text only: the
main-line turns, or the HCP nodes off the main line of a branching dialogue, or both:

    dialogue: fear-of-going-low
    turns:
      - {turn: 2, alliance: [bond], alsi: [listen], effect: builds, slips: [], note: "..."}
    nodes:
      - {node: ask-again, alliance: [bond], alsi: [ask], effect: builds, slips: [], note: "..."}

Turns are numbered from 1 among all turns, as in the dialogues; nodes are named by their id. Every
folder's files for one dialogue are merged into its one second-coding file; the lines a folder does
not code are kept as they are. Each coded turn is written with a
hash of the turn's text and the key as it stands now (``key_before``: the figures before
adjudication come from it). Importing again keeps a turn's ``key_before`` and ``resolution`` when
its codes and text are unchanged, so adjudication is never lost; a turn coded anew, or whose text
changed, starts again from the key as it stands. Nothing is written when a file is malformed or
names a turn that is not an HCP turn: every problem is printed, and the exit status is 1.

`python tools/second_coding.py --drop-stale` removes instead, from content/coding/second/, every
coded turn whose words have changed since it was coded (or that is no longer an HCP turn), and says
which: the published agreement then covers fewer turns, and says so, until they are coded again,
blind, and imported. A changed turn is never silently given a fresh hash.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.load.loader import load_handbook  # noqa: E402
from generator.model.content import ALLIANCE, ALSI, EFFECTS, SLIPS, Dialogue, Spoken  # noqa: E402
from generator.model.kinds import BY_NAME  # noqa: E402
from generator.model.second import PARTS, text_hash  # noqa: E402

KIND = BY_NAME["second-coding"]
CODER = "an independent coder, blind to the key, from a transcript with speaker and text only and the codebook"
FIELDS = {"alliance": ALLIANCE, "alsi": ALSI, "slips": SLIPS}


class BlindFileError(Exception):
    """A blind file that cannot be imported; the message says where and why."""


def _codes(entry: dict[str, Any], where: str) -> dict[str, Any]:
    """One blind turn's codes, checked against the codebook's vocabularies."""
    out: dict[str, Any] = {}
    for name, allowed in FIELDS.items():
        value = entry.get(name, [] if name == "slips" else None)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise BlindFileError(f"{where}: expected '{name}' as a list of labels, found {value!r}")
        unknown = [v for v in value if v not in allowed]
        if unknown:
            raise BlindFileError(f"{where}: unknown {name} label(s) {', '.join(unknown)}; expected from {', '.join(allowed)}")
        out[name] = [v for v in allowed if v in value]  # codebook order, each once
    if entry.get("effect") not in EFFECTS:
        raise BlindFileError(f"{where}: expected 'effect' builds or strains, found {entry.get('effect')!r}")
    out["effect"] = entry["effect"]
    out["slips"] = list(dict.fromkeys(v for v in entry.get("slips") or [] if v in SLIPS))  # the main slip first, as written
    note = entry.get("note")
    out["note"] = note.strip() if isinstance(note, str) and note.strip() else None
    return out


def key_of(d: Dialogue, n: int | str) -> dict[str, Any]:
    """The key of turn ``n`` (or of node ``n``) as it stands, with its defensible readings in full."""
    turn: Spoken = d.turns[n - 1] if isinstance(n, int) else next(x for x in d.nodes if x.id == n)
    readings = [
        {
            "alliance": list(r.alliance if r.alliance is not None else turn.alliance or []),
            "alsi": list(r.alsi if r.alsi is not None else turn.alsi or []),
            "slips": list(r.slips if r.slips is not None else turn.slips),
        }
        for r in turn.defensible
    ]
    key: dict[str, Any] = {
        "alliance": list(turn.alliance or []),
        "alsi": list(turn.alsi or []),
        "effect": turn.effect,
        "slips": list(turn.slips),
    }
    if readings:
        key["defensible"] = readings
    return key


def _row(entry: dict[str, Any], line: Spoken, name: str, n: int | str, old: dict[str, Any] | None, d: Dialogue, at: str) -> dict[str, Any]:
    """One coded line for the file: its codes and hash, and the kept or the current key."""
    codes = _codes(entry, f"{at} ({name})")
    digest = text_hash(line.text)
    same = (
        old is not None
        and old.get("hash") == digest
        and all(old.get(k, [] if k == "slips" else None) == codes[k] for k in ("alliance", "alsi", "effect", "slips"))
    )
    row: dict[str, Any] = {"turn" if isinstance(n, int) else "node": n, "hash": digest, **{k: v for k, v in codes.items() if v is not None}}
    if same and old is not None:
        row["key_before"] = old["key_before"]
        if old.get("resolution"):
            row["resolution"] = old["resolution"]
    else:
        row["key_before"] = key_of(d, n)
    return row


def merge(blind: dict[str, Any], d: Dialogue, existing: dict[str, Any] | None, where: str) -> dict[str, Any]:
    """The second-coding file for one blind file: every line it codes with its hash and key; a line
    already imported with the same codes and text keeps its key_before and resolution, and a line
    the blind file does not code is kept as it is."""
    turns = blind.get("turns", [])
    nodes = blind.get("nodes", [])
    if not isinstance(turns, list) or not isinstance(nodes, list) or not (turns or nodes):
        raise BlindFileError(
            f"{where}: expected 'turns' or 'nodes' as a list of coded lines, found {blind.get('turns')!r} and {blind.get('nodes')!r}"
        )
    old_rows = [t for t in (existing or {}).get("turns", []) if isinstance(t, dict)]
    kept_turns = {t.get("turn"): t for t in old_rows if "turn" in t}
    kept_nodes = {t.get("node"): t for t in old_rows if "node" in t}
    out_turns: dict[int, dict[str, Any]] = {}
    out_nodes: dict[str, dict[str, Any]] = {}
    for i, entry in enumerate(turns):
        at = f"{where}: turns[{i}]"
        n = entry.get("turn") if isinstance(entry, dict) else None
        if not isinstance(n, int) or isinstance(n, bool):
            raise BlindFileError(f"{at}: expected 'turn' as a number, found {n!r}")
        if n in out_turns:
            raise BlindFileError(f"{at}: turn {n} is coded twice")
        if not 1 <= n <= len(d.turns):
            raise BlindFileError(f"{at}: expected a turn of '{d.id}' (1 to {len(d.turns)}), found {n}")
        if d.turns[n - 1].speaker != "hcp":
            raise BlindFileError(f"{at}: expected an HCP turn, found turn {n} spoken by {d.turns[n - 1].speaker}")
        assert isinstance(entry, dict)
        out_turns[n] = _row(entry, d.turns[n - 1], f"turn {n}", n, kept_turns.get(n), d, at)
    by_id = {x.id: x for x in d.nodes}
    for i, entry in enumerate(nodes):
        at = f"{where}: nodes[{i}]"
        ident = entry.get("node") if isinstance(entry, dict) else None
        if not isinstance(ident, str):
            raise BlindFileError(f"{at}: expected 'node' as a node id, found {ident!r}")
        if ident in out_nodes:
            raise BlindFileError(f"{at}: node '{ident}' is coded twice")
        node = by_id.get(ident)
        if node is None:
            raise BlindFileError(f"{at}: expected a node of '{d.id}' ({', '.join(by_id) or 'it has none'}), found {ident!r}")
        if node.speaker != "hcp":
            raise BlindFileError(f"{at}: expected an HCP node, found node '{ident}' spoken by {node.speaker}")
        assert isinstance(entry, dict)
        out_nodes[ident] = _row(entry, node, f"node '{ident}'", ident, kept_nodes.get(ident), d, at)
    if turns:
        missing = [n for n, t in enumerate(d.turns, start=1) if t.speaker == "hcp" and n not in out_turns]
        if missing:
            print(f"{where}: warning: HCP turn(s) {', '.join(map(str, missing))} not coded", file=sys.stderr)
    else:
        out_turns = {t["turn"]: t for t in old_rows if "turn" in t}
    if nodes:
        missing_nodes = [x.id for x in d.nodes if x.speaker == "hcp" and x.id not in out_nodes]
        if missing_nodes:
            print(f"{where}: warning: HCP node(s) {', '.join(missing_nodes)} not coded", file=sys.stderr)
    else:
        out_nodes = {t["node"]: t for t in old_rows if "node" in t}
    order = {x.id: i for i, x in enumerate(d.nodes)}
    rows = [out_turns[n] for n in sorted(out_turns)] + [out_nodes[k] for k in sorted(out_nodes, key=lambda k: order.get(k, len(order)))]
    return {"dialogue": d.id, "coder": (existing or {}).get("coder", CODER), "turns": rows}


def _flow(value: Any) -> str:
    """A value in YAML flow style (lists and mappings on one line; strings as JSON, which YAML reads)."""
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, str) and value in (*ALLIANCE, *ALSI, *EFFECTS, *SLIPS, *PARTS):
        return value
    return json.dumps(value, ensure_ascii=False)


def dump(data: dict[str, Any], rel: str) -> str:
    """The file's text: the schema comment, then one block per turn, codes on one line each."""
    lines = [KIND.schema_comment(rel), f"dialogue: {data['dialogue']}", f"coder: {data['coder']}", "turns:"]
    for t in data["turns"]:
        lines.append(f"  - turn: {t['turn']}" if "turn" in t else f"  - node: {t['node']}")
        for name in ("hash", "alliance", "alsi", "effect", "slips", "note", "key_before"):
            if name in t and t[name] is not None:
                lines.append(f"    {name}: {_flow(t[name])}")
        if t.get("resolution"):
            lines.append("    resolution:")
            for r in t["resolution"]:
                lines.append(f"      - parts: {_flow(r['parts'])}")
                lines.append(f"        kind: {r['kind']}")
                lines.append(f"        reason: {_flow(r['reason'])}")
    return "\n".join(lines) + "\n"


def import_folder(source: Path, root: Path) -> tuple[list[Path], list[str]]:
    """Import every blind file in ``source``; returns the files written and the problems found."""
    book, _ = load_handbook(root)
    dialogues = book.dialogue_by_id
    written: list[Path] = []
    problems: list[str] = []
    for path in sorted(source.glob("*.yml")) if source.is_dir() else []:
        try:
            blind = yaml.safe_load(path.read_text(encoding="utf-8"))
            if not isinstance(blind, dict):
                raise BlindFileError(f"{path}: expected a mapping with 'dialogue' and 'turns' or 'nodes'")
            ident = blind.get("dialogue")
            d = dialogues.get(ident) if isinstance(ident, str) else None
            if d is None or ident != path.stem:
                raise BlindFileError(f"{path}: expected 'dialogue' to name a dialogue of the handbook and the file, found {ident!r}")
            rel = KIND.path_for(d.id)
            target = root / rel
            existing = yaml.safe_load(target.read_text(encoding="utf-8")) if target.exists() else None
            text = dump(merge(blind, d, existing, str(path)), rel)
        except (BlindFileError, yaml.YAMLError, OSError) as exc:
            problems.append(str(exc))
            continue
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            written.append(target)
    return written, problems


def drop_stale(root: Path) -> list[str]:
    """Remove every second-coded turn or node that no longer matches its dialogue; returns what was removed."""
    book, _ = load_handbook(root)
    dialogues = book.dialogue_by_id
    removed: list[str] = []
    for path in KIND.files(root):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        d = dialogues.get(data.get("dialogue")) if isinstance(data, dict) else None
        if d is None:
            continue
        keep = []
        nodes = {x.id: x for x in d.nodes}
        for t in data.get("turns", []):
            n = t.get("turn")
            line: Spoken | None = None
            if "node" in t:
                line = nodes.get(t["node"]) if isinstance(t["node"], str) else None
            elif isinstance(n, int) and 1 <= n <= len(d.turns):
                line = d.turns[n - 1]
            if line is not None and line.speaker == "hcp" and text_hash(line.text) == t.get("hash"):
                keep.append(t)
            else:
                removed.append(f"{d.id} node {t['node']}" if "node" in t else f"{d.id} turn {n}")
        if len(keep) != len(data.get("turns", [])):
            rel = path.relative_to(root).as_posix()
            if keep:
                path.write_text(dump({**data, "turns": keep}, rel), encoding="utf-8")
            else:
                path.unlink()
    return removed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "source",
        nargs="*",
        default=["/work/blind/out", "/work/blind/nodes-out"],
        help="folders of <dialogue-id>.yml files from the blind coder",
    )
    parser.add_argument("--root", default=str(ROOT), help="the handbook project (default: this one)")
    parser.add_argument(
        "--drop-stale", action="store_true", help="remove coded turns whose words changed since they were coded, instead of importing"
    )
    args = parser.parse_args(argv)
    if args.drop_stale:
        removed = drop_stale(Path(args.root))
        for item in removed:
            print(f"removed {item}: its words changed since it was coded; have it coded again, blind")
        print(f"{len(removed)} turn(s) removed")
        return 0
    written: list[Path] = []
    problems: list[str] = []
    for source in args.source:
        done, found = import_folder(Path(source), Path(args.root))
        written += [p for p in done if p not in written]
        problems += found
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    for path in written:
        print(f"wrote {path}")
    print(f"{len(written)} file(s) written, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
