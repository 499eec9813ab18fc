"""Pages of parties, minerals, stages, projects and criticality lists, and the side-by-side party comparison."""

import datetime
import functools
from collections import defaultdict

from django.db.models import Count, F, Prefetch, Q
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.http import urlencode

from agreements.choices import AmountQualifier, Firmness, InstrumentKind, PartyKind
from agreements.models import (
    Agreement,
    AgreementParty,
    Discrepancy,
    DiscrepancyClaim,
    HSCode,
    Instrument,
    Milestone,
    Mineral,
    MineralList,
    MineralListEntry,
    Party,
    Project,
    ValueChainStage,
    Watch,
)
from agreements.outcome_text import outcome_label, outcome_shape
from agreements.publishing import is_visible
from agreements.querysets import visible_q
from agreements.services.scorecards import COMMITMENT_OUTCOMES, money_totals, scorecards
from agreements.views.charts import party_map_context
from agreements.views.common import clean_query
from agreements.views.milestones import annotate_lateness
from agreements.views.scorecards import scorecard_rows, scorecard_summary

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
    """Every party with the number of agreements (that the reader may see) it is in, grouped by
    kind; minerals and stages beside; the world map of parties (views/charts.py)."""
    visible = functools.partial(visible_q, request.user)
    parties = Party.objects.annotate(n=Count("memberships", filter=visible("memberships__agreement__"))).order_by(
        "kind", "name", "pk"
    )
    kinds = dict(PartyKind.choices)
    groups = defaultdict(list)
    for party in parties:
        groups[kinds.get(party.kind, party.kind)].append(party)
    context = {
        "groups": sorted(groups.items(), key=lambda item: -len(item[1])),
        "minerals": Mineral.objects.annotate(n=Count("agreements", filter=visible("agreements__"))).order_by(
            "name", "pk"
        ),
        "stages": ValueChainStage.objects.annotate(n=Count("agreements", filter=visible("agreements__"))).order_by(
            "order", "pk"
        ),
        **party_map_context(clean_query(request.GET), timezone.localdate()),
    }
    # An unknown `?map=` is a 400 naming the field (the page still shows the default map).
    return render(request, "agreements/party_list.html", context, status=400 if context["map_form"].errors else 200)


def _party_scorecards(party, today, milestones):
    """The party's two scorecards: the commitments (among `milestones`, those the reader may see)
    it is named responsible for, and those no party is named for on its agreements (counted for
    every party jointly), each number with its link."""
    cards = {
        card.attribution: card
        for card in scorecards(milestones.for_parties([party]), by="party", today=today)
        if card.key == party.slug
    }
    result = []
    for attribution in ("responsible", "joint"):
        card = cards.get(attribution)
        scope = {attribution: party.slug}
        result.append(
            {
                "attribution": attribution,
                "rows": scorecard_rows(card, scope),
                "summary": scorecard_summary(card, scope),
            }
        )
    return result


def party_detail(request, slug):
    today = timezone.localdate()
    party = get_object_or_404(Party.objects.select_related("country"), slug=slug)
    visible = Agreement.objects.visible_to(request.user)
    agreement_ids = visible.with_parties([party]).values("id")
    visible_milestones = Milestone.objects.visible_to(request.user)
    milestones = visible_milestones.for_list().for_parties([party]).with_outcome(today)
    context = {
        "party": party,
        "today": today,
        "members": party.members.all(),
        "agreements": visible.for_list(today).filter(id__in=agreement_ids),
        "scorecards": _party_scorecards(party, today, visible_milestones),
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
        "projects": _projects(request.user).filter(country=party),
        "watching": request.user.is_authenticated and Watch.objects.filter(user=request.user, party=party).exists(),
        # The search page's and the board's `?party=` rules are the ones above (with_parties,
        # for_parties): their CSV exports with this query hold this page's agreements and milestones.
        "filter_query": urlencode({"party": party.slug}),
    }
    return render(request, "agreements/party_detail.html", context)


def _projects(reader):
    """The projects `reader` may see, each with the instruments `reader` may see."""
    return Project.objects.visible_to(reader).for_list(instruments=Instrument.objects.visible_to(reader))


def mineral_detail(request, slug):
    today = timezone.localdate()
    mineral = get_object_or_404(Mineral.objects.select_related("group"), slug=slug)
    above, below = Mineral.objects.lineage(mineral)
    # The search page's `?mineral=` rule (a group covers its members at any depth), so its CSV
    # export and calendar links (`?mineral=<slug>`) hold these agreements.
    through = Agreement.minerals.through.objects.filter(mineral_id__in={mineral.pk} | below)
    instruments = (
        Instrument.objects.visible_to(request.user)
        .for_list()
        .filter(Q(minerals=mineral) | Q(minerals__group=mineral))
        .distinct()
    )
    context = {
        "mineral": mineral,
        "today": today,
        "members": mineral.members.all(),
        "agreements": Agreement.objects.visible_to(request.user)
        .for_list(today)
        .filter(id__in=through.values("agreement_id")),
        "instruments": instruments[: ROWS * 5],
        "projects": _projects(request.user).filter(Q(minerals=mineral) | Q(minerals__group=mineral)).distinct(),
        "filter_query": urlencode({"mineral": mineral.slug}),
        **_lists_and_codes(mineral, above, below),
    }
    return render(request, "agreements/mineral_detail.html", context)


