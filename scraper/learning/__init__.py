"""Learning each site's chrome from its own pages, and watching each site's health.

    cleaned pages of one site ──lines──▶ recurring lines ──decide──▶ learned [[site]] rules
    a job's run ──health──▶ per-site figures ──compare with recent runs──▶ one alert line

Modules: ``sites`` (which site a page is), ``lines`` (a document as lines),
``decide`` (chrome versus repeated article text), ``rulesfile`` (learned rules as
``--rules`` TOML), ``apply`` (dropping learned lines), ``learner`` (for programs),
``folder`` (``scraper clean``), ``jobstate`` (what jobs keep), ``health``.
"""

from __future__ import annotations

from scraper.learning.decide import LearnConfig, LearnedSite, learn_site
from scraper.learning.learner import Learner
from scraper.learning.rulesfile import render_rules

__all__ = ["LearnConfig", "LearnedSite", "Learner", "learn_site", "render_rules"]
