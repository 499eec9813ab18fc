"""The Gantt-like view (agreements/views/gantt.py) and the timeline's vertical layout for phones.

The data set (tests/pages/conftest.py) is pinned at 2026-05-15: the framework, signed 2025-10-28,
has two late commitments (180 days: 2026-04-26, six months: 2026-04-28); the lithium study was
due 2023-01-01 and delivered 2022-12-01; the magnet stockpile review is due 2026-06-01.
"""

import datetime
import itertools
import json
import re
from types import SimpleNamespace

import pytest

from agreements.choices import DeadlineAnchor, EvidenceVerdict, MilestoneKind, MilestoneStatus
from agreements.views.timeline import V_ROW, build_timeline
from tests.factories import AgreementFactory, EvidenceFactory, MilestoneFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def gantt_data(html: str) -> dict:
    match = re.search(r'<script id="gantt-data" type="application/json">(.*?)</script>', html, re.S)
    assert match, "no gantt data on the page"
    return json.loads(match.group(1))


def test_bars_run_from_signing_to_the_deadline_and_late_ones_stay_open(client, dataset):
    response = client.get(dataset.framework.get_absolute_url())
    gantt = response.context["gantt"]
    assert [(row.title, row.start, row.deadline) for row in gantt.rows] == [
        ("Investment ministerial", D(2025, 10, 28), D(2026, 4, 26)),
        ("Financial support measures", D(2025, 10, 28), D(2026, 4, 28)),
    ]
    assert [row.late for row in gantt.rows] == [True, True]
    assert [row.fulfilled_on for row in gantt.rows] == [None, None]  # a `related` item fulfils nothing
    assert [row.label for row in gantt.rows] == ["! Overdue, no evidence"] * 2
    assert (gantt.start, gantt.end, gantt.undated) == (D(2025, 10, 28), D(2026, 5, 15), [])
    data = gantt_data(response.content.decode())
    assert data["today"] == "2026-05-15"
    assert [(row["start"], row["deadline"], row["late"], row["css"]) for row in data["rows"]] == [
        ("2025-10-28", "2026-04-26", True, "late"),
        ("2025-10-28", "2026-04-28", True, "late"),
    ]
    assert data["rows"][0]["url"] == dataset.days_180.get_absolute_url()
    assert "Clock starts Oct. 28, 2025 (signing)" in data["rows"][0]["tooltip"]


def test_a_fulfilled_commitment_is_marked_on_its_evidence_date(client, dataset):
    response = client.get(dataset.lithium_deal.get_absolute_url())
    (row,) = response.context["gantt"].rows
    assert (row.start, row.deadline, row.fulfilled_on) == (D(2022, 6, 1), D(2023, 1, 1), D(2022, 12, 1))
    assert not row.late
    assert (row.outcome, row.css, row.label) == ("met_on_time", "completed", "✓ Met on time")


def test_partly_met_is_marked_on_the_part_delivery(client, dataset):
    EvidenceFactory(milestone=dataset.six_months, occurred_on=D(2026, 5, 2), verdict=EvidenceVerdict.PARTLY_FULFILS)
    response = client.get(dataset.framework.get_absolute_url())
    row = next(row for row in response.context["gantt"].rows if row.pk == dataset.six_months.pk)
    # Open past its deadline: the late style wins (as on the timeline), the label says partly met.
    assert (row.outcome, row.fulfilled_on, row.late, row.css) == ("partly_met", D(2026, 5, 2), True, "late")
    assert row.label == "◐ Partly met"


def test_a_clock_that_counts_from_entry_into_force_starts_there(client, dataset):
    agreement = AgreementFactory(slug="in-force", signed_on=D(2025, 1, 10), entered_into_force_on=D(2025, 7, 1))
    MilestoneFactory(
        agreement=agreement,
        title="Report",
        anchor=DeadlineAnchor.ENTRY_INTO_FORCE,
        offset_months=12,
        deadline=D(2026, 7, 1),
    )
    (row,) = client.get(agreement.get_absolute_url()).context["gantt"].rows
    assert (row.start, row.start_rule, row.deadline) == (D(2025, 7, 1), "entry into force", D(2026, 7, 1))
    assert not row.late


def test_rows_without_a_date_are_listed_not_drawn(client, dataset):
    MilestoneFactory(
        agreement=dataset.framework,
        title="Joint fund",
        anchor=DeadlineAnchor.UNKNOWN,
        offset_months=12,
        deadline=None,
    )
    MilestoneFactory(agreement=dataset.framework, title="Cooperate", due_on=None, deadline_stated=False, deadline=None)
    response = client.get(dataset.framework.get_absolute_url())
    gantt = response.context["gantt"]
    assert [row.title for row in gantt.rows] == ["Investment ministerial", "Financial support measures"]
    assert [(row.title, row.deadline) for row in gantt.undated] == [("Joint fund", None), ("Cooperate", None)]
    html = response.content.decode()
    drawn = [row["title"] for row in gantt_data(html)["rows"]]
    assert drawn == ["Investment ministerial", "Financial support measures"]
    assert "Not drawn: 2 milestones without a date" in html
    assert "No date yet: the sources do not say when its period starts" in html
    assert "No deadline stated · no evidence of delivery found" in html


def test_an_absolute_deadline_before_signing_is_drawn_as_a_mark_not_a_backward_bar(client, dataset):
    agreement = AgreementFactory(slug="odd", signed_on=D(2025, 6, 1))
    MilestoneFactory(agreement=agreement, title="Early", due_on=D(2025, 3, 1), deadline=D(2025, 3, 1))
    (row,) = client.get(agreement.get_absolute_url()).context["gantt"].rows
    assert row.start == row.deadline == D(2025, 3, 1)


