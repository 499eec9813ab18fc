"""The read shapes of agreements, milestones, evidence and instruments, pinned field by field, key
order included.

These are the public contract (docs/api.md): the JSON a script reads. Each test builds rows whose
every value is known, reads them through the API (list and detail) and compares the parsed JSON,
as key/value pairs in order, with a literal of what the contract says.
"""

import datetime

import pytest
from django.utils import timezone

from agreements.choices import EvidenceGrade, EvidenceVerdict, MilestoneStatus, PartyKind, PartyRole
from agreements.models import (
    Agreement,
    AgreementParty,
    Instrument,
    Milestone,
    Mineral,
    Party,
    ReportedAmount,
    Source,
    ValueChainStage,
)
from agreements.services import milestone_create
from agreements.services.evidence import evidence_create

pytestmark = pytest.mark.django_db

SIGNED = datetime.date(2025, 10, 28)
PUBLISHED_AT = datetime.datetime(2025, 10, 29, 9, 30, tzinfo=datetime.UTC)


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
        published=True,
        published_at=PUBLISHED_AT,
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
        (
            "implementation",
            [
                ("projects", 0),
                ("permits_granted", 0),
                ("offtake_signed", 0),
                ("environment_approved", 0),
                ("capital_cost_stated", 0),
            ],
        ),
        ("related", []),
        ("discrepancies", []),
        ("reviewed_on", None),
        ("published", True),
        ("published_at", "2025-10-29T09:30:00Z"),
        ("created_at", _stamp(agreement.created_at)),
        ("updated_at", _stamp(agreement.updated_at)),
    ]
    detail = api_client.get("/api/agreements/us-jp-framework/")
    listed = api_client.get("/api/agreements/")
    assert detail.status_code == listed.status_code == 200
    assert _pairs(detail.json()) == expected
    assert _pairs(listed.json()["results"][0]) == expected


def test_agreement_without_relations_reads_empty_lists(api_client):
    Agreement.objects.create(slug="bare", title="Bare", kind="framework", published=True)
    row = api_client.get("/api/agreements/bare/").json()
    assert (row["parties"], row["minerals"], row["stages"], row["sources"]) == ([], [], [], [])
    assert (row["related"], row["discrepancies"]) == ([], [])
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
            "kind": "commitment",
            "description": "",
            "commitment_text": "",
            "deadline_stated": True,
            "due_on": milestone.deadline.isoformat(),
            "deadline_kind": "absolute",
            "anchor": "signing",
            "offset_months": None,
            "offset_days": None,
            "status": "pending",
            "completed_on": None,
            "outcome": "not_yet_due",
            "days_late": None,
            "last_checked_on": None,
            "responsible": None,
            "evidence_url": "",
            "notes": "",
            "evidence": [],
            "overdue": False,
            "overdue_since": None,
            "created_at": _stamp(milestone.created_at),
            "updated_at": _stamp(milestone.updated_at),
        }
        assert set(values) <= set(row)
        return _pairs({**row, **values})

    # The outcome of the relative one comes from its evidence: two items, newest first.
    older = evidence_create(
        data={
            "milestone": relative,
            "occurred_on": datetime.date(2026, 1, 10),
            "summary": "Talks on the first projects",
            "verdict": EvidenceVerdict.RELATED,
            "grade": EvidenceGrade.SECONDARY,
            "source_title": "Press report",
        },
        today=today,
    )
    newer = evidence_create(
        data={
            "milestone": relative,
            "occurred_on": datetime.date(2026, 4, 30),
            "summary": "First projects announced",
            "verdict": EvidenceVerdict.FULFILS,
            "grade": EvidenceGrade.PRIMARY,
            "source_url": "https://www.mofa.go.jp/example",
            "source_title": "Joint statement",
            "source_publisher": "MOFA",
            "source_published_on": datetime.date(2026, 4, 30),
            "source_accessed_on": datetime.date(2026, 5, 2),
            "note": "Names three projects.",
        },
        today=today,
    )
    relative.refresh_from_db()
    older.refresh_from_db()
    newer.refresh_from_db()

    def evidence_item(item, **values):
        return {
            "url": f"http://testserver/api/evidence/{item.pk}/",
            "id": item.pk,
            "agreement": "us-jp-framework",
            "occurred_on": item.occurred_on.isoformat(),
            "summary": item.summary,
            "verdict": item.verdict,
            "grade": item.grade,
            "source": {"url": "", "title": "", "publisher": "", "published_on": None, "accessed_on": None}
            | values.pop("source", {}),
            "note": "",
            "created_at": _stamp(item.created_at),
            "updated_at": _stamp(item.updated_at),
        } | values

    expected_relative = shape(
        relative,
        commitment_text="within six months",
        due_on="2026-04-28",
        deadline_kind="relative",
        offset_months=6,
        status="completed",
        completed_on="2026-04-30",
        outcome="met_late",
        days_late=2,
        last_checked_on=today.isoformat(),
        responsible="jp",
        notes="Month end clamps.",
        evidence=[
            evidence_item(
                newer,
                source={
                    "url": "https://www.mofa.go.jp/example",
                    "title": "Joint statement",
                    "publisher": "MOFA",
                    "published_on": "2026-04-30",
                    "accessed_on": "2026-05-02",
                },
                note="Names three projects.",
            ),
            evidence_item(older, source={"title": "Press report"}),
        ],
    )
    expected_late = shape(
        late,
        instrument=instrument.pk,
        evidence_url="https://example.org/evidence",
        status="in_progress",
        outcome="overdue_no_evidence",
        days_late=2,
        overdue=True,
        overdue_since=_stamp(flagged_at),
    )
    listed = api_client.get("/api/milestones/", {"ordering": "due_on"}).json()["results"]
    by_id = {row["id"]: row for row in listed}
    assert _pairs(by_id[relative.pk]) == expected_relative
    assert _pairs(by_id[late.pk]) == expected_late
    assert _pairs(api_client.get(f"/api/milestones/{late.pk}/").json()) == expected_late
    assert _pairs(api_client.get(f"/api/milestones/{relative.pk}/").json()) == expected_relative

    # An item of /api/evidence/ is the nested item with `milestone` after `id`.
    nested = dict(expected_relative)["evidence"][0]
    listed_item = api_client.get("/api/evidence/", {"milestone": relative.pk}).json()["results"][0]
    assert _pairs(listed_item) == [*nested[:2], ("milestone", relative.pk), *nested[2:]]
    assert _pairs(api_client.get(f"/api/evidence/{newer.pk}/").json()) == _pairs(listed_item)


