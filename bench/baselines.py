"""Hand-written SQL baselines: each answers the same page as the app with ONE query through psycopg.

Each query builds the complete JSON document in PostgreSQL (`json_agg`, correlated subqueries
on indexed foreign keys) and returns it as text: what the database alone can do for the page.
The field list and orders follow the API's serializers and loaders, so `compare_*` can check that
the baseline and the app agree on the rows before their times are compared.
"""

import json

import psycopg

OPEN = "('pending', 'in_progress')"

AGREEMENT_JSON = f"""
json_build_object(
    'url', %(base)s::text || '/api/agreements/' || a.slug || '/',
    'slug', a.slug, 'title', a.title, 'short_title', a.short_title, 'kind', a.kind, 'status', a.status,
    'legally_binding', a.legally_binding, 'signed_on', a.signed_on, 'signed_at', a.signed_at,
    'entered_into_force_on', a.entered_into_force_on,
    'parties', COALESCE((
        SELECT json_agg(json_build_object('slug', p.slug, 'name', p.name, 'role', ap.role,
                                          'signed_by', ap.signed_by, 'joined_on', ap.joined_on)
                        ORDER BY p.name, ap.id)
        FROM agreements_agreementparty ap JOIN agreements_party p ON p.id = ap.party_id
        WHERE ap.agreement_id = a.id), '[]'),
    'minerals', COALESCE((
        SELECT json_agg(m.slug ORDER BY m.name, m.id)
        FROM agreements_agreement_minerals am JOIN agreements_mineral m ON m.id = am.mineral_id
        WHERE am.agreement_id = a.id), '[]'),
    'stages', COALESCE((
        SELECT json_agg(s.slug ORDER BY s."order", s.id)
        FROM agreements_agreement_stages ast JOIN agreements_valuechainstage s ON s.id = ast.valuechainstage_id
        WHERE ast.agreement_id = a.id), '[]'),
    'summary', a.summary, 'objectives', a.objectives, 'notes', a.notes,
    'sources', COALESCE((
        SELECT json_agg(json_build_object('url', src.url, 'title', src.title, 'publisher', src.publisher,
                                          'language', src.language, 'published_on', src.published_on)
                        ORDER BY src.published_on, src.id)
        FROM agreements_source src WHERE src.agreement_id = a.id), '[]'),
    'next_deadline', (SELECT min(ms.deadline) FROM agreements_milestone ms
                      WHERE ms.agreement_id = a.id AND ms.status IN {OPEN} AND ms.deadline >= %(today)s
                        AND ms.kind <> 'expiry'),
    'overdue_count', (SELECT count(*) FROM agreements_milestone ms
                      WHERE ms.agreement_id = a.id AND ms.status IN {OPEN} AND ms.deadline < %(today)s
                        AND ms.kind = 'commitment'),
    'implementation', COALESCE((
        SELECT json_build_object(
            'projects', count(DISTINCT pr.id),
            'permits_granted', count(DISTINCT pr.id) FILTER (WHERE pr.permit_status = 'granted'),
            'offtake_signed', count(DISTINCT pr.id) FILTER (WHERE pr.offtake_status = 'signed'),
            'environment_approved', count(DISTINCT pr.id) FILTER (WHERE pr.environmental_review_status = 'approved'),
            'capital_cost_stated', count(DISTINCT pr.id) FILTER (WHERE pr.capital_cost IS NOT NULL))
        FROM agreements_project pr
        JOIN agreements_project_instruments pi ON pi.project_id = pr.id
        JOIN agreements_instrument i ON i.id = pi.instrument_id
        WHERE i.agreement_id = a.id GROUP BY i.agreement_id),
        json_build_object('projects', 0, 'permits_granted', 0, 'offtake_signed', 0, 'environment_approved', 0,
                          'capital_cost_stated', 0)),
    'related', COALESCE((
        SELECT json_agg(json_build_object(
                   'slug', o.slug, 'relation', r.relation, 'title', o.title, 'short_title', o.short_title,
                   'note', r.note,
                   'source', CASE WHEN rs.id IS NULL THEN NULL ELSE json_build_object(
                                 'url', rs.url, 'title', rs.title, 'publisher', rs.publisher) END)
               ORDER BY r.relation, o.title, r.id)
        FROM (SELECT id, note, source_id, kind AS relation, object_id AS other_id
                FROM agreements_agreementrelation WHERE subject_id = a.id
              UNION ALL
              SELECT id, note, source_id,
                     CASE kind WHEN 'supersedes' THEN 'superseded_by' WHEN 'implements' THEN 'implemented_by'
                               WHEN 'derived_from' THEN 'template_for' WHEN 'amends' THEN 'amended_by'
                               ELSE kind END,
                     subject_id
                FROM agreements_agreementrelation WHERE object_id = a.id) r
        JOIN agreements_agreement o ON o.id = r.other_id AND o.published
        LEFT JOIN agreements_source rs ON rs.id = r.source_id), '[]'),
    'discrepancies', COALESCE((
        SELECT json_agg(json_build_object(
                   'topic', d.topic, 'note', d.note,
                   'claims', COALESCE((
                       SELECT json_agg(json_build_object(
                                  'claim', c.claim, 'grade', c.grade,
                                  'source', json_build_object('url', c.source_url, 'title', c.source_title,
                                                              'publisher', c.source_publisher))
                              ORDER BY c.position, c.id)
                       FROM agreements_discrepancyclaim c WHERE c.discrepancy_id = d.id), '[]'))
               ORDER BY d.topic, d.id)
        FROM agreements_discrepancy d WHERE d.agreement_id = a.id), '[]'),
    'reviewed_on', a.reviewed_on, 'published', a.published, 'published_at', bench_ts(a.published_at),
    'created_at', bench_ts(a.created_at), 'updated_at', bench_ts(a.updated_at)
)"""

