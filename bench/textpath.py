"""Cleaning text files: a careless scraper's whole-page text, and text already clean.

Users keep folders of text that earlier scrapers saved, chrome and all (the seed). This
renders every page of the eval sets the careless way (``careless_text``: every block's
text on a line of its own, inline text joined, headings as Markdown ``#`` lines, menus
and footers included) and cleans it with ``scraper.clean_text``, scoring the result
against the page's truth with the sets' own word F1 ("dump"). Beside it, "as saved" is
the text before cleaning. The same again as an HTML-to-Markdown converter saves a page
(list items marked, links with their targets: the targets count as words against
precision, as a user's file would have them). And since a cleaner of text must not eat
an article that was already clean, it also cleans each truth itself and reports how
much of it stays ("clean input kept": recall against the truth, 1.0 when nothing is lost).

    .venv/bin/python bench/textpath.py [--part all|tune|check] [--sets wcxb,fundus]

No peer cleans text (trafilatura and readability need markup), so the figures stand
alone; the HTML path's F1 on the same pages is in bench/quality.py.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from evalsets import SETS, EvalPage, leaks, load, prf
from selectolax.lexbor import LexborHTMLParser, LexborNode

import scraper

_SKIP = frozenset(
    {"script", "style", "noscript", "template", "svg", "head", "iframe", "select"}
    | {"button", "input", "textarea", "math"}
)
_PARAGRAPH = frozenset(
    {"p", "blockquote", "pre", "figure", "table", "ul", "ol", "dl"}
    | {"h1", "h2", "h3", "h4", "h5", "h6"}
)
_BLOCK = _PARAGRAPH | frozenset(
    {"div", "li", "section", "article", "header", "footer", "nav", "aside", "main", "tr"}
    | {"br", "figcaption", "form", "dd", "dt", "address", "details", "summary", "hr"}
    | {"body", "fieldset", "caption", "tbody", "thead"}
)
_SPACE = re.compile(r"[ \t\r\n\f]+")


def careless_text(html: str, markdown: bool = False) -> str:
    """The page's whole text as a careless scraper saves it: a line per block (a blank
    line around paragraphs, headings and lists), table cells joined by runs of spaces;
    with ``markdown``, as an HTML-to-Markdown converter saves it: list items marked
    "- " and links written ``[text](href)``."""
    body = LexborHTMLParser(html).body
    if body is None:
        return ""
    out: list[str] = []
    line: list[str] = []

    def flush(blank: bool) -> None:
        text = _SPACE.sub(" ", "".join(line)).strip()
        line.clear()
        if text:
            out.append(text)
        if blank and out and out[-1]:
            out.append("")

    def walk(node: LexborNode) -> None:
        child = node.child
        while child is not None:
            tag = child.tag or ""
            if tag == "-text":
                line.append(child.text_content or "")
            elif markdown and tag == "a":
                line.append("[")
                walk(child)
                line.append("](" + (child.attributes.get("href") or "") + ")")
            elif tag in ("td", "th"):
                line.append("   ")
                walk(child)
            elif tag in _BLOCK:
                flush(tag in _PARAGRAPH)
                if markdown and tag == "li":
                    line.append("- ")
                if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
                    line.append("#" * int(tag[1]) + " ")
                walk(child)
                flush(tag in _PARAGRAPH)
            elif tag and not tag.startswith("-") and tag not in _SKIP:
                walk(child)
            child = child.next

    walk(body)
    flush(False)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"


def _row(label: str, scores: list[tuple[float, float, float]]) -> str:
    f1, precision, recall = (statistics.mean(s[k] for s in scores) for k in (2, 0, 1))
    return f"| {label} | {f1:.3f} | {precision:.3f} | {recall:.3f} |"


def report(name: str, part: str, pages: list[EvalPage]) -> None:
    saved, dump, kept, leaked, leaked_saved = [], [], [], [], []
    md_saved, md_dump = [], []
    for page in pages:
        html = page.html()
        text = careless_text(html)
        cleaned = scraper.clean_text(text).text
        saved.append(prf(text, page.reference))
        dump.append(prf(cleaned, page.reference))
        markdown = careless_text(html, markdown=True)
        md_saved.append(prf(markdown, page.reference))
        md_dump.append(prf(scraper.clean_text(markdown).text, page.reference))
        kept.append(prf(scraper.clean_text(page.reference).text, page.reference)[1])
        leaked_saved.append(leaks(text, list(page.without)))
        leaked.append(leaks(cleaned, list(page.without)))
    print(f"\n### {name}, {part} part: {len(pages)} pages\n")
    print("| whole-page text | F1 | precision | recall |\n|---|---:|---:|---:|")
    print(_row("a line per block, as saved", saved))
    print(_row("a line per block, cleaned by scraper", dump))
    print(_row("Markdown, as saved", md_saved))
    print(_row("Markdown, cleaned by scraper", md_dump))
    if any(page.without for page in pages):
        print(
            f"\nPages leaking a `without` snippet: {100 * statistics.mean(leaked_saved):.1f}%"
            f" as saved, {100 * statistics.mean(leaked):.1f}% cleaned."
        )
    low = sum(1 for k in kept if k < 0.9)
    print(
        f"\nClean input kept (each truth cleaned as a text file, recall against itself):"
        f" {statistics.mean(kept):.3f}; pages losing more than a tenth: {low} of {len(kept)}."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--part", choices=("all", "tune", "check"), default="all")
    parser.add_argument("--sets", default=",".join(SETS))
    args = parser.parse_args()
    print(f"`bench/textpath.py --part {args.part} --sets {args.sets}`")
    for name in args.sets.split(","):
        report(name, args.part, list(load(name, args.part)))


if __name__ == "__main__":
    main()
