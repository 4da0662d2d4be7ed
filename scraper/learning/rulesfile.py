"""Learned chrome as ordinary ``[[site]]`` rules: the ``--rules`` TOML a person can edit.

    LearnedSite ──site_rules──▶ SiteRules (phrases) ──render_rules──▶ learned.toml
    learned.toml ──scraper.config.load_rules──▶ Rules (nothing special about it)

Each learned line becomes a ``phrases`` entry (a whole line or block that is chrome,
compared without case, spacing or edge punctuation). Recurring lines that were judged
to be article text are written as comments, so a reader sees both decisions.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from scraper.config import Rules, SiteRules
from scraper.learning.decide import LearnedSite

__all__ = ["merged_rules", "render_rules", "site_rules"]


def site_rules(learned: LearnedSite) -> SiteRules:
    return SiteRules(domain=learned.site, phrases=learned.chrome)


def merged_rules(base: Rules, learned: Iterable[LearnedSite]) -> Rules:
    """``base`` plus one ``[[site]]`` per site that learned something."""
    extra = tuple(site_rules(site) for site in learned if not site.empty)
    return Rules(generic=base.generic, sites=base.sites + extra) if extra else base


def _string(value: str) -> str:
    # A JSON string is a valid TOML basic string (same escapes, \uXXXX included).
    return json.dumps(value, ensure_ascii=False)


def render_rules(learned: Iterable[LearnedSite], *, source: str = "") -> str:
    """TOML for ``--rules``: one ``[[site]]`` per site that learned chrome, sorted."""
    out = ["# Chrome learned by scraper" + (f" from {source}" if source else "") + "."]
    out.append("# Ordinary --rules entries: edit or delete lines freely.")
    for site in sorted(learned, key=lambda s: s.site):
        if site.empty:
            continue
        out += ["", "[[site]]", f"domain = {_string(site.site)}"]
        out.append(f"# learned from {site.pages} pages")
        out.append("phrases = [")
        out += [f"    {_string(line)}," for line in site.chrome]
        out.append("]")
        if site.kept:
            out.append("# recurring, but kept as article text:")
            out += [f"#   {line}" for line in site.kept]
    return "\n".join(out) + "\n"
