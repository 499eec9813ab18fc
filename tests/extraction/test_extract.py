"""The extractor's parts: the deadline grammar, dates, numbers, parties, minerals, instruments, the
draft's JSON shape, and that it runs without Django settings."""

import ast
import datetime
import json
import pathlib
import subprocess
import sys

import pytest

from agreements.choices import DeadlineAnchor, InstrumentKind
from agreements.demo.dataset import read_data_set
from agreements.extraction import extract, keywords, names, phrases, text

D = datetime.date
SIGNED = D(2025, 10, 28)
PACKAGE = pathlib.Path(__file__).resolve().parents[2] / "agreements" / "extraction"


def only(sentence, **kwargs):
    (commitment,) = extract(sentence, **kwargs).commitments
    return commitment


def test_days_count_the_anchor_day_as_day_zero_and_months_clamp():
    assert only("within 180 days", signed_on=SIGNED).deadline == D(2026, 4, 26)
    assert only("within six months", signed_on=SIGNED).deadline == D(2026, 4, 28)
    assert only("within six months", signed_on=D(2025, 8, 31)).deadline == D(2026, 2, 28)
    assert only("within six months", signed_on=D(2023, 8, 31)).deadline == D(2024, 2, 29)


@pytest.mark.parametrize(
    ("sentence", "months", "days"),
    [
        ("Measures will follow within 6 months.", 6, None),
        ("Measures will follow within twelve months.", 12, None),
        ("Measures will follow within thirty days.", None, 30),
        ("Measures will follow within a year.", 12, None),
        ("Measures will follow within two years.", 24, None),
        ("Maßnahmen folgen binnen zwölf Monaten.", 12, None),
        ("Maßnahmen folgen innerhalb von dreißig Tagen.", None, 30),
        ("Maßnahmen folgen innerhalb eines Jahres.", 12, None),
        ("Maßnahmen folgen in den nächsten 60 Tagen.", None, 60),
    ],
)
def test_numbers_as_digits_or_words_in_either_language(sentence, months, days):
    commitment = only(sentence, signed_on=SIGNED)
    assert (commitment.offset_months, commitment.offset_days) == (months, days)


def test_anchor_is_signing_unless_the_text_names_entry_into_force():
    assert only("Reports follow within six months.").anchor == DeadlineAnchor.SIGNING
    assert only("Reports follow within six months of signing.").anchor == DeadlineAnchor.SIGNING
    eif = only("Reports follow within six months after this Agreement enters into force.", signed_on=SIGNED)
    assert eif.anchor == DeadlineAnchor.ENTRY_INTO_FORCE
    assert eif.commitment_text == "within six months after this Agreement enters into force"
    assert eif.deadline is None  # the entry-into-force date is not known yet
    assert only("Berichte folgen sechs Monate nach dem Inkrafttreten.").anchor == DeadlineAnchor.ENTRY_INTO_FORCE


def test_anchor_values_are_the_models():
    # A text always names what it counts from: the extractor never proposes `unknown`, which is
    # for editors whose sources give a period without its start.
    assert {phrases.SIGNING, phrases.ENTRY_INTO_FORCE} == set(DeadlineAnchor.values) - {DeadlineAnchor.UNKNOWN}


@pytest.mark.parametrize(
    ("sentence", "due_on"),
    [
        ("The list shall be published by 31 March 2027.", D(2027, 3, 31)),
        ("The list shall be published by March 31, 2027.", D(2027, 3, 31)),
        ("The list shall be published no later than 2027-03-31.", D(2027, 3, 31)),
        ("The list shall be published no later than April 2026.", D(2026, 4, 30)),
        ("The list shall be published by February 2028.", D(2028, 2, 29)),
        ("The list shall be published by the end of 2026.", D(2026, 12, 31)),
        ("The list shall be published by the end of June 2026.", D(2026, 6, 30)),
        ("The list shall be published by Q3 2026.", D(2026, 9, 30)),
        ("Die Liste wird bis zum 31. März 2027 veröffentlicht.", D(2027, 3, 31)),
        ("Die Liste wird spätestens im April 2026 veröffentlicht.", D(2026, 4, 30)),
        ("Die Liste wird bis Ende des Jahres veröffentlicht.", D(2025, 12, 31)),
    ],
)
def test_absolute_deadlines(sentence, due_on):
    commitment = only(sentence, signed_on=SIGNED)
    assert (commitment.due_on, commitment.deadline) == (due_on, due_on)
    assert commitment.offset_months is None and commitment.offset_days is None


