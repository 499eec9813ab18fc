"""Fixtures of the demo data set's tests.

Loading the whole reference takes seconds, so modules that only need it loaded share one load:
`demo_loaded` loads it once per module inside a transaction that is rolled back when the module
ends, and each test runs in a savepoint inside it (pytest-django's usual per-test transaction), so a
test may still change rows. Tests that need an empty database live in modules that do not use it.
"""

import datetime
import io
import zoneinfo

import pytest
import time_machine
import yaml
from django.conf import settings
from django.core.management import call_command
from django.db import transaction

from agreements.demo import dataset


@pytest.fixture(scope="session")
def data_set() -> dataset.DataSet:
    """The data set of records/, read once; a broken file fails the tests that use it (with every
    problem listed), not the collection of the whole suite."""
    return dataset.read_data_set()


def reference_noon() -> datetime.datetime:
    """Noon of the reference's "as of" day: evidence may not be dated after today."""
    return datetime.datetime.combine(dataset.REFERENCE_AS_OF, datetime.time(12), zoneinfo.ZoneInfo(settings.TIME_ZONE))


def load_demo(*args: str) -> str:
    out = io.StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker) -> str:
    """The demo data set loaded once for the module (rolled back at its end); its summary output."""
    with django_db_blocker.unblock(), transaction.atomic():
        with time_machine.travel(reference_noon(), tick=True):
            output = load_demo()
        yield output
        transaction.set_rollback(True)


# --- a small data set of our own, in a temporary directory -----------------------------------

SIGNED = datetime.date(2025, 10, 28)


