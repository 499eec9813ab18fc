"""The deadline grammar (ours): which phrases set a deadline, what they count, and from what.

A phrase is relative ("within six months", "innerhalb von 90 Tagen nach Inkrafttreten": an offset
in months or days from signing or entry into force) or absolute ("by 31 March 2027", "bis Ende
2026": a date). Numbers are digits or words in either language (text2num). A sentence about the
past ("180 days ago", "was adopted within 180 days") sets no deadline.
"""

import dataclasses
import datetime
import functools
import re

from text_to_num import text2num

from agreements.extraction import dates

SIGNING = "signing"
ENTRY_INTO_FORCE = "entry_into_force"


@dataclasses.dataclass(frozen=True)
class Phrase:
    start: int  # span in the sentence
    end: int
    text: str
    offset_months: int | None = None
    offset_days: int | None = None
    due_on: datetime.date | None = None
    anchor: str = SIGNING


# Unit word (lower case) -> (months, days) per one.
_UNITS = {
    **dict.fromkeys(("day", "days", "tag", "tage", "tagen", "tages"), (0, 1)),
    **dict.fromkeys(("week", "weeks", "woche", "wochen"), (0, 7)),
    **dict.fromkeys(("month", "months", "monat", "monate", "monaten", "monats"), (1, 0)),
    **dict.fromkeys(("year", "years", "jahr", "jahre", "jahren", "jahres"), (12, 0)),
}
_UNIT = r"(?P<unit>" + "|".join(sorted(_UNITS, key=len, reverse=True)) + r")\b"
# Indefinite articles and declined German "one", which text2num reads only as "one"/"ein"/"eins".
_ONE = {"a", "an", "one", "ein", "eine", "einem", "einen", "eines", "einer"}
_NUMBER = r"(?P<number>\d{1,4}|[^\W\d_]+(?:[\s-]+[^\W\d_]+){0,3}?)"

# What a relative phrase starts with. "in"/"over" alone are guarded in _relative_ok().
_RELATIVE_HEAD = (
    r"(?P<head>"
    r"(?:within|in|over|during)\s+the\s+(?:next|coming|following)"
    r"|within|(?:no|not)\s+later\s+than|in|over"
    r"|innerhalb\s+(?:der|von)\s+(?:nächsten|kommenden)|in\s+den\s+(?:nächsten|kommenden)"
    r"|innerhalb\s+von|innerhalb|binnen|spätestens|nicht\s+später\s+als"
    r")"
)
_AGREEMENT = r"(?:agreement|memorandum|framework|treaty|mou|arrangement|instrument|plan)"
_ANCHOR_TAIL = (
    r"(?P<tail>"
    r"\s+(?:of|after|from|following)\s+(?:the\s+)?(?:date\s+of\s+)?"
    rf"(?:(?:its|the|this)\s+(?:{_AGREEMENT}'s\s+)?)?"
    r"(?:(?P<eif>entry\s+into\s+force|entering\s+into\s+force"
    rf"|(?:(?:this|the)\s+{_AGREEMENT}\s+)?(?:enters|entered|comes|came)\s+into\s+force)"
    r"|(?P<sig>signing|signature|signature\s+of\s+(?:this|the)\s+\w+|(?:this|the)\s+\w+\s+is\s+signed))"
    r"|\s+(?:nach|ab)\s+(?:dem\s+|der\s+)?"
    r"(?:(?P<eif_de>Inkrafttreten|Inkraftsetzung)|(?P<sig_de>Unterzeichnung|Unterschrift))"
    r")?"
)
_RELATIVE = re.compile(rf"\b{_RELATIVE_HEAD}\s+{_NUMBER}\s+{_UNIT}{_ANCHOR_TAIL}", re.IGNORECASE)
# "six months after entry into force" with no head: only with the anchor named.
_BARE = re.compile(rf"\b{_NUMBER}\s+{_UNIT}{_ANCHOR_TAIL}", re.IGNORECASE)

# Words before a bare "in"/"over" that make it a duration, not a deadline ("for over five years").
_DURATION_BEFORE = re.compile(
    r"\b(?:for|of|than|since|about|nearly|almost|once|twice|times|seit|für|über|mal)\s*$", re.IGNORECASE
)
_AGO_AFTER = re.compile(r"^\s*(?:ago|earlier|before|previously|back|zuvor|vorher|früher)\b", re.IGNORECASE)