def test_an_unsigned_agreement_draws_absolute_deadlines_without_a_start(client, dataset):
    agreement = AgreementFactory(slug="unsigned", signed_on=None)
    MilestoneFactory(agreement=agreement, title="Talks", due_on=D(2026, 9, 1), deadline=D(2026, 9, 1))
    (row,) = client.get(agreement.get_absolute_url()).context["gantt"].rows
    assert (row.start, row.deadline) == (None, D(2026, 9, 1))
    assert (
        "Start of its clock not known"
        in gantt_data(client.get(agreement.get_absolute_url()).content.decode())["rows"][0]["tooltip"]
    )


def test_an_agreement_without_milestones_has_no_gantt(client, dataset):
    response = client.get(dataset.old_rare_earths.get_absolute_url())
    assert response.context["gantt"] is None
    assert 'id="gantt-data"' not in response.content.decode()


def test_the_board_gantt_follows_the_board_filters(client, dataset):
    everything = client.get("/milestones/").context["gantt"]
    assert [row.title for row in everything.rows] == [
        "Joint study published",
        "Investment ministerial",
        "Financial support measures",
        "Stockpile review",
    ]
    assert everything.rows[0].agreement == str(dataset.lithium_deal)  # the board names the agreement
    late = client.get("/milestones/?overdue=true").context["gantt"]
    assert [row.title for row in late.rows] == ["Investment ministerial", "Financial support measures"]
    one = client.get("/milestones/?agreement=japan-australia-magnets")
    assert [row["title"] for row in gantt_data(one.content.decode())["rows"]] == ["Stockpile review"]
    assert client.get("/milestones/?agreement=us-japan-2021").context["gantt"] is None


def test_the_board_gantt_draws_the_page_it_shows(client, dataset, settings):
    for index in range(3):
        MilestoneFactory(agreement=dataset.magnets, title=f"Extra {index}", due_on=D(2027, 1, 1 + index))
    response = client.get("/milestones/?agreement=japan-australia-magnets")
    shown = [milestone.pk for milestone in response.context["page"].object_list]
    assert [row.pk for row in response.context["gantt"].rows] == shown


def test_cancelled_and_expiry_rows_keep_their_own_style(client, dataset):
    MilestoneFactory(agreement=dataset.magnets, title="Dropped", status=MilestoneStatus.CANCELLED, due_on=D(2025, 1, 1))
    MilestoneFactory(agreement=dataset.magnets, title="Ban ends", kind=MilestoneKind.EXPIRY, due_on=D(2026, 12, 31))
    rows = {row.title: row for row in client.get(dataset.magnets.get_absolute_url()).context["gantt"].rows}
    assert (rows["Dropped"].css, rows["Dropped"].late, rows["Dropped"].label) == ("cancelled", False, "– Cancelled")
    assert (rows["Ban ends"].css, rows["Ban ends"].late) == ("expiry", False)


# The timeline's vertical layout (pure: no database needed).


def point(pk, deadline, title="A commitment"):
    return SimpleNamespace(pk=pk, title=title, kind="commitment", deadline=deadline, status="pending", outcome="")


def test_vertical_timeline_runs_top_to_bottom_in_date_order_with_labels_apart():
    milestones = [point(1, D(2026, 4, 28)), point(2, D(2026, 4, 26)), point(3, D(2027, 1, 1))]
    timeline = build_timeline(signed_on=D(2025, 10, 28), milestones=milestones, today=D(2026, 5, 15))
    vertical = timeline.vertical
    kinds = [(entry.kind, entry.date) for entry in vertical.entries]
    assert kinds == [
        ("signed", D(2025, 10, 28)),
        ("point", D(2026, 4, 26)),
        ("point", D(2026, 4, 28)),
        ("today", D(2026, 5, 15)),
        ("point", D(2027, 1, 1)),
    ]
    dots = [entry.y for entry in vertical.entries]
    assert dots == sorted(dots)
    assert vertical.signed_y == dots[0] == vertical.y_start
    assert vertical.today_y == dots[3]
    assert dots[-1] == vertical.y_end
    labels = [entry.label_y for entry in vertical.entries]
    assert all(later - earlier >= V_ROW for earlier, later in itertools.pairwise(labels))
    # Two days apart: the second label is pushed below the first, its dot stays at its date.
    assert labels[2] > dots[2]
    assert all(label >= dot for label, dot in zip(labels, dots, strict=True))
    assert vertical.height > labels[-1]
    assert [year for _y, year in vertical.years] == [2026, 2027]


def test_vertical_timeline_without_signing_starts_at_the_first_date():
    timeline = build_timeline(signed_on=None, milestones=[point(1, D(2026, 1, 1))], today=D(2026, 5, 15))
    vertical = timeline.vertical
    assert vertical.signed_y is None
    assert [entry.kind for entry in vertical.entries] == ["point", "today"]


def test_agreement_page_draws_both_timelines_and_the_phone_list_of_stages(client, dataset):
    response = client.get(dataset.framework.get_absolute_url())
    html = response.content.decode()
    assert html.count('class="timeline-h"') == 1 and html.count('class="timeline-v"') == 1
    stages = {row["instrument"].name: [stage.slug for stage in row["stages"]] for row in response.context["matrix"]}
    assert stages == {"Project loans": ["mining", "processing"], "Offtake arrangements": ["processing"]}
    phone_list = html[html.index('<ul class="matrix-list">') :]
    linked = re.findall(r'<a class="badge" href="/stages/([\w-]+)/"', phone_list)
    assert linked == ["mining", "processing", "processing"]
