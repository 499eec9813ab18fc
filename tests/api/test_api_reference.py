"""/api/parties/, /api/minerals/, /api/stages/, /api/instruments/, /api/projects/."""

from decimal import Decimal

import pytest

from agreements.models import Instrument, Mineral, Party, Project, ValueChainStage
from tests.api.helpers import ids, slugs
from tests.factories import (
    AgreementFactory,
    InstrumentFactory,
    OrganizationFactory,
    ProjectFactory,
    StageFactory,
)

pytestmark = pytest.mark.django_db


# --- parties -----------------------------------------------------------------------------


def test_party_read_shape(api_client, japan):
    body = api_client.get("/api/parties/jp/").json()
    assert {key: body[key] for key in ("slug", "name", "kind", "iso_code", "country")} == {
        "slug": "jp",
        "name": "Japan",
        "kind": "country",
        "iso_code": "JP",
        "country": None,
    }


def test_party_filters_kind_country_search_ordering(api_client, japan, usa):
    agency = OrganizationFactory(slug="jogmec", name="Japan Metals Agency", kind="agency", country=japan)
    OrganizationFactory(slug="forum", name="Forum")
    assert slugs(api_client.get("/api/parties/", {"kind": "agency"})) == ["jogmec"]
    assert slugs(api_client.get("/api/parties/?kind=agency&kind=country")) == ["jp", "jogmec", "us"]
    assert slugs(api_client.get("/api/parties/", {"country": "JP"})) == [agency.slug]
    assert slugs(api_client.get("/api/parties/", {"search": "unit"})) == ["us"]
    assert slugs(api_client.get("/api/parties/", {"ordering": "-name"})) == ["us", "jogmec", "jp", "forum"]


def test_create_country_party_and_iso_rules(token_client):
    created = token_client.post("/api/parties/", {"slug": "de", "name": "Germany", "kind": "country", "iso_code": "DE"})
    assert created.status_code == 201, created.content
    assert created.json()["iso_code"] == "DE"
    wrong_slug = token_client.post(
        "/api/parties/", {"slug": "germany", "name": "Germany", "kind": "country", "iso_code": "FR"}
    )
    assert wrong_slug.status_code == 400
    assert "slug" in wrong_slug.json()
    no_code = token_client.post("/api/parties/", {"slug": "it", "name": "Italy", "kind": "country"})
    assert no_code.status_code == 400
    assert "iso_code" in no_code.json()
    duplicate = token_client.post("/api/parties/", {"slug": "de", "name": "Again", "kind": "country", "iso_code": "DE"})
    assert duplicate.status_code == 400
    assert Party.objects.filter(slug="de").count() == 1


def test_deleting_a_party_used_by_an_agreement_is_409(token_client, japan):
    AgreementFactory(parties=[japan])
    response = token_client.delete("/api/parties/jp/")
    assert response.status_code == 409
    assert "detail" in response.json()
    assert Party.objects.filter(slug="jp").exists()


def test_deleting_an_unused_party(token_client):
    OrganizationFactory(slug="gone")
    assert token_client.delete("/api/parties/gone/").status_code == 204
    assert not Party.objects.filter(slug="gone").exists()


# --- minerals and stages -----------------------------------------------------------------


def test_mineral_group_is_a_slug_and_filters(api_client, rare_earths, neodymium, lithium):
    assert api_client.get("/api/minerals/neodymium/").json()["group"] == "rare-earths"
    assert slugs(api_client.get("/api/minerals/", {"group": "rare-earths"})) == ["neodymium"]
    assert slugs(api_client.get("/api/minerals/", {"is_group": "true"})) == ["rare-earths"]
    assert slugs(api_client.get("/api/minerals/", {"search": "Nd"})) == ["neodymium"]
    assert api_client.get("/api/minerals/", {"group": "nope"}).status_code == 400


def test_mineral_group_must_be_a_group(token_client, lithium):
    response = token_client.post("/api/minerals/", {"slug": "x", "name": "X", "group": "lithium"})
    assert response.status_code == 400
    assert "group" in response.json()
    assert not Mineral.objects.filter(slug="x").exists()


def test_mineral_cannot_join_its_own_member(token_client, rare_earths, neodymium):
    Mineral.objects.filter(pk=neodymium.pk).update(is_group=True)
    response = token_client.patch("/api/minerals/rare-earths/", {"group": "neodymium"}, format="json")
    assert response.status_code == 400
    assert "group" in response.json()


def test_stages_in_order(api_client, mining, processing):
    StageFactory(slug="exploration", name="Exploration", order=1)
    assert slugs(api_client.get("/api/stages/")) == ["exploration", "mining", "processing"]
    assert slugs(api_client.get("/api/stages/", {"ordering": "-order"})) == ["processing", "mining", "exploration"]
    assert api_client.get("/api/stages/mining/").json()["order"] == 2


def test_deleting_a_stage_used_by_a_project_is_409(token_client, mining):
    ProjectFactory(stage=mining)
    assert token_client.delete("/api/stages/mining/").status_code == 409
    assert ValueChainStage.objects.filter(slug="mining").exists()


# --- instruments -------------------------------------------------------------------------