_ABSOLUTE_HEAD = (
    r"(?P<head>"
    r"(?:no|not)\s+later\s+than|on\s+or\s+before|by|before"
    r"|bis\s+spätestens(?:\s+(?:am|zum))?|bis\s+zum|bis\s+Ende|bis"
    r"|spätestens\s+(?:bis\s+zum|bis|am|zum|im|Ende)|spätestens|nicht\s+später\s+als|vor"
    r")"
)
_QUARTER_WORDS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "ersten": 1,
    "zweiten": 2,
    "dritten": 3,
    "vierten": 4,
}
_YEAR = dates.YEAR
_QUARTER = (
    rf"Q(?P<q>[1-4])\s+(?P<q_year>{_YEAR})"
    rf"|the\s+(?P<q_word>first|second|third|fourth)\s+quarter\s+of\s+(?P<q_word_year>{_YEAR})"
    rf"|(?:dem\s+|zum\s+)?(?P<q_de>ersten|zweiten|dritten|vierten)\s+Quartal\s+(?P<q_de_year>{_YEAR})"
)


def _absolute_target() -> str:
    month_year = dates.month_year_pattern()
    full = dates.full_date_pattern()
    quarter = _QUARTER
    return (
        r"(?P<target>"
        rf"(?P<full>{full})"
        rf"|(?:the\s+)?end\s+of\s+(?:(?P<end_month>{month_year})|(?P<end_year>{_YEAR})|Q(?P<end_q>[1-4])\s+(?P<end_q_year>{_YEAR}))"
        rf"|end-(?P<end_year_short>{_YEAR})|year-end\s+(?P<year_end>{_YEAR})"
        r"|(?P<this_year>(?:the\s+)?end\s+of\s+(?:the|this)\s+year|(?:the\s+)?year-end|year\s+end"
        r"|(?:(?:dem\s+)?Ende\s+)?(?:des|dieses)\s+Jahres|(?:dem\s+|zum\s+)?Jahresende)"
        rf"|(?:Ende\s+)?(?P<de_end_year>{_YEAR})(?!\s*[-/]\d)"
        rf"|(?P<month>{month_year})"
        rf"|{quarter}"
        r")"
    )


@functools.cache
def _absolute() -> re.Pattern:
    return re.compile(rf"\b{_ABSOLUTE_HEAD}\s+{_absolute_target()}(?![\w-])", re.IGNORECASE)


# "in March 2026" and "this year" are deadlines only in a sentence about the future.
@functools.cache
def _future_only() -> re.Pattern:
    return re.compile(
        rf"\b(?P<head>in|im)\s+(?:(?P<month>{dates.month_year_pattern()})\b|{_QUARTER})"
        r"|\b(?P<this_year>(?:later\s+)?this\s+year|(?:noch\s+)?(?:in\s+)?diese[ms]\s+Jahr(?:es)?)\b",
        re.IGNORECASE,
    )


_PAST = re.compile(
    r"\b(?:ago|was|were|had|did|took\s+place|happened|last\s+(?:year|month|week)|in\s+the\s+past"
    r"|over\s+the\s+past|previously|earlier|already"
    r"|wurde|wurden|war|waren|hatte|hatten|fand|fanden|bereits|zuvor|damals|vergangenen|letzten)\b",
    re.IGNORECASE,
)
_FUTURE = re.compile(
    r"\b(?:will|shall|would|must|should|is\s+to|are\s+to|to\s+be|expected|aims?\s+to|plans?\s+to|intends?\s+to"
    r"|commits?\s+to|committed\s+to|agreed\s+to|undertakes?\s+to|looking\s+to|set\s+to|going\s+to"
    r"|werden|wird|soll|sollen|sollte|sollten|wollen|muss|müssen|vorgesehen|geplant|planen|beabsichtigen"
    r"|verpflichten|verpflichtet)\b|'ll\b",
    re.IGNORECASE,
)


def is_past(sentence: str) -> bool:
    """Speaks of the past and not also of the future: "within 180 days of its launch the fund had
    approved …". "The framework was signed …; measures will follow within six months" still counts."""
    return bool(_PAST.search(sentence)) and not _FUTURE.search(sentence)


def is_future(sentence: str) -> bool:
    return bool(_FUTURE.search(sentence))