AGREEMENT_ORDER = "a.signed_on DESC NULLS LAST, a.id DESC"

# Must stay the expression of the GIN index (Agreement.Meta.indexes, querysets.agreement_search_vector).
SEARCH_MATCH = (
    "to_tsvector('english'::regconfig, COALESCE(a.title, '') || ' ' || COALESCE(a.short_title, '') || ' ' "
    "|| COALESCE(a.summary, '')) @@ websearch_to_tsquery('english'::regconfig, %(q)s)"
)


def _agreement_page_sql(where: str) -> str:
    return f"""
WITH page AS (
    SELECT a.* FROM agreements_agreement a WHERE {where} ORDER BY {AGREEMENT_ORDER} LIMIT %(limit)s
)
SELECT json_build_object(
    'count', (SELECT count(*) FROM agreements_agreement a WHERE {where}),
    'next', %(next)s::text,
    'previous', NULL,
    'results', COALESCE((SELECT json_agg({AGREEMENT_JSON} ORDER BY {AGREEMENT_ORDER}) FROM page a), '[]')
)::text"""


# Anonymous readers see published agreements only, as the app's lists do.
AGREEMENTS_SQL = _agreement_page_sql("a.published")
SEARCH_SQL = _agreement_page_sql(f"a.published AND {SEARCH_MATCH}")

# The outcome rule (agreements/outcomes.py) by hand, over `ev` (the evidence summary of `m`).
OUTCOME_SQL = """CASE
    WHEN m.status = 'cancelled' THEN 'cancelled'
    WHEN m.kind = 'expiry' THEN CASE WHEN m.deadline IS NULL THEN 'waiting'
                                     WHEN m.deadline < %(today)s THEN 'ended' ELSE 'active' END
    WHEN m.deadline IS NULL THEN 'waiting'
    WHEN ev.fulfilled_on <= m.deadline THEN 'met_on_time'
    WHEN ev.fulfilled_on IS NOT NULL THEN 'met_late'
    WHEN ev.partly_on IS NOT NULL THEN 'partly_met'
    WHEN ev.contradicted THEN 'missed'
    WHEN m.deadline < %(today)s THEN 'overdue_no_evidence'
    ELSE 'not_yet_due' END"""

DAYS_LATE_SQL = """CASE
    WHEN m.status = 'cancelled' OR m.kind = 'expiry' OR m.deadline IS NULL THEN NULL
    WHEN ev.fulfilled_on IS NOT NULL THEN GREATEST(ev.fulfilled_on - m.deadline, 0)
    WHEN ev.partly_on IS NOT NULL THEN GREATEST(ev.partly_on - m.deadline, 0)
    WHEN m.deadline < %(today)s THEN %(today)s - m.deadline
    ELSE NULL END"""