def test_instrument_read_shape_and_filters(api_client, world, processing, mining, neodymium, lithium, japan):
    loan = InstrumentFactory(
        agreement=world["us-jp"], name="Loan", kind="loan", amount=Decimal("1000000"), currency="USD"
    )
    loan.stages.set([processing])
    loan.minerals.set([neodymium])
    offtake = InstrumentFactory(agreement=world["us-au"], name="Offtake", kind="offtake", responsible=japan)
    offtake.stages.set([mining])
    offtake.minerals.set([lithium])

    body = api_client.get(f"/api/instruments/{loan.pk}/").json()
    assert {k: body[k] for k in ("id", "agreement", "name", "kind", "stages", "minerals", "amount", "currency")} == {
        "id": loan.pk,
        "agreement": "us-jp",
        "name": "Loan",
        "kind": "loan",
        "stages": ["processing"],
        "minerals": ["neodymium"],
        "amount": "1000000.00",
        "currency": "USD",
    }
    assert ids(api_client.get("/api/instruments/", {"agreement": "us-au"})) == [offtake.pk]
    assert ids(api_client.get("/api/instruments/?kind=loan&kind=offtake")) == [loan.pk, offtake.pk]
    assert ids(api_client.get("/api/instruments/", {"stage": "processing"})) == [loan.pk]
    assert ids(api_client.get("/api/instruments/", {"mineral": "rare-earths"})) == [loan.pk]
    assert ids(api_client.get("/api/instruments/", {"responsible": "jp"})) == [offtake.pk]
    assert api_client.get("/api/instruments/", {"kind": "bribe"}).status_code == 400


def test_create_instrument_by_slugs(token_client, world):
    response = token_client.post(
        "/api/instruments/",
        {
            "agreement": "us-jp",
            "name": "Price floor",
            "kind": "price_support",
            "stages": ["processing"],
            "minerals": ["neodymium"],
            "amount": "110.00",
            "currency": "USD",
            "responsible": "US",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    instrument = Instrument.objects.get(pk=response.json()["id"])
    assert [s.slug for s in instrument.stages.all()] == ["processing"]
    assert instrument.responsible.slug == "us"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"agreement": "us-jp", "name": "N", "kind": "loan", "amount": "-5", "currency": "USD"}, "amount"),
        ({"agreement": "us-jp", "name": "N", "kind": "loan", "amount": "5"}, "currency"),
        ({"agreement": "us-jp", "name": "N", "kind": "loan", "amount": "5", "currency": "usd"}, "currency"),
        ({"agreement": "us-jp", "name": "N", "kind": "loan", "amount": "1e30", "currency": "USD"}, "amount"),
        ({"agreement": "us-jp", "name": "N", "kind": "loan", "amount": "lots", "currency": "USD"}, "amount"),
        ({"agreement": "us-jp", "name": "N", "kind": "loan", "stages": "processing"}, "stages"),
        ({"agreement": "none", "name": "N", "kind": "loan"}, "agreement"),
    ],
)
def test_malformed_instrument_writes_are_400(token_client, world, payload, field):
    response = token_client.post("/api/instruments/", payload, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json(), response.json()
    assert Instrument.objects.count() == 0


# --- projects ----------------------------------------------------------------------------


def test_project_read_shape_and_filters(api_client, japan, usa, lithium, neodymium, mining, processing):
    mine = ProjectFactory(slug="mine", name="A mine", country=usa, stage=mining, status="operating")
    mine.minerals.set([lithium])
    plant = ProjectFactory(slug="plant", name="A plant", country=japan, stage=processing, status="construction")
    plant.minerals.set([neodymium])
    instrument = InstrumentFactory()
    plant.instruments.set([instrument])

    body = api_client.get("/api/projects/plant/").json()
    assert {k: body[k] for k in ("slug", "country", "minerals", "stage", "status", "instruments")} == {
        "slug": "plant",
        "country": "jp",
        "minerals": ["neodymium"],
        "stage": "processing",
        "status": "construction",
        "instruments": [instrument.pk],
    }
    assert body["permit_status"] == "unknown" and body["offtake_status"] == "unknown"
    assert slugs(api_client.get("/api/projects/", {"country": "US"})) == ["mine"]
    assert slugs(api_client.get("/api/projects/", {"mineral": "rare-earths"})) == ["plant"]
    assert slugs(api_client.get("/api/projects/", {"stage": "mining"})) == ["mine"]
    assert slugs(api_client.get("/api/projects/?status=operating&status=construction")) == ["mine", "plant"]
    assert slugs(api_client.get("/api/projects/", {"ordering": "-name"})) == ["plant", "mine"]


def test_project_country_must_be_a_country(token_client, world):
    response = token_client.post(
        "/api/projects/", {"slug": "p", "name": "P", "country": "mineral-forum"}, format="json"
    )
    assert response.status_code == 400
    assert "country" in response.json()
    assert not Project.objects.exists()


def test_create_project(token_client, japan, lithium, mining):
    response = token_client.post(
        "/api/projects/",
        {"slug": "p", "name": "P", "country": "jp", "minerals": ["lithium"], "stage": "mining", "status": "financing"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["minerals"] == ["lithium"]
    project = Project.objects.get(slug="p")
    assert (project.country.slug, project.stage.slug, project.status) == ("jp", "mining", "financing")
