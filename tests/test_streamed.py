"""Pages streamed by React (scraper/extraction/streamed.py): an empty shell whose parts
arrive hidden at the end of the body, each for a placeholder that a script fills."""

from __future__ import annotations

from extraction_helpers import OTHER, PROSE
from selectolax.lexbor import LexborHTMLParser

from scraper import extract
from scraper.extraction.streamed import place_streamed

THIRD = (
    "Residents asked for a footpath on both sides of the bridge, and the council agreed to "
    "look at the cost again once the engineers have finished surveying the river banks."
)


def _shell(parts: str) -> str:
    # The shell: a header, placeholders with their loading fallbacks, and the parts, hidden
    # at the end, none of them most of the page.
    return (
        "<html><head><title>Bridge</title></head><body>"
        "<header><a href='/'>Home</a></header>"
        '<main><!--$?--><template id="B:0"></template><p>Loading...</p><!--/$-->'
        '<!--$?--><template id="B:2"></template><p>Loading...</p><!--/$--></main>'
        f"{parts}"
        "<script>$RC('B:0','S:0');$RS('S:1','P:1');$RC('B:2','S:2')</script></body></html>"
    )


def test_an_empty_shell_is_read_with_its_streamed_parts_in_place() -> None:
    html = _shell(
        f'<div hidden id="S:0"><h1>Bridge</h1><p>{PROSE}</p>'
        '<div><template id="P:1"></template></div></div>'
        f'<div hidden id="S:1"><p>{OTHER}</p></div>'
        f'<div hidden id="S:2"><p>{THIRD}</p></div>'
    )
    text = extract(html).text
    assert PROSE in text
    assert OTHER in text  # a part of a part, placed in the second round
    assert THIRD in text
    assert "Loading" not in text  # the fallbacks go with their placeholders


def test_parts_are_placed_where_their_placeholders_are() -> None:
    html = (
        "<body><div id='a'><!--$?--><template id=\"B:0\"></template><p>wait</p><!--/$-->"
        '</div><p>after</p><div hidden id="S:0"><p>first</p><p>second</p></div></body>'
    )
    tree = LexborHTMLParser(html)
    assert place_streamed(tree, html) == 1
    assert tree.css_first("[hidden]") is None
    holder = tree.css_first("#a")
    assert holder is not None
    assert [p.text() for p in holder.css("p")] == ["first", "second"]


def test_a_page_without_parts_is_left_alone() -> None:
    # A hidden element that merely looks like a part, with no placeholder: stays hidden.
    html = f'<body><p>{PROSE}</p><div hidden id="S:0"><p>secret</p></div></body>'
    tree = LexborHTMLParser(html)
    assert place_streamed(tree, html) == 0
    assert tree.css_first("[hidden]") is not None
