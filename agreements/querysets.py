"""QuerySets: named filters (the rules as SQL) and loaders (what a list or detail needs).

The overdue rule lives in `MilestoneQuerySet.overdue_on(today)` and nowhere else in SQL;
`deadlines.is_overdue` is the same rule for one row in Python.
"""

import datetime

from django.db import connection, models
from django.db.models import Count, Min, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce

from agreements.choices import OPEN_MILESTONE_STATUSES


def open_milestone_q(prefix: str = "") -> Q:
    return Q(**{f"{prefix}status__in": OPEN_MILESTONE_STATUSES})


def overdue_q(today: datetime.date, prefix: str = "") -> Q:
    return open_milestone_q(prefix) & Q(**{f"{prefix}deadline__lt": today})


class PartyQuerySet(models.QuerySet):
    def for_slug_or_code(self, value: str):
        """A party by slug (`us`) or ISO code (`US`), case-insensitively for codes."""
        return self.filter(Q(slug=value) | Q(iso_code=value.upper()))

    def for_list(self):
        return self.select_related("country")


class MineralQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("group")

    def with_members(self, slugs):
        """The minerals named and every member of the groups among them (one level deep or more)."""
        from agreements.models import Mineral

        slugs = list(slugs)
        ids = set(self.filter(slug__in=slugs).values_list("id", flat=True))
        frontier = set(ids)
        while frontier:
            children = set(Mineral.objects.filter(group_id__in=frontier).values_list("id", flat=True)) - ids
            ids |= children
            frontier = children
        return self.filter(id__in=ids)


class StageQuerySet(models.QuerySet):
    def for_list(self):
        return self


class AgreementQuerySet(models.QuerySet):
    def signed_between(self, after: datetime.date | None = None, before: datetime.date | None = None):
        qs = self
        if after:
            qs = qs.filter(signed_on__gte=after)
        if before:
            qs = qs.filter(signed_on__lte=before)
        return qs

    def for_party(self, slug_or_code: str):
        return self.filter(
            Q(memberships__party__slug=slug_or_code) | Q(memberships__party__iso_code=slug_or_code.upper())
        ).distinct()

    def with_deadline_summary(self, today: datetime.date):
        """`next_deadline` (earliest open deadline from today on) and `overdue_count`.

        Correlated subqueries on the (agreement, status, deadline) index rather than a join and
        GROUP BY: a page reads only its own agreements' milestones, and the paginator's COUNT(*)
        (which drops unused annotations) reads no milestone at all.
        """
        from agreements.models import Milestone

        open_milestones = (
            Milestone.objects.filter(agreement=OuterRef("pk"), status__in=OPEN_MILESTONE_STATUSES)
            .order_by()
            .values("agreement")
        )
        return self.annotate(
            next_deadline=Subquery(
                open_milestones.filter(deadline__gte=today).annotate(first=Min("deadline")).values("first")[:1]
            ),
            overdue_count=Coalesce(
                Subquery(open_milestones.filter(deadline__lt=today).annotate(late=Count("pk")).values("late")[:1]),
                0,
            ),
        )

    def for_list(self, today: datetime.date):
        from agreements.models import AgreementParty

        memberships = AgreementParty.objects.select_related("party").order_by("party__name", "pk")
        return self.with_deadline_summary(today).prefetch_related(
            Prefetch("memberships", queryset=memberships),
            Prefetch("minerals", queryset=_slug_only("Mineral")),
            Prefetch("stages", queryset=_slug_only("ValueChainStage")),
            "sources",
        )

    def for_table(self, today: datetime.date):
        """The pages' agreement table (includes/agreement_table.html): the deadline summary, the
        parties (slug and name) and the minerals' names; no sources or stages, which it does not show."""
        from agreements.models import AgreementParty

        memberships = (
            AgreementParty.objects.select_related("party")
            .only("agreement_id", "party__slug", "party__name")
            .order_by("party__name", "pk")
        )
        return self.with_deadline_summary(today).prefetch_related(
            Prefetch("memberships", queryset=memberships),
            Prefetch("minerals", queryset=_slug_only("Mineral")),
        )

    def for_api(self, today: datetime.date):
        """The API's agreement reads: the rows with their deadline summary, no prefetching.

        On PostgreSQL the nested values come with each row (`api_parties`, `api_minerals`,
        `api_stages`, `api_sources`: JSON arrays from correlated subqueries, evaluated for the page's
        rows only), so a page is the COUNT and one query. Elsewhere the serializer loads them for a
        whole page with `agreement_read_relations` (four queries).
        """
        qs = self.with_deadline_summary(today)
        if connection.vendor == "postgresql":
            qs = qs.annotate(**_agreement_relation_arrays())
        return qs

    def for_detail(self, today: datetime.date):
        from agreements.models import Instrument, Milestone

        return self.for_list(today).prefetch_related(
            Prefetch(
                "instruments",
                queryset=Instrument.objects.select_related("responsible").prefetch_related("stages", "minerals"),
            ),
            Prefetch("milestones", queryset=Milestone.objects.select_related("responsible", "instrument")),
        )

    def search(self, query: str):
        """Full-text search: PostgreSQL's text search (GIN-indexed), a plain LIKE elsewhere."""
        query = query.strip()
        if not query:
            return self
        if connection.vendor == "postgresql":
            from django.contrib.postgres.search import SearchQuery

            return self.alias(**{AGREEMENT_SEARCH_ALIAS: agreement_search_vector()}).filter(
                **{AGREEMENT_SEARCH_ALIAS: SearchQuery(query, config="english", search_type="websearch")}
            )
        words = query.split()
        condition = Q()
        for word in words:
            condition &= Q(title__icontains=word) | Q(short_title__icontains=word) | Q(summary__icontains=word)
        return self.filter(condition)


