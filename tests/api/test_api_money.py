"""Honest money on /api/instruments/: payer, firmness, qualifier and every reported figure, side
by side; agreements' `implementation` counts."""

import pytest
from django.contrib.auth.models import Permission
from rest_framework.test import APIClient

from agreements.models import Instrument, ReportedAmount
from tests.factories import AgreementFactory, InstrumentFactory, PartyFactory, ProjectFactory

pytestmark = pytest.mark.django_db

URL = "/api/instruments/"
FIGURES = [
    {
        "amount": "3500000000.00",
        "currency": "USD",
        "amount_qualifier": "up_to",
        "source": {"url": "https://example.org/fact-sheet", "title": "Fact sheet", "publisher": "The White House"},
    },
    {
        "amount": "550000000000",
        "currency": "USD",
        "amount_qualifier": "at_least",
        "source": {"title": "Press report", "published_on": "2025-10-29"},
        "note": "Counts the whole investment package.",
    },
]


@pytest.fixture
def agreement():
    return AgreementFactory(slug="us-jp")


def test_create_with_payer_firmness_and_reported_amounts(token_client, agreement):
    PartyFactory(slug="jp", iso_code="JP")
    response = token_client.post(
        URL,
        {
            "agreement": "us-jp",
            "name": "Investment",
            "kind": "equity",
            "amount": "550000000000.00",
            "currency": "USD",
            "amount_qualifier": "at_least",
            "payer": "JP",
            "firmness": "pledge",
            "reported_amounts": FIGURES,
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    row = response.json()
    assert (row["payer"], row["firmness"], row["amount_qualifier"]) == ("jp", "pledge", "at_least")
    assert row["reported_amounts"] == [
        {
            "amount": "3500000000.00",
            "currency": "USD",
            "amount_qualifier": "up_to",
            "source": {
                "url": "https://example.org/fact-sheet",
                "title": "Fact sheet",
                "publisher": "The White House",
                "published_on": None,
            },
            "note": "",
        },
        {
            "amount": "550000000000.00",
            "currency": "USD",
            "amount_qualifier": "at_least",
            "source": {"url": "", "title": "Press report", "publisher": "", "published_on": "2025-10-29"},
            "note": "Counts the whole investment package.",
        },
    ]


def test_sending_reported_amounts_replaces_them_and_leaving_them_out_keeps_them(token_client, agreement):
    instrument = InstrumentFactory(agreement=agreement)
    url = f"{URL}{instrument.pk}/"
    assert token_client.patch(url, {"reported_amounts": FIGURES}, format="json").status_code == 200
    assert token_client.patch(url, {"name": "Renamed"}, format="json").json()["reported_amounts"][1]["amount"] == (
        "550000000000.00"
    )
    response = token_client.patch(url, {"reported_amounts": FIGURES[:1]}, format="json")
    assert [item["amount_qualifier"] for item in response.json()["reported_amounts"]] == ["up_to"]
    assert ReportedAmount.objects.filter(instrument=instrument).count() == 1
    assert token_client.patch(url, {"reported_amounts": []}, format="json").json()["reported_amounts"] == []


@pytest.mark.parametrize(
    ("figure", "message"),
    [
        ({**FIGURES[0], "source": {"publisher": "Nobody"}}, "reported_amounts[1].source"),
        ({**FIGURES[0], "amount": "-1"}, "reported_amounts[1].amount"),
        ({**FIGURES[0], "currency": "dollars"}, "reported_amounts[1].currency"),
        ({**FIGURES[0], "amount_qualifier": "about"}, "reported_amounts[1].amount_qualifier"),
        ({"amount": "1.00", "currency": "USD"}, "reported_amounts[1].source"),
    ],
)
def test_a_bad_figure_is_a_400_naming_it_and_keeps_the_stored_list(token_client, agreement, figure, message):
    instrument = InstrumentFactory(agreement=agreement, name="Kept")
    token_client.patch(f"{URL}{instrument.pk}/", {"reported_amounts": FIGURES[:1]}, format="json")
    before = list(ReportedAmount.objects.values_list("pk", flat=True))

    response = token_client.patch(
        f"{URL}{instrument.pk}/", {"name": "Changed", "reported_amounts": [FIGURES[1], figure]}, format="json"
    )

    assert response.status_code == 400, response.content
    assert response.json()["reported_amounts"][0].startswith(message), response.json()
    assert list(ReportedAmount.objects.values_list("pk", flat=True)) == before
    assert Instrument.objects.get(pk=instrument.pk).name == "Kept"


def test_unknown_payer_and_firmness_are_400s(token_client, agreement):
    instrument = InstrumentFactory(agreement=agreement)
    response = token_client.patch(f"{URL}{instrument.pk}/", {"payer": "zz", "firmness": "maybe"}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"payer", "firmness"}


def test_reported_amounts_need_their_own_permissions(reader, agreement):
    instrument = InstrumentFactory(agreement=agreement)
    reader.user_permissions.set([Permission.objects.get(codename="change_instrument")])
    client = APIClient()
    client.force_authenticate(reader)
    response = client.patch(f"{URL}{instrument.pk}/", {"reported_amounts": FIGURES}, format="json")
    assert response.status_code == 403
    assert "reportedamount" in response.json()["detail"]
    assert not ReportedAmount.objects.exists()
    assert client.patch(f"{URL}{instrument.pk}/", {"name": "Fine"}, format="json").status_code == 200


def test_instrument_csv_writes_each_figure_as_worded(api_client, agreement):
    instrument = InstrumentFactory(agreement=agreement)
    ReportedAmount.objects.create(
        instrument=instrument, amount=3500000000, currency="USD", amount_qualifier="up_to", source_title="A"
    )
    ReportedAmount.objects.create(instrument=instrument, amount=10, currency="JPY", source_title="B")
    text = api_client.get(f"{URL}{instrument.pk}/", {"format": "csv"}).content.decode()
    assert "up_to 3500000000.00 USD;exact 10.00 JPY" in text


def test_agreement_implementation_counts_the_supported_projects(api_client, agreement):
    japan = PartyFactory(slug="jp", iso_code="JP")
    instrument = InstrumentFactory(agreement=agreement)
    other = InstrumentFactory(agreement=agreement)
    permitted = ProjectFactory(country=japan, permit_status="granted", capital_cost=100, currency="USD")
    offtake = ProjectFactory(country=japan, offtake_status="signed", environmental_review_status="approved")
    permitted.instruments.set([instrument, other])  # counted once
    offtake.instruments.set([instrument])
    ProjectFactory(country=japan, permit_status="granted")  # supports nothing of this agreement

    row = api_client.get("/api/agreements/us-jp/").json()

    assert row["implementation"] == {
        "projects": 2,
        "permits_granted": 1,
        "offtake_signed": 1,
        "environment_approved": 1,
        "capital_cost_stated": 1,
    }
    assert AgreementFactory(slug="bare").slug
    assert api_client.get("/api/agreements/bare/").json()["implementation"] == {
        "projects": 0,
        "permits_granted": 0,
        "offtake_signed": 0,
        "environment_approved": 0,
        "capital_cost_stated": 0,
    }
