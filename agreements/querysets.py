"""QuerySets: named filters (the rules as SQL) and loaders (what a list or detail shows).

The overdue rule lives in `overdue_q` (used by `MilestoneQuerySet.overdue_on(today)`) and nowhere
else in SQL; `deadlines.is_overdue` is the same rule for one row in Python, tested equal. The
outcome rule lives in `outcome_expression` (`MilestoneQuerySet.with_outcome(today)`), the SQL twin
of `outcomes.milestone_outcome`, also tested equal.

Who sees drafts is decided in `publishing.py`; here `visible_to(user)` (and `published()`) apply
it on every queryset of something that belongs to an agreement, and `visible_q(user, prefix)` is
the same condition for annotations and joins (counts on the reference pages).

Models import this module, so it never imports models: related models are reached through the
queryset's own model (`_related_model`).
"""

import datetime
from collections.abc import Iterable

from django.contrib.postgres.aggregates.mixins import OrderableAggMixin
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection, models
from django.db.models import (
    Aggregate,
    BooleanField,
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    F,
    Func,
    IntegerField,
    Min,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Coalesce

from agreements.choices import (
    OPEN_MILESTONE_STATUSES,
    RELATION_INVERSES,
    EvidenceVerdict,
    MilestoneKind,
    MilestoneStatus,
    Outcome,
)
from agreements.publishing import can_see_drafts

SEARCH_CONFIG = "english"


def open_milestone_q(prefix: str = "") -> Q:
    """Pending or in progress: the milestones whose deadline still matters."""
    return Q(**{f"{prefix}status__in": OPEN_MILESTONE_STATUSES})


def overdue_q(today: datetime.date, prefix: str = "") -> Q:
    """THE overdue rule in SQL: a commitment, open, and its deadline lies before `today`."""
    return (
        Q(**{f"{prefix}kind": MilestoneKind.COMMITMENT})
        & open_milestone_q(prefix)
        & Q(**{f"{prefix}deadline__lt": today})
    )


def published_q(prefix: str = "") -> Q:
    """Rows of published agreements: `prefix` is the path to the agreement (`agreement__`), empty
    for agreements themselves."""
    return Q(**{f"{prefix}published": True})


def visible_q(user, prefix: str = "") -> Q:
    """What `user` may read (publishing.can_see_drafts): everything, or published agreements only.
    For conditions inside joins and annotations; querysets have `visible_to(user)`."""
    return Q() if can_see_drafts(user) else published_q(prefix)


class VisibilityMixin:
    """`published()` and `visible_to(user)` on a queryset whose rows belong to an agreement at
    `agreement_path` (`agreement__` for milestones, empty for agreements)."""

    agreement_path = "agreement__"

    def published(self):
        return self.filter(published_q(self.agreement_path))

    def visible_to(self, user):
        return self if can_see_drafts(user) else self.published()


def _date_difference(later, earlier) -> Func:
    """`later - earlier` in days: PostgreSQL's date minus date is an integer."""
    return Func(later, earlier, template="(%(expressions)s)", arg_joiner=" - ", output_field=IntegerField())


def outcome_expression(today: datetime.date) -> Case:
    """THE outcome rule in SQL (outcomes.milestone_outcome), over a row annotated by
    `MilestoneQuerySet.with_evidence_summary()`; the When clauses follow that function's order."""
    return Case(
        When(status=MilestoneStatus.CANCELLED, then=Value(Outcome.CANCELLED)),
        When(kind=MilestoneKind.EXPIRY, deadline__isnull=True, then=Value(Outcome.WAITING)),
        When(kind=MilestoneKind.EXPIRY, deadline__lt=today, then=Value(Outcome.ENDED)),
        When(kind=MilestoneKind.EXPIRY, then=Value(Outcome.ACTIVE)),
        When(deadline_stated=False, fulfilled_on__isnull=False, then=Value(Outcome.MET_NO_DEADLINE)),
        When(deadline_stated=False, partly_fulfilled_on__isnull=False, then=Value(Outcome.PARTLY_MET)),
        When(deadline_stated=False, contradicted=True, then=Value(Outcome.MISSED)),
        When(deadline_stated=False, then=Value(Outcome.NO_DEADLINE)),
        When(deadline__isnull=True, then=Value(Outcome.WAITING)),
        When(fulfilled_on__lte=F("deadline"), then=Value(Outcome.MET_ON_TIME)),
        When(fulfilled_on__isnull=False, then=Value(Outcome.MET_LATE)),
        When(partly_fulfilled_on__isnull=False, then=Value(Outcome.PARTLY_MET)),
        When(contradicted=True, then=Value(Outcome.MISSED)),
        When(deadline__lt=today, then=Value(Outcome.OVERDUE_NO_EVIDENCE)),
        default=Value(Outcome.NOT_YET_DUE),
        output_field=CharField(),
    )


def days_late_expression(today: datetime.date) -> Case:
    """`days_late` of `outcomes.milestone_outcome` in SQL, over the same annotated row."""
    today_value = Value(today, output_field=DateField())
    no_days = Q(status=MilestoneStatus.CANCELLED) | Q(kind=MilestoneKind.EXPIRY) | Q(deadline__isnull=True)
    return Case(
        When(no_days, then=Value(None)),
        When(fulfilled_on__lte=F("deadline"), then=Value(0)),
        When(fulfilled_on__isnull=False, then=_date_difference(F("fulfilled_on"), F("deadline"))),
        When(partly_fulfilled_on__gt=F("deadline"), then=_date_difference(F("partly_fulfilled_on"), F("deadline"))),
        When(partly_fulfilled_on__isnull=False, then=Value(0)),
        When(deadline__lt=today, then=_date_difference(today_value, F("deadline"))),
        default=Value(None),
        output_field=IntegerField(),
    )


def agreement_search_vector() -> SearchVector:
    """The document of the agreements' full-text search; the GIN index (Agreement.Meta) is built on it."""
    return SearchVector("title", "short_title", "summary", config=SEARCH_CONFIG)


class VocabularySearchQuery(SearchQuery):
    """The query with the vocabulary's German names answered in English too: "Seltene Erden" also
    finds what "rare earths" finds.

    PostgreSQL's `ts_rewrite` replaces each German name the parsed query contains (`'selten' &
    'erden'`, inside any larger AND, or as a "phrase") by itself OR the English name (`'selten' &
    'erden' | 'rare' & 'earth'`); the rules come from the tables given (`rules_sql`). The whole is a
    scalar subquery, computed once per statement before the scan, so the GIN index still answers
    `@@` (its `ts_rewrite(query, select)` form may not appear in an index condition itself).
    """

    def __init__(self, value, *, rules_sql: str, **kwargs):
        super().__init__(value, **kwargs)
        self.rules_sql = rules_sql

    def as_sql(self, compiler, connection, function=None, template=None):
        sql, params = super().as_sql(compiler, connection, function, template)
        return f"(SELECT ts_rewrite({sql}, %s))", [*params, self.rules_sql]


def vocabulary_rules_sql(*models_with_german_names: type[models.Model]) -> str:
    """`ts_rewrite`'s rules: (the German name, the German name OR the English name) for every row
    of the tables with a `name_de` that differs from `name`. Longest names first, so "Leichte
    Seltene Erden" is rewritten before the "Seltene Erden" inside it. A name of several words also
    gets a phrase rule (for `"Seltene Erden"` in quotes)."""
    names = " UNION ".join(
        f"SELECT name, name_de FROM \"{model._meta.db_table}\" WHERE name_de <> '' AND name_de <> name"  # noqa: S608 (identifiers from metadata)
        for model in models_with_german_names
    )
    config = f"'{SEARCH_CONFIG}'"
    return (
        f"WITH names AS ({names}), rules AS ("  # noqa: S608 (identifiers from metadata, no input)
        f"SELECT websearch_to_tsquery({config}, name_de) AS target, "
        f"websearch_to_tsquery({config}, name_de) || websearch_to_tsquery({config}, name) AS substitute, "
        f"length(name_de) AS size FROM names "
        f"UNION ALL SELECT phraseto_tsquery({config}, name_de), "
        f"phraseto_tsquery({config}, name_de) || phraseto_tsquery({config}, name), length(name_de) FROM names "
        f"WHERE numnode(phraseto_tsquery({config}, name_de)) > 1) "
        f"SELECT target, substitute FROM rules WHERE numnode(target) > 0 ORDER BY size DESC, target::text"
    )


def _related_model(model: type[models.Model], *path: str) -> type[models.Model]:
    """The model at the end of a relation path (`_related_model(Agreement, "milestones")`)."""
    for name in path:
        model = model._meta.get_field(name).related_model
    return model


class JSONBuildObject(Func):
    """`json_build_object`: unlike Django's JSONObject (jsonb), keeps the keys in the order given."""

    function = "JSON_BUILD_OBJECT"
    output_field = models.JSONField()

    def __init__(self, **columns):
        # A column is a field path or an expression (a nested JSONBuildObject, a Cast).
        pairs = []
        for key, column in columns.items():
            pairs += [Cast(Value(key), models.TextField()), F(column) if isinstance(column, str) else column]
        super().__init__(*pairs)


class JSONAgg(OrderableAggMixin, Aggregate):
    function = "JSON_AGG"
    template = "%(function)s(%(expressions)s %(order_by)s)"
    output_field = models.JSONField()


def json_rows(queryset: models.QuerySet, *, parent: str, order_by: tuple, **columns) -> Coalesce:
    """The rows of `queryset` whose `parent` is the outer row, as one JSON array of objects with
    `columns` as keys (in that order), `[]` when there are none: a correlated subquery.

    Read as text and parsed by the JSONField, so the key order survives (jsonb would sort keys).
    """
    rows = (
        queryset.filter(**{parent: OuterRef("pk")})
        .order_by()
        .values(parent)
        .annotate(rows=Cast(JSONAgg(JSONBuildObject(**columns), order_by=order_by), models.TextField()))
        .values("rows")
    )
    return Coalesce(Subquery(rows), Value("[]"), output_field=models.JSONField())


def claim_rows(discrepancy_model: type[models.Model]) -> Coalesce:
    """A discrepancy's claims in the order recorded, `[{claim, grade, source: {url, title, publisher}}]`."""
    return json_rows(
        _related_model(discrepancy_model, "claims")._default_manager.all(),
        parent="discrepancy",
        order_by=("position", "pk"),
        claim="claim",
        grade="grade",
        source=JSONBuildObject(url="source_url", title="source_title", publisher="source_publisher"),
    )


def discrepancies_for_api(queryset: models.QuerySet) -> models.QuerySet:
    """`/api/discrepancies/`: own columns, the agreement's or list's slug and the claims as columns
    (subqueries: a page is one query, its COUNT(*) reads the discrepancies alone)."""
    return queryset.annotate(
        agreement_slug=_slug_of(queryset.model, "agreement"),
        mineral_list_slug=_slug_of(queryset.model, "mineral_list"),
        claim_rows=claim_rows(queryset.model),
    )


class AsJSON(Func):
    """`(text)::json`: a `json_rows` array nested in another row (as json, not jsonb, so the key order stays)."""

    template = "(%(expressions)s)::json"
    output_field = models.JSONField()


def _slug_of(model: type[models.Model], foreign_key: str) -> Subquery:
    """The slug of the row `foreign_key` points at, as a correlated subquery (null when none)."""
    target = _related_model(model, foreign_key)._default_manager
    return Subquery(target.filter(pk=OuterRef(f"{foreign_key}_id")).values("slug"))


def _names_only(model: type[models.Model]) -> models.QuerySet:
    # With the German name: pages show `display_name`, which would otherwise load it row by row.
    return model._default_manager.only("id", "slug", "name", "name_de")


class PartyQuerySet(models.QuerySet):
    def matching(self, values: Iterable[str]):
        """Parties named by slug (`us`) or ISO code (`US`); codes and country slugs in any case."""
        values = {value.strip() for value in values if value and value.strip()}
        return self.filter(
            Q(slug__in=values | {value.lower() for value in values})
            | Q(iso_code__in={value.upper() for value in values})
        )

    def for_list(self):
        return self.select_related("country")


class MineralQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("group")

    def with_members(self, slugs: Iterable[str]):
        """The minerals named and every member of the groups among them, at any depth."""
        ids = set(self.filter(slug__in=list(slugs)).values_list("id", flat=True))
        frontier = set(ids)
        while frontier:
            children = set(self.model._default_manager.filter(group_id__in=frontier).values_list("id", flat=True))
            frontier = children - ids
            ids |= frontier
        return self.filter(id__in=ids)

    def on_lists(self, list_ids: Iterable[int]):
        """The minerals an agreement, instrument or project names when it matches one of these
        criticality lists (the `mineral_list` filter, docs/api.md): each mineral on a list or in a
        group on it (at any depth), and each group above one of those, so an agreement about rare
        earths matches a list that names neodymium. A subquery (list_coverage_sql), no query of its own."""
        covered = f"SELECT mineral_id FROM ({list_coverage_sql(self.model)}) covered"  # noqa: S608 (from metadata)
        return self.filter(id__in=RawSQL(covered, [list(list_ids)]))  # noqa: S611 (the ids are a parameter)

    def lineage(self, mineral) -> tuple[set[int], set[int]]:
        """(the groups above `mineral`, the members below it), at any depth, in one query."""
        with connection.cursor() as cursor:
            cursor.execute(mineral_lineage_sql(self.model), [mineral.pk, mineral.pk, mineral.pk])
            rows = cursor.fetchall()
        above = {pk for pk, direction in rows if direction == "up" and pk != mineral.pk}
        return above, {pk for pk, direction in rows if direction == "down"}

    def for_api(self):
        """The API's mineral reads: the group, `list_slugs` (the lists that name the mineral itself)
        and `hs_code_rows` (its HS codes), as columns of the one page query."""
        entries = _related_model(self.model, "list_entries")._default_manager
        codes = _related_model(self.model, "hs_codes")._meta.get_field("minerals").remote_field.through
        further = Func(
            Func(F("hscode__further_urls"), Value(r"\s+"), function="regexp_split_to_array"),
            Value(""),
            function="array_remove",
            output_field=ArrayField(models.TextField()),
        )
        return self.for_list().annotate(
            list_slugs=ArraySubquery(
                entries.filter(mineral=OuterRef("pk")).order_by("mineral_list__slug").values("mineral_list__slug")
            ),
            hs_code_rows=json_rows(
                codes.objects.all(),
                parent="mineral",
                order_by=("hscode__code",),
                code="hscode__code",
                description="hscode__description",
                grade="hscode__grade",
                source=JSONBuildObject(url="hscode__source_url", further=further),
                note="hscode__note",
            ),
        )


def list_coverage_sql(mineral_model: type[models.Model], lists: str = "= ANY(%s)") -> str:
    """(list_id, mineral_id) of every mineral that matches the lists `lists` names (by default an
    array of list ids as the parameter): each mineral on a list, each member of a group on it (at
    any depth), then each group above any of those. Recursive, so a group's depth costs no query;
    UNION stops at a cycle."""
    entry = _related_model(mineral_model, "list_entries")._meta
    mineral = mineral_model._meta
    group = mineral.get_field("group").column
    return (
        f"WITH RECURSIVE down(list_id, mineral_id) AS ("  # noqa: S608 (identifiers from metadata)
        f'SELECT mineral_list_id, mineral_id FROM "{entry.db_table}" WHERE mineral_list_id {lists} '
        f'UNION SELECT down.list_id, m.id FROM "{mineral.db_table}" m JOIN down ON m.{group} = down.mineral_id), '
        f"up(list_id, mineral_id) AS (SELECT list_id, mineral_id FROM down "
        f'UNION SELECT up.list_id, m.{group} FROM "{mineral.db_table}" m JOIN up ON m.id = up.mineral_id '
        f"WHERE m.{group} IS NOT NULL) SELECT list_id, mineral_id FROM up"
    )


def minerals_on_outer_list(mineral_model: type[models.Model], list_model: type[models.Model]) -> RawSQL:
    """The ids of the minerals that match the list of the outer query's row (a query of
    `list_model`), by the rule of `MineralQuerySet.on_lists`: for counting per list."""
    outer = f'= "{list_model._meta.db_table}"."id"'
    return RawSQL(f"SELECT mineral_id FROM ({list_coverage_sql(mineral_model, outer)}) covered", [])  # noqa: S608, S611 (from metadata)


def mineral_lineage_sql(mineral_model: type[models.Model]) -> str:
    """(id, direction) of a mineral (the parameter, twice) and its relatives: `up` for itself and
    the groups above it, `down` for the members below it (at any depth)."""
    table = f'"{mineral_model._meta.db_table}"'
    group = mineral_model._meta.get_field("group").column
    return (
        f"WITH RECURSIVE up(id) AS (SELECT %s::bigint UNION SELECT m.{group} FROM {table} m "  # noqa: S608 (from metadata)
        f"JOIN up ON m.id = up.id WHERE m.{group} IS NOT NULL), "
        f"down(id) AS (SELECT %s::bigint UNION SELECT m.id FROM {table} m JOIN down ON m.{group} = down.id) "
        f"SELECT id, 'up' FROM up UNION SELECT id, 'down' FROM down WHERE id <> %s"
    )


def mineral_lists_for_api(queryset: models.QuerySet) -> models.QuerySet:
    """`/api/mineral-lists/`: own columns, the publisher's slug, the members (slugs, and entries with
    the list's wording) and the discrepancies with their claims, as columns of the one page query."""
    model = queryset.model
    entries = _related_model(model, "entries")._default_manager
    discrepancies = _related_model(model, "discrepancies")._default_manager
    return queryset.annotate(
        publisher_slug=_slug_of(model, "publisher"),
        mineral_slugs=ArraySubquery(
            entries.filter(mineral_list=OuterRef("pk")).order_by("mineral__slug", "pk").values("mineral__slug")
        ),
        entry_rows=json_rows(
            entries.all(),
            parent="mineral_list",
            order_by=("mineral__slug", "pk"),
            mineral="mineral__slug",
            listed_as="listed_as",
        ),
        discrepancy_rows=json_rows(
            discrepancies.all(),
            parent="mineral_list",
            order_by=("topic", "pk"),
            topic="topic",
            note="note",
            claims=AsJSON(claim_rows(discrepancies.model)),
        ),
    )


class StageQuerySet(models.QuerySet):
    def for_list(self):
        return self


class AgreementQuerySet(VisibilityMixin, models.QuerySet):
    agreement_path = ""

    def with_parties(self, parties, *, roles: Iterable[str] | None = None):
        """Agreements any of `parties` (ids, instances or a queryset) takes part in, in one of `roles`."""
        memberships = _related_model(self.model, "memberships")._default_manager.filter(party__in=parties)
        if roles:
            memberships = memberships.filter(role__in=roles)
        return self.filter(pk__in=memberships.values("agreement_id"))

    def with_deadline_summary(self, today: datetime.date):
        """`next_deadline` (earliest open deadline from today on) and `overdue_count`.

        Correlated subqueries on the (agreement, status, deadline) index rather than a join and
        GROUP BY: a page reads only its own agreements' milestones, and the paginator's COUNT(*)
        (which drops unused annotations) reads no milestone at all.
        """
        open_milestones = (
            _related_model(self.model, "milestones")
            ._default_manager.filter(open_milestone_q(), agreement=OuterRef("pk"))
            .order_by()
            .values("agreement")
        )
        return self.annotate(
            next_deadline=Subquery(
                open_milestones.filter(deadline__gte=today)
                .exclude(kind=MilestoneKind.EXPIRY)
                .annotate(first=Min("deadline"))
                .values("first")[:1]
            ),
            overdue_count=Coalesce(
                Subquery(open_milestones.filter(overdue_q(today)).annotate(late=Count("pk")).values("late")[:1]),
                0,
            ),
        )

    def with_nested_rows(self):
        """The API read shape's nested values as columns of each row, shaped as the API shows them.

        `party_rows` and `source_rows` are JSON arrays of objects, `mineral_slugs` and `stage_slugs`
        arrays of slugs: correlated subqueries evaluated for the page's rows only, so a page is its
        COUNT and one query, with no model instance per nested row.
        """
        memberships = _related_model(self.model, "memberships")._default_manager.all()
        minerals = _related_model(self.model, "minerals")._default_manager
        stages = _related_model(self.model, "stages")._default_manager
        sources = _related_model(self.model, "sources")._default_manager.all()
        return self.annotate(
            party_rows=json_rows(
                memberships,
                parent="agreement",
                order_by=("party__name", "pk"),
                slug="party__slug",
                name="party__name",
                role="role",
                signed_by="signed_by",
                joined_on="joined_on",
            ),
            mineral_slugs=ArraySubquery(
                minerals.filter(agreements=OuterRef("pk")).order_by("name", "pk").values("slug")
            ),
            stage_slugs=ArraySubquery(stages.filter(agreements=OuterRef("pk")).order_by("order", "pk").values("slug")),
            source_rows=json_rows(
                sources,
                parent="agreement",
                order_by=("published_on", "pk"),
                url="url",
                title="title",
                publisher="publisher",
                language="language",
                published_on="published_on",
            ),
        )

    def with_implementation(self):
        """`implementation`: the founding summary's test over the projects the agreement's
        instruments support, as one JSON object per row (a correlated subquery):
        `{projects, permits_granted, offtake_signed, environment_approved, capital_cost_stated}`."""
        projects = _related_model(self.model, "instruments", "projects")._default_manager
        counted = {
            "projects": Q(),
            "permits_granted": Q(permit_status="granted"),
            "offtake_signed": Q(offtake_status="signed"),
            "environment_approved": Q(environmental_review_status="approved"),
            "capital_cost_stated": Q(capital_cost__isnull=False),
        }
        rows = (
            projects.filter(instruments__agreement=OuterRef("pk"))
            .order_by()
            .values("instruments__agreement")
            .annotate(**{f"n_{key}": Count("pk", distinct=True, filter=q) for key, q in counted.items()})
            .annotate(summary=Cast(JSONBuildObject(**{key: f"n_{key}" for key in counted}), models.TextField()))
            .values("summary")
        )
        empty = "{" + ", ".join(f'"{key}" : 0' for key in counted) + "}"
        return self.annotate(implementation=Coalesce(Subquery(rows[:1]), Value(empty), output_field=models.JSONField()))

    def with_related_rows(self, *, drafts: bool = False):
        """`related_rows`: the agreements related to this one, read from this one's side, as one
        JSON array of `{slug, relation, title, short_title, note, source}` (a correlated subquery).

        A relation is stored once (subject, kind, object) and shows on both: on its subject as
        `kind` ("supersedes"), on its object as the inverse name (RELATION_INVERSES: "superseded_by").
        Drafts on the other side are left out unless `drafts` (the reader may see them).
        """
        relations = _related_model(self.model, "relations_out")._default_manager
        here = OuterRef("pk")
        as_subject, as_object = Q(subject=here), Q(object=here)
        if not drafts:
            as_subject &= Q(object__published=True)
            as_object &= Q(subject__published=True)

        def other(field: str) -> Case:
            return Case(When(subject=here, then=F(f"object__{field}")), default=F(f"subject__{field}"))

        relation = Case(
            When(subject=here, then=F("kind")),
            *[When(kind=kind, then=Value(name)) for kind, (name, _label) in RELATION_INVERSES.items()],
            output_field=CharField(),
        )
        source = Case(
            When(source__isnull=True, then=Value(None)),
            default=JSONBuildObject(url="source__url", title="source__title", publisher="source__publisher"),
            output_field=models.JSONField(),
        )
        columns = {
            "slug": "other_slug",
            "relation": "relation",
            "title": "other_title",
            "short_title": "other_short_title",
            "note": "note",
        }
        rows = (
            relations.filter(as_subject | as_object)
            .annotate(
                other_slug=other("slug"),
                other_title=other("title"),
                other_short_title=other("short_title"),
                relation=relation,
            )
            .order_by()
            # One group, one array: a constant is left out of GROUP BY, so the whole filter aggregates.
            .annotate(one=Value(1))
            .values("one")
            .annotate(
                rows=Cast(
                    JSONAgg(JSONBuildObject(**columns, source=source), order_by=("relation", "other_title", "pk")),
                    models.TextField(),
                )
            )
            .values("rows")
        )
        return self.annotate(related_rows=Coalesce(Subquery(rows), Value("[]"), output_field=models.JSONField()))

    def with_discrepancy_rows(self):
        """`discrepancy_rows`: where the sources disagree about the agreement, each topic with every
        claim side by side (`{topic, note, claims: [{claim, grade, source: {url, title, publisher}}]}`),
        in the order they were recorded; none is marked as preferred."""
        discrepancies = _related_model(self.model, "discrepancies")._default_manager
        return self.annotate(
            discrepancy_rows=json_rows(
                discrepancies.all(),
                parent="agreement",
                order_by=("topic", "pk"),
                topic="topic",
                note="note",
                claims=AsJSON(claim_rows(discrepancies.model)),
            )
        )

    def for_api(self, today: datetime.date, *, drafts: bool = False):
        """The API's agreement reads: own columns, the deadline summary, the nested rows, the
        implementation counts, the related agreements (drafts among them if `drafts`) and the
        discrepancies."""
        return (
            self.with_deadline_summary(today)
            .with_nested_rows()
            .with_implementation()
            .with_related_rows(drafts=drafts)
            .with_discrepancy_rows()
        )

    def for_table(self, today: datetime.date):
        """The pages' agreement table (includes/agreement_table.html): the deadline summary, the
        parties (slug and name) and the minerals' names; no sources or stages, which it does not show."""
        memberships = (
            _related_model(self.model, "memberships")
            ._default_manager.select_related("party")
            .only("agreement_id", "party__slug", "party__name", "party__name_de")
            .order_by("party__name", "pk")
        )
        return self.with_deadline_summary(today).prefetch_related(
            Prefetch("memberships", queryset=memberships),
            Prefetch("minerals", queryset=_names_only(_related_model(self.model, "minerals"))),
        )

    def for_list(self, today: datetime.date):
        """Whole memberships, minerals, stages and sources (the CSV export and the detail page show them)."""
        memberships = (
            _related_model(self.model, "memberships")
            ._default_manager.select_related("party")
            .order_by("party__name", "pk")
        )
        return self.with_deadline_summary(today).prefetch_related(
            Prefetch("memberships", queryset=memberships),
            Prefetch("minerals", queryset=_names_only(_related_model(self.model, "minerals"))),
            Prefetch("stages", queryset=_names_only(_related_model(self.model, "stages"))),
            "sources",
        )

    def for_detail(self, today: datetime.date):
        instruments = _related_model(self.model, "instruments")._default_manager
        milestones = _related_model(self.model, "milestones")._default_manager
        return self.for_list(today).prefetch_related(
            Prefetch(
                "instruments",
                queryset=instruments.select_related("responsible").prefetch_related("stages", "minerals"),
            ),
            Prefetch("milestones", queryset=milestones.select_related("responsible", "instrument")),
        )

    def search(self, query: str):
        """Full-text search (web-search syntax: words, "phrases", -not) on the GIN-indexed document.

        The German names of minerals, stages and parties in the query also match their English names
        (VocabularySearchQuery), so "Seltene Erden" finds what "rare earths" finds.
        """
        query = query.strip()
        if not query:
            return self
        rules_sql = vocabulary_rules_sql(
            _related_model(self.model, "minerals"),
            _related_model(self.model, "stages"),
            _related_model(self.model, "parties"),
        )
        return self.alias(search_document=agreement_search_vector()).filter(
            search_document=VocabularySearchQuery(
                query, config=SEARCH_CONFIG, search_type="websearch", rules_sql=rules_sql
            )
        )


def evidence_columns() -> dict:
    """The API's evidence item (api/serializers.py EvidenceSerializer) as json_rows columns, minus
    `url` (the serializer adds it) and `milestone`: the nested list of a milestone's read shape."""
    return {
        "id": "id",
        "agreement": "agreement__slug",
        "occurred_on": "occurred_on",
        "summary": "summary",
        "verdict": "verdict",
        "grade": "grade",
        "source": JSONBuildObject(
            url="source_url",
            title="source_title",
            publisher="source_publisher",
            published_on="source_published_on",
            accessed_on="source_accessed_on",
        ),
        "note": "note",
        "created_at": "created_at",
        "updated_at": "updated_at",
    }


class EvidenceQuerySet(VisibilityMixin, models.QuerySet):
    def for_list(self):
        return self.select_related("milestone", "agreement")

    def for_api(self):
        """The API's evidence reads: own columns and the agreement's slug (a subquery, so the
        paginator's COUNT(*) reads the evidence table alone)."""
        return self.annotate(agreement_slug=_slug_of(self.model, "agreement"))


class InstrumentQuerySet(VisibilityMixin, models.QuerySet):
    def for_list(self):
        return self.select_related("agreement", "responsible").prefetch_related(
            Prefetch("stages", queryset=_names_only(_related_model(self.model, "stages"))),
            Prefetch("minerals", queryset=_names_only(_related_model(self.model, "minerals"))),
        )


class MilestoneQuerySet(VisibilityMixin, models.QuerySet):
    def open(self):
        return self.filter(open_milestone_q())

    def overdue_on(self, today: datetime.date):
        """Pending or in progress, deadline before `today` (see `overdue_q`)."""
        return self.filter(overdue_q(today))

    def not_overdue_on(self, today: datetime.date):
        return self.exclude(overdue_q(today))

    def with_overdue(self, today: datetime.date):
        """`is_overdue` on each row: the overdue rule for `today` as a column."""
        return self.annotate(
            is_overdue=Case(When(overdue_q(today), then=Value(True)), default=Value(False), output_field=BooleanField())
        )

    def with_evidence_summary(self, as_of: datetime.date | None = None):
        """`fulfilled_on`, `partly_fulfilled_on` and `contradicted` (outcomes.EvidenceSummary) as
        columns: correlated subqueries on the (milestone, verdict, occurred_on) index. `as_of`:
        from the items dated on or before that day only (freshness.outcome_on)."""
        evidence = (
            _related_model(self.model, "evidence")
            ._default_manager.filter(milestone=OuterRef("pk"))
            .order_by()
            .values("milestone")
        )
        if as_of is not None:
            evidence = evidence.filter(occurred_on__lte=as_of)

        def earliest(verdict: str) -> Subquery:
            return Subquery(evidence.filter(verdict=verdict).annotate(first=Min("occurred_on")).values("first")[:1])

        return self.annotate(
            fulfilled_on=earliest(EvidenceVerdict.FULFILS),
            partly_fulfilled_on=earliest(EvidenceVerdict.PARTLY_FULFILS),
            contradicted=Exists(evidence.filter(verdict=EvidenceVerdict.CONTRADICTS)),
        )

    def with_outcome(self, today: datetime.date):
        """`outcome` and `days_late` for `today` on each row (see `outcome_expression`)."""
        return self.with_evidence_summary().annotate(
            outcome=outcome_expression(today), days_late=days_late_expression(today)
        )

    def with_outcome_change(self, start: datetime.date, end: datetime.date):
        """`outcome_before` (on the day before `start`) and `outcome_after` (on `end`), each from the
        evidence dated by then: `freshness.outcome_change` in SQL (one subquery per day, on the row itself)."""

        def outcome_on(day: datetime.date) -> Subquery:
            rows = self.model._default_manager.filter(pk=OuterRef("pk")).with_evidence_summary(as_of=day)
            return Subquery(rows.annotate(outcome_then=outcome_expression(day)).values("outcome_then")[:1])

        return self.annotate(
            outcome_before=outcome_on(start - datetime.timedelta(days=1)), outcome_after=outcome_on(end)
        )

    def outcome_changed_between(self, start: datetime.date, end: datetime.date):
        """Milestones whose outcome changed in the window [start, end] (freshness.py), annotated
        `outcome_before` and `outcome_after`.

        Only a deadline from the day before `start` up to the day before `end` (it passed in the
        window), or an item dated in the window, can change an outcome: those candidates come
        first, as one set of ids (the deadline index, the items dated in the window), so the plan
        never walks the whole table, and the outcomes are compared on them only.
        """
        deadline_passed = self.model._default_manager.filter(
            deadline__gte=start - datetime.timedelta(days=1), deadline__lt=end
        ).values("pk")
        dated_in_window = (
            _related_model(self.model, "evidence")
            ._default_manager.filter(
                occurred_on__gte=start,
                occurred_on__lte=end,
                verdict__in=[EvidenceVerdict.FULFILS, EvidenceVerdict.PARTLY_FULFILS, EvidenceVerdict.CONTRADICTS],
            )
            .values("milestone_id")
        )
        return (
            self.filter(pk__in=deadline_passed.union(dated_in_window))
            .with_outcome_change(start, end)
            .exclude(outcome_before=F("outcome_after"))
        )

    def commitments(self):
        return self.filter(kind=MilestoneKind.COMMITMENT)

    def due_between(self, start: datetime.date, end: datetime.date):
        """Open milestones with a deadline in [start, end]."""
        return self.open().filter(deadline__gte=start, deadline__lte=end)

    def relative(self):
        """Deadlines counted from an anchor (not absolute, and not "no deadline stated")."""
        return self.filter(Q(offset_months__isnull=False) | Q(offset_days__isnull=False))

    def for_parties(self, parties):
        """Milestones of agreements any of `parties` is in, or that one of them is responsible for."""
        memberships = _related_model(self.model, "agreement", "memberships")._default_manager
        agreement_ids = memberships.filter(party__in=parties).values("agreement_id")
        return self.filter(Q(responsible__in=parties) | Q(agreement_id__in=agreement_ids))

    def for_list(self):
        return self.select_related("agreement", "responsible", "instrument")

    def with_evidence_rows(self):
        """`evidence_rows`: the milestone's evidence items, newest first (Evidence.Meta.ordering),
        as one JSON array shaped like `/api/evidence/` items without `milestone`."""
        evidence = _related_model(self.model, "evidence")._default_manager.all()
        return self.annotate(
            evidence_rows=json_rows(
                evidence, parent="milestone", order_by=("-occurred_on", "-pk"), **evidence_columns()
            )
        )

    def for_api(self, today: datetime.date):
        """The API's read shape: own columns, two slugs as columns (no related rows; the instrument
        is its id), `is_overdue`, `outcome` and `days_late`, and the evidence as a JSON column.

        The slugs and the evidence are correlated subqueries rather than joins, so a page is one
        query whatever its evidence, and the paginator's COUNT(*), which drops unused
        annotations, scans the milestones alone.
        """
        return (
            self.annotate(
                agreement_slug=_slug_of(self.model, "agreement"), responsible_slug=_slug_of(self.model, "responsible")
            )
            .with_overdue(today)
            .with_outcome(today)
            .with_evidence_rows()
        )


class SourceQuerySet(VisibilityMixin, models.QuerySet):
    pass


class ReportedAmountQuerySet(VisibilityMixin, models.QuerySet):
    agreement_path = "instrument__agreement__"


class ProjectQuerySet(VisibilityMixin, models.QuerySet):
    """A project is not part of one agreement: it is a mine or a plant that agreements support.

    It is hidden only while every instrument that supports it belongs to a draft (it was entered
    with a draft); a project that no instrument supports, or that one published agreement
    supports, is visible. Pages and the API list only the visible instruments of a project.
    """

    def published(self):
        links = (
            self.model._meta.get_field("instruments")
            .remote_field.through._default_manager.filter(project_id=OuterRef("pk"))
            .order_by()
        )
        return self.filter(~Exists(links) | Exists(links.filter(published_q("instrument__agreement__"))))

    def for_list(self, instruments: models.QuerySet | None = None):
        """`instruments`: the instruments to list per project (default: all; pass the reader's
        visible ones, `Instrument.objects.visible_to(user)`)."""
        if instruments is None:
            instruments = _related_model(self.model, "instruments")._default_manager.all()
        return self.select_related("country", "stage", "operator").prefetch_related(
            Prefetch("minerals", queryset=_names_only(_related_model(self.model, "minerals"))),
            Prefetch("instruments", queryset=instruments),
        )


class AlertQuerySet(models.QuerySet):
    def unsent(self):
        return self.filter(sent_at__isnull=True, recipient__isnull=False)
