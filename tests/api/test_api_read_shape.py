"""The read shapes of agreements and milestones, pinned field by field, key order included.

These are the public contract (docs/api.md): the JSON a script reads. Each test builds rows whose
every value is known, reads them through the API (list and detail) and compares the parsed JSON,
as key/value pairs in order, with a literal of what the contract says.
"""

import datetime

import pytest
from django.utils import timezone

from agreements.choices import MilestoneStatus, PartyKind, PartyRole
from agreements.models import Agreement, AgreementParty, Instrument, Milestone, Mineral, Party, Source, ValueChainStage
from agreements.services import milestone_create

pytestmark = pytest.mark.django_db

SIGNED = datetime.date(2025, 10, 28)


def _pairs(value):
    """JSON with its key order kept: dicts become lists of (key, value) pairs."""
    if isinstance(value, dict):
        return [(key, _pairs(item)) for key, item in value.items()]
    if isinstance(value, list):
        return [_pairs(item) for item in value]
    return value


def _stamp(value: datetime.datetime) -> str:
    """DRF's date-time output: ISO 8601 in the current time zone (UTC here), UTC written as Z."""
    return timezone.localtime(value).isoformat().replace("+00:00", "Z")


@pytest.fixture
def framework(db):
    japan = Party.objects.create(slug="jp", iso_code="JP", name="Japan", kind=PartyKind.COUNTRY)
    usa = Party.objects.create(slug="us", iso_code="US", name="United States", kind=PartyKind.COUNTRY)
    rare_earths = Mineral.objects.create(slug="rare-earths", name="Rare earths", is_group=True)
    gallium = Mineral.objects.create(slug="gallium", name="Gallium", symbol="Ga")
    mining = ValueChainStage.objects.create(slug="mining", name="Mining", order=1)
    magnets = ValueChainStage.objects.create(slug="magnets", name="Magnets", order=3)
    agreement = Agreement.objects.create(
        slug="us-jp-framework",
        title="United States–Japan Framework for Securing the Supply of Critical Minerals",
        short_title="US–Japan framework",
        kind="framework",
        status="signed",
        signed_on=SIGNED,
        signed_at="Tokyo",
        summary="Financing, stockpiles and permitting.",
    )
    AgreementParty.objects.create(
        agreement=agreement, party=usa, role=PartyRole.SIGNATORY, signed_by="President", joined_on=SIGNED
    )
    AgreementParty.objects.create(agreement=agreement, party=japan, role=PartyRole.SIGNATORY)
    agreement.minerals.set([rare_earths, gallium])
    agreement.stages.set([magnets, mining])
    Source.objects.create(
        agreement=agreement,
        url="https://www.whitehouse.gov/example",
        title="Fact sheet",
        publisher="The White House",
        language="en",
        published_on=SIGNED,
    )
    Source.objects.create(agreement=agreement, url="", title="Press summary", language="de")
    return {"agreement": agreement, "japan": japan, "usa": usa}


def test_agreement_read_shape_is_the_contract(api_client, framework, api_today):
    today = api_today
    agreement = framework["agreement"]
    late = milestone_create(agreement=agreement, data={"title": "Late", "due_on": today - datetime.timedelta(days=3)})
    milestone_create(agreement=agreement, data={"title": "Next", "due_on": today + datetime.timedelta(days=9)})
    agreement.refresh_from_db()
    assert late.deadline < today
    expected = [
        ("url", "http://testserver/api/agreements/us-jp-framework/"),
        ("slug", "us-jp-framework"),
        ("title", "United States–Japan Framework for Securing the Supply of Critical Minerals"),
        ("short_title", "US–Japan framework"),
        ("kind", "framework"),
        ("status", "signed"),
        ("legally_binding", None),
        ("signed_on", "2025-10-28"),
        ("signed_at", "Tokyo"),
        ("entered_into_force_on", None),
        (
            "parties",
            [
                [("slug", "jp"), ("name", "Japan"), ("role", "signatory"), ("signed_by", ""), ("joined_on", None)],
                [
                    ("slug", "us"),
                    ("name", "United States"),
                    ("role", "signatory"),
                    ("signed_by", "President"),
                    ("joined_on", "2025-10-28"),
                ],
            ],
        ),
        ("minerals", ["gallium", "rare-earths"]),
        ("stages", ["mining", "magnets"]),
        ("summary", "Financing, stockpiles and permitting."),
        ("objectives", ""),
        ("notes", ""),
        (
            "sources",
            # By publication date, undated last.
            [
                [
                    ("url", "https://www.whitehouse.gov/example"),
                    ("title", "Fact sheet"),
                    ("publisher", "The White House"),
                    ("language", "en"),
                    ("published_on", "2025-10-28"),
                ],
                [
                    ("url", ""),
                    ("title", "Press summary"),
                    ("publisher", ""),
                    ("language", "de"),
                    ("published_on", None),
                ],
            ],
        ),
        ("next_deadline", (today + datetime.timedelta(days=9)).isoformat()),
        ("overdue_count", 1),
        ("created_at", _stamp(agreement.created_at)),
        ("updated_at", _stamp(agreement.updated_at)),
    ]
    detail = api_client.get("/api/agreements/us-jp-framework/")
    listed = api_client.get("/api/agreements/")
    assert detail.status_code == listed.status_code == 200
    assert _pairs(detail.json()) == expected
    assert _pairs(listed.json()["results"][0]) == expected


