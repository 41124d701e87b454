"""Cohen's kappa for two coders' binary judgements (a label present or absent on each turn).

kappa = (p_o - p_e) / (1 - p_e), where p_o is the share of turns on which the two coders agree
and p_e the share they would agree on by chance, from how often each uses the label. When both
coders give every turn the same value (p_e = 1), kappa is not defined: None, never a number that
looks like a finding. tests/test_reliability.py compares it with scikit-learn's cohen_kappa_score.
"""

from __future__ import annotations

from collections.abc import Sequence


def cohen_kappa(first: Sequence[bool], second: Sequence[bool]) -> float | None:
    """Cohen's kappa of two equally long sequences of present/absent judgements, or None when it is not defined."""
    if len(first) != len(second):
        raise ValueError(f"expected two codings of the same turns, found {len(first)} and {len(second)} judgements")
    n = len(first)
    if n == 0:
        return None
    observed = sum(a == b for a, b in zip(first, second, strict=True)) / n
    p1, p2 = sum(first) / n, sum(second) / n
    expected = p1 * p2 + (1 - p1) * (1 - p2)
    if expected >= 1:
        return None
    return (observed - expected) / (1 - expected)