def agreement_read_relations(agreement_ids) -> dict[int, dict[str, list]]:
    """The nested values of the API's agreement read shape, for many agreements in four queries.

    `{agreement_id: {"parties": [(slug, name, role, signed_by, joined_on)], "minerals": [slug],
    "stages": [slug], "sources": [(url, title, publisher, language, published_on)]}}`, each list
    in the order `for_list`'s prefetches give (parties by name, minerals by name, stages in
    value-chain order, sources by publication date). Tuples from `values_list`, not model
    instances: a page of 50 agreements has hundreds of nested rows.
    """
    from agreements.models import Agreement, AgreementParty, Source

    ids = list(agreement_ids)
    relations = {pk: {"parties": [], "minerals": [], "stages": [], "sources": []} for pk in ids}
    if not ids:
        return relations
    queries = {
        "parties": AgreementParty.objects.filter(agreement_id__in=ids)
        .order_by("party__name", "pk")
        .values_list("agreement_id", "party__slug", "party__name", "role", "signed_by", "joined_on"),
        "minerals": Agreement.minerals.through.objects.filter(agreement_id__in=ids)
        .order_by("mineral__name", "mineral_id")
        .values_list("agreement_id", "mineral__slug"),
        "stages": Agreement.stages.through.objects.filter(agreement_id__in=ids)
        .order_by("valuechainstage__order", "valuechainstage_id")
        .values_list("agreement_id", "valuechainstage__slug"),
        "sources": Source.objects.filter(agreement_id__in=ids)
        .order_by("agreement_id", "published_on", "pk")
        .values_list("agreement_id", "url", "title", "publisher", "language", "published_on"),
    }
    for name, query in queries.items():
        single = name in {"minerals", "stages"}
        for agreement_id, *values in query:
            relations[agreement_id][name].append(values[0] if single else values)
    return relations


AGREEMENT_RELATION_ARRAYS = ("parties", "minerals", "stages", "sources")