def test_instrument_read_shape_is_the_contract(api_client, framework):
    agreement, japan = framework["agreement"], framework["japan"]
    instrument = Instrument.objects.create(
        agreement=agreement,
        name="Investment",
        kind="equity",
        amount=550_000_000_000,
        amount_qualifier="at_least",
        currency="USD",
        payer=japan,
        firmness="pledge",
    )
    ReportedAmount.objects.create(
        instrument=instrument,
        amount=550_000_000_000,
        currency="USD",
        amount_qualifier="up_to",
        source_url="https://www.whitehouse.gov/example",
        source_title="Fact sheet",
        source_publisher="The White House",
        source_published_on=SIGNED,
    )
    instrument.refresh_from_db()
    expected = [
        ("url", f"http://testserver/api/instruments/{instrument.pk}/"),
        ("id", instrument.pk),
        ("agreement", "us-jp-framework"),
        ("name", "Investment"),
        ("kind", "equity"),
        ("description", ""),
        ("stages", []),
        ("minerals", []),
        ("amount", "550000000000.00"),
        ("amount_qualifier", "at_least"),
        ("currency", "USD"),
        ("payer", "jp"),
        ("firmness", "pledge"),
        (
            "reported_amounts",
            [
                [
                    ("amount", "550000000000.00"),
                    ("currency", "USD"),
                    ("amount_qualifier", "up_to"),
                    (
                        "source",
                        [
                            ("url", "https://www.whitehouse.gov/example"),
                            ("title", "Fact sheet"),
                            ("publisher", "The White House"),
                            ("published_on", "2025-10-28"),
                        ],
                    ),
                    ("note", ""),
                ]
            ],
        ),
        ("responsible", None),
        ("notes", ""),
        ("created_at", _stamp(instrument.created_at)),
        ("updated_at", _stamp(instrument.updated_at)),
    ]
    assert _pairs(api_client.get(f"/api/instruments/{instrument.pk}/").json()) == expected
    assert _pairs(api_client.get("/api/instruments/").json()["results"][0]) == expected
