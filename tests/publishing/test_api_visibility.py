"""The API shows drafts only to users who may view or change agreements (publishing.can_see_drafts):
every list, every detail (a 404, as for a slug that does not exist), the scorecards, the CSV
format and the filters naming an agreement or a milestone."""

import pytest
from rest_framework.test import APIClient

from tests.publishing.conftest import DRAFT_MARK, PUBLIC_MARK

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/agreements/",
    "/api/milestones/",
    "/api/evidence/",
    "/api/instruments/",
    "/api/projects/",
    "/api/discrepancies/",
    "/api/scorecards/?by=agreement",
    "/api/scorecards/?by=party",
]


def _client(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def _details(world, side: str) -> list[str]:
    rows = world[side]
    return [
        f"/api/agreements/{rows['agreement'].slug}/",
        f"/api/milestones/{rows['late'].pk}/",
        f"/api/evidence/{rows['evidence'].pk}/",
        f"/api/instruments/{rows['instrument'].pk}/",
        f"/api/projects/{rows['project'].slug}/",
    ]


@pytest.fixture(params=["anonymous", "reader"])
def outsider(request, reader):
    """Anonymous, or signed in without any permission: neither may see drafts."""
    return _client(None if request.param == "anonymous" else reader)


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_lists_leave_drafts_out_for_outsiders(outsider, world, path, fmt):
    separator = "&" if "?" in path else "?"
    response = outsider.get(f"{path}{separator}format={fmt}")
    assert response.status_code == 200
    body = response.content.decode()
    assert DRAFT_MARK.lower() not in body.lower()
    if "scorecards" not in path or "agreement" in path:
        assert PUBLIC_MARK.lower() in body.lower()  # the list is not simply empty


def test_the_agreement_list_counts_published_agreements_only(outsider, world):
    listed = outsider.get("/api/agreements/").json()
    assert listed["count"] == 1
    assert [row["published"] for row in listed["results"]] == [True]


def test_scorecards_count_published_commitments_only(outsider, world):
    cards = outsider.get("/api/scorecards/?by=party").json()["results"]
    # Japan is a party to both agreements: two commitments each, the draft's not counted.
    assert [(card["key"], sum(card["counts"].values())) for card in cards] == [("jp", 2)]


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_details_of_a_draft_are_404_for_outsiders(outsider, world, fmt):
    for path in _details(world, "draft"):
        assert outsider.get(f"{path}?format={fmt}").status_code == 404, path
    for path in _details(world, "published"):
        assert outsider.get(f"{path}?format={fmt}").status_code == 200, path


def test_filters_do_not_know_a_draft(outsider, world):
    draft = world["draft"]
    for path in (
        f"/api/milestones/?agreement={draft['agreement'].slug}",
        f"/api/instruments/?agreement={draft['agreement'].slug}",
        f"/api/evidence/?agreement={draft['agreement'].slug}",
        f"/api/evidence/?milestone={draft['late'].pk}",
    ):
        response = outsider.get(path)
        # Unknown, as a slug or id that does not exist (the message repeats what was sent).
        assert response.status_code == 400, path
        assert list(response.json()) in (["agreement"], ["milestone"])
        assert response.json()[next(iter(response.json()))][0].startswith("Unknown")


def test_a_project_lists_only_published_instruments(outsider, world):
    project = world["published"]["project"]
    project.instruments.add(world["draft"]["instrument"])
    row = outsider.get(f"/api/projects/{project.slug}/").json()
    assert row["instruments"] == [world["published"]["instrument"].pk]


@pytest.mark.parametrize("who", ["viewer", "publisher", "editor"])
def test_editors_see_drafts_marked(world, who, request):
    client = _client(request.getfixturevalue(who))
    listed = client.get("/api/agreements/").json()["results"]
    assert {(row["slug"], row["published"]) for row in listed} == {
        (world["published"]["agreement"].slug, True),
        (world["draft"]["agreement"].slug, False),
    }
    for path in _details(world, "draft"):
        assert client.get(path).status_code == 200, path
    assert client.get(f"/api/milestones/?agreement={world['draft']['agreement'].slug}").json()["count"] == 2
    cards = client.get("/api/scorecards/?by=party").json()["results"]
    assert [(card["key"], sum(card["counts"].values())) for card in cards] == [("jp", 4)]
