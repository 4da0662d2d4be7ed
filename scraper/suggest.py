"""Did-you-mean hints for unknown names: CLI options, job-file keys, settings.

difflib's ratio (stdlib) is enough for typos of a few dozen known names; a key that is
right but in the wrong table is caught by the callers, which know the tables.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["closest", "did_you_mean"]


def closest(word: str, known: Iterable[str]) -> str | None:
    """The known name ``word`` is most likely a typo of, if any is close enough."""
    names = list(known)
    folded = {name.lower().replace("-", "_"): name for name in names}
    found = difflib.get_close_matches(word.lower().replace("-", "_"), list(folded), 1, 0.75)
    return folded[found[0]] if found else None


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """``" (did you mean 'x'?)"`` or ``""``, to append to an error message."""
    found = closest(word, known)
    return f" (did you mean {found!r}?)" if found else ""
