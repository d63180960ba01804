"""Country names in the candidate's language, for the wizard's country list.

The list's values stay the English names of services/platform/reference.py's ``COUNTRIES`` (what
validation accepts and the application stores); only the names shown change. They come
from Babel's own locale data (CLDR territory names by ISO code), not from the catalog:
translating 239 names by hand would be worse than what CLDR already has. US state names
stay English: Babel's locale data has territories, not their subdivisions.
"""

from __future__ import annotations

from functools import cache

from babel import Locale

from careers_app import i18n
from careers_app.services.platform.reference import COUNTRIES


@cache
def shown_names(lang: str) -> dict[str, str]:
    """English name -> the name shown in ``lang`` (the English one where CLDR has none)."""
    lang = i18n.supported(lang) or i18n.DEFAULT
    if lang == i18n.DEFAULT:
        return {name: name for name, _code in COUNTRIES}
    territories = Locale(lang).territories
    return {name: str(territories.get(code) or name) for name, code in COUNTRIES}


@cache
def _english_by_shown(lang: str) -> dict[str, str]:
    return {shown.casefold(): english for english, shown in shown_names(lang).items()}


def english_name(value: str, lang: str) -> str:
    """A country typed as ``lang`` names it ("españa") -> its English name ("Spain"), the
    value the list and validation use; anything else unchanged."""
    found = _english_by_shown(i18n.supported(lang) or i18n.DEFAULT).get(value.strip().casefold())
    return found or value