MILESTONE_JSON = f"""
json_build_object(
    'url', %(base)s::text || '/api/milestones/' || m.id || '/',
    'id', m.id, 'agreement', a.slug, 'instrument', m.instrument_id, 'title', m.title, 'kind', m.kind,
    'description', m.description, 'commitment_text', m.commitment_text, 'due_on', m.deadline,
    'deadline_kind', CASE WHEN m.due_on IS NULL THEN 'relative' ELSE 'absolute' END, 'anchor', m.anchor,
    'offset_months', m.offset_months, 'offset_days', m.offset_days, 'deadline_stated', m.deadline_stated,
    'status', m.status,
    'completed_on', m.completed_on, 'outcome', {OUTCOME_SQL}, 'days_late', {DAYS_LATE_SQL},
    'last_checked_on', m.last_checked_on, 'responsible', r.slug, 'evidence_url', m.evidence_url, 'notes', m.notes,
    'evidence', COALESCE((
        SELECT json_agg(json_build_object(
                   'url', %(base)s::text || '/api/evidence/' || e.id || '/', 'id', e.id, 'agreement', a.slug,
                   'occurred_on', e.occurred_on, 'summary', e.summary, 'verdict', e.verdict, 'grade', e.grade,
                   'source', json_build_object('url', e.source_url, 'title', e.source_title,
                                               'publisher', e.source_publisher,
                                               'published_on', e.source_published_on,
                                               'accessed_on', e.source_accessed_on),
                   'note', e.note, 'created_at', bench_ts(e.created_at), 'updated_at', bench_ts(e.updated_at))
                ORDER BY e.occurred_on DESC, e.id DESC)
        FROM agreements_evidence e WHERE e.milestone_id = m.id), '[]'),
    'overdue', m.kind = 'commitment' AND m.status IN {OPEN} AND m.deadline < %(today)s,
    'overdue_since', bench_ts(m.overdue_since),
    'created_at', bench_ts(m.created_at), 'updated_at', bench_ts(m.updated_at)
)"""

EVIDENCE_SUMMARY_JOIN = """
CROSS JOIN LATERAL (
    SELECT min(e.occurred_on) FILTER (WHERE e.verdict = 'fulfils') AS fulfilled_on,
           min(e.occurred_on) FILTER (WHERE e.verdict = 'partly_fulfils') AS partly_on,
           coalesce(bool_or(e.verdict = 'contradicts'), false) AS contradicted
    FROM agreements_evidence e WHERE e.milestone_id = m.id) ev"""

MILESTONES_OVERDUE_SQL = f"""
WITH page AS (
    SELECT m.* FROM agreements_milestone m
    WHERE m.kind = 'commitment' AND m.status IN {OPEN} AND m.deadline < %(today)s
    ORDER BY m.deadline, m.id LIMIT %(limit)s
)
SELECT json_build_object(
    'count', (SELECT count(*) FROM agreements_milestone m
              WHERE m.kind = 'commitment' AND m.status IN {OPEN} AND m.deadline < %(today)s),
    'next', %(next)s::text,
    'previous', NULL,
    'results', COALESCE((
        SELECT json_agg({MILESTONE_JSON} ORDER BY m.deadline, m.id)
        FROM page m JOIN agreements_agreement a ON a.id = m.agreement_id
        LEFT JOIN agreements_party r ON r.id = m.responsible_id{EVIDENCE_SUMMARY_JOIN}), '[]')
)::text"""

