"""JSON-LD as sites write it: a script wrapped in a JavaScript-commented CDATA section,
and the article nested as a WebPage's ``mainEntity``."""

from __future__ import annotations

from scraper import extract
from tests.extraction_helpers import STORY

NOTE = "With reporting by Jane Doe in the capital."


def _page(script: str, body: str = STORY) -> str:
    return (
        f"<html><head><title>The bridge</title><script type='application/ld+json'>{script}"
        f"</script></head><body><article>{body}</article></body></html>"
    )


def test_a_script_in_a_javascript_commented_cdata_section_is_read() -> None:
    script = (
        '//<![CDATA[\n{"@context": "https://schema.org", "@type": "NewsArticle",'
        ' "author": {"@type": "Person", "name": "Ana Ruiz"},'
        ' "datePublished": "2024-05-01T08:00:00+02:00"}\n//]]>'
    )
    doc = extract(_page(script))
    assert doc.authors == ("Ana Ruiz",)
    assert doc.published == "2024-05-01T08:00:00+02:00"


def test_the_article_nested_as_a_webpages_main_entity_is_read() -> None:
    script = (
        '{"@context": "https://schema.org", "@type": "WebPage", "mainEntity":'
        ' {"@type": "NewsArticle", "author": [{"@type": "Person", "name": "Ben Ode"}],'
        ' "datePublished": "2024-05-01T08:00:00+02:00"}}'
    )
    doc = extract(_page(script, f"{STORY}<p><em>{NOTE}</em></p>"))
    assert doc.authors == ("Ben Ode",)
    assert doc.published == "2024-05-01T08:00:00+02:00"
    # A news story: its closing note in italics goes (notes.py).
    assert "With reporting" not in doc.text