def small_data_set() -> dict[str, object]:
    """A data set with one record of every kind, invented for the loader's tests (not reference facts).
    Keys: "vocabulary", "mineral-lists", "hs-codes" and "agreements" (slug -> document)."""
    vocabulary = {
        "countries": [
            {"slug": "jp", "name": "Japan"},
            {"slug": "kr", "name": "Republic of Korea", "name_de": "Republik Korea"},
            {"slug": "us", "name": "United States"},
        ],
        "other_parties": [
            {"slug": "eu", "name": "European Union", "name_de": "Europäische Union", "kind": "bloc"},
            {"slug": "us-exim", "name": "US EXIM", "kind": "agency", "country": "us"},
        ],
        "minerals": [
            {"slug": "rare-earths", "name": "Rare earths", "name_de": "Seltene Erden", "is_group": True},
            {
                "slug": "neodymium",
                "name": "Neodymium",
                "name_de": "Neodym",
                "symbol": "Nd",
                "group": "rare-earths",
                "description": "A light rare-earth element.",
            },
            {"slug": "gallium", "name": "Gallium", "name_de": "Gallium", "symbol": "Ga"},
        ],
        "stages": [
            {"slug": "mining", "name": "Mining", "name_de": "Bergbau", "order": 1, "description": "Extraction."},
            {"slug": "processing", "name": "Processing", "name_de": "Verarbeitung", "order": 2},
        ],
    }
    alpha = {
        "slug": "alpha-framework-2025",
        "reviewed_on": datetime.date(2026, 11, 30),
        "fields": {"title": "Alpha framework", "kind": "framework", "status": "signed", "signed_on": SIGNED},
        "parties": [
            {"party": "us", "role": "signatory", "signed_by": "A. Signer"},
            {"party": "jp", "role": "signatory"},
        ],
        "minerals": ["rare-earths"],
        "stages": ["mining"],
        "sources": [
            {
                "key": "text",
                "title": "The text",
                "publisher": "Ministry",
                "url": "https://example.org/text",
                "official": True,
            },
            {
                "key": "blog",
                "title": "A blog post",
                "publisher": "blog.example",
                "url": "http://blog.example/post",
                "mark": "V-sec",
                "note": "Seen only here.",
            },
            {"key": "paper", "title": "A paper", "publisher": "Press", "note": "No URL found."},
        ],
        "instruments": [
            {
                "name": "Financing",
                "kind": "loan",
                "amount": "1000000000",
                "amount_qualifier": "at_least",
                "currency": "USD",
                "payer": "us",
                "source": "text",
                "minerals": ["neodymium"],
                "reported_amounts": [
                    {
                        "amount": "2000000000",
                        "currency": "USD",
                        "amount_qualifier": "exact",
                        "url": "http://blog.example/post",
                        "mark": "V-sec",
                    }
                ],
            }
        ],
        "milestones": [
            {
                "title": "First measures",
                "commitment_text": "Within six months of signing",
                "offset_months": 6,
                "source": "text",
                "last_checked_on": datetime.date(2026, 12, 1),
                "evidence": [
                    {
                        "occurred_on": datetime.date(2026, 3, 1),
                        "summary": "The first measures were announced.",
                        "relation": "fulfils",
                        "url": "https://example.org/measures",
                        "publisher": "Ministry",
                        "official": True,
                        "further": ["https://example.org/measures-2"],
                    }
                ],
            }
        ],
        "projects": [
            {
                "slug": "alpha-mine",
                "source": "paper",
                "fields": {"name": "Alpha mine", "country": "jp", "stage": "mining", "operator": "us-exim"},
                "minerals": ["neodymium"],
                "instruments": ["Financing"],
            }
        ],
        "relations": [
            {"kind": "supersedes", "agreement": "beta-partnership", "source": "text", "note": "Its successor."}
        ],
        "discrepancies": [
            {
                "item": 1,
                "topic": "Signing date",
                "note": "Probably time zones.",
                "claims": [
                    {
                        "claim": "28 October 2025",
                        "url": "https://example.org/text",
                        "publisher": "Ministry",
                        "official": True,
                    },
                    {
                        "claim": "27 October 2025",
                        "mark": "V-sec",
                        "url": "http://blog.example/post",
                        "title": "A blog post",
                    },
                ],
            }
        ],
    }
    beta = {
        "slug": "beta-partnership",
        "reviewed_on": datetime.date(2026, 12, 1),
        "fields": {"title": "Beta partnership", "kind": "partnership", "status": "signed"},
        "parties": [{"party": "eu", "role": "participant"}, {"party": "kr", "role": "participant"}],
        "sources": [{"key": "news", "title": "A report", "publisher": "News", "url": "https://news.example/beta"}],
    }
    lists = {
        "lists": [
            {
                "slug": "alpha-list",
                "name": "Alpha list of critical minerals",
                "name_de": "Alpha-Liste kritischer Mineralien",
                "publisher": "us",
                "published_on": datetime.date(2025, 11, 7),
                "stated_count": 2,
                "members_verified": True,
                "url": "https://example.org/list",
                "title": "The list",
                "further": ["https://example.org/list-2"],
                "entries": [{"mineral": "neodymium", "listed_as": "neodymium (Nd)"}, {"mineral": "gallium"}],
                "discrepancies": [
                    {
                        "item": 2,
                        "topic": "Number of minerals",
                        "claims": [
                            {"claim": "2", "url": "https://example.org/list"},
                            {"claim": "3", "mark": "V-sec", "publisher": "A blog"},
                        ],
                    }
                ],
            },
            {
                "slug": "beta-list",
                "name": "Beta list",
                "publisher": "jp",
                "stated_count": 34,
                "members_verified": False,
            },
        ]
    }
    codes = {
        "codes": [
            {
                "code": "2805.30",
                "description": "Rare-earth metals",
                "minerals": ["rare-earths", "neodymium"],
                "mark": "V-sec",
                "url": "https://example.org/hs/280530",
                "further": ["https://example.org/hs/280530-b"],
            }
        ]
    }
    return {
        "vocabulary": vocabulary,
        "mineral-lists": lists,
        "hs-codes": codes,
        "agreements": {"alpha-framework-2025": alpha, "beta-partnership": beta},
    }


def write_data_set(directory, data: dict[str, object]):
    """Writes `data` (as small_data_set() shapes it) as YAML files into `directory`; returns it."""
    (directory / "agreements").mkdir(parents=True, exist_ok=True)
    for name in ("vocabulary", "mineral-lists", "hs-codes"):
        if data.get(name) is not None:
            (directory / f"{name}.yaml").write_text(yaml.safe_dump(data[name], allow_unicode=True, sort_keys=False))
    for slug, document in data["agreements"].items():
        (directory / "agreements" / f"{slug}.yaml").write_text(
            yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
        )
    return directory
