"""Minerals and instrument kinds named by keyword, in English and German.

Mineral slugs are those of agreements/demo/reference.py (tests/extraction checks every one exists
there); German terms follow the glossary of the reference (section 6). Instrument kinds are values
of agreements.choices.InstrumentKind (checked the same way). Patterns are regular expressions,
matched case-insensitively at a word start; German ones are stems, so that compounds and
declensions ("Abnahmeverträgen", "Investitions-") match too.
"""

import functools
import re

# slug -> patterns. Groups before members: "heavy rare earths" is the group, not "rare earths" too.
MINERALS: dict[str, tuple[str, ...]] = {
    "light-rare-earths": (r"light rare[- ]earths?\b", r"leichten? Seltenen? Erden\b", r"leichte[nr]? Seltenerd"),
    "heavy-rare-earths": (r"heavy rare[- ]earths?\b", r"schweren? Seltenen? Erden\b", r"schwere[nr]? Seltenerd"),
    "rare-earths": (r"rare[- ]earths?\b", r"Seltenen? Erden\b", r"Seltenerd"),
    "lanthanum": (r"lanthanum\b", r"Lanthan\b"),
    "cerium": (r"cerium\b", r"Cer\b"),
    "praseodymium": (r"praseodymium\b", r"Praseodym\b"),
    "neodymium": (r"neodymium\b", r"Neodym"),
    "dysprosium": (r"dysprosium\b",),
    "terbium": (r"terbium\b",),
    "yttrium": (r"yttrium\b",),
    "scandium": (r"scandium\b",),
    "platinum-group-metals": (r"platinum[- ]group metals?\b", r"PGMs?\b", r"Platingruppenmetall"),
    "platinum": (r"platinum\b", r"Platin\b"),
    "palladium": (r"palladium\b",),
    "rhodium": (r"rhodium\b",),
    "iridium": (r"iridium\b",),
    "ruthenium": (r"ruthenium\b",),
    "aluminium": (r"alumin(?:i)?um\b", r"alumina\b", r"Tonerde\b"),
    "antimony": (r"antimony\b", r"Antimon\b"),
    "arsenic": (r"arsenic\b", r"Arsen\b"),
    "barite": (r"bary?tes?\b", r"Baryt\b", r"Schwerspat\b"),
    "bauxite": (r"bauxite\b", r"Bauxit\b"),
    "beryllium": (r"beryllium\b",),
    "bismuth": (r"bismuth\b", r"Bismut\b", r"Wismut\b"),
    "boron": (r"boron\b", r"Bor\b"),
    "chromium": (r"chromium\b", r"Chrom\b"),
    "cobalt": (r"cobalt\b", r"Kobalt"),
    "copper": (r"copper\b", r"Kupfer"),
    "fluorspar": (r"fluorspar\b", r"Flussspat\b", r"Fluorit\b"),
    "gallium": (r"gallium\b",),
    "germanium": (r"germanium\b",),
    "graphite": (r"graphite\b", r"Gra[pf]hit"),
    "hafnium": (r"hafnium\b",),
    "indium": (r"indium\b",),
    "lithium": (r"lithium",),
    "magnesium": (r"magnesium\b",),
    "manganese": (r"manganese\b", r"Mangan\b"),
    "nickel": (r"nickel",),
    "niobium": (r"niobium\b", r"Niob\b"),
    "phosphate-rock": (r"phosphate rock\b", r"Rohphosphat", r"Phosphatgestein"),
    "silicon-metal": (r"silicon metal\b", r"Siliziummetall", r"Siliciummetall"),
    "tantalum": (r"tantalum\b", r"Tantal\b"),
    "tellurium": (r"tellurium\b", r"Tellur\b"),
    "tin": (r"tin\b", r"Zinn\b"),
    "titanium": (r"titanium\b", r"Titan\b"),
    "tungsten": (r"tungsten\b", r"Wolfram\b"),
    "uranium": (r"uranium\b", r"Uran\b"),
    "vanadium": (r"vanadium\b",),
    "zinc": (r"zinc\b", r"Zink\b"),
    "zirconium": (r"zirconium\b", r"Zirkonium\b"),
}

# InstrumentKind value -> patterns. "Investment"/"Investitionen" is equity and "financing"/
# "Finanzierung" a loan, as the demo data maps the reference's instruments.
INSTRUMENT_KINDS: dict[str, tuple[str, ...]] = {
    "equity": (r"equity\b", r"investments?\b", r"co-investments?\b", r"Investition", r"Beteiligung", r"Eigenkapital"),
    "loan": (
        r"financing\b",
        r"financial support\b",
        r"finance\b",
        r"loans?\b",
        r"debt\b",
        r"Finanzierung",
        r"Kredit",
        r"Darlehen",
    ),
    "guarantee": (r"guarantees?\b", r"Garantie", r"Bürgschaft"),
    "grant": (r"grants?\b", r"Förderinstrument", r"Fördermittel", r"Zuschüss", r"Zuschuss"),
    "price_support": (
        r"price floors?\b",
        r"pricing measures?\b",
        r"price support\b",
        r"price gap subsid",
        r"Mindestpreis",
        r"Preisuntergrenze",
    ),
    "offtake": (r"offtakes?\b", r"off-take", r"Abnahmevertr", r"Abnahmevereinbarung", r"Abnahmeverpflichtung"),
    "stockpile": (
        r"stockpil",
        r"strategic reserves?\b",
        r"Lagerhaltung",
        r"Bevorratung",
        r"Beständen?\b",
        r"Reserve\b",
    ),
    "permitting": (r"permitting\b", r"permits?\b", r"Genehmigung"),
    "coordination": (
        r"working group\b",
        r"response group\b",
        r"steering committee\b",
        r"Arbeitsgruppe",
        r"Koordinierungsgruppe",
        r"Lenkungsausschuss",
    ),
    "trade_measure": (
        r"tariffs?\b",
        r"export (?:controls?|bans?|restrictions?|duties)\b",
        r"quotas?\b",
        r"trade measures?\b",
        r"Zöll",
        r"Zoll\b",
        r"Exportverbot",
        r"Exportkontroll",
        r"Ausfuhrbeschränkung",
    ),
    "research": (r"research\b", r"R&D\b", r"geological mapping\b", r"Forschung", r"geologische Kartierung"),
    "information_sharing": (
        r"information sharing\b",
        r"exchange of information\b",
        r"share information\b",
        r"Informationsaustausch",
    ),
    "standards": (r"standards-based\b", r"common standards\b", r"Normen\b"),
    "insurance": (r"insurance\b", r"Versicherung"),
}


@functools.cache
def _compiled(table_name: str) -> list[tuple[str, re.Pattern]]:
    table = MINERALS if table_name == "minerals" else INSTRUMENT_KINDS
    return [
        (slug, re.compile(r"(?<![\w-])(?:" + "|".join(patterns) + ")", re.IGNORECASE))
        for slug, patterns in table.items()
    ]


def _named(text: str, table_name: str) -> list[str]:
    """Slugs in order of first mention; a span claimed by a longer name is not read again."""
    hits: list[tuple[int, int, str]] = []
    for slug, pattern in _compiled(table_name):
        for match in pattern.finditer(text):
            if all(match.end() <= start or match.start() >= end for start, end, _slug in hits):
                hits.append((match.start(), match.end(), slug))
    ordered: list[str] = []
    for _start, _end, slug in sorted(hits):
        if slug not in ordered:
            ordered.append(slug)
    return ordered


def minerals(text: str) -> list[str]:
    return _named(text, "minerals")


def instrument_kinds(text: str) -> list[str]:
    return _named(text, "instruments")
