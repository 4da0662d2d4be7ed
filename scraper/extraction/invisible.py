"""What the reader never sees: scripts, styles, forms' controls and embeds, taken out
of the tree before its text is read (after metadata has read the JSON-LD scripts and the
``<meta>`` elements)."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser, LexborNode

__all__ = ["INVISIBLE_TAGS", "STRIPPED", "scripts_and_metas", "strip_invisible"]

# Elements whose text is never shown: dropped (after metadata has read the JSON-LD
# scripts) so that they count neither as text nor as time.
INVISIBLE_TAGS = (
    "script",
    "style",
    "template",
    "svg",
    "math",
    "head",
    "select",
    "button",
    "input",
    "textarea",
    "iframe",
    "object",
    "embed",
    "canvas",
    "video",
    "audio",
    "map",
)


def strip_invisible(tree: LexborHTMLParser) -> frozenset[str]:
    """Drop what browsers never show; keep ``<noscript>`` only when it is the page.
    Returns the ids that the buttons taken out name in ``aria-controls``: the panels
    they open (folded.py).

    Discourse forums and some single-page apps serve their whole readable page inside
    ``<noscript>`` and an empty shell outside it.
    """
    # One walk finds the invisible elements and the <noscript>s (strip_tags walks the
    # tree once per tag).
    noscripts = []
    opened: set[str] = set()
    for node in tree.css(_INVISIBLE_SELECTOR):
        if node.tag == "noscript":
            noscripts.append(node)
            continue
        if node.tag == "button":
            controls = node.attributes.get("aria-controls")
            if controls:
                opened.update(controls.split())
        node.decompose(recursive=False)
    body = tree.body
    if body is None:
        return frozenset(opened)
    # The <noscript>s still in the page: not inside an element just taken out.
    noscripts = [node for node in noscripts if _under(node, body.mem_id)]
    hidden = sum(len(n.text(deep=True)) for n in noscripts)
    if hidden and hidden > 2 * (len(body.text(deep=True)) - hidden):
        tree.unwrap_tags(["noscript"])
    else:
        for node in noscripts:
            node.decompose(recursive=False)
    return frozenset(opened)


_INVISIBLE_SELECTOR = ", ".join((*INVISIBLE_TAGS, "noscript"))
# What no element of the page is once strip_invisible is done (an empty <noscript> can
# stay: unwrapping leaves it).
STRIPPED = frozenset(INVISIBLE_TAGS)


def _under(node: LexborNode, ancestor: int) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.mem_id == ancestor:
            return True
        parent = parent.parent
    return False


_JSONLD = "application/ld+json"


def scripts_and_metas(tree: LexborHTMLParser) -> tuple[list[str], list[LexborNode]]:
    """The texts of the JSON-LD scripts, and the ``<meta>`` elements left once scripts,
    styles and templates are taken out of the tree (which this does): one walk of the
    tree for the three lookups.

    A ``type`` that differs from ``application/ld+json`` only in case is left to the
    selector itself (HTML compares this attribute's value without regard to case).
    """
    found = tree.css("script, style, template, meta")
    jsonld: list[str] = []
    exact = True
    for node in found:
        if node.tag == "script":
            kind = node.attributes.get("type")
            if kind == _JSONLD:
                jsonld.append(node.text(deep=True))
            elif kind is not None and kind.lower() == _JSONLD:
                exact = False
    if not exact:
        jsonld = [n.text(deep=True) for n in tree.css(f'script[type="{_JSONLD}"]')]
    metas = []
    for node in found:
        if node.tag == "meta":
            metas.append(node)
        else:
            node.decompose(recursive=False)
    root = tree.root
    if root is None:
        return jsonld, []
    # A <meta> can sit inside an SVG <style> (through a <foreignObject>): gone with it.
    return jsonld, [node for node in metas if _under(node, root.mem_id)]
