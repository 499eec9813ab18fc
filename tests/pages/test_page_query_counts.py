"""Every page runs a fixed number of SQL queries, whatever the number of rows (README.md, "Performance").

Each count is pinned with a named constant, and each page is measured with 2 and with 20
agreements (each with parties, minerals, stages, instruments, milestones, sources, projects).
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agreements.choices import AlertKind, InstrumentKind
from agreements.models import Alert
from tests.factories import (
    AgreementFactory,
    InstrumentFactory,
    MilestoneFactory,
    MineralFactory,
    OrganizationFactory,
    PartyFactory,
    ProjectFactory,
    SourceFactory,
    StageFactory,
)

pytestmark = pytest.mark.django_db

# overdue, due in 30 and in 90 days (rows + count each), newest agreements (1 + 2 prefetches),
# the agreement total and the counts by party, mineral and stage.
DASHBOARD_QUERIES = 13
# count + page + 2 prefetches (parties, minerals: what the table shows) + 7 facets.
AGREEMENT_LIST_QUERIES = 11
# … plus resolving the party, mineral (with its group members) and stage slugs once.
AGREEMENT_LIST_FILTERED_QUERIES = 18
AGREEMENT_EXPORT_QUERIES = 6
AGREEMENT_DETAIL_QUERIES = 13
MILESTONE_BOARD_QUERIES = 4
MILESTONE_BOARD_FILTERED_QUERIES = 5
PARTY_DETAIL_QUERIES = 13
MINERAL_DETAIL_QUERIES = 13
STAGE_DETAIL_QUERIES = 13
PROJECT_DETAIL_QUERIES = 3
PARTY_COMPARE_QUERIES = 6
PARTY_LIST_QUERIES = 3
CALENDAR_QUERIES = 1
AGREEMENT_CALENDAR_QUERIES = 2
PARTY_CALENDAR_QUERIES = 2
FEED_QUERIES = 2


def build(n: int, pinned_today):
    us = PartyFactory(slug="us", iso_code="US", name="United States")
    jp = PartyFactory(slug="jp", iso_code="JP", name="Japan")
    group = MineralFactory(slug="rare-earths", name="Rare earths", is_group=True)
    stages = [StageFactory(slug=f"stage-{i}", name=f"Stage {i}", order=i) for i in range(3)]
    for i in range(n):
        member = MineralFactory(slug=f"member-{i}", group=group)
        other = OrganizationFactory(slug=f"organization-{i}", name=f"Organization {i}")
        agreement = AgreementFactory(
            slug=f"agreement-{i}",
            signed_on=datetime.date(2020 + i % 6, 1 + i % 12, 1),
            parties=[us, jp, other],
            minerals=[group, member],
            stages=stages[: 1 + i % 3],
        )
        SourceFactory(agreement=agreement)
        instrument = InstrumentFactory(
            agreement=agreement, kind=InstrumentKind.LOAN, amount=1000 + i, currency="USD", responsible=us
        )
        instrument.stages.set(stages)
        instrument.minerals.set([member])
        late = MilestoneFactory(agreement=agreement, offset_months=6, responsible=jp)
        MilestoneFactory(agreement=agreement, due_on=pinned_today + datetime.timedelta(days=10 + i))
        project = ProjectFactory(country=us, stage=stages[0])
        project.instruments.set([instrument])
        project.minerals.set([member])
        Alert.objects.create(kind=AlertKind.FLAGGED, milestone=late, deadline=late.deadline, created_at=timezone.now())
        agreement.title = f"Changed title {i}"
        agreement.save()  # a second history row


PAGES = [
    ("/", DASHBOARD_QUERIES),
    ("/agreements/", AGREEMENT_LIST_QUERIES),
    (
        "/agreements/?q=framework&party=jp&mineral=rare-earths&stage=stage-0&instrument=loan"
        "&status=signed&kind=framework&year=2021&year=2022&sort=title",
        AGREEMENT_LIST_FILTERED_QUERIES,
    ),
    ("/agreements/export.csv?party=us", AGREEMENT_EXPORT_QUERIES),
    ("/agreements/agreement-1/", AGREEMENT_DETAIL_QUERIES),
    ("/milestones/", MILESTONE_BOARD_QUERIES),
    (
        "/milestones/?overdue=true&party=jp&agreement=agreement-1&status=pending&due_within=400",
        MILESTONE_BOARD_FILTERED_QUERIES,
    ),
    ("/parties/us/", PARTY_DETAIL_QUERIES),
    ("/minerals/rare-earths/", MINERAL_DETAIL_QUERIES),
    ("/stages/stage-0/", STAGE_DETAIL_QUERIES),
    ("/projects/project-placeholder/", PROJECT_DETAIL_QUERIES),
    ("/parties/compare/?party=us&party=jp", PARTY_COMPARE_QUERIES),
    ("/parties/", PARTY_LIST_QUERIES),
    ("/calendar.ics", CALENDAR_QUERIES),
    ("/agreements/agreement-1/calendar.ics", AGREEMENT_CALENDAR_QUERIES),
    ("/parties/jp/calendar.ics", PARTY_CALENDAR_QUERIES),
    ("/feed.atom", FEED_QUERIES),
]


def count_queries(client, path: str) -> int:
    if "project-placeholder" in path:
        from agreements.models import Project

        path = Project.objects.order_by("pk").first().get_absolute_url()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


@pytest.mark.parametrize(("path", "expected"), PAGES)
@pytest.mark.parametrize("rows", [2, 20])
def test_page_query_count_is_fixed(client, pinned_today, path, expected, rows):
    build(rows, pinned_today)
    assert count_queries(client, path) == expected, path


def test_signed_in_detail_page_adds_only_session_user_and_watch_queries(client, pinned_today, reader):
    build(3, pinned_today)
    client.force_login(reader)
    # session + user + "is this user watching?"
    assert count_queries(client, "/agreements/agreement-1/") == AGREEMENT_DETAIL_QUERIES + 3
