"""The codebook page's section "How reliable is this coding?": the figures of
generator/model/reliability.py in words and table rows (agreement.json has the same as data)."""

from __future__ import annotations

from typing import Any

from generator.model.book import Handbook
from generator.model.content import Codebook
from generator.model.reliability import AIM, AIM_LABELS, Agreement, Reliability, reliability

PART_NAMES = {"alliance": "Alliance part", "alsi": "ALSI step", "effect": "Effect", "slips": "Slip"}
RESOLVED = {
    "key-changed": "Key changed: the key broke the codebook",
    "defensible-added": "Defensible reading added, or already listed: both readings follow the codebook",
    "rule-clarified": "Decision rule made clearer: the codebook allowed both readings, and now says which",
    "key-kept": "Key kept: it follows the codebook and the second coding does not",
}


def kappa_text(kappa: float | None) -> str:
    """Kappa to two places ('0.81'), or 'not defined'."""
    return "not defined" if kappa is None else f"{round(kappa, 2) + 0.0:.2f}"


def percent(count: int, of: int) -> str:
    return f"{round(100 * count / of)}%" if of else "0%"


def label_name(part: str, label: str, codebook: Codebook | None) -> str:
    if part == "slips":
        entry = next((s for s in codebook.slips if s.id == label), None) if codebook else None
        return entry.name if entry else label.replace("-", " ").capitalize()
    if part == "effect":
        return "Strains"
    return label.capitalize()


def _agreement(a: Agreement) -> dict[str, Any]:
    return {
        "turns": a.turns,
        "exact": a.exact,
        "exact_percent": percent(a.exact, a.turns),
        "defensible": a.defensible,
        "defensible_percent": percent(a.defensible, a.turns),
    }


def _aim(r: Reliability) -> str:
    """Whether the aim was met, said plainly, with the figures that decide it."""
    figures = ", ".join(f"{label} {kappa_text(r.before.kappa(label))}" for label in AIM_LABELS)
    if r.aim_met:
        return f"The aim was met: before adjudication, kappa was at least {AIM:.2f} on every alliance part ({figures})."
    short = [label for label in AIM_LABELS if (k := r.before.kappa(label)) is None or k < AIM]
    undefined = any(r.before.kappa(label) is None for label in short)
    return f"The aim was not met: before adjudication, kappa was below {AIM:.2f}{' or not defined' if undefined else ''} on {' and '.join(short)} ({figures})."


def reliability_view(book: Handbook, codebook: Codebook | None) -> dict[str, Any] | None:
    """What the codebook page shows about the second coding, or None without one."""
    r = reliability(book)
    if r is None:
        return None
    after = {(la.part, la.label): la for la in r.after.labels}
    rows = [
        {
            "name": label_name(la.part, la.label, codebook),
            "part": PART_NAMES[la.part],
            "kappa": kappa_text(la.kappa),
            "agreed": f"{round(100 * la.agreed)}%",
            "key": la.key,
            "second": la.second,
            "kappa_after": kappa_text(after[(la.part, la.label)].kappa),
        }
        for la in r.before.labels
    ]
    return {
        "hcp_turns": r.hcp_turns,
        "coded": r.coded,
        "dialogues": r.dialogues,
        "branch_lines": r.branch_lines,
        "hcp_nodes": r.hcp_nodes,
        "coded_nodes": r.coded_nodes,
        "lines": r.lines,
        "coded_lines": r.coded_lines,
        "before": _agreement(r.before),
        "after": _agreement(r.after),
        "rows": rows,
        "aim": _aim(r),
        "aim_met": r.aim_met,
        "disagreements": r.disagreements,
        "turns_disagreed": r.turns_disagreed,
        "resolved": [{"kind": kind, "count": r.settled.get(kind, 0), "words": words} for kind, words in RESOLVED.items()],
        "unsettled": r.unsettled,
        "undefined": any(row["kappa"] == "not defined" for row in rows),
    }
