"""/api/watches/: the signed-in user's own watches, through watch_add and watch_remove."""

import pytest
from rest_framework.test import APIClient

from agreements.models import Watch
from tests.factories import UserFactory, WatchFactory

pytestmark = pytest.mark.django_db

URL = "/api/watches/"


def test_anonymous_gets_401_for_every_watch_operation(api_client, world):
    watch = WatchFactory(agreement=world["us-jp"])
    assert api_client.get(URL).status_code == 401
    assert api_client.post(URL, {"agreement": "us-jp"}, format="json").status_code == 401
    assert api_client.delete(f"{URL}{watch.pk}/").status_code == 401
    assert Watch.objects.count() == 1


def test_user_watches_an_agreement_and_a_party_without_model_permissions(reader_client, reader, world):
    by_agreement = reader_client.post(URL, {"agreement": "us-jp"}, format="json")
    by_party = reader_client.post(URL, {"party": "JP"}, format="json")
    assert by_agreement.status_code == 201, by_agreement.content
    assert (by_agreement.json()["agreement"], by_agreement.json()["party"]) == ("us-jp", None)
    assert (by_party.json()["agreement"], by_party.json()["party"]) == (None, "jp")
    assert Watch.objects.filter(user=reader).count() == 2


def test_watching_twice_keeps_one_watch(reader_client, reader, world):
    first = reader_client.post(URL, {"agreement": "us-jp"}, format="json")
    second = reader_client.post(URL, {"agreement": "us-jp"}, format="json")
    assert first.json()["id"] == second.json()["id"]
    assert Watch.objects.filter(user=reader).count() == 1


@pytest.mark.parametrize("payload", [{}, {"agreement": "us-jp", "party": "jp"}, {"agreement": "nope"}, {"party": "zz"}])
def test_a_watch_needs_exactly_one_known_target(reader_client, world, payload):
    response = reader_client.post(URL, payload, format="json")
    assert response.status_code == 400
    assert response.json()
    assert Watch.objects.count() == 0


def test_users_see_and_delete_only_their_own_watches(reader_client, reader, world):
    mine = WatchFactory(user=reader, agreement=world["us-jp"])
    theirs = WatchFactory(user=UserFactory(), agreement=world["us-jp"])

    assert [row["id"] for row in reader_client.get(URL).json()["results"]] == [mine.pk]
    assert reader_client.get(f"{URL}{theirs.pk}/").status_code == 404
    assert reader_client.delete(f"{URL}{theirs.pk}/").status_code == 404
    assert reader_client.delete(f"{URL}{mine.pk}/").status_code == 204
    assert list(Watch.objects.values_list("pk", flat=True)) == [theirs.pk]


def test_watch_list_search(reader, world):
    client = APIClient()
    client.force_authenticate(reader)
    WatchFactory(user=reader, agreement=world["us-jp"])
    WatchFactory(user=reader, agreement=None, party=world["org"])
    rows = client.get(URL, {"search": "forum"}).json()["results"]
    assert [row["party"] for row in rows] == ["mineral-forum"]
