"""Which documents a run keeps: the target-language filter and duplicates within a run.

    Document ──Selection.reason──▶ None (keep) | Skip (counted, one line, not written)

Both are run-level choices of ``ExtractConfig`` (``target_language``, ``dedup``): one
``Selection`` per run remembers the texts already kept, so a page that two URLs (or two
saved files) give is written once.
"""

from __future__ import annotations

import hashlib
from enum import StrEnum

from scraper.config import ExtractConfig
from scraper.model import Document

__all__ = ["Selection", "Skip", "text_key"]


class Skip(StrEnum):
    """Why a document was not written."""

    LANGUAGE = "language"
    DUPLICATE = "duplicate"


def text_key(text: str) -> str:
    """The same for texts that differ only in spacing or case."""
    return hashlib.sha256(" ".join(text.lower().split()).encode("utf-8")).hexdigest()


class Selection:
    """The documents of one run that ``config`` keeps."""

    def __init__(self, config: ExtractConfig) -> None:
        self._language = config.target_language
        self._dedup = config.dedup
        self._kept: dict[str, str] = {}  # text key -> where it was first seen

    def reason(self, doc: Document) -> tuple[Skip, str] | None:
        """``None`` to keep ``doc``; else why not, and a line saying so."""
        key = text_key(doc.text) if doc.text else None
        return self.reason_for(doc.source or doc.url or "document", doc.language, key)

    def reason_for(
        self, where: str, language: str | None, key: str | None
    ) -> tuple[Skip, str] | None:
        """``reason`` from a document's source, language and ``text_key`` (what a
        cleaning process sends back instead of the text itself)."""
        base = language.split("-")[0].lower() if language else None
        if self._language and base and base != self._language:
            return Skip.LANGUAGE, f"{where}: language {language}, not {self._language}"
        if self._dedup and key is not None:
            first = self._kept.setdefault(key, where)
            if first != where:
                return Skip.DUPLICATE, f"{where}: same text as {first}"
        return None