def test_end_of_the_year_needs_a_date_to_count_from():
    assert extract("The roadmap will be ready before the end of the year.").commitments == []
    dated = "The framework was signed on 17 June 2025. The roadmap will be ready before the end of the year."
    assert only(dated).due_on == D(2025, 12, 31)


def test_a_given_signing_date_wins_over_the_one_in_the_text():
    draft = extract(
        "Signed on 28 October 2025 in Tokyo. Steps will follow within six months.", signed_on=D(2025, 11, 1)
    )
    assert draft.signed_on == D(2025, 11, 1)
    assert draft.commitments[0].deadline == D(2026, 5, 1)
    assert draft.signed_at == "Tokyo"


def test_signing_date_and_place_in_both_languages():
    english = extract("The framework was signed on 28 October 2025 in Tokyo by the two leaders.")
    assert (english.signed_on, english.signed_at) == (SIGNED, "Tokyo")
    before = extract("The memoranda were signed in Kuala Lumpur on 26 October 2025.")
    assert (before.signed_on, before.signed_at) == (D(2025, 10, 26), "Kuala Lumpur")
    german = extract(
        "Die USA und Japan haben am 28. Oktober 2025 im Akasaka-Palast in Tokio ein Abkommen unterzeichnet."
    )
    assert (german.signed_on, german.signed_at) == (SIGNED, "Tokio")
    assert extract("The parties will meet in Tokyo.").signed_on is None


def test_a_deadline_date_is_not_the_signing_date():
    draft = extract("The agreement is to be signed by 31 March 2027.")
    assert draft.signed_on is None
    assert only("The agreement is to be signed by 31 March 2027.").due_on == D(2027, 3, 31)


@pytest.mark.parametrize(
    ("wording", "slug"),
    [
        ("Japan", "jp"),
        ("the Japanese government", "jp"),
        ("die japanische Regierung", "jp"),
        ("Japanische Unternehmen", "jp"),
        ("the United States", "us"),
        ("the United States of America", "us"),
        ("die USA", "us"),
        ("die Vereinigten Staaten", "us"),
        ("the US side", "us"),
        ("the U.S. side", "us"),
        ("American buyers", "us"),
        ("US-amerikanische Firmen", "us"),
        ("the Republic of Korea", "kr"),
        ("Südkorea", "kr"),
        ("the United Kingdom", "gb"),
        ("das Vereinigte Königreich", "gb"),
        ("Australiens Regierung", "au"),
        ("the European Union", "eu"),
        ("die Europäische Kommission", "eu"),
        ("the Democratic Republic of the Congo", "cd"),
        ("Kasachstan", "kz"),
    ],
)
def test_party_names_and_adjectives_in_english_and_german(wording, slug):
    assert names.parties(f"Signed by {wording} and others.") == [slug]


def test_amounts_and_lookalikes_are_no_parties():
    assert (
        names.parties("US$ 8.5 billion for projects; 75 Millionen US-Dollar; Latin American buyers; us and them") == []
    )


def test_parties_are_those_of_the_signing_sentence_not_every_country_mentioned():
    draft = extract(
        "Japan and the United States signed the framework on 28 October 2025. "
        "China dominates the processing of rare earths."
    )
    assert draft.parties == ["jp", "us"]