def test_agreement_without_relations_reads_empty_lists(api_client):
    Agreement.objects.create(slug="bare", title="Bare", kind="framework")
    row = api_client.get("/api/agreements/bare/").json()
    assert (row["parties"], row["minerals"], row["stages"], row["sources"]) == ([], [], [], [])
    assert (row["signed_on"], row["next_deadline"], row["overdue_count"]) == (None, None, 0)


def test_milestone_read_shape_is_the_contract(api_client, framework, api_today):
    today = api_today
    agreement, japan = framework["agreement"], framework["japan"]
    instrument = Instrument.objects.create(agreement=agreement, name="Stockpile", kind="stockpile")
    relative = milestone_create(
        agreement=agreement,
        data={
            "title": "First measures",
            "commitment_text": "within six months",
            "offset_months": 6,
            "responsible": japan,
            "notes": "Month end clamps.",
        },
    )
    late = milestone_create(
        agreement=agreement,
        data={
            "title": "Report",
            "due_on": today - datetime.timedelta(days=2),
            "instrument": instrument,
            "evidence_url": "https://example.org/evidence",
            "status": MilestoneStatus.IN_PROGRESS,
        },
    )
    flagged_at = timezone.now() - datetime.timedelta(days=1)
    Milestone.objects.filter(pk=late.pk).update(overdue_since=flagged_at)
    late.refresh_from_db()
    relative.refresh_from_db()

    def shape(milestone, **values):
        row = {
            "url": f"http://testserver/api/milestones/{milestone.pk}/",
            "id": milestone.pk,
            "agreement": "us-jp-framework",
            "instrument": None,
            "title": milestone.title,
            "description": "",
            "commitment_text": "",
            "due_on": milestone.deadline.isoformat(),
            "deadline_kind": "absolute",
            "offset_months": None,
            "offset_days": None,
            "status": "pending",
            "completed_on": None,
            "responsible": None,
            "evidence_url": "",
            "notes": "",
            "overdue": False,
            "overdue_since": None,
            "created_at": _stamp(milestone.created_at),
            "updated_at": _stamp(milestone.updated_at),
        }
        assert set(values) <= set(row)
        return _pairs({**row, **values})

    expected_relative = shape(
        relative,
        commitment_text="within six months",
        due_on="2026-04-28",
        deadline_kind="relative",
        offset_months=6,
        responsible="jp",
        notes="Month end clamps.",
        overdue=relative.deadline < today,
    )
    expected_late = shape(
        late,
        instrument=instrument.pk,
        evidence_url="https://example.org/evidence",
        status="in_progress",
        overdue=True,
        overdue_since=_stamp(flagged_at),
    )
    listed = api_client.get("/api/milestones/", {"ordering": "due_on"}).json()["results"]
    by_id = {row["id"]: row for row in listed}
    assert _pairs(by_id[relative.pk]) == expected_relative
    assert _pairs(by_id[late.pk]) == expected_late
    assert _pairs(api_client.get(f"/api/milestones/{late.pk}/").json()) == expected_late
