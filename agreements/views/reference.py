"""Pages of parties, minerals, stages and projects, and the side-by-side party comparison."""

import datetime
from collections import defaultdict

from django.db.models import Count, F, Q, Sum
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from agreements.choices import InstrumentKind, MilestoneStatus, PartyKind
from agreements.models import (
    Agreement,
    AgreementParty,
    Instrument,
    Milestone,
    Mineral,
    Party,
    Project,
    ValueChainStage,
    Watch,
)
from agreements.querysets import open_milestone_q, overdue_q
from agreements.views.common import clean_query
from agreements.views.milestones import annotate_lateness

UPCOMING_DAYS = 90
ROWS = 20
MAX_COMPARED = 4


def _instrument_kinds(instruments):
    labels = dict(InstrumentKind.choices)
    return [
        (labels.get(row["kind"], row["kind"]), row["n"])
        for row in instruments.values("kind").annotate(n=Count("id")).order_by("-n", "kind")
    ]


def party_list(request):
    """Every party with the number of agreements it is in, grouped by kind; minerals and stages beside."""
    parties = Party.objects.annotate(n=Count("memberships")).order_by("kind", "name", "pk")
    kinds = dict(PartyKind.choices)
    groups = defaultdict(list)
    for party in parties:
        groups[kinds.get(party.kind, party.kind)].append(party)
    context = {
        "groups": sorted(groups.items(), key=lambda item: -len(item[1])),
        "minerals": Mineral.objects.annotate(n=Count("agreements")).order_by("name", "pk"),
        "stages": ValueChainStage.objects.annotate(n=Count("agreements")).order_by("order", "pk"),
    }
    return render(request, "agreements/party_list.html", context)


def party_detail(request, slug):
    today = timezone.localdate()
    party = get_object_or_404(Party.objects.select_related("country"), slug=slug)
    agreement_ids = Agreement.objects.with_parties([party]).values("id")
    milestones = Milestone.objects.for_list().for_parties([party])
    context = {
        "party": party,
        "today": today,
        "members": party.members.all(),
        "agreements": Agreement.objects.for_list(today).filter(id__in=agreement_ids),
        "late": annotate_lateness(list(milestones.overdue_on(today).order_by("deadline", "pk")[:ROWS]), today),
        "upcoming": annotate_lateness(
            list(
                milestones.due_between(today, today + datetime.timedelta(days=UPCOMING_DAYS)).order_by(
                    "deadline", "pk"
                )[:ROWS]
            ),
            today,
        ),
        "instrument_kinds": _instrument_kinds(Instrument.objects.filter(agreement_id__in=agreement_ids)),
        "projects": Project.objects.for_list().filter(country=party),
        "watching": request.user.is_authenticated and Watch.objects.filter(user=request.user, party=party).exists(),
    }
    return render(request, "agreements/party_detail.html", context)


def mineral_detail(request, slug):
    today = timezone.localdate()
    mineral = get_object_or_404(Mineral.objects.select_related("group"), slug=slug)
    through = Agreement.minerals.through.objects.filter(Q(mineral=mineral) | Q(mineral__group=mineral))
    instruments = Instrument.objects.for_list().filter(Q(minerals=mineral) | Q(minerals__group=mineral)).distinct()
    context = {
        "mineral": mineral,
        "today": today,
        "members": mineral.members.all(),
        "agreements": Agreement.objects.for_list(today).filter(id__in=through.values("agreement_id")),
        "instruments": instruments[: ROWS * 5],
        "projects": Project.objects.for_list().filter(Q(minerals=mineral) | Q(minerals__group=mineral)).distinct(),
    }
    return render(request, "agreements/mineral_detail.html", context)


def stage_detail(request, slug):
    today = timezone.localdate()
    stage = get_object_or_404(ValueChainStage, slug=slug)
    through = Agreement.stages.through.objects.filter(valuechainstage=stage)
    context = {
        "stage": stage,
        "today": today,
        "agreements": Agreement.objects.for_list(today).filter(id__in=through.values("agreement_id")),
        "instruments": Instrument.objects.for_list().filter(stages=stage)[: ROWS * 5],
        "instrument_kinds": _instrument_kinds(Instrument.objects.filter(stages=stage)),
        "projects": Project.objects.for_list().filter(stage=stage),
    }
    return render(request, "agreements/stage_detail.html", context)


def project_detail(request, slug):
    project = get_object_or_404(Project.objects.select_related("country", "stage", "operator", "source"), slug=slug)
    context = {
        "project": project,
        "minerals": project.minerals.all(),
        "instruments": project.instruments.select_related("agreement").all(),
    }
    return render(request, "agreements/project_detail.html", context)


def party_compare(request):
    """Parties side by side: agreements, instruments by kind, amounts, milestones kept and late."""
    today = timezone.localdate()
    wanted = [v.strip() for v in clean_query(request.GET).getlist("party") if v.strip()][:MAX_COMPARED]
    parties = list(Party.objects.matching(wanted).order_by("name", "pk"))
    ids = [p.pk for p in parties]
    agreement_counts = dict(
        AgreementParty.objects.filter(party_id__in=ids)
        .values("party_id")
        .annotate(n=Count("agreement_id"))
        .values_list("party_id", "n")
    )
    # Each instrument is counted once per party: (agreement, party) is unique.
    instruments = Instrument.objects.filter(agreement__memberships__party_id__in=ids)
    kinds = defaultdict(dict)
    for row in instruments.values("agreement__memberships__party_id", "kind").annotate(n=Count("id")):
        kinds[row["kind"]][row["agreement__memberships__party_id"]] = row["n"]
    amounts = defaultdict(dict)
    for row in (
        instruments.filter(amount__isnull=False)
        .values("agreement__memberships__party_id", "currency")
        .annotate(total=Sum("amount"))
    ):
        amounts[row["currency"]][row["agreement__memberships__party_id"]] = row["total"]
    prefix = "milestones__"
    milestone_rows = {
        row["memberships__party_id"]: row
        for row in Agreement.objects.filter(memberships__party_id__in=ids)
        .values("memberships__party_id")
        .annotate(
            total=Count("milestones"),
            kept=Count(
                "milestones",
                filter=Q(milestones__status=MilestoneStatus.COMPLETED)
                & Q(milestones__completed_on__lte=F("milestones__deadline")),
            ),
            kept_late=Count(
                "milestones",
                filter=Q(milestones__status=MilestoneStatus.COMPLETED)
                & Q(milestones__completed_on__gt=F("milestones__deadline")),
            ),
            late=Count("milestones", filter=overdue_q(today, prefix)),
            open=Count("milestones", filter=open_milestone_q(prefix) & Q(milestones__deadline__gte=today)),
        )
        .order_by()
    }
    kind_labels = dict(InstrumentKind.choices)
    context = {
        "today": today,
        "parties": parties,
        "all_parties": Party.objects.only("slug", "name").order_by("name", "pk"),
        "slots": [p.slug for p in parties] + [""] * (MAX_COMPARED - len(parties)),
        "agreement_counts": [agreement_counts.get(p.pk, 0) for p in parties],
        "kind_rows": [
            (kind_labels.get(kind, kind), [by_party.get(p.pk, 0) for p in parties])
            for kind, by_party in sorted(kinds.items(), key=lambda item: -sum(item[1].values()))
        ],
        "amount_rows": [
            (currency, [by_party.get(p.pk) for p in parties]) for currency, by_party in sorted(amounts.items())
        ],
        "milestone_rows": [milestone_rows.get(p.pk, {}) for p in parties],
        "max_compared": MAX_COMPARED,
    }
    return render(request, "agreements/party_compare.html", context)