def test_minerals_groups_members_and_german_names():
    assert keywords.minerals("Seltene Erden, darunter Neodym, sowie Lithium und Kobalt") == [
        "rare-earths",
        "neodymium",
        "lithium",
        "cobalt",
    ]
    assert keywords.minerals("heavy and light rare earths, neodymium and dysprosium magnets") == [
        "light-rare-earths",
        "neodymium",
        "dysprosium",
    ]
    assert keywords.minerals("schwere Seltene Erden und Gallium") == ["heavy-rare-earths", "gallium"]
    assert keywords.minerals("critical minerals in Latin America") == []


def test_every_mineral_slug_exists_in_the_demo_vocabulary():
    assert set(keywords.MINERALS) <= {mineral["slug"] for mineral in read_data_set().vocabulary["minerals"]}


def test_instrument_kinds_by_keyword_are_instrument_kind_values():
    assert set(keywords.INSTRUMENT_KINDS) <= set(InstrumentKind.values)
    assert keywords.instrument_kinds(
        "Finanzierung, Lagerhaltung und Beständen, Abnahmeverträge, Genehmigungen, Investitions- und Förderinstrumente"
    ) == ["loan", "stockpile", "offtake", "permitting", "equity", "grant"]
    assert keywords.instrument_kinds("financing, stockpiles, offtake agreements, permitting, investment") == [
        "loan",
        "stockpile",
        "offtake",
        "permitting",
        "equity",
    ]


def test_language_is_detected_or_taken_as_given():
    assert extract("Die Parteien werden binnen sechs Monaten berichten.").language == "de"
    assert extract("The parties will report within six months.").language == "en"
    assert extract("The parties will report within six months.", language="de").language == "de"


def test_sentences_keep_german_dates_and_abbreviations_whole():
    assert text.sentences("Am 28. Oktober 2025 unterzeichnet. Die U.S. side agreed, e.g. on Ann. 70. Next one.") == [
        "Am 28. Oktober 2025 unterzeichnet.",
        "Die U.S. side agreed, e.g. on Ann. 70.",
        "Next one.",
    ]


def test_draft_as_dict_is_the_contracts_json():
    draft = extract(
        "Japan and the United States signed on 28 October 2025 in Tokyo a framework on rare earths and "
        "stockpiling. Financing follows within six months, and a ministerial by 31 March 2027."
    )
    data = json.loads(json.dumps(draft.as_dict()))
    assert data == {
        "language": "en",
        "signed_on": "2025-10-28",
        "signed_at": "Tokyo",
        "parties": ["jp", "us"],
        "minerals": ["rare-earths"],
        "instrument_kinds": ["stockpile", "loan"],
        "commitments": [
            {
                "text": "Financing follows within six months, and a ministerial by 31 March 2027.",
                "commitment_text": "within six months",
                "offset_months": 6,
                "offset_days": None,
                "due_on": None,
                "anchor": "signing",
                "deadline": "2026-04-28",
            },
            {
                "text": "Financing follows within six months, and a ministerial by 31 March 2027.",
                "commitment_text": "by 31 March 2027",
                "offset_months": None,
                "offset_days": None,
                "due_on": "2027-03-31",
                "anchor": "signing",
                "deadline": "2027-03-31",
            },
        ],
    }


def test_empty_text_gives_an_empty_draft():
    data = extract("", language="en").as_dict()
    assert data["commitments"] == [] and data["parties"] == [] and data["signed_on"] is None


def test_the_package_does_not_import_django():
    for path in PACKAGE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
        imported += [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
        assert not [name for name in imported if name.split(".")[0] == "django"], path.name


def test_it_runs_without_django_settings():
    # A fresh interpreter with no DJANGO_SETTINGS_MODULE: nothing needs the app registry or a database.
    script = (
        "import datetime, json; from agreements.extraction import extract; "
        "print(json.dumps(extract('Maßnahmen folgen binnen sechs Monaten.', signed_on=datetime.date(2025, 10, 28))"
        ".as_dict()['commitments'][0]['deadline']))"
    )
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(PACKAGE.parents[1])}
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True, timeout=120
    )
    assert result.stdout.strip() == '"2026-04-28"'