def parse_number(words: str, language: str) -> int | None:
    words = words.strip().lower()
    if words.isdigit():
        return int(words)
    if words in _ONE:
        return 1
    for lang in (language, "de" if language == "en" else "en"):
        try:
            return text2num(words, lang)
        except ValueError:
            continue
    return None


def _anchor(match: re.Match) -> tuple[str, bool]:
    """(anchor, named): entry into force only when the text says so."""
    if match.group("eif") or match.group("eif_de"):
        return ENTRY_INTO_FORCE, True
    return SIGNING, bool(match.group("sig") or match.group("sig_de"))


def _relative(match: re.Match, language: str, sentence: str, *, bare: bool) -> Phrase | None:
    number = parse_number(match.group("number"), language)
    if not number:
        return None
    if _AGO_AFTER.match(sentence[match.end() :]):
        return None
    anchor, named = _anchor(match)
    if bare and not named:
        return None
    head = "" if bare else match.group("head").lower()
    if head in ("in", "over") and _DURATION_BEFORE.search(sentence[: match.start()]):
        return None
    months_per, days_per = _UNITS[match.group("unit").lower()]
    months, days = months_per * number, days_per * number
    return Phrase(
        start=match.start(),
        end=match.end(),
        text=match.group(0),
        offset_months=months or None,
        offset_days=days or None,
        anchor=anchor,
    )


def _absolute_due(match: re.Match, language: str, reference: datetime.date | None) -> datetime.date | None:
    group = match.groupdict()
    if group.get("full"):
        return dates.parse_full_date(group["full"], language)
    month = group.get("end_month") or group.get("month")
    if month:
        return dates.parse_month_year(month)
    for key in ("end_year", "end_year_short", "year_end", "de_end_year"):
        if group.get(key):
            return datetime.date(int(group[key]), 12, 31)
    if group.get("end_q"):
        return dates.quarter_end(int(group["end_q_year"]), int(group["end_q"]))
    if group.get("q"):
        return dates.quarter_end(int(group["q_year"]), int(group["q"]))
    if group.get("q_word"):
        return dates.quarter_end(int(group["q_word_year"]), _QUARTER_WORDS[group["q_word"].lower()])
    if group.get("q_de"):
        return dates.quarter_end(int(group["q_de_year"]), _QUARTER_WORDS[group["q_de"].lower()])
    if group.get("this_year") and reference is not None:
        # "Before the end of the year": 31 December of the year the text dates from.
        return datetime.date(reference.year, 12, 31)
    return None


def _bare_year_ok(match: re.Match) -> bool:
    """A bare year is a deadline only after German "bis"/"Ende" ("bis Ende 2026", not "by 2030")."""
    if not match.groupdict().get("de_end_year"):
        return True
    return "ende" in match.group(0).lower()


def _overlapping(pattern: re.Pattern, sentence: str):
    """Matches starting at every position: "in business projects over five years" must not hide
    "over five years" behind a head ("in") whose number words ("business projects") are no number."""
    position = 0
    while match := pattern.search(sentence, position):
        yield match
        position = match.start() + 1


def find(sentence: str, *, language: str, reference: datetime.date | None) -> list[Phrase]:
    """Every deadline phrase in one sentence, in order. `reference` dates "the end of the year"."""
    if is_past(sentence):
        return []
    found: list[Phrase] = []

    def free(start: int, end: int) -> bool:
        return all(end <= p.start or start >= p.end for p in found)

    for pattern, bare in ((_RELATIVE, False), (_BARE, True)):
        for match in _overlapping(pattern, sentence):
            phrase = _relative(match, language, sentence, bare=bare)
            if phrase and free(phrase.start, phrase.end):
                found.append(phrase)
    for match in _absolute().finditer(sentence):
        if not _bare_year_ok(match) or _AGO_AFTER.match(sentence[match.end() :]):
            continue
        due = _absolute_due(match, language, reference)
        if due and free(match.start(), match.end()):
            found.append(Phrase(start=match.start(), end=match.end(), text=match.group(0), due_on=due))
    if is_future(sentence):
        for match in _future_only().finditer(sentence):
            due = _absolute_due(match, language, reference)
            if due and free(match.start(), match.end()):
                found.append(Phrase(start=match.start(), end=match.end(), text=match.group(0), due_on=due))
    return sorted(found, key=lambda p: p.start)
