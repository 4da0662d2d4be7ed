"""A seed-like text file that ends in the site's footer links, in the web's most used
languages: careers, the site map, accessibility, the press room, the user's account.
Too little chrome for a whole page's text: the line rules alone, with the phrases of
chrome.toml, must leave the article and nothing else.
"""

from __future__ import annotations

import pytest
from clean_helpers import SEED

from scraper import clean_text

SEED_LINES = SEED.read_text(encoding="utf-8").split("\n")
ARTICLE = "\n".join(SEED_LINES[2:-3]).strip()  # between the menu bar and "Share."
ARTICLE_LINES = [line for line in ARTICLE.split("\n") if line.strip()]

FOOTERS = {
    "en": ["Careers", "Site map", "Accessibility statement", "Newsroom", "Advertise"],
    "de": ["Karriere", "Sitemap", "Barrierefreiheit", "Mediadaten", "Mein Konto"],
    "fr": ["Carrières", "Plan du site", "Accessibilité", "Espace presse", "Mon compte"],
    "es": ["Trabaja con nosotros", "Mapa del sitio", "Accesibilidad", "Sala de prensa"],
    "it": ["Lavora con noi", "Mappa del sito", "Accessibilità", "Sala stampa"],
    "pt": ["Trabalhe conosco", "Mapa do site", "Acessibilidade", "Sala de imprensa"],
    "nl": ["Vacatures", "Toegankelijkheid", "Mijn account"],
    "pl": ["Kariera", "Mapa strony", "Dostępność", "Moje konto"],
    "ru": ["Вакансии", "Карта сайта", "Реклама на сайте"],
    "tr": ["Kariyer", "Site haritası", "Erişilebilirlik", "Hesabım"],
    "id": ["Karir", "Peta situs", "Aksesibilitas"],
    "ja": ["採用情報", "サイトマップ", "アクセシビリティ"],
    "zh": ["加入我们", "网站地图", "无障碍"],
    "ko": ["채용", "사이트맵", "접근성"],
    "vi": ["Tuyển dụng", "Sơ đồ trang web"],
    "sv": ["Lediga jobb", "Webbplatskarta", "Tillgänglighet"],
    "no": ["Ledige stillinger", "Nettstedskart", "Tilgjengelighet"],
    "fi": ["Avoimet työpaikat", "Sivukartta", "Saavutettavuus"],
    "cs": ["Kariéra", "Mapa stránek", "Přístupnost"],
    "uk": ["Вакансії", "Карта сайту", "Доступність"],
    "el": ["Θέσεις εργασίας", "Χάρτης ιστότοπου", "Προσβασιμότητα"],
    "ar": ["الوظائف", "خريطة الموقع", "إمكانية الوصول"],
    "he": ["דרושים", "מפת האתר", "נגישות"],
}


@pytest.mark.parametrize("language", sorted(FOOTERS))
def test_a_seed_like_file_ending_in_footer_links_comes_out_as_its_article(
    language: str,
) -> None:
    text = ARTICLE + "\n\nShare.\n" + "\n".join(FOOTERS[language]) + "\n"
    kept = [line for line in clean_text(text).text.split("\n") if line.strip()]
    assert kept == ARTICLE_LINES
