"""The overdue rule's SQL twin (querysets.overdue_q) equals the Python rule (deadlines.is_overdue)."""

import datetime
import itertools

import pytest

from agreements.choices import MilestoneKind, MilestoneStatus
from agreements.deadlines import is_overdue
from agreements.models import Milestone
from tests.factories import AgreementFactory, MilestoneFactory

pytestmark = pytest.mark.django_db


def test_overdue_on_and_with_overdue_match_is_overdue_for_every_status_and_deadline(today):
    agreement = AgreementFactory()
    offsets = (-400, -1, 0, 1, 30)
    for kind, status, offset in itertools.product(MilestoneKind.values, MilestoneStatus.values, offsets):
        MilestoneFactory(
            agreement=agreement,
            kind=kind,
            due_on=today + datetime.timedelta(days=offset),
            status=status,
            completed_on=today if status == MilestoneStatus.COMPLETED else None,
        )
    rows = list(Milestone.objects.filter(agreement=agreement).with_overdue(today))
    assert len(rows) == len(MilestoneKind.values) * len(MilestoneStatus.values) * len(offsets)
    expected = {
        row.pk for row in rows if is_overdue(kind=row.kind, status=row.status, deadline=row.deadline, today=today)
    }
    assert expected  # the grid holds late open milestones
    assert {row.pk for row in rows if row.is_overdue} == expected
    assert set(Milestone.objects.overdue_on(today).values_list("pk", flat=True)) == expected
    assert set(Milestone.objects.not_overdue_on(today).values_list("pk", flat=True)) == {r.pk for r in rows} - expected
