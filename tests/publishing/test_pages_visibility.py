"""The pages, the feed, the calendars, the CSV exports and the data download never show a draft to
a reader who may not see drafts; editors see drafts on the pages, calendars and exports, marked."""

import io
import json
import zipfile

import pytest

from tests.publishing.conftest import DRAFT_MARK, PUBLIC_MARK

pytestmark = pytest.mark.django_db


def _pages(world) -> list[str]:
    party, mineral, stage = world["party"], world["mineral"], world["stage"]
    return [
        "/",
        "/agreements/",
        "/agreements/?q=summary",  # search: both summaries have the word
        "/milestones/",
        "/milestones/?overdue=true",
        "/parties/",
        f"/parties/{party.slug}/",
        f"/parties/compare/?party={party.slug}",
        f"/minerals/{mineral.slug}/",
        f"/stages/{stage.slug}/",
        f"/projects/{world['published']['project'].slug}/",
        f"/agreements/{world['published']['agreement'].slug}/",
        f"/milestones/{world['published']['late'].pk}/",
    ]


def _draft_urls(world) -> list[str]:
    draft = world["draft"]
    return [
        f"/agreements/{draft['agreement'].slug}/",
        f"/milestones/{draft['late'].pk}/",
        f"/projects/{draft['project'].slug}/",
        f"/agreements/{draft['agreement'].slug}/calendar.ics",
    ]


FILES = ["/feed.atom", "/calendar.ics", "/agreements/export.csv", "/milestones/export.csv"]
DATA = [
    "/data/",
    "/data/datapackage.json",
    *(f"/data/{name}.csv" for name in ("agreements", "instruments", "milestones", "evidence", "projects")),
]


@pytest.fixture(params=["anonymous", "reader"])
def outsider(request, client, reader):
    if request.param == "reader":
        client.force_login(reader)
    return client


@pytest.fixture
def viewer_client(client, viewer):
    client.force_login(viewer)
    return client


def test_pages_leave_drafts_out(outsider, world):
    for path in _pages(world):
        response = outsider.get(path)
        assert response.status_code == 200, path
        assert DRAFT_MARK not in response.content.decode(), path


def test_a_drafts_pages_are_404(outsider, world):
    for path in _draft_urls(world):
        assert outsider.get(path).status_code == 404, path


@pytest.mark.parametrize("path", FILES)
def test_feed_calendars_and_exports_leave_drafts_out(outsider, world, path):
    response = outsider.get(path)
    assert response.status_code == 200
    body = response.content.decode()
    assert DRAFT_MARK not in body
    assert PUBLIC_MARK in body


def test_party_calendar_leaves_drafts_out(outsider, world):
    body = outsider.get(f"/parties/{world['party'].slug}/calendar.ics").content.decode()
    assert PUBLIC_MARK in body and DRAFT_MARK not in body


def test_counts_on_reference_pages_are_of_published_agreements(outsider, world):
    dashboard = outsider.get("/")
    assert dashboard.context["agreement_total"] == 1
    assert [(party.slug, party.n) for party in dashboard.context["by_party"]] == [("jp", 1)]
    assert [(m.slug, m.n) for m in dashboard.context["by_mineral"]] == [("gallium", 1)]
    listing = outsider.get("/agreements/")
    assert listing.context["page"].paginator.count == 1
    party_facet = next(facet for facet in listing.context["facets"] if facet["key"] == "party")
    assert [(o["value"], o["count"]) for o in party_facet["options"]] == [("jp", 1)]
    compare = outsider.get("/parties/compare/?party=jp")
    assert compare.context["agreement_counts"] == [1]


@pytest.mark.parametrize("path", DATA)
@pytest.mark.parametrize("who", ["anonymous", "viewer"])
def test_the_data_download_is_the_published_data_set_for_everyone(client, viewer, world, path, who):
    if who == "viewer":
        client.force_login(viewer)
    response = client.get(path)
    assert response.status_code == 200
    assert DRAFT_MARK.lower() not in response.content.decode().lower()


def test_the_data_zip_holds_the_descriptor_and_published_rows_only(client, viewer, world):
    client.force_login(viewer)  # an editor too gets the published data set
    archive = zipfile.ZipFile(io.BytesIO(client.get("/data/minerals-tracker.zip").content))
    descriptor = json.loads(archive.read("datapackage.json"))
    assert sorted(archive.namelist()) == sorted(["datapackage.json", *(r["path"] for r in descriptor["resources"])])
    for name in archive.namelist():
        assert DRAFT_MARK.lower() not in archive.read(name).decode().lower(), name
    assert PUBLIC_MARK.lower() in archive.read("agreements.csv").decode().lower()


def test_editors_see_drafts_marked_on_pages(viewer_client, world):
    listing = viewer_client.get("/agreements/").content.decode()
    assert DRAFT_MARK in listing and 'class="badge draft"' in listing
    for path in _draft_urls(world)[:3]:
        response = viewer_client.get(path)
        assert response.status_code == 200, path
        assert 'class="badge draft"' in response.content.decode(), path
    board = viewer_client.get("/milestones/").content.decode()
    assert f"{DRAFT_MARK} late report" in board and 'class="badge draft"' in board
    # The published agreement is not marked.
    published = viewer_client.get(f"/agreements/{world['published']['agreement'].slug}/").content.decode()
    assert 'class="badge draft"' not in published


def test_a_draft_has_no_watch_button(viewer_client, world):
    page = viewer_client.get(f"/agreements/{world['draft']['agreement'].slug}/").content.decode()
    assert "watch-form" not in page
    assert viewer_client.post(f"/agreements/{world['draft']['agreement'].slug}/watch/").status_code == 404


def test_editors_get_drafts_in_calendars_and_exports_marked(viewer_client, world):
    calendar = viewer_client.get("/calendar.ics").content.decode()
    unfolded = calendar.replace("\r\n ", "")
    assert f"SUMMARY:[Draft] [OVERDUE] {DRAFT_MARK} late report" in unfolded
    assert f"SUMMARY:[OVERDUE] {PUBLIC_MARK} late report" in unfolded
    assert (
        DRAFT_MARK in viewer_client.get(f"/agreements/{world['draft']['agreement'].slug}/calendar.ics").content.decode()
    )
    assert DRAFT_MARK in viewer_client.get("/agreements/export.csv").content.decode()
    assert DRAFT_MARK in viewer_client.get("/milestones/export.csv").content.decode()


def test_the_feed_is_published_only_for_editors_too(viewer_client, world):
    body = viewer_client.get("/feed.atom").content.decode()
    assert PUBLIC_MARK in body and DRAFT_MARK not in body


def test_a_published_agreement_enters_the_feed_when_it_is_published(client, world):
    from agreements import services

    draft = world["draft"]["agreement"]
    services.agreements_set_published(agreements=[draft], published=True)
    draft.refresh_from_db()
    body = client.get("/feed.atom").content.decode()
    assert f"New agreement: {DRAFT_MARK} framework" in body
    # Dated when it was published, not when the draft was created.
    assert draft.published_at.isoformat()[:16] in body
