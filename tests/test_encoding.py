"""Decoding page bytes: BOM, declared charset, detection."""

from __future__ import annotations

import codecs

from scraper import extract
from scraper.encoding import declared_charset, decode_html

TEXT = "Café owners say the “€2 levy” – and the crème brûlée – will empty the square. " * 8


def test_bom_wins() -> None:
    data = codecs.BOM_UTF8 + f'<meta charset="latin-1"><p>{TEXT}</p>'.encode()
    assert decode_html(data)[1] == "utf-8"


def test_meta_charset_only_windows_1252() -> None:
    html = (
        f'<meta http-equiv="Content-Type" content="text/html; charset=windows-1252"><p>{TEXT}</p>'
    )
    text, codec = decode_html(html.encode("cp1252"))
    assert codec == "cp1252"
    assert "“€2 levy”" in text


def test_latin1_label_decodes_as_windows_1252() -> None:
    html = f'<meta charset="iso-8859-1"><p>{TEXT}</p>'
    assert "“€2 levy”" in decode_html(html.encode("cp1252"))[0]


def test_no_declaration_is_detected() -> None:
    html = f"<html><body><p>{TEXT}</p></body></html>".encode("cp1252")
    assert "“€2 levy”" in decode_html(html)[0]


def test_header_charset_beats_meta() -> None:
    html = f'<meta charset="utf-8"><p>{TEXT}</p>'.encode("cp1252")
    assert "“€2 levy”" in decode_html(html, "windows-1252")[0]


def test_utf16_with_bom() -> None:
    data = f"<html><body><p>{TEXT}</p></body></html>".encode("utf-16")
    assert "“€2 levy”" in extract(data).text


def test_declared_charset_ignores_junk() -> None:
    assert declared_charset(b'<meta charset="no-such-codec">') is None