# The search page /agreements/ with two facets (minerals, a group including its members, and
# statuses): one page of rows plus the seven facet counts, each facet counted over the result
# filtered by every *other* facet (as the page does).
PAGE_AGREEMENTS_SQL = f"""
WITH mins AS (
    SELECT id FROM agreements_mineral
    WHERE slug = ANY(%(minerals)s)
       OR group_id IN (SELECT id FROM agreements_mineral WHERE slug = ANY(%(minerals)s))
), by_mineral AS (
    SELECT DISTINCT agreement_id AS id FROM agreements_agreement_minerals WHERE mineral_id IN (SELECT id FROM mins)
), by_status AS (
    SELECT id FROM agreements_agreement WHERE status = ANY(%(statuses)s)
), hit AS (
    SELECT id FROM by_status WHERE id IN (SELECT id FROM by_mineral)
), page AS (
    SELECT a.* FROM agreements_agreement a WHERE a.id IN (SELECT id FROM hit)
    ORDER BY {AGREEMENT_ORDER} LIMIT %(limit)s
)
SELECT json_build_object(
    'count', (SELECT count(*) FROM hit),
    'results', COALESCE((SELECT json_agg({AGREEMENT_JSON} ORDER BY {AGREEMENT_ORDER}) FROM page a), '[]'),
    'facets', json_build_object(
        'party', (SELECT json_agg(json_build_object('value', slug, 'label', name, 'count', n) ORDER BY n DESC, name)
                  FROM (SELECT p.slug, p.name, count(DISTINCT ap.agreement_id) AS n
                        FROM agreements_agreementparty ap JOIN agreements_party p ON p.id = ap.party_id
                        WHERE ap.agreement_id IN (SELECT id FROM hit) GROUP BY p.slug, p.name) f),
        'mineral', (SELECT json_agg(json_build_object('value', slug, 'label', name, 'count', n) ORDER BY n DESC, name)
                    FROM (SELECT m.slug, m.name, count(DISTINCT am.agreement_id) AS n
                          FROM agreements_agreement_minerals am JOIN agreements_mineral m ON m.id = am.mineral_id
                          WHERE am.agreement_id IN (SELECT id FROM by_status) GROUP BY m.slug, m.name) f),
        'stage', (SELECT json_agg(json_build_object('value', slug, 'label', name, 'count', n) ORDER BY ord)
                  FROM (SELECT s.slug, s.name, s."order" AS ord, count(DISTINCT ast.agreement_id) AS n
                        FROM agreements_agreement_stages ast
                        JOIN agreements_valuechainstage s ON s.id = ast.valuechainstage_id
                        WHERE ast.agreement_id IN (SELECT id FROM hit) GROUP BY s.slug, s.name, s."order") f),
        'instrument', (SELECT json_agg(json_build_object('value', kind, 'count', n) ORDER BY n DESC, kind)
                       FROM (SELECT i.kind, count(DISTINCT i.agreement_id) AS n FROM agreements_instrument i
                             WHERE i.agreement_id IN (SELECT id FROM hit) GROUP BY i.kind) f),
        'status', (SELECT json_agg(json_build_object('value', status, 'count', n) ORDER BY n DESC, status)
                   FROM (SELECT a.status, count(*) AS n FROM agreements_agreement a
                         WHERE a.id IN (SELECT id FROM by_mineral) GROUP BY a.status) f),
        'kind', (SELECT json_agg(json_build_object('value', kind, 'count', n) ORDER BY n DESC, kind)
                 FROM (SELECT a.kind, count(*) AS n FROM agreements_agreement a
                       WHERE a.id IN (SELECT id FROM hit) GROUP BY a.kind) f),
        'year', (SELECT json_agg(json_build_object('value', y, 'count', n) ORDER BY y DESC)
                 FROM (SELECT extract(year FROM a.signed_on)::int AS y, count(*) AS n FROM agreements_agreement a
                       WHERE a.id IN (SELECT id FROM hit) AND a.signed_on IS NOT NULL GROUP BY 1) f)
    )
)::text"""


class Baseline:
    """Runs one baseline query; `params` are fixed per measurement."""

    def __init__(self, conn: psycopg.Connection, sql: str, params: dict):
        self.conn = conn
        self.sql = sql
        self.params = params

    def __call__(self) -> str:
        # prepare=False: the app's connection (client-side binding) prepares nothing either.
        return self.conn.execute(self.sql, self.params, prepare=False).fetchone()[0]

    def document(self) -> dict:
        return json.loads(self())


# --- agreement of app and baseline -----------------------------------------------------------


def _agreement_core(row: dict) -> dict:
    return {
        "slug": row.get("slug"),
        "title": row.get("title"),
        "status": row.get("status"),
        "signed_on": row.get("signed_on"),
        "parties": [(p.get("slug"), p.get("role")) for p in row.get("parties", [])],
        "minerals": row.get("minerals"),
        "stages": row.get("stages"),
        "sources": [s.get("url") for s in row.get("sources", [])],
        "next_deadline": row.get("next_deadline"),
        "overdue_count": row.get("overdue_count"),
        "implementation": row.get("implementation"),
        "related": [(r.get("slug"), r.get("relation")) for r in row.get("related", [])],
        "discrepancies": [d.get("topic") for d in row.get("discrepancies", [])],
    }


def _milestone_core(row: dict) -> dict:
    return {
        key: row.get(key)
        for key in (
            "id",
            "agreement",
            "instrument",
            "due_on",
            "status",
            "responsible",
            "overdue",
            "overdue_since",
            "outcome",
            "days_late",
        )
    } | {"evidence": [item.get("id") for item in row.get("evidence", [])]}


def compare_pages(app: dict, baseline: dict, kind: str) -> dict:
    """Do the app's page and the baseline's page hold the same rows? Returns a small report."""
    core = _agreement_core if kind == "agreements" else _milestone_core
    app_rows = [core(row) for row in app.get("results", [])]
    base_rows = [core(row) for row in baseline.get("results", [])]
    first_difference = next(
        (
            {"index": i, "app": a, "baseline": b}
            for i, (a, b) in enumerate(zip(app_rows, base_rows, strict=False))
            if a != b
        ),
        None,
    )
    app_keys = set(app["results"][0]) if app.get("results") else set()
    base_keys = set(baseline["results"][0]) if baseline.get("results") else set()
    return {
        "same_count": app.get("count") == baseline.get("count"),
        "same_rows": app_rows == base_rows,
        "rows": len(app_rows),
        "keys_only_in_app": sorted(app_keys - base_keys),
        "keys_only_in_baseline": sorted(base_keys - app_keys),
        "first_difference": first_difference,
    }
