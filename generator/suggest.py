"""'Did you mean …?' for near misses of fixed values and field names."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def did_you_mean(found: str, allowed: Iterable[str]) -> str:
    """Return " did you mean 'x'?" when one allowed value is close to what was found, else ""."""
    options = list(allowed)
    lowered = {o.lower(): o for o in options}
    key = found.strip().lower()
    # Prefix matches catch 'bonding' -> 'bond' and 'summ' -> 'summarise', which ratios can miss.
    prefixed = [o for lo, o in lowered.items() if len(lo) >= 3 and (key.startswith(lo) or (lo.startswith(key) and len(key) >= 3))]
    close = difflib.get_close_matches(key, list(lowered), n=1, cutoff=0.6)
    best = close[0] if close else None
    if best is None and len(prefixed) == 1:
        return f" did you mean '{prefixed[0]}'?"
    if best is not None and lowered[best] != found:
        return f" did you mean '{lowered[best]}'?"
    return ""


def one_of(options: Iterable[str]) -> str:
    """Human list of allowed values: 'a', 'b' or 'c'."""
    quoted = [f"'{o}'" for o in options]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " or " + quoted[-1]
