"""The agreement page's related agreements (both sides, in words, linked), the sources that
disagree (every claim side by side, none preferred) and the last review date, in English and in
German; the dashboard's "New in the last 30 days" with its links; the board's
`outcome_changed_within` filter."""

import datetime
import re

import pytest

from agreements.choices import EvidenceGrade, EvidenceVerdict, RelationKind
from agreements.models import AgreementRelation, Discrepancy, DiscrepancyClaim, Evidence
from agreements.relations import RELATION_NAMES, RELATION_SENTENCES, relation_sentence
from tests.factories import AgreementFactory, EvidenceFactory, MilestoneFactory, SourceFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    """The page's visible words, tags dropped and spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def section(response, heading_id: str) -> str:
    html = response.content.decode()
    start = html.index(f'aria-labelledby="{heading_id}"')
    return html[start : html.index("</section>", start)]


@pytest.fixture
def forge_and_msp():
    msp = AgreementFactory(slug="msp", title="Minerals Security Partnership", short_title="")
    forge = AgreementFactory(slug="forge", title="Forum on Resource Geostrategic Engagement", short_title="FORGE")
    source = SourceFactory(agreement=forge, url="https://example.org/forge-launch", title="FORGE launch")
    AgreementRelation.objects.create(subject=forge, kind=RelationKind.SUPERSEDES, object=msp, source=source)
    return forge, msp


def test_a_relation_reads_in_words_from_both_sides_and_links_the_other(client, forge_and_msp):
    forge_page = client.get("/agreements/forge/")
    msp_page = client.get("/agreements/msp/")
    assert forge_page.status_code == msp_page.status_code == 200
    assert "FORGE supersedes Minerals Security Partnership" in text(forge_page)
    assert "Minerals Security Partnership is superseded by FORGE" in text(msp_page)
    assert 'href="/agreements/msp/"' in section(forge_page, "related-heading")
    assert 'href="/agreements/forge/"' in section(msp_page, "related-heading")
    assert 'href="https://example.org/forge-launch"' in section(msp_page, "related-heading")


def test_an_agreement_without_relations_or_discrepancies_has_neither_section(client):
    AgreementFactory(slug="alone")
    html = client.get("/agreements/alone/").content.decode()
    assert "related-heading" not in html and "discrepancies-heading" not in html


def test_a_relation_to_a_draft_is_shown_to_editors_only(client, editor, forge_and_msp):
    _forge, msp = forge_and_msp
    draft = AgreementFactory(slug="draft", title="A draft amendment", short_title="", published=False)
    AgreementRelation.objects.create(subject=draft, kind=RelationKind.AMENDS, object=msp)
    assert "A draft amendment" not in client.get("/agreements/msp/").content.decode()
    client.force_login(editor)
    assert "Minerals Security Partnership is amended by A draft amendment" in text(client.get("/agreements/msp/"))


@pytest.fixture
def disputed():
    agreement = AgreementFactory(slug="disputed", title="Disputed framework", reviewed_on=datetime.date(2026, 12, 1))
    discrepancy = Discrepancy.objects.create(agreement=agreement, topic="Signing date", note="Time zones.")
    DiscrepancyClaim.objects.create(
        discrepancy=discrepancy,
        position=0,
        claim="28 October 2025, Tokyo",
        grade=EvidenceGrade.PRIMARY,
        source_url="https://example.org/statement",
        source_title="Joint statement",
    )
    DiscrepancyClaim.objects.create(
        discrepancy=discrepancy,
        position=1,
        claim="27 October 2025",
        grade=EvidenceGrade.SECONDARY,
        source_url="https://example.org/wire",
        source_title="Wire copy",
        source_publisher="Agency",
    )
    return agreement


def test_sources_that_disagree_stand_side_by_side_with_source_and_grade(client, disputed):
    response = client.get("/agreements/disputed/")
    block = section(response, "discrepancies-heading")
    assert "Signing date" in block and "Time zones." in block
    claims = re.findall(r'<li class="claim">(.*?)</li>', block, re.S)
    assert len(claims) == 2
    assert "28 October 2025, Tokyo" in claims[0] and 'href="https://example.org/statement"' in claims[0]
    assert "primary source" in claims[0]
    assert "27 October 2025" in claims[1] and 'href="https://example.org/wire"' in claims[1]
    assert "secondary source" in claims[1] and "Agency" in claims[1]
    # Every side in the same list item, none marked or ordered as the preferred one.
    assert block.count('<li class="claim">') == 2
    assert "preferred" not in block.lower()


def test_last_review_date_or_not_reviewed_yet_near_the_title(client, disputed):
    AgreementFactory(slug="fresh", reviewed_on=None)
    head = client.get("/agreements/disputed/").content.decode()
    assert re.search(r'class="meta reviewed-on">\s*Last reviewed on Dec. 1, 2026', head)
    assert "Not reviewed yet" in client.get("/agreements/fresh/").content.decode()


def test_german_agreement_page_shows_the_sections_with_german_dates(client, disputed, forge_and_msp):
    client.cookies["django_language"] = "de"
    response = client.get("/agreements/disputed/")
    assert response.status_code == 200
    assert '<html lang="de"' in response.content.decode()
    assert "1. Dezember 2026" in section_head(response)
    assert "28 October 2025, Tokyo" in section(response, "discrepancies-heading")
    msp_page = client.get("/agreements/msp/")
    assert 'href="/agreements/forge/"' in section(msp_page, "related-heading")


def section_head(response) -> str:
    html = response.content.decode()
    start = html.index('class="meta reviewed-on"')
    return html[start : html.index("</p>", start)]


# --- the dashboard: new in the last 30 days ---------------------------------------------------


@pytest.fixture
def recent_world(pinned_today):
    today = pinned_today
    new = AgreementFactory(slug="new", title="New framework", short_title="", signed_on=today - datetime.timedelta(30))
    AgreementFactory(slug="old", title="Old framework", short_title="", signed_on=today - datetime.timedelta(31))
    changed = MilestoneFactory(agreement=new, title="Report due", due_on=today - datetime.timedelta(5))
    MilestoneFactory(agreement=new, title="Old lateness", due_on=today - datetime.timedelta(40))
    item = EvidenceFactory(
        milestone=changed,
        verdict=EvidenceVerdict.RELATED,
        occurred_on=today - datetime.timedelta(2),
        summary="A statement",
    )
    return {"today": today, "changed": changed, "evidence": item}


def test_dashboard_says_what_is_new_in_the_last_30_days_and_links_it(client, recent_world):
    today = recent_world["today"]
    response = client.get("/")
    assert response.status_code == 200
    block = section(response, "recent-heading")
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", block))
    assert "1 agreement signed" in words and "New framework" in words
    assert "Old framework" not in words and "Draft framework" not in words
    start, end = (today - datetime.timedelta(30)).isoformat(), today.isoformat()
    assert f'href="/agreements/?signed_after={start}&amp;signed_before={end}"' in block
    assert "1 evidence item recorded" in words
    assert f'href="/milestones/{recent_world["changed"].pk}/#evidence-{recent_world["evidence"].pk}"' in block
    assert "1 outcome changed" in words and "Report due" in words and "Old lateness" not in words
    assert "Not yet due → " in words and "Overdue, no evidence" in words
    assert 'href="/milestones/?outcome_changed_within=30"' in block


def test_dashboard_links_lead_to_exactly_what_they_count(client, recent_world):
    today = recent_world["today"]
    signed = client.get(
        "/agreements/",
        {"signed_after": (today - datetime.timedelta(30)).isoformat(), "signed_before": today.isoformat()},
    )
    assert re.findall(r'class="row-title" href="/agreements/([a-z0-9-]+)/"', signed.content.decode()) == ["new"]
    board = client.get("/milestones/", {"outcome_changed_within": 30})
    assert board.status_code == 200
    assert [m.title for m in board.context["page"].object_list] == ["Report due"]
    assert any(chip["label"] == "30" for chip in board.context["chips"])


def test_drafts_are_new_for_editors_only(client, editor, recent_world):
    AgreementFactory(
        slug="hidden",
        title="Draft framework",
        short_title="",
        signed_on=recent_world["today"] - datetime.timedelta(3),
        published=False,
    )
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", section(client.get("/"), "recent-heading")))
    assert "1 agreement signed" in words and "Draft framework" not in words
    client.force_login(editor)
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", section(client.get("/"), "recent-heading")))
    assert "2 agreements signed" in words and "Draft framework" in words


def test_evidence_recorded_counts_by_when_it_was_recorded(client, recent_world):
    item = recent_world["evidence"]
    Evidence.objects.filter(pk=item.pk).update(created_at=item.created_at - datetime.timedelta(days=32))
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", section(client.get("/"), "recent-heading")))
    assert "0 evidence items recorded" in words


def test_relation_sentences_escape_titles_and_cover_every_relation_name():
    assert set(RELATION_SENTENCES) == set(RELATION_NAMES)
    html = relation_sentence("superseded_by", this="A & <b>", other_url="/agreements/x/", other_title="<i>X</i>")
    assert html == 'A &amp; &lt;b&gt; is superseded by <a href="/agreements/x/">&lt;i&gt;X&lt;/i&gt;</a>'
