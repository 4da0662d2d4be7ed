"""Prose shared by the extraction tests: two article paragraphs long enough to count."""

from __future__ import annotations

PROSE = (
    "The council met on Tuesday evening to discuss the new bridge, which has been delayed "
    "for three years by disputes over its cost and the route it should take across the river."
)
OTHER = (
    "The contract was awarded to a firm from the next county, whose engineers expect the "
    "first span to be in place before the winter floods arrive and the river rises again."
)
