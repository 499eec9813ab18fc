"""The analysts' pages render the demo data set: every milestone and agreement page, with its sources."""

import datetime
import html

import pytest

from agreements.demo import dataset
from agreements.models import Agreement, Milestone

pytestmark = pytest.mark.django_db


@pytest.fixture
def today() -> datetime.date:
    return dataset.REFERENCE_AS_OF


@pytest.fixture
def demo(demo_loaded, pinned_today) -> None:
    """The demo data set, loaded once for this module (conftest.demo_loaded), seen on the reference's day."""


def test_every_milestone_page_shows_its_evidence_with_linked_sources(demo, client, data_set):
    milestones = list(Milestone.objects.prefetch_related("evidence"))
    assert len(milestones) == sum(len(entry.get("milestones", [])) for entry in data_set.agreements)
    for milestone in milestones:
        response = client.get(milestone.get_absolute_url())
        assert response.status_code == 200, milestone.title
        page = response.content.decode()
        assert html.escape(milestone.title) in page
        for item in milestone.evidence.all():
            if item.source_url:
                assert f'href="{html.escape(item.source_url)}"' in page, (milestone.title, item.source_url)
            assert html.escape(item.summary) in page


def test_every_agreement_page_and_the_overview_pages_render(demo, client):
    for agreement in Agreement.objects.all():
        response = client.get(agreement.get_absolute_url())
        assert response.status_code == 200, agreement.slug
    for url in ["/", "/agreements/", "/milestones/", "/milestones/?overdue=true", "/parties/compare/", "/feed.atom"]:
        assert client.get(url).status_code == 200, url
