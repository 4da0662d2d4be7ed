"""The extraction options as flags, shared by ``scraper clean`` and ``scraper fetch``.

Each flag is named after its ``ExtractConfig`` field (``target_language`` is
``--target-language``), the same name as the key of a job file's ``[extract]`` table.
"""

from __future__ import annotations

import argparse
from dataclasses import fields
from typing import Any

from scraper.config import ExtractConfig

__all__ = ["add_extract_flags", "extract_options"]

_HELP = {
    "tables": "keep tables (default: yes)",
    "captions": "keep table captions, and figure captions the chrome rules keep (default: yes)",
    "favor": "precision (less chrome, may lose text) or recall (more text, may keep chrome)",
    "target_language": "skip documents in another language (ISO 639-1 code, e.g. en)",
    "dedup": "skip a document whose text was already written in this run",
    "comments": "keep the page's reader comments, apart from the article (default: no)",
    "links": "keep the article's links: a links list, and links in md/html/xml (default: no)",
    "images": "keep the article's images (URL, alt text, caption) (default: no)",
}


def add_extract_flags(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group(
        "extraction options",
        "Each flag is also a key of a job file's [extract] table, with - as _.",
    )
    known = {f.name: f for f in fields(ExtractConfig)}
    for name, text in _HELP.items():
        if name not in known:  # (favor: the lead's field, wired once it exists)
            continue
        flag = "--" + name.replace("_", "-")
        options: dict[str, Any] = {"dest": name, "default": None, "help": text}
        if str(known[name].type) == "bool":
            options["action"] = argparse.BooleanOptionalAction
        elif name == "favor":
            members = type(getattr(ExtractConfig(), name)).__members__.values()
            options["choices"] = [member.value for member in members]
        else:
            options["metavar"] = "CODE"
        group.add_argument(flag, **options)


def extract_options(args: argparse.Namespace) -> dict[str, Any]:
    """The extraction flags given, by field name (those not given are left out)."""
    return {name: getattr(args, name) for name in _HELP if getattr(args, name, None) is not None}
