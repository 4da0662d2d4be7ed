"""Prose shared by the extraction tests: two article paragraphs long enough to count, an
article made of them, and a page around a body."""

from __future__ import annotations

PROSE = (
    "The council met on Tuesday evening to discuss the new bridge, which has been delayed "
    "for three years by disputes over its cost and the route it should take across the river."
)
OTHER = (
    "The contract was awarded to a firm from the next county, whose engineers expect the "
    "first span to be in place before the winter floods arrive and the river rises again."
)

# An article long enough not to read as a list of links (over 1,000 characters of prose).
STORY = "".join(f"<p>{PROSE} ({day})</p><p>{OTHER} ({day})</p>" for day in ("Mon", "Tue", "Wed"))


def page(body: str) -> str:
    return f"<html><head><title>The bridge</title></head><body>{body}</body></html>"
