"""A seed-like text file in the web's most used languages: the seed's article with a
little of a site's chrome around it in one language (a home and a search button above;
a share button, a "read also" heading over two teasers and the AMP plugin's exit link
below). Too little chrome for a whole page's text: the line rules alone, with the
phrases and section headings of chrome.toml, must leave the article and nothing else.
"""

from __future__ import annotations

import pytest
from clean_helpers import SEED

from scraper import clean_text

SEED_LINES = SEED.read_text(encoding="utf-8").split("\n")
ARTICLE = "\n".join(SEED_LINES[2:-3]).strip()  # between the menu bar and "Share."
ARTICLE_LINES = [line for line in ARTICLE.split("\n") if line.strip()]
EXIT = "Exit mobile version"

CHROME = {
    "it": (["Cerca", "Accedi"], ["Condividi", "Leggi anche"], EXIT),
    "pt": (["Início", "Pesquisar"], ["Compartilhe", "Leia também"], "Sair da versão mobile"),
    "ko": (["홈", "검색"], ["공유", "관련 기사"], "모바일 버전 종료"),
    "ar": (["الرئيسية", "بحث"], ["مشاركة", "مقالات ذات صلة"], EXIT),
    "hi": (["होम", "खोजें"], ["शेयर करें", "ये भी पढ़ें"], EXIT),
    "fa": (["خانه", "جستجو"], ["اشتراک گذاری", "مطالب مرتبط"], EXIT),
    "uk": (["Головна", "Пошук"], ["Поділитися", "Читайте також"], EXIT),
    "cs": (["Domů", "Hledat"], ["Sdílet", "Související články"], EXIT),
    "el": (["Αρχική", "Αναζήτηση"], ["Κοινοποίηση", "Διαβάστε επίσης"], EXIT),
    "sv": (["Hem", "Sök"], ["Dela", "Läs också"], "Avsluta mobilversion"),
    "da": (["Hjem", "Søg"], ["Del", "Læs også"], EXIT),
    "fi": (["Etusivu", "Haku"], ["Jaa", "Lue myös"], EXIT),
    "hu": (["Kezdőlap", "Keresés"], ["Megosztás", "Kapcsolódó cikkek"], EXIT),
    "ro": (["Acasă", "Căutare"], ["Distribuie", "Citește și"], EXIT),
    "he": (["דף הבית", "חיפוש"], ["שתף", "כתבות נוספות"], EXIT),
    "th": (["หน้าแรก", "ค้นหา"], ["แชร์", "ข่าวที่เกี่ยวข้อง"], EXIT),
}
TEASERS = ["Seoul urges caution as talks stall", "Pyongyang fires another missile"]


@pytest.mark.parametrize("language", sorted(CHROME))
def test_a_seed_like_file_in_another_language_comes_out_as_its_article(language: str) -> None:
    top, (share, related), exit_link = CHROME[language]
    foot = [share, related, *TEASERS, exit_link]
    text = "\n".join(top) + "\n\n" + ARTICLE + "\n\n" + "\n".join(foot) + "\n"
    kept = [line for line in clean_text(text).text.split("\n") if line.strip()]
    assert kept == ARTICLE_LINES