def _agreement_relation_arrays():
    """PostgreSQL: `agreement_read_relations` as one JSON array per relation and row (same order)."""
    from django.contrib.postgres.aggregates import JSONBAgg
    from django.db.models.functions import JSONArray

    from agreements.models import Agreement, AgreementParty, Source

    def rows(queryset, value, ordering):
        return Subquery(
            queryset.filter(agreement_id=OuterRef("pk"))
            .order_by()
            .values("agreement_id")
            .annotate(rows=JSONBAgg(value, order_by=ordering))
            .values("rows")
        )

    return {
        "api_parties": rows(
            AgreementParty.objects.all(),
            JSONArray("party__slug", "party__name", "role", "signed_by", "joined_on"),
            ("party__name", "pk"),
        ),
        "api_minerals": rows(
            Agreement.minerals.through.objects.all(), "mineral__slug", ("mineral__name", "mineral_id")
        ),
        "api_stages": rows(
            Agreement.stages.through.objects.all(),
            "valuechainstage__slug",
            ("valuechainstage__order", "valuechainstage_id"),
        ),
        "api_sources": rows(
            Source.objects.all(),
            JSONArray("url", "title", "publisher", "language", "published_on"),
            ("published_on", "pk"),
        ),
    }


AGREEMENT_SEARCH_ALIAS = "search_document"


def agreement_search_vector():
    """The expression the GIN index (migration 0002) is built on: keep both in step."""
    from django.contrib.postgres.search import SearchVector

    return SearchVector("title", "short_title", "summary", config="english")


def _slug_only(model_name: str):
    from django.apps import apps

    return apps.get_model("agreements", model_name).objects.only("id", "slug", "name")


class InstrumentQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("agreement", "responsible").prefetch_related(
            Prefetch("stages", queryset=_slug_only("ValueChainStage")),
            Prefetch("minerals", queryset=_slug_only("Mineral")),
        )


class MilestoneQuerySet(models.QuerySet):
    def open(self):
        return self.filter(open_milestone_q())

    def overdue_on(self, today: datetime.date):
        """THE overdue rule: pending or in progress, deadline before `today`."""
        return self.filter(overdue_q(today))

    def not_overdue_on(self, today: datetime.date):
        return self.exclude(overdue_q(today))

    def due_between(self, start: datetime.date, end: datetime.date):
        """Open milestones with a deadline in [start, end]."""
        return self.open().filter(deadline__gte=start, deadline__lte=end)

    def relative(self):
        return self.filter(due_on__isnull=True)

    def for_party(self, slug_or_code: str):
        """Milestones of agreements the party is in, or that the party is responsible for."""
        code = slug_or_code.upper()
        return self.filter(
            Q(responsible__slug=slug_or_code)
            | Q(responsible__iso_code=code)
            | Q(agreement__memberships__party__slug=slug_or_code)
            | Q(agreement__memberships__party__iso_code=code)
        ).distinct()

    def for_list(self):
        return self.select_related("agreement", "responsible", "instrument")

    def for_api(self):
        """What the API's read shape needs: the milestone's own columns and two slugs (the
        instrument is its id), rather than three whole related rows per milestone."""
        from agreements.models import Milestone

        own = [field.name for field in Milestone._meta.concrete_fields]
        return self.select_related("agreement", "responsible").only(*own, "agreement__slug", "responsible__slug")

    def api_rows(self):
        """A page of the API's list as dicts rather than model instances: the columns of the read
        shape, the two slugs joined. Call it on a queryset annotated with `is_overdue`."""
        return self.values(*MILESTONE_API_COLUMNS)


MILESTONE_API_COLUMNS = (
    "id",
    "agreement__slug",
    "instrument_id",
    "title",
    "description",
    "commitment_text",
    "deadline",
    "due_on",
    "offset_months",
    "offset_days",
    "status",
    "completed_on",
    "responsible__slug",
    "evidence_url",
    "notes",
    "is_overdue",
    "overdue_since",
    "created_at",
    "updated_at",
)


class ProjectQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("country", "stage", "operator").prefetch_related(
            Prefetch("minerals", queryset=_slug_only("Mineral")),
            "instruments",
        )


class AlertQuerySet(models.QuerySet):
    def unsent(self):
        return self.filter(sent_at__isnull=True, recipient__isnull=False)
