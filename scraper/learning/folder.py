"""Learning while cleaning many saved pages (``scraper clean`` of a folder or a WARC).

    jobs ──pass 1: clean, spool lines to disk──▶ [PageLines] ──per site──▶ [LearnedSite]
         ──pass 2: clean with the learned [[site]] rules──▶ documents

Both passes clean every page: the first with the rules given, to see what each
site's pages have in common; the second with the learned lines added as ordinary
``[[site]]`` phrases, exactly as ``--rules learned.toml`` would apply them to one page
later. What is learned depends only on the set of pages, and each page of the second
pass is cleaned on its own, so the output depends neither on ``--jobs`` nor on the
order of the inputs. A page that names no URL belongs to its folder's site (or to
``--site``); its folder is also where the second pass looks its rules up.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from scraper.config import ExtractConfig, load_rules
from scraper.learning.decide import LearnConfig, LearnedSite
from scraper.learning.lines import PageLines
from scraper.learning.rulesfile import merged_rules
from scraper.learning.sites import folder_site
from scraper.learning.spool import learn_spooled

__all__ = ["LearnOptions", "config_for", "learn_from", "with_learned"]


@dataclass(frozen=True, slots=True)
class LearnOptions:
    """Learning for a batch clean: ``site`` is the site of pages without a URL."""

    site: str | None = None
    config: LearnConfig = field(default_factory=LearnConfig)


def learn_from(pages: Iterable[PageLines], options: LearnOptions) -> tuple[LearnedSite, ...]:
    """What every site with enough pages learned, sorted by site. The pages go to a
    temporary database as they come (``scraper.learning.spool``): the first pass over
    10,000 pages holds no more than over 1,000."""
    return learn_spooled(pages, options.config)


def with_learned(config: ExtractConfig, learned: Iterable[LearnedSite]) -> ExtractConfig:
    base = config.rules if config.rules is not None else load_rules()
    return replace(config, rules=merged_rules(base, learned))


def config_for(config: ExtractConfig, source: str, options: LearnOptions) -> ExtractConfig:
    """The config of one input: pages without a URL take its folder's (or --site's) rules."""
    site = options.site or folder_site(source)
    return config if config.site == site else replace(config, site=site)