def _lists_and_codes(mineral, above: set[int], below: set[int]) -> dict:
    """The criticality lists and HS codes of a mineral page, in three queries: the mineral's
    lineage, the list entries of it, of the groups above it and of the members below it, and the
    HS codes of it and of its groups. A list that names a group covers its members; a group's
    page also shows which lists name its members."""
    entries = (
        MineralListEntry.objects.filter(mineral_id__in={mineral.pk} | above | below)
        .select_related("mineral_list__publisher", "mineral")
        .order_by("mineral_list__name", "mineral_list_id", "mineral__name", "pk")
    )
    own, through_groups, members = [], [], defaultdict(list)
    for entry in entries:
        if entry.mineral_id == mineral.pk:
            own.append(entry)
        elif entry.mineral_id in above:
            through_groups.append(entry)
        else:
            members[entry.mineral_list].append(entry)
    codes = {}
    links = (
        HSCode.minerals.through.objects.filter(mineral_id__in={mineral.pk} | above)
        .select_related("hscode", "mineral")
        .order_by("hscode__code", "pk")
    )
    for link in links:
        # A code of the mineral itself wins over the same code through a group.
        if link.hscode_id not in codes or link.mineral_id == mineral.pk:
            codes[link.hscode_id] = {
                "code": link.hscode,
                "through": None if link.mineral_id == mineral.pk else link.mineral,
            }
    return {
        "list_entries": own,
        "group_list_entries": through_groups,
        "member_lists": sorted(members.items(), key=lambda item: (item[0].name, item[0].pk)),
        "hs_codes": list(codes.values()),
    }


def criticality_lists(request):
    """Every criticality list with its source, members (or only its count) and discrepancies, and
    the verified HS codes: the reference data the mineral pages and the list filter use."""
    entries = MineralListEntry.objects.select_related("mineral").order_by("mineral__name", "pk")
    claims = DiscrepancyClaim.objects.order_by("position", "pk")
    discrepancies = Discrepancy.objects.order_by("topic", "pk").prefetch_related(Prefetch("claims", queryset=claims))
    lists = MineralList.objects.select_related("publisher").prefetch_related(
        Prefetch("entries", queryset=entries), Prefetch("discrepancies", queryset=discrepancies)
    )
    minerals = Mineral.objects.only("id", "slug", "name", "name_de").order_by("name", "pk")
    codes = HSCode.objects.prefetch_related(Prefetch("minerals", queryset=minerals)).order_by("code")
    return render(request, "agreements/criticality_lists.html", {"lists": lists, "hs_codes": codes})


def stage_detail(request, slug):
    today = timezone.localdate()
    stage = get_object_or_404(ValueChainStage, slug=slug)
    through = Agreement.stages.through.objects.filter(valuechainstage=stage)
    instruments = Instrument.objects.visible_to(request.user).filter(stages=stage)
    context = {
        "stage": stage,
        "today": today,
        "agreements": Agreement.objects.visible_to(request.user)
        .for_list(today)
        .filter(id__in=through.values("agreement_id")),
        "instruments": instruments.for_list()[: ROWS * 5],
        "instrument_kinds": _instrument_kinds(instruments),
        "projects": _projects(request.user).filter(stage=stage),
    }
    return render(request, "agreements/stage_detail.html", context)


def project_detail(request, slug):
    project = get_object_or_404(
        Project.objects.visible_to(request.user).select_related("country", "stage", "operator", "source__agreement"),
        slug=slug,
    )
    source = project.source
    context = {
        "project": project,
        "minerals": project.minerals.all(),
        "instruments": Instrument.objects.visible_to(request.user).filter(projects=project).select_related("agreement"),
        # The source is a source of an agreement: a draft's is not shown to those who may not see it.
        "source": source if source is not None and is_visible(source.agreement, request.user) else None,
    }
    return render(request, "agreements/project_detail.html", context)


