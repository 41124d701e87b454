"""agreement.json at the site root: how far the key and the independent second coding agree, for
trainers who report or compare reliability. The codebook page's section "How reliable is this
coding?" shows the same figures; both come from generator/model/reliability.py. Bump VERSION on
any change that removes or renames a field."""

from __future__ import annotations

import json
from typing import Any

from generator.model.book import Handbook
from generator.model.reliability import AIM, AIM_LABELS, Agreement, reliability
from generator.model.second import RESOLUTIONS
from generator.outputs import GeneratedAsset
from generator.render import routes
from generator.render.routes import page_url

VERSION = 1


def _share(count: int, of: int) -> float:
    return round(count / of, 4) if of else 0.0


def _figures(a: Agreement) -> dict[str, Any]:
    return {
        "turns": a.turns,
        "exact": a.exact,
        "exact_share": _share(a.exact, a.turns),
        "exact_or_defensible": a.defensible,
        "exact_or_defensible_share": _share(a.defensible, a.turns),
        "parts": {part: {"agreed": n, "share": _share(n, a.turns)} for part, n in a.parts.items()},
        "labels": [
            {
                "part": la.part,
                "label": la.label,
                "kappa": None if la.kappa is None else round(la.kappa, 4) + 0.0,
                "agreement": round(la.agreed, 4),
                "key_turns": la.key,
                "second_turns": la.second,
            }
            for la in a.labels
        ],
    }


def build_agreement(book: Handbook, *, directory_urls: bool = True) -> dict[str, Any] | None:
    """The agreement as plain data, or None when there is no second coding."""
    r = reliability(book)
    if r is None:
        return None
    return {
        "version": VERSION,
        "about": (
            "Every HCP line (main-line turns and branching nodes) coded a second time, blind to the key, from a transcript with speaker and text only and the codebook. "
            "'before' compares that coding with the key as it stood then; 'after' with the key now, after adjudication. "
            "kappa is Cohen's kappa with the label present or absent on each turn; null where it is not defined "
            "(both codings give every turn the same value)."
        ),
        "codebook_url": page_url(routes.CODEBOOK, directory_urls) + "#" + routes.CODEBOOK_RELIABILITY,
        "hcp_turns": r.hcp_turns,
        "coded_turns": r.coded,
        "dialogues": r.dialogues,
        "hcp_nodes": r.hcp_nodes,
        "coded_nodes": r.coded_nodes,
        "branch_hcp_lines_not_coded": r.branch_lines,
        "aim": {"kappa": AIM, "labels": list(AIM_LABELS), "before_adjudication": True, "met": r.aim_met},
        "before": _figures(r.before),
        "after": _figures(r.after),
        "disagreements": {
            "parts": r.disagreements,
            "turns": r.turns_disagreed,
            "resolved": {kind: r.settled.get(kind, 0) for kind in RESOLUTIONS},
            "unsettled": r.unsettled,
        },
    }


def agreement_assets(book: Handbook, *, directory_urls: bool = True) -> list[GeneratedAsset]:
    data = build_agreement(book, directory_urls=directory_urls)
    if data is None:
        return []
    return [GeneratedAsset(routes.AGREEMENT, json.dumps(data, indent=2, ensure_ascii=False) + "\n")]
