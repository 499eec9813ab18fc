"""Criticality lists and HS codes in the admin: a list with its entries inline, codes checked."""

import pytest
from django.urls import reverse

from agreements.models import HSCode, MineralList
from tests.factories import MineralFactory, PartyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.org", "root-password-1"))
    return client


def inline(prefix: str, rows: list[dict]) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data |= {f"{prefix}-{index}-{key}": value for key, value in row.items()}
    return data


def test_an_editor_adds_a_list_with_its_entries(superuser_client):
    us = PartyFactory(slug="us", iso_code="US", name="United States")
    lithium = MineralFactory(slug="lithium", name="Lithium")
    data = {
        "name": "Invented list",
        "slug": "invented-list",
        "name_de": "Erfundene Liste",
        "publisher": us.pk,
        "published_on": "2025-11-07",
        "stated_count": "1",
        "members_verified": "on",
        "grade": "primary",
        "source_url": "https://example.org/list",
        "source_title": "Invented notice",
        "note": "",
    } | inline("entries", [{"mineral": lithium.pk, "listed_as": "lithium (battery grade)"}])
    response = superuser_client.post(reverse("admin:agreements_minerallist_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    saved = MineralList.objects.get(slug="invented-list")
    assert [(entry.mineral.slug, entry.listed_as) for entry in saved.entries.all()] == [
        ("lithium", "lithium (battery grade)")
    ]
    changelist = superuser_client.get(reverse("admin:agreements_minerallist_changelist")).content.decode()
    assert "Invented list" in changelist


def test_an_hs_code_must_have_the_six_digit_form(superuser_client):
    data = {"code": "280530", "description": "Rare-earth metals", "grade": "secondary", "source_url": ""}
    response = superuser_client.post(reverse("admin:agreements_hscode_add"), data)
    assert response.status_code == 200
    assert "Use the six-digit form 2805.30." in response.content.decode()
    assert not HSCode.objects.exists()
    data["code"] = "2805.30"
    assert superuser_client.post(reverse("admin:agreements_hscode_add"), data).status_code == 302
    assert HSCode.objects.get().code == "2805.30"