def _compare_scores(parties, today, milestones) -> list[dict]:
    """services.scorecards by party over `milestones` (those the reader may see), one table group
    per attribution, one cell per party and outcome, each with the link to its milestones."""
    cards = {
        (card.key, card.attribution): card
        for card in scorecards(milestones.for_parties(parties), by="party", today=today)
    }
    groups = []
    for attribution in ("responsible", "joint"):
        per_party = [cards.get((party.slug, attribution)) for party in parties]
        scopes = [{attribution: party.slug} for party in parties]
        outcome_rows = [
            {"label": outcome_label(outcome), "shape": outcome_shape(outcome), "outcome": outcome.value, "cells": []}
            for outcome in COMMITMENT_OUTCOMES
        ]
        for card, scope in zip(per_party, scopes, strict=True):
            for row, cell in zip(outcome_rows, scorecard_rows(card, scope), strict=True):
                row["cells"].append(cell)
        # An outcome that none of them has (waiting, cancelled, …) would be a row of zeros.
        outcome_rows = [
            row for row in outcome_rows if row["cells"][0]["always"] or any(c["count"] for c in row["cells"])
        ]
        summaries = [scorecard_summary(card, scope) for card, scope in zip(per_party, scopes, strict=True)]
        groups.append({"attribution": attribution, "outcome_rows": outcome_rows, "summaries": summaries})
    return groups


def _compare_money(parties, instruments) -> dict:
    """money_totals of the `instruments` (those the reader may see) each party pays for: one row
    per firmness, currency and qualifier, one cell per party, each opening into its instruments.
    Instruments that name no payer are credited to nobody; they are listed per party whose
    agreement holds them."""
    paid = instruments.filter(payer__in=parties)
    totals = money_totals(paid)
    behind = defaultdict(list)
    for instrument in paid.filter(amount__isnull=False).select_related("agreement", "payer").order_by("-amount", "pk"):
        key = (instrument.payer.slug, instrument.firmness, instrument.currency, instrument.amount_qualifier)
        behind[key].append(instrument)
    firmness_order = {value: index for index, value in enumerate(Firmness.values)}
    rows = {}
    for total in totals:
        key = (total.firmness, total.currency, total.amount_qualifier)
        rows.setdefault(key, {})[total.payer] = {
            "total": total,
            "instruments": behind[(total.payer, *key)],
        }
    firmness_labels = dict(Firmness.choices)
    qualifier_labels = dict(AmountQualifier.choices)
    money_rows = [
        {
            "firmness": firmness,
            "firmness_label": firmness_labels.get(firmness, firmness),
            "currency": currency,
            "qualifier": qualifier,
            "qualifier_label": qualifier_labels.get(qualifier, qualifier),
            "cells": [by_payer.get(party.slug) for party in parties],
        }
        for (firmness, currency, qualifier), by_payer in sorted(
            rows.items(), key=lambda item: (firmness_order.get(item[0][0], 99), item[0][1], item[0][2])
        )
    ]
    unattributed = defaultdict(list)
    for instrument in (
        instruments.filter(payer__isnull=True, amount__isnull=False, agreement__memberships__party__in=parties)
        .annotate(member_id=F("agreement__memberships__party_id"))
        .select_related("agreement")
        .order_by("-amount", "pk")
    ):
        unattributed[instrument.member_id].append(instrument)
    return {"rows": money_rows, "unattributed": [unattributed.get(party.pk, []) for party in parties]}


def party_compare(request):
    """Parties side by side: agreements, instruments by kind, money by payer and firmness, and the
    scorecards (services.scorecards) of the commitments each is responsible for or shares."""
    today = timezone.localdate()
    wanted = [v.strip() for v in clean_query(request.GET).getlist("party") if v.strip()][:MAX_COMPARED]
    parties = list(Party.objects.matching(wanted).order_by("name", "pk"))
    ids = [p.pk for p in parties]
    visible_instruments = Instrument.objects.visible_to(request.user)
    visible_milestones = Milestone.objects.visible_to(request.user)
    agreement_counts = dict(
        AgreementParty.objects.filter(visible_q(request.user, "agreement__"), party_id__in=ids)
        .values("party_id")
        .annotate(n=Count("agreement_id"))
        .values_list("party_id", "n")
    )
    # Each instrument is counted once per party: (agreement, party) is unique.
    instruments = visible_instruments.filter(agreement__memberships__party_id__in=ids)
    kinds = defaultdict(dict)
    for row in instruments.values("agreement__memberships__party_id", "kind").annotate(n=Count("id")):
        kinds[row["kind"]][row["agreement__memberships__party_id"]] = row["n"]
    kind_labels = dict(InstrumentKind.choices)
    context = {
        "today": today,
        "parties": parties,
        "all_parties": Party.objects.only("slug", "name", "name_de").order_by("name", "pk"),
        "slots": [p.slug for p in parties] + [""] * (MAX_COMPARED - len(parties)),
        "agreement_counts": [agreement_counts.get(p.pk, 0) for p in parties],
        "kind_rows": [
            (kind_labels.get(kind, kind), [by_party.get(p.pk, 0) for p in parties])
            for kind, by_party in sorted(kinds.items(), key=lambda item: -sum(item[1].values()))
        ],
        "score_groups": _compare_scores(parties, today, visible_milestones) if parties else [],
        "money": _compare_money(parties, visible_instruments) if parties else {"rows": [], "unattributed": []},
        "max_compared": MAX_COMPARED,
    }
    return render(request, "agreements/party_compare.html", context)
