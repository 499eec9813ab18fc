"""German search: a German name of a mineral, stage or party in the query also finds what its
English name finds (AgreementQuerySet.search, VocabularySearchQuery), on the GIN index."""

import pytest
from django.db import connection

from agreements.models import Agreement, Mineral
from tests.factories import AgreementFactory, MineralFactory, PartyFactory, StageFactory

pytestmark = pytest.mark.django_db


def found(query: str) -> list[str]:
    return sorted(Agreement.objects.search(query).values_list("slug", flat=True))


@pytest.fixture
def agreements():
    MineralFactory(slug="rare-earths", name="Rare earths", name_de="Seltene Erden", is_group=True)
    AgreementFactory(slug="rare-earths-deal", title="Framework on rare earths", summary="Mining and magnets.")
    AgreementFactory(slug="magnets-deal", title="Magnet partnership", summary="Processing of rare earths in Japan.")
    AgreementFactory(slug="lithium-deal", title="Lithium memorandum", summary="Battery-grade lithium.")


def test_seltene_erden_finds_what_rare_earths_finds(agreements):
    assert found("rare earths") == ["magnets-deal", "rare-earths-deal"]
    assert found("Seltene Erden") == found("rare earths")
    assert found("seltene erden") == found("rare earths")  # any case


def test_the_german_name_comes_from_the_vocabulary(agreements):
    Mineral.objects.filter(slug="rare-earths").update(name_de="")
    assert found("Seltene Erden") == []


def test_german_names_combine_with_other_words_phrases_and_or(agreements):
    assert found("Seltene Erden Japan") == ["magnets-deal"]
    assert found('"Seltene Erden"') == found('"rare earths"') == ["magnets-deal", "rare-earths-deal"]
    assert found("Seltene Erden -Japan") == found("rare earths -Japan") == ["rare-earths-deal"]
    assert found("Seltene Erden or lithium") == ["lithium-deal", "magnets-deal", "rare-earths-deal"]


def test_a_longer_name_wins_over_the_shorter_one_inside_it(agreements):
    MineralFactory(slug="light-rare-earths", name="Light rare earths", name_de="Leichte Seltene Erden")
    AgreementFactory(slug="light-deal", title="Light rare earths offtake")
    assert found("light rare earths") == ["light-deal"]
    assert found("Leichte Seltene Erden") == ["light-deal"]


def test_stage_and_party_names_in_german(agreements):
    StageFactory(slug="processing", name="Processing", name_de="Verarbeitung", order=3)
    PartyFactory(slug="jp", iso_code="JP", name="Japan", name_de="Japan")  # the same word: no rule
    PartyFactory(slug="us", iso_code="US", name="United States", name_de="Vereinigte Staaten")
    AgreementFactory(slug="us-deal", title="United States stockpile")
    assert found("Verarbeitung") == found("processing") == ["magnets-deal"]
    assert found("Vereinigte Staaten") == ["us-deal"]
    assert found("Japan") == ["magnets-deal"]


def test_a_german_word_alone_is_not_a_name(agreements):
    # "Seltene" is part of a name, not a name: it adds no English alternative.
    assert found("Seltene") == []


def test_the_search_is_answered_by_the_gin_index(agreements):
    sql, params = Agreement.objects.search("Seltene Erden").values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        # On a table this small the planner would read it whole; forbid that to see that it can
        # use the index: the rewritten query is computed once (an InitPlan) and is an index condition.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Bitmap Index Scan on agreements_agr_search_gin" in plan
    assert "InitPlan" in plan


def test_german_search_page_finds_the_agreements_of_the_english_search(client, agreements):
    client.cookies["django_language"] = "de"
    german = client.get("/agreements/", {"q": "Seltene Erden"})
    english = client.get("/agreements/", {"q": "rare earths"})
    assert german.status_code == 200
    assert german.content.decode().count("/agreements/rare-earths-deal/") >= 1
    found_german = sorted(row.slug for row in german.context["page"].object_list)
    found_english = sorted(row.slug for row in english.context["page"].object_list)
    assert found_german == found_english == ["magnets-deal", "rare-earths-deal"]


def test_api_search_in_german(api_client, agreements):
    response = api_client.get("/api/agreements/", {"search": "Seltene Erden"})
    assert response.status_code == 200
    assert sorted(row["slug"] for row in response.json()["results"]) == ["magnets-deal", "rare-earths-deal"]
