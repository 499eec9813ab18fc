"""Parties named in a text -> our party slugs (ISO 3166-1 alpha-2 in lower case, "eu").

Country names in English come from pycountry, their German names from pycountry's own gettext
catalogue (iso3166-1). Short forms, adjectives and demonyms are not in any package we found, so
the few we need are a table of ours (_OURS).
"""

import functools
import gettext
import re

import pycountry

EU = "eu"

# Names pycountry does not give (short forms, adjectives, demonyms), English and German.
# German adjectives are stems: "japanisch" also matches "japanische", "japanischen".
_OURS: dict[str, tuple[str, ...]] = {
    "us": (
        "US",
        "U.S.",
        "USA",
        "U.S.A.",
        "America",
        "American",
        "Americans",
        "Amerika",
        "Vereinigten Staaten",
        "Amerikas",
        "amerikanisch",
        "US-amerikanisch",
    ),
    "jp": ("Japanese", "japanisch"),
    "au": ("Australian", "Australians", "australisch"),
    "gb": (
        "UK",
        "U.K.",
        "Britain",
        "Great Britain",
        "British",
        "Großbritannien",
        "britisch",
        "Vereinigte Königreich",
        "Vereinigten Königreich",
        "Vereinigten Königreichs",
    ),
    "kr": ("South Korea", "Korea", "Korean", "South Korean", "Südkorea", "südkoreanisch", "koreanisch"),
    "kp": ("North Korea", "Nordkorea"),
    "ru": ("Russia", "Russian", "Russland", "russisch"),
    "cn": ("Chinese", "chinesisch"),
    "ca": ("Canadian", "kanadisch"),
    "de": ("German", "deutsch"),
    "fr": ("French", "französisch"),
    "it": ("Italian", "italienisch"),
    "in": ("Indian", "indisch"),
    "my": ("Malaysian", "malaysisch"),
    "th": ("Thai", "thailändisch"),
    "ua": ("Ukrainian", "ukrainisch"),
    "sa": ("Saudi", "Saudi-Arabian", "saudi-arabisch", "saudisch"),
    "kz": ("Kazakh", "Kazakhstani", "kasachisch"),
    "uz": ("Uzbek", "usbekisch"),
    "mx": ("Mexican", "mexikanisch"),
    "ar": ("Argentine", "Argentinian", "argentinisch"),
    "cd": ("DRC", "DR Congo", "Democratic Republic of the Congo", "DR Kongo", "Demokratische Republik Kongo"),
    "rw": ("Rwandan", "ruandisch"),
    "no": ("Norwegian", "norwegisch"),
    "se": ("Swedish", "schwedisch"),
    "fi": ("Finnish", "finnisch"),
    "ee": ("Estonian", "estnisch"),
    "vn": ("Vietnam", "Vietnamese"),
    "tr": ("Turkey", "Türkiye"),
    EU: (
        "EU",
        "European Union",
        "European Commission",
        "Europäische Union",
        "Europäischen Union",
        "Europäische Kommission",
        "Europäischen Kommission",
        "EU-Kommission",
    ),
}
_GERMAN_ADJECTIVE_END = r"(?:e|en|er|es|em)?"


def _variants(name: str) -> set[str]:
    """pycountry writes some names inverted ("Korea, Republic of", "Iran, Islamic Republic of"):
    the natural order, and the short form before the comma."""
    names = {name}
    if ", " in name:
        head, rest = name.split(", ", 1)
        names.add(head)
        if rest.endswith((" of", " of the")):
            names.add(f"{rest} {head}")
    return names


@functools.cache
def _catalogue_names() -> dict[str, set[str]]:
    german = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["de"])
    by_name: dict[str, set[str]] = {}
    for country in pycountry.countries:
        slug = country.alpha_2.lower()
        english = {country.name, getattr(country, "official_name", None), getattr(country, "common_name", None)}
        for name in filter(None, english):
            for variant in _variants(name) | _variants(german.gettext(name)):
                by_name.setdefault(variant, set()).add(slug)
    return by_name


@functools.cache
def _pattern() -> tuple[re.Pattern, dict[str, str]]:
    slug_of: dict[str, str] = {}
    # A short form shared by two countries ("Korea", "Congo" from the inverted names) names neither,
    # unless one of them carries it as its own name.
    for name, slugs in _catalogue_names().items():
        own = [s for s in slugs if pycountry.countries.get(alpha_2=s.upper()).name == name]
        if len(slugs) == 1 or len(own) == 1:
            slug_of[name] = own[0] if own else next(iter(slugs))
    for slug, names in _OURS.items():
        for name in names:
            slug_of[name] = slug
    alternatives = []
    for name in sorted(slug_of, key=len, reverse=True):
        escaped = re.escape(name)
        if name[0].islower():  # a German adjective stem, capitalised at the start of a sentence
            escaped = f"[{name[0].upper()}{name[0]}]{re.escape(name[1:])}{_GERMAN_ADJECTIVE_END}"
        elif name[-1].isalpha() and not name.isupper():
            escaped += "s?"  # German genitive: "Japans", "Chinas"
        alternatives.append(escaped)
    # Not inside a word, not "US$" nor "US-Dollar"; "Latin American" is not the United States.
    pattern = re.compile(
        r"(?<![\w$])(?<!Latin )(" + "|".join(alternatives) + r")(?![\w$])(?!-Dollar)(?!\s+(?:dollars?|Dollar)\b)"
    )
    return pattern, slug_of


def _slug(found: str, slug_of: dict[str, str]) -> str | None:
    if found in slug_of:
        return slug_of[found]
    if found.endswith("s") and found[:-1] in slug_of:
        return slug_of[found[:-1]]
    lowered = found[0].lower() + found[1:]
    for stem in (lowered, found):
        for name, slug in slug_of.items():
            if name[0].islower() and stem.startswith(name) and re.fullmatch(_GERMAN_ADJECTIVE_END, stem[len(name) :]):
                return slug
    return None


def parties(text: str) -> list[str]:
    """Slugs of the parties named, in order of first mention."""
    pattern, slug_of = _pattern()
    found: list[str] = []
    for match in pattern.finditer(text):
        slug = _slug(match.group(1), slug_of)
        if slug and slug not in found:
            found.append(slug)
    return found
