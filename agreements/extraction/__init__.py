"""From text to a draft: read an agreement's text (English or German) and propose the agreement.

`extract(text, signed_on=None, language=None)` returns a `Draft`; `Draft.as_dict()` is the JSON of
`POST /api/extract/` (API.md, "From text to a draft"). Nothing here touches the database or needs
Django settings: deadlines are computed by agreements.deadlines, the one deadline function.
"""

import dataclasses
import datetime
import re
from typing import Any

from agreements.deadlines import milestone_deadline
from agreements.extraction import dates, keywords, names, phrases, text

__all__ = ["Commitment", "Draft", "extract"]


@dataclasses.dataclass(frozen=True)
class Commitment:
    text: str  # the sentence
    commitment_text: str  # the deadline phrase as worded
    offset_months: int | None
    offset_days: int | None
    due_on: datetime.date | None
    anchor: str
    deadline: datetime.date | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "commitment_text": self.commitment_text,
            "offset_months": self.offset_months,
            "offset_days": self.offset_days,
            "due_on": _iso(self.due_on),
            "anchor": self.anchor,
            "deadline": _iso(self.deadline),
        }


@dataclasses.dataclass(frozen=True)
class Draft:
    language: str
    signed_on: datetime.date | None
    signed_at: str
    parties: list[str]
    minerals: list[str]
    instrument_kinds: list[str]
    commitments: list[Commitment]

    def as_dict(self) -> dict[str, Any]:
        return {
            "language": self.language,
            "signed_on": _iso(self.signed_on),
            "signed_at": self.signed_at,
            "parties": list(self.parties),
            "minerals": list(self.minerals),
            "instrument_kinds": list(self.instrument_kinds),
            "commitments": [commitment.as_dict() for commitment in self.commitments],
        }


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


_SIGNED = re.compile(r"\b(?:signed|unterzeichnet\w*|unterschrieben|signiert)\b", re.IGNORECASE)
_PLACE_WORD = r"[A-ZÄÖÜ][\w'’.-]*"
_PLACE = re.compile(rf"\bin\s+(?P<place>{_PLACE_WORD}(?:\s+{_PLACE_WORD})?)")
# Capitalised words that start no place name.
_NOT_PLACES = {"the", "die", "der", "das", "den", "dem", "des", "ein", "eine", "a", "an", "this", "its", "their"}
# Where an agreement between parties is named (the parties of a text, not every country it mentions).
_AGREEMENT_CUE = re.compile(
    r"\b(?:sign\w*|unterzeichn\w*|between|zwischen|agreement|framework|memorandum|mou|abkommen\w*|"
    r"rahmenabkommen\w*|vereinbarung\w*|absichtserklärung\w*|partnership|partnerschaft\w*)\b",
    re.IGNORECASE,
)


def _signing(sentences: list[str], language: str, taken: dict[int, list[phrases.Phrase]]):
    """(signed_on, signed_at, index of the sentence) from the first sentence that says it was signed."""
    full = re.compile(dates.full_date_pattern(), re.IGNORECASE)
    for index, sentence in enumerate(sentences):
        verb = _SIGNED.search(sentence)
        if not verb:
            continue
        spans = [(p.start, p.end) for p in taken.get(index, [])]
        for match in full.finditer(sentence):
            if any(start <= match.start() < end for start, end in spans):
                continue  # "to be signed by 31 March 2027" is a deadline, not the signing
            signed_on = dates.parse_full_date(match.group(0), language)
            if signed_on:
                return signed_on, _place(sentence, after=match.end(), verb=verb.start()), index
    return None, "", None


def _place(sentence: str, *, after: int, verb: int) -> str:
    """ "signed on 28 October 2025 in Tokyo", "am 28. Oktober 2025 … in Tokio unterzeichnet",
    "signed in Washington on 30 April 2025": the first "in <Name>" after the date, else after the verb."""
    month_names = dates.month_names()
    for start in (after, verb):
        for match in _PLACE.finditer(sentence, start):
            words = []
            for word in match.group("place").split():
                if word.lower() in _NOT_PLACES or word.rstrip(".").lower() in month_names:
                    break
                words.append(word.rstrip(".,"))
            if words:
                return " ".join(words)
    return ""


def extract(source: str, *, signed_on: datetime.date | None = None, language: str | None = None) -> Draft:
    """The proposed agreement for `source`. A given `signed_on` wins over one found in the text."""
    language = language if language in text.LANGUAGES else text.detect_language(source)
    sentences = text.sentences(source)
    # First pass without a reference date: the signing date may come from the text itself.
    found = {i: phrases.find(s, language=language, reference=signed_on) for i, s in enumerate(sentences)}
    stated_on, signed_at, signing_index = _signing(sentences, language, found)
    reference = signed_on or stated_on
    if reference and not signed_on:
        found = {i: phrases.find(s, language=language, reference=reference) for i, s in enumerate(sentences)}
    commitments = [
        Commitment(
            text=sentences[index],
            commitment_text=phrase.text,
            offset_months=phrase.offset_months,
            offset_days=phrase.offset_days,
            due_on=phrase.due_on,
            anchor=phrase.anchor,
            deadline=milestone_deadline(
                due_on=phrase.due_on,
                offset_months=phrase.offset_months,
                offset_days=phrase.offset_days,
                signed_on=reference,
                anchor=phrase.anchor,
                entered_into_force_on=None,  # not read from texts: the deadline waits for it (null)
            ),
        )
        for index in sorted(found)
        for phrase in found[index]
    ]
    return Draft(
        language=language,
        signed_on=reference,
        signed_at=signed_at,
        parties=_parties(sentences, signing_index),
        minerals=keywords.minerals(source),
        instrument_kinds=keywords.instrument_kinds(source),
        commitments=commitments,
    )


def _parties(sentences: list[str], signing_index: int | None) -> list[str]:
    """The parties of the signing sentence; else those of sentences that name an agreement; else all.
    A country only mentioned ("the rivalry with China") is not a party."""
    if signing_index is not None:
        found = names.parties(sentences[signing_index])
        if found:
            return found
    cued = names.parties(" ".join(s for s in sentences if _AGREEMENT_CUE.search(s)))
    return cued or names.parties(" ".join(sentences))
