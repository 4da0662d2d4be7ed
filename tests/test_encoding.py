"""Decoding page bytes: BOM, declared charset, detection."""

from __future__ import annotations

import codecs

import pytest

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


# Pages in windows-1252 with no charset declared anywhere, as old CMSs and saved pages
# have them; charset-normalizer alone read the first as Baltic ("naļve", "déją").
WESTERN = {
    "fr": "Le café était naïve, déjà vu. Où est la fenêtre? Ça coûte cher, élève.",
    "fr-short": "café naïve, déjà vu",
    "de": "Die Straße ist schön, Grüße aus München. Über die Brücke gehen wir heute.",
    "es": "El niño comió piña en la montaña. ¿Qué está pasando? ¡Atención, señor!",
    "pt": "A informação não está disponível. Coração, ação, pão e limão são ótimos.",
    "it": "Perché è così difficile? Città, virtù, però lunedì è già finito.",
    "nl": "Één café, ruïne, coördinatie en financiële crisis zijn belangrijk.",
    "sv": "Vi åker till Göteborg på fredag. Smörgåsbord är gott och äppelpaj också.",
    "da": "Jeg bor i Århus og spiser rødgrød med fløde. Søen er smuk.",
    "fi": "Hyvää päivää! Tämä on äidinkieli, ja yö on pitkä.",
    "is": "Þetta er íslenska. Ég bý í Reykjavík, það er ágætt.",
    "ca": "La ciutat és molt bonica. Català, França, això és perquè sí.",
}
# Turkish (windows-1254) and Greek (windows-1253) pages with no charset declared:
# charset-normalizer alone read most of the Turkish ones as windows-1250 or -1252
# ("yaţýyorum", "iþsizlik") and short Greek ones as Big5 or Shift JIS.
TURKISH_GREEK = {
    "tr": "Türkçe öğrenmek çok güzel. Şu anda İstanbul'da yaşıyorum ve çalışıyorum.",
    "tr-news": "Cumhurbaşkanı bugün açıklama yaptı; işsizlik düştü, dolar kuru yükseldi.",
    "tr-short": "İstanbul Boğazı",
    "tr-words": "Işık, ağaç, göğüs, şeker, ılık, İzmir",
    "tr-sports": "Galatasaray maçı kazandı, taraftarlar sevinçli.",
    "tr-capital": "İZMİR",
    "el": "Καλημέρα, τι κάνεις; Σήμερα ο καιρός είναι ωραίος και πάμε βόλτα στην Αθήνα.",
    "el-news": "Η Βουλή ψήφισε το νομοσχέδιο για την παιδεία με μεγάλη πλειοψηφία.",
    "el-short": "Ελλάδα",
    "el-caps": "ΕΛΛΗΝΙΚΗ ΔΗΜΟΚΡΑΤΙΑ",
}
CODEC = {"tr": "cp1254", "el": "cp1253"}
# What windows-1252 must not take: the right code page is charset-normalizer's to find.
OTHERS = {
    "pl": ("Zażółć gęślą jaźń. Wczoraj poszliśmy do sklepu, który był zamknięty.", "cp1250"),
    "cs": ("Příliš žluťoučký kůň úpěl ďábelské ódy. Dnes je krásný den v Praze.", "cp1250"),
    "hu": ("Árvíztűrő tükörfúrógép. Ma szép idő van Budapesten, és sétálunk.", "cp1250"),
    "ru": ("Привет, как дела? Сегодня хорошая погода, и мы пойдём гулять в парк.", "cp1251"),
    "lt": ("Labas rytas, kaip sekasi? Šiandien graži diena Vilniuje, ąčęėįšųūž.", "cp1257"),
    # Cyrillic read as windows-1253 is Greek letters too: these must stay Cyrillic.
    "ru-moscow": ("Москва — столица России. Это очень большой город.", "cp1251"),
    "sr": ("Београд је главни град Србије.", "cp1251"),
    "bg": ("България е красива страна с дълга история.", "cp1251"),
    "uk": ("Київ — столиця України. Ми любимо наше місто.", "cp1251"),
}


def _page(text: str) -> str:
    return f"<html><head><title>t</title></head><body><p>{text}</p></body></html>"


@pytest.mark.parametrize("language", sorted(WESTERN))
def test_undeclared_windows_1252_is_read_as_windows_1252(language: str) -> None:
    text = WESTERN[language]
    decoded, codec = decode_html(_page(text).encode("cp1252"))
    assert codec == "cp1252"
    assert text in decoded
    assert text in decode_html(text.encode("cp1252"))[0]  # plain text, no markup


@pytest.mark.parametrize("language", sorted(TURKISH_GREEK))
def test_undeclared_turkish_and_greek_are_read_in_their_code_pages(language: str) -> None:
    text, codec = TURKISH_GREEK[language], CODEC[language[:2]]
    assert decode_html(_page(text).encode(codec)) == (_page(text), codec)
    assert decode_html(text.encode(codec)) == (text, codec)  # plain text, no markup


@pytest.mark.parametrize("language", sorted(OTHERS))
def test_undeclared_central_european_and_cyrillic_are_not_taken_for_1252(language: str) -> None:
    text, codec = OTHERS[language]
    assert decode_html(_page(text).encode(codec)) == (_page(text), codec)


def test_undeclared_french_page_comes_out_right() -> None:
    doc = extract(_page("Le café était naïve, déjà vu. " * 6).encode("cp1252"))
    assert "café était naïve, déjà vu" in doc.text


def test_undeclared_turkish_page_comes_out_right() -> None:
    text = "Öğrenciler sınava hazırlanıyor; hava yarın yağmurlu olacak. "
    doc = extract(_page(text * 6).encode("cp1254"))
    assert "Öğrenciler sınava hazırlanıyor" in doc.text
