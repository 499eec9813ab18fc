"""Every page runs a fixed number of SQL queries, whatever the number of rows (README.md, "Performance").

Each count is pinned with a named constant, and each page is measured with 2 and with 20
agreements (each with parties, minerals, stages, instruments, milestones, sources, projects), and
with 0 and 5 evidence items on every milestone (and reported amounts on every instrument).
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve
from django.utils import timezone

from agreements.caching import CACHED_PAGES
from agreements.choices import (
    AlertKind,
    EvidenceGrade,
    EvidenceVerdict,
    Firmness,
    InstrumentKind,
    MilestoneKind,
    RelationKind,
)
from agreements.models import (
    Agreement,
    AgreementRelation,
    Alert,
    Discrepancy,
    DiscrepancyClaim,
    Milestone,
    Mineral,
    ReportedAmount,
)
from tests.factories import (
    AgreementFactory,
    EvidenceFactory,
    HSCodeFactory,
    InstrumentFactory,
    MilestoneFactory,
    MineralFactory,
    MineralListFactory,
    OrganizationFactory,
    PartyFactory,
    ProjectFactory,
    SourceFactory,
    StageFactory,
)

pytestmark = pytest.mark.django_db

# overdue, due in 30 and in 90 days (rows + count each), new in the last 30 days (agreements
# signed, evidence recorded, outcomes changed: rows + count each), newest agreements (1 + 2
# prefetches), the agreement total, the counts by party, mineral and stage, and the two charts.
DASHBOARD_QUERIES = 21
# count + page + 2 prefetches (parties, minerals: what the table shows) + 8 facets (the criticality
# lists' facet counts every list in one query).
AGREEMENT_LIST_QUERIES = 12
# … plus resolving the party, mineral (with its group members), stage and list slugs once.
AGREEMENT_LIST_FILTERED_QUERIES = 20
AGREEMENT_EXPORT_QUERIES = 6
# … the instruments' reported amounts, the scorecard (one GROUP BY); the milestones carry their
# outcome and the agreement its implementation test, related agreements and discrepancies as columns.
AGREEMENT_DETAIL_QUERIES = 15
MILESTONE_BOARD_QUERIES = 4
MILESTONE_BOARD_FILTERED_QUERIES = 5
# A scorecard's link: the board plus resolving its party slug (outcome, kind and due need no query).
MILESTONE_BOARD_SCORECARD_QUERIES = 5
MILESTONE_EXPORT_QUERIES = 1
# milestone (with its outcome), the agreement's parties, the evidence, the history.
MILESTONE_DETAIL_QUERIES = 4
# … plus the two scorecards (responsible and joint: one GROUP BY each).
PARTY_DETAIL_QUERIES = 15
# … plus the criticality lists and HS codes: the mineral's lineage (one recursive query), the list
# entries of it, its groups and its members, and the HS codes of it and its groups.
MINERAL_DETAIL_QUERIES = 16
# lists with their publisher, their entries, discrepancies and claims, HS codes and their minerals.
CRITICALITY_LISTS_QUERIES = 6
STAGE_DETAIL_QUERIES = 13
PROJECT_DETAIL_QUERIES = 3
# parties, agreement counts, instrument kinds, the scorecards (2), money totals, the instruments
# behind them, the instruments with no payer, the party menu.
PARTY_COMPARE_QUERIES = 9
# parties, minerals, stages; the map: agreement counts, the scorecards (2), the parties.
PARTY_LIST_QUERIES = 7
# The scorecards page: by party, the responsible and the joint cards; by agreement, one query.
SCORECARDS_QUERIES = 2
SCORECARDS_BY_AGREEMENT_QUERIES = 1
CALENDAR_QUERIES = 1
AGREEMENT_CALENDAR_QUERIES = 2
PARTY_CALENDAR_QUERIES = 2
# The board's filters on the calendar: resolving the party slug, then the events.
FILTERED_CALENDAR_QUERIES = 2
# The search page's filters: resolving the party, the mineral slug and its members (one query per
# level of groups, here three, as for the search page), then the events.
AGREEMENTS_CALENDAR_QUERIES = 7
# agreements, flagged alerts, evidence, its milestones, their items, ended expiries.
FEED_QUERIES = 6


def build(n: int, pinned_today, evidence: int = 0):
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
            agreement=agreement,
            kind=InstrumentKind.LOAN,
            amount=1000 + i,
            currency="USD",
            responsible=us,
            payer=us if i % 2 else None,
            firmness=Firmness.FIRM if i % 3 else Firmness.PLEDGE,
        )
        instrument.stages.set(stages)
        instrument.minerals.set([member])
        late = MilestoneFactory(agreement=agreement, offset_months=6, responsible=jp)
        soon = MilestoneFactory(agreement=agreement, due_on=pinned_today + datetime.timedelta(days=10 + i))
        MilestoneFactory(
            agreement=agreement, kind=MilestoneKind.EXPIRY, due_on=pinned_today - datetime.timedelta(days=1 + i)
        )
        verdicts = [EvidenceVerdict.RELATED, EvidenceVerdict.PARTLY_FULFILS, EvidenceVerdict.FULFILS]
        for milestone in (late, soon):
            for k in range(evidence):
                EvidenceFactory(
                    milestone=milestone,
                    occurred_on=pinned_today - datetime.timedelta(days=k),
                    verdict=verdicts[(i + k) % 3],
                    grade=EvidenceGrade.SECONDARY if k % 2 else EvidenceGrade.PRIMARY,
                )
        for k in range(evidence):
            ReportedAmount.objects.create(
                instrument=instrument, amount=900 + k * 10, currency="USD", source_title=f"Report {k}"
            )
        project = ProjectFactory(country=us, stage=stages[0])
        project.instruments.set([instrument])
        project.minerals.set([member])
        Alert.objects.create(kind=AlertKind.FLAGGED, milestone=late, deadline=late.deadline, created_at=timezone.now())
        # Related agreements from both sides, and a discrepancy with two claims.
        if i:
            implemented = Agreement.objects.get(slug=f"agreement-{i - 1}")
            AgreementRelation.objects.create(subject=agreement, kind=RelationKind.IMPLEMENTS, object=implemented)
        discrepancy = Discrepancy.objects.create(agreement=agreement, topic=f"Topic {i}")
        for position in range(2):
            DiscrepancyClaim.objects.create(
                discrepancy=discrepancy, position=position, claim=f"Claim {position}", grade=EvidenceGrade.PRIMARY
            )
        agreement.title = f"Changed title {i}"
        agreement.save()  # a second history row
    # Criticality lists naming the group and some of its members, with a discrepancy, and HS codes.
    members = list(Mineral.objects.filter(group=group).order_by("pk"))
    for k in range(1 + n // 4):
        listed = MineralListFactory(slug=f"list-{k}", publisher=us, minerals=[group, *members[k::2]])
        discrepancy = Discrepancy.objects.create(mineral_list=listed, topic=f"Count {k}")
        for position in range(2):
            DiscrepancyClaim.objects.create(
                discrepancy=discrepancy, position=position, claim=f"{30 + position}", grade=EvidenceGrade.PRIMARY
            )
        HSCodeFactory(code=f"28{k:02d}.30", minerals=[group, *members[: k + 1]])


PAGES = [
    ("/", DASHBOARD_QUERIES),
    ("/agreements/", AGREEMENT_LIST_QUERIES),
    (
        "/agreements/?q=framework&party=jp&mineral=rare-earths&stage=stage-0&instrument=loan"
        "&status=signed&kind=framework&year=2021&year=2022&sort=title&mineral_list=list-0",
        AGREEMENT_LIST_FILTERED_QUERIES,
    ),
    ("/agreements/export.csv?party=us", AGREEMENT_EXPORT_QUERIES),
    ("/agreements/agreement-1/", AGREEMENT_DETAIL_QUERIES),
    ("/milestones/", MILESTONE_BOARD_QUERIES),
    (
        # Every build has rows here (a board without rows skips the page query).
        "/milestones/?joint=us&kind=commitment&outcome=not_yet_due&outcome=met_on_time",
        MILESTONE_BOARD_SCORECARD_QUERIES,
    ),
    (
        "/milestones/?responsible=jp&kind=commitment&outcome=overdue_no_evidence&outcome=met_late&due=true",
        MILESTONE_BOARD_SCORECARD_QUERIES,
    ),
    ("/milestones/export.csv?outcome=overdue_no_evidence&kind=commitment", MILESTONE_EXPORT_QUERIES),
    ("/milestones/milestone-placeholder/", MILESTONE_DETAIL_QUERIES),
    (
        "/milestones/?overdue=true&party=jp&agreement=agreement-1&status=pending&due_within=400",
        MILESTONE_BOARD_FILTERED_QUERIES,
    ),
    ("/parties/us/", PARTY_DETAIL_QUERIES),
    ("/minerals/rare-earths/", MINERAL_DETAIL_QUERIES),
    ("/criticality-lists/", CRITICALITY_LISTS_QUERIES),
    ("/stages/stage-0/", STAGE_DETAIL_QUERIES),
    ("/projects/project-placeholder/", PROJECT_DETAIL_QUERIES),
    ("/parties/compare/?party=us&party=jp", PARTY_COMPARE_QUERIES),
    ("/parties/", PARTY_LIST_QUERIES),
    ("/scorecards/", SCORECARDS_QUERIES),
    ("/scorecards/?by=agreement", SCORECARDS_BY_AGREEMENT_QUERIES),
    ("/calendar.ics", CALENDAR_QUERIES),
    ("/agreements/agreement-1/calendar.ics", AGREEMENT_CALENDAR_QUERIES),
    ("/parties/jp/calendar.ics", PARTY_CALENDAR_QUERIES),
    ("/calendar.ics?party=jp&overdue=false&kind=commitment", FILTERED_CALENDAR_QUERIES),
    ("/agreements/calendar.ics?party=us&mineral=rare-earths&sort=title", AGREEMENTS_CALENDAR_QUERIES),
    ("/feed.atom", FEED_QUERIES),
]


def count_queries(client, path: str) -> int:
    if "project-placeholder" in path:
        from agreements.models import Project

        path = Project.objects.order_by("pk").first().get_absolute_url()
    if "milestone-placeholder" in path:
        path = Milestone.objects.filter(responsible__isnull=False).order_by("pk").last().get_absolute_url()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


@pytest.mark.parametrize(("path", "expected"), PAGES)
@pytest.mark.parametrize(("rows", "evidence"), [(2, 0), (20, 0), (2, 5), (20, 5)])
def test_page_query_count_is_fixed(client, pinned_today, path, expected, rows, evidence):
    build(rows, pinned_today, evidence)
    # An anonymous read of a cached page first reads the data version (its ETag; agreements/caching.py).
    view = "placeholder" if "placeholder" in path else resolve(path.split("?")[0]).view_name
    version = 1 if view == "placeholder" or view in CACHED_PAGES else 0
    assert count_queries(client, path) == expected + version, path


def test_signed_in_detail_page_adds_only_session_user_and_watch_queries(client, pinned_today, reader):
    build(3, pinned_today)
    client.force_login(reader)
    # session + user + "is this user watching?" + the user's permissions and their groups' (may
    # they see drafts? asked once, Django caches them on the user)
    assert count_queries(client, "/agreements/agreement-1/") == AGREEMENT_DETAIL_QUERIES + 5
