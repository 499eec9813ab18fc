"""Sentences and language of a pasted text."""

import functools
import re
import unicodedata

from agreements.extraction import dates

LANGUAGES = ("en", "de")

# Periods that do not end a sentence: German ordinal days ("28. Oktober"), initials and "U.S.",
# and a few abbreviations of both languages.
_ABBREVIATIONS = {
    "e.g",
    "i.e",
    "etc",
    "no",
    "nr",
    "ann",
    "art",
    "sec",
    "para",
    "vs",
    "mr",
    "mrs",
    "ms",
    "dr",
    "st",
    "z.b",
    "bzw",
    "ca",
    "vgl",
    "abs",
    "inc",
    "ltd",
    "co",
    "corp",
}
_BREAK = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]?[^\W\d_]|[^\w\s])|\n+")


def _ends_sentence(before: str, after: str) -> bool:
    word = re.search(r"(\S+)$", before)
    if not word:
        return True
    token = word.group(1).rstrip("\"'”’)").lower()
    if not token.endswith((".", "!", "?")):
        return True  # a line break
    stem = token[:-1]
    if stem in _ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.)*[a-z]", stem):
        return False  # "U.S." and single initials
    following = re.match(r"\s*(\w+)", after)
    # "28. Oktober": a German ordinal day, not a sentence's last number.
    return not (re.fullmatch(r"\d{1,2}", stem) and following and following.group(1).lower() in dates.month_names())


def sentences(text: str) -> list[str]:
    """Sentences, each stripped of surrounding space and of leading pictographs (list bullets, emoji)."""
    pieces, start = [], 0
    for match in _BREAK.finditer(text):
        if _ends_sentence(text[start : match.start()], text[match.end() :]):
            pieces.append(text[start : match.start()])
            start = match.end()
    pieces.append(text[start:])
    return [cleaned for cleaned in (_clean(piece) for piece in pieces) if cleaned]


def _clean(piece: str) -> str:
    piece = piece.strip()
    while piece and (unicodedata.category(piece[0]) in ("So", "Sk", "Cf", "Po", "Pd") or piece[0] in "-*•·"):
        piece = piece[1:].lstrip()
    return piece


@functools.cache
def _identifier():
    # py3langid ships its model inside the package: nothing is downloaded.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGUAGES))
    return identifier


def detect_language(text: str) -> str:
    language, _probability = _identifier().classify(text)
    return language
