"""Synthetic data on PostgreSQL, set-based: `INSERT ... SELECT generate_series` plus one COPY.

Every row respects the model's constraints (agreements/models.py): a country's slug is its
ISO code in lower case, a milestone is absolute xor relative, an absolute deadline equals
`due_on`, a relative one is computed by `agreements.deadlines.milestone_deadline` (the one
place that rule lives: the generator COPYs its results into a lookup table rather than
re-implementing month arithmetic in SQL), `completed_on` is set iff completed, and every
choice column holds a valid value. All names and figures are invented.

Pseudo-randomness is deterministic: `bench_h(i, salt, n)` hashes a row number into [0, n).
"""

import datetime
import math
import time

import psycopg

from agreements.choices import (
    AgreementKind,
    InstrumentKind,
    OfftakeStatus,
    PermitStatus,
    ProjectStatus,
    ReviewStatus,
)
from agreements.deadlines import milestone_deadline
from bench.scale import Scale

STAGES = [
    ("exploration", "Exploration"),
    ("mining", "Mining"),
    ("processing", "Processing"),
    ("intermediate-products", "Intermediate products"),
    ("manufacturing", "Manufacturing"),
    ("recycling", "Recycling"),
]
# Two topics in twelve say "rare earth": `?search=rare earth` matches about one agreement in six.
TOPICS = [
    "Rare earth supply chain",
    "Critical minerals",
    "Lithium value chain",
    "Battery metals",
    "Cobalt sourcing",
    "Graphite processing",
    "Nickel investment",
    "Copper and cobalt",
    "Rare earth magnets",
    "Mineral security",
    "Recycling of critical raw materials",
    "Strategic stockpiles",
]
FORMS = ["framework", "memorandum", "partnership", "joint statement", "agreement", "action plan"]
# Weighted: most agreements are signed and being implemented.
AGREEMENT_STATUSES = ["signed", "signed", "in_force", "in_force", "implementing", "implementing", "completed", "lapsed"]
ROLES = ["signatory", "signatory", "signatory", "participant", "observer"]
CURRENCIES = ["USD", "USD", "EUR", "JPY", "AUD", "CAD"]
OTHER_PARTY_KINDS = ["organization", "company", "agency", "bloc"]
# Relative deadlines: (offset_months, offset_days), months first then days.
OFFSET_COMBOS = [
    (3, None),
    (6, None),
    (12, None),
    (18, None),
    (24, None),
    (36, None),
    (60, None),
    (None, 90),
    (None, 180),
    (None, 365),
    (6, 15),
    (12, 30),
]
FIRST_SIGNING = datetime.date(2005, 1, 1)

HASH_FUNCTION = """
CREATE OR REPLACE FUNCTION bench_h(i bigint, salt int, n int) RETURNS int
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT ((hashint8(i * 7919 + salt)::bigint & 2147483647) % n)::int $$;

-- A timestamp as DRF renders it: ISO 8601 in UTC with "Z", microseconds only when present.
CREATE OR REPLACE FUNCTION bench_ts(t timestamptz) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS')
          || CASE WHEN date_part('microseconds', t)::int % 1000000 <> 0
                  THEN to_char(t AT TIME ZONE 'UTC', '.US') ELSE '' END || 'Z' $$
"""


def install_functions(conn: psycopg.Connection) -> None:
    for statement in HASH_FUNCTION.strip().split(";\n\n"):
        conn.execute(statement)


def _coprime_step(n: int, preferred: int) -> int:
    step = preferred % n or 1
    while math.gcd(step, n) != 1:
        step += 1
    return step


def generate(conn: psycopg.Connection, scale: Scale, *, today: datetime.date, log=print) -> dict[str, float]:
    """Fills the (migrated, empty) bench database; returns seconds per step."""
    now = datetime.datetime.combine(today, datetime.time(6, 0), tzinfo=datetime.UTC)
    params = {
        "now": now,
        "today": today,
        "a": scale.agreements,
        "p": scale.parties,
        "nc": scale.countries,
        "nm": scale.minerals,
        "ng": max(1, scale.minerals // 15),
        "ni": scale.instruments,
        "nms": scale.milestones,
        "npr": scale.projects,
        "pstep": _coprime_step(scale.parties, 37),
        "mstep": _coprime_step(scale.minerals, 7),
        "topics": TOPICS,
        "forms": FORMS,
        "akinds": list(AgreementKind.values),
        "astatuses": AGREEMENT_STATUSES,
        "roles": ROLES,
        "ikinds": list(InstrumentKind.values),
        "currencies": CURRENCIES,
        "okinds": OTHER_PARTY_KINDS,
        "pstatuses": list(ProjectStatus.values),
        "permits": list(PermitStatus.values),
        "offtakes": list(OfftakeStatus.values),
        "reviews": list(ReviewStatus.values),
        "span": (today - FIRST_SIGNING).days,
        "ncombos": len(OFFSET_COMBOS),
    }
    timings: dict[str, float] = {}
    install_functions(conn)
    for name, statement in STEPS:
        started = time.perf_counter()
        if callable(statement):
            statement(conn, params)
        else:
            # One statement per execute: server-side parameters allow no more.
            for part in statement.strip().rstrip(";").split(";\n\n"):
                conn.execute(part, params)
        timings[name] = round(time.perf_counter() - started, 3)
        log(f"  generated {name:<22} {timings[name]:7.2f} s")
    reset_sequences(conn)
    started = time.perf_counter()
    conn.execute("VACUUM (ANALYZE)")
    timings["vacuum_analyze"] = round(time.perf_counter() - started, 3)
    return timings


def reset_sequences(conn: psycopg.Connection) -> None:
    """Explicit ids were inserted: move each identity sequence past the largest id."""
    tables = conn.execute(
        """SELECT table_name FROM information_schema.columns
           WHERE table_schema = 'public' AND column_name = 'id' AND is_identity = 'YES'
             AND table_name LIKE 'agreements\\_%%'"""
    ).fetchall()
    for (table,) in tables:
        conn.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"GREATEST((SELECT max(id) FROM {table}), 1), (SELECT max(id) IS NOT NULL FROM {table}))"
        )


def _offsets_table(conn: psycopg.Connection, params: dict) -> None:
    """Relative deadlines computed by the app's own rule, for every signing date and offset used."""
    conn.execute(
        """CREATE UNLOGGED TABLE IF NOT EXISTS bench_offsets (
               signed_on date, combo int, offset_months smallint, offset_days smallint, deadline date,
               PRIMARY KEY (signed_on, combo))"""
    )
    conn.execute("TRUNCATE bench_offsets")
    dates = [
        row[0]
        for row in conn.execute(
            "SELECT DISTINCT signed_on FROM agreements_agreement WHERE signed_on IS NOT NULL"
        ).fetchall()
    ]
    with conn.cursor().copy(
        "COPY bench_offsets (signed_on, combo, offset_months, offset_days, deadline) FROM STDIN"
    ) as copy:
        for signed_on in dates:
            for combo, (months, days) in enumerate(OFFSET_COMBOS):
                deadline = milestone_deadline(due_on=None, offset_months=months, offset_days=days, signed_on=signed_on)
                copy.write_row((signed_on, combo, months, days, deadline))
    conn.execute("ANALYZE bench_offsets")


STAGES_SQL = (
    'INSERT INTO agreements_valuechainstage (id, created_at, updated_at, slug, name, name_de, "order", description) '
    "VALUES "
    + ", ".join(
        f"({i}, %(now)s, %(now)s, '{slug}', '{name}', '', {i * 10}, '')"
        for i, (slug, name) in enumerate(STAGES, start=1)
    )
)

PARTIES_SQL = """
INSERT INTO agreements_party (id, created_at, updated_at, slug, name, name_de, kind, iso_code, description, country_id)
SELECT i, %(now)s, %(now)s, lower(code), 'Country ' || code, '', 'country', code, '', NULL
FROM generate_series(1, %(nc)s) AS g(i),
     LATERAL (SELECT chr(65 + (i - 1) / 26) || chr(65 + (i - 1) %% 26) AS code) c;

INSERT INTO agreements_party (id, created_at, updated_at, slug, name, name_de, kind, iso_code, description, country_id)
SELECT i, %(now)s, %(now)s, kind || '-' || i, initcap(kind) || ' ' || i, '', kind, NULL, '',
       CASE WHEN kind IN ('company', 'agency') THEN 1 + bench_h(i, 1, %(nc)s) END
FROM generate_series(%(nc)s + 1, %(p)s) AS g(i),
     LATERAL (SELECT (%(okinds)s::text[])[1 + i %% 4] AS kind) k;
"""

MINERALS_SQL = """
INSERT INTO agreements_mineral (id, created_at, updated_at, slug, name, name_de, symbol, is_group, description,
    group_id)
SELECT i, %(now)s, %(now)s, 'mineral-group-' || i, 'Mineral group ' || i, '', '', true, '', NULL
FROM generate_series(1, %(ng)s) AS g(i);

INSERT INTO agreements_mineral (id, created_at, updated_at, slug, name, name_de, symbol, is_group, description,
    group_id)
SELECT i, %(now)s, %(now)s, 'mineral-' || i, 'Mineral ' || i, '', '', false, '',
       CASE WHEN bench_h(i, 2, 2) = 0 THEN 1 + bench_h(i, 3, %(ng)s) END
FROM generate_series(%(ng)s + 1, %(nm)s) AS g(i);
"""

AGREEMENTS_SQL = """
INSERT INTO agreements_agreement (id, created_at, updated_at, title, short_title, slug, kind, status, legally_binding,
    signed_on, signed_at, entered_into_force_on, summary, objectives, notes, published, published_at)
SELECT i, %(now)s, %(now)s - make_interval(days => bench_h(i, 10, 400)),
       topic || ' ' || form || ' ' || i,
       CASE WHEN bench_h(i, 11, 3) = 0 THEN topic || ' ' || i ELSE '' END,
       'agreement-' || i,
       (%(akinds)s::text[])[1 + bench_h(i, 12, cardinality(%(akinds)s::text[]))],
       CASE WHEN signed IS NULL THEN 'negotiating'
            ELSE (%(astatuses)s::text[])[1 + bench_h(i, 13, cardinality(%(astatuses)s::text[]))] END,
       CASE bench_h(i, 14, 3) WHEN 0 THEN NULL WHEN 1 THEN true ELSE false END,
       signed,
       'City ' || bench_h(i, 15, 400),
       CASE WHEN signed IS NOT NULL AND bench_h(i, 16, 3) = 0 THEN signed + bench_h(i, 17, 365) END,
       'Invented for the benchmark: a ' || form || ' on ' || lower(topic)
           || ' with commitments on investment, offtake, permitting and information sharing along the value chain, '
           || 'from exploration and mining to processing, manufacturing and recycling. Reference ' || i || '.',
       '', '',
       -- Published, as what the pages and the API measure is what readers see.
       true, %(now)s
FROM generate_series(1, %(a)s) AS g(i),
     LATERAL (SELECT (%(topics)s::text[])[1 + bench_h(i, 18, cardinality(%(topics)s::text[]))] AS topic,
                     (%(forms)s::text[])[1 + bench_h(i, 19, cardinality(%(forms)s::text[]))] AS form,
                     CASE WHEN bench_h(i, 20, 100) < 6 THEN NULL
                          ELSE date '2005-01-01' + bench_h(i, 21, %(span)s) END AS signed) t;
"""

RELATIONS_SQL = """
INSERT INTO agreements_agreementparty (created_at, updated_at, role, signed_by, joined_on, note, agreement_id, party_id)
SELECT %(now)s, %(now)s,
       CASE WHEN k = 0 THEN 'signatory' ELSE (%(roles)s::text[])[1 + bench_h(a.id * 8 + k, 30, 5)] END,
       '', NULL, '', a.id, 1 + ((a.id * 7 + k * %(pstep)s) %% %(p)s)
FROM agreements_agreement a, LATERAL generate_series(0, LEAST(%(p)s, 2 + bench_h(a.id, 31, 5)) - 1) AS k;

INSERT INTO agreements_agreement_minerals (agreement_id, mineral_id)
SELECT a.id, 1 + ((a.id * 11 + k * %(mstep)s) %% %(nm)s)
FROM agreements_agreement a, LATERAL generate_series(0, LEAST(%(nm)s, 1 + bench_h(a.id, 32, 4)) - 1) AS k;

INSERT INTO agreements_agreement_stages (agreement_id, valuechainstage_id)
SELECT a.id, 1 + ((a.id + k) %% 6)
FROM agreements_agreement a, LATERAL generate_series(0, bench_h(a.id, 33, 3)) AS k;

INSERT INTO agreements_source (created_at, updated_at, url, title, publisher, language, published_on, agreement_id,
    grade, note)
SELECT %(now)s, %(now)s, 'https://example.org/bench/' || a.slug || '/' || k, 'Source ' || k || ' on ' || a.slug,
       'Publisher ' || bench_h(a.id * 2 + k, 34, 50), CASE WHEN k = 0 THEN 'en' ELSE 'de' END, a.signed_on, a.id,
       '', ''
FROM agreements_agreement a, LATERAL generate_series(0, bench_h(a.id, 35, 2)) AS k;
"""

INSTRUMENTS_SQL = """
INSERT INTO agreements_instrument (id, created_at, updated_at, name, kind, description, amount, amount_qualifier,
    currency, notes, agreement_id, responsible_id, source_id)
SELECT j, %(now)s, %(now)s, 'Instrument ' || j,
       (%(ikinds)s::text[])[1 + bench_h(j, 40, cardinality(%(ikinds)s::text[]))], '',
       amount, 'exact',
       CASE WHEN amount IS NULL THEN '' ELSE (%(currencies)s::text[])[1 + bench_h(j, 41, 6)] END,
       '', agreement_id,
       CASE WHEN bench_h(j, 42, 3) > 0 THEN 1 + ((agreement_id * 7) %% %(p)s) END, NULL
FROM generate_series(1, %(ni)s) AS g(j),
     LATERAL (SELECT 1 + (j - 1) %% %(a)s AS agreement_id,
                     CASE WHEN bench_h(j, 43, 10) < 6 THEN (1 + bench_h(j, 44, 5000)) * 1000000.00 END AS amount) x;

INSERT INTO agreements_instrument_stages (instrument_id, valuechainstage_id)
SELECT j, 1 + ((j + k * 2) %% 6)
FROM generate_series(1, %(ni)s) AS g(j), LATERAL generate_series(0, bench_h(j, 45, 2)) AS k;

INSERT INTO agreements_instrument_minerals (instrument_id, mineral_id)
SELECT j, 1 + ((j * 13 + k * %(mstep)s) %% %(nm)s)
FROM generate_series(1, %(ni)s) AS g(j), LATERAL generate_series(0, LEAST(%(nm)s, 2) - 1 - bench_h(j, 46, 2)) AS k;
"""

PROJECTS_SQL = """
INSERT INTO agreements_project (id, created_at, updated_at, slug, name, location, operator_name, status, capital_cost,
    currency, permit_status, offtake_status, environmental_review_status, description, country_id, operator_id,
    source_id, stage_id)
SELECT j, %(now)s, %(now)s, 'project-' || j, 'Project ' || j, 'Site ' || bench_h(j, 50, 900),
       'Operator ' || bench_h(j, 51, 300),
       (%(pstatuses)s::text[])[1 + bench_h(j, 52, cardinality(%(pstatuses)s::text[]))],
       cost, CASE WHEN cost IS NULL THEN '' ELSE 'USD' END,
       (%(permits)s::text[])[1 + bench_h(j, 53, cardinality(%(permits)s::text[]))],
       (%(offtakes)s::text[])[1 + bench_h(j, 54, cardinality(%(offtakes)s::text[]))],
       (%(reviews)s::text[])[1 + bench_h(j, 55, cardinality(%(reviews)s::text[]))],
       '', 1 + bench_h(j, 56, %(nc)s), NULL, NULL,
       CASE WHEN bench_h(j, 57, 5) > 0 THEN 1 + bench_h(j, 58, 6) END
FROM generate_series(1, %(npr)s) AS g(j),
     LATERAL (SELECT CASE WHEN bench_h(j, 59, 2) = 0 THEN (1 + bench_h(j, 60, 900)) * 1000000.00 END AS cost) x;

INSERT INTO agreements_project_minerals (project_id, mineral_id)
SELECT j, 1 + ((j * 17 + k * %(mstep)s) %% %(nm)s)
FROM generate_series(1, %(npr)s) AS g(j), LATERAL generate_series(0, LEAST(%(nm)s, 1 + bench_h(j, 61, 3)) - 1) AS k;

INSERT INTO agreements_project_instruments (project_id, instrument_id)
SELECT DISTINCT j, 1 + bench_h(j * 4 + k, 62, %(ni)s)
FROM generate_series(1, %(npr)s) AS g(j), LATERAL generate_series(1, bench_h(j, 63, 3)) AS k;
"""

# Absolute deadlines spread from three years back to seven ahead; relative ones (30 %% of the
# milestones of signed agreements) count from signing. Past deadlines are mostly completed; the
# open ones among them are overdue and flagged as the daily job would have flagged them.
MILESTONES_SQL = """
INSERT INTO agreements_milestone (id, created_at, updated_at, title, description, commitment_text, due_on,
    offset_months, offset_days, deadline, status, completed_on, evidence_url, notes, overdue_since, agreement_id,
    instrument_id, responsible_id, source_id)
SELECT i, %(now)s, %(now)s, 'Milestone ' || i || ' of ' || agreement_id, '',
       CASE WHEN relative THEN 'within the stated period after signing' ELSE '' END,
       due_on, offset_months, offset_days, deadline, status,
       CASE WHEN status = 'completed' THEN LEAST(deadline + (bench_h(i, 70, 120) - 60), %(today)s) END,
       '', '',
       CASE WHEN status IN ('pending', 'in_progress') AND deadline < %(today)s
            THEN (deadline + 1)::timestamp AT TIME ZONE 'UTC' + interval '6 hours' END,
       agreement_id, instrument_id, responsible_id, NULL
FROM (
    SELECT d.*,
           CASE WHEN d.deadline < %(today)s THEN
                    CASE WHEN r < 66 THEN 'completed' WHEN r < 72 THEN 'cancelled'
                         WHEN r < 90 THEN 'pending' ELSE 'in_progress' END
                ELSE CASE WHEN r < 4 THEN 'completed' WHEN r < 6 THEN 'cancelled'
                          WHEN r < 85 THEN 'pending' ELSE 'in_progress' END
           END AS status
    FROM (
        SELECT g.i, a.id AS agreement_id, o.combo IS NOT NULL AS relative,
               CASE WHEN o.combo IS NULL THEN %(today)s - 1100 + bench_h(g.i, 71, 3650) END AS due_on,
               o.offset_months, o.offset_days,
               COALESCE(o.deadline, %(today)s - 1100 + bench_h(g.i, 71, 3650)) AS deadline,
               bench_h(g.i, 72, 100) AS r,
               CASE WHEN bench_h(g.i, 73, 2) = 0 AND a.id + k.k * %(a)s <= %(ni)s THEN a.id + k.k * %(a)s END
                   AS instrument_id,
               CASE WHEN bench_h(g.i, 74, 5) < 3 THEN 1 + ((a.id * 7) %% %(p)s) END AS responsible_id
        FROM generate_series(1, %(nms)s) AS g(i)
        JOIN agreements_agreement a ON a.id = 1 + (g.i - 1) %% %(a)s
        CROSS JOIN LATERAL (SELECT bench_h(g.i, 75, GREATEST(%(ni)s / %(a)s, 1)) AS k) k
        LEFT JOIN bench_offsets o
               ON a.signed_on IS NOT NULL AND bench_h(g.i, 76, 10) < 3
              AND o.signed_on = a.signed_on AND o.combo = bench_h(g.i, 77, %(ncombos)s)
    ) d
) s;
"""

# Evidence as the evidence service keeps it: every completed milestone has the `fulfils` item that
# completed it (on its completion date); half of the others have one `related` item, a few a
# `partly_fulfils` or `contradicts` one, so every outcome occurs.
EVIDENCE_SQL = """
INSERT INTO agreements_evidence (created_at, updated_at, milestone_id, agreement_id, occurred_on, summary, verdict,
    grade, source_url, source_title, source_publisher, note)
SELECT %(now)s, %(now)s, m.id, m.agreement_id, m.completed_on, 'Delivered, as the statement reports', 'fulfils',
       'primary', 'https://example.org/evidence/' || m.id, 'Statement ' || m.id, 'Ministry', ''
FROM agreements_milestone m WHERE m.status = 'completed';

INSERT INTO agreements_evidence (created_at, updated_at, milestone_id, agreement_id, occurred_on, summary, verdict,
    grade, source_url, source_title, source_publisher, note)
SELECT %(now)s, %(now)s, m.id, m.agreement_id,
       LEAST(COALESCE(m.deadline, %(today)s) - 10 + bench_h(m.id, 90, 20), %(today)s), 'A related report',
       CASE bench_h(m.id, 91, 20) WHEN 0 THEN 'contradicts' WHEN 1 THEN 'partly_fulfils' ELSE 'related' END,
       'secondary', 'https://example.org/press/' || m.id, '', 'Newswire', ''
FROM agreements_milestone m WHERE m.status <> 'completed' AND bench_h(m.id, 92, 2) = 0
"""

STEPS = [
    ("stages", STAGES_SQL),
    ("parties", PARTIES_SQL),
    ("minerals", MINERALS_SQL),
    ("agreements", AGREEMENTS_SQL),
    ("agreement_relations", RELATIONS_SQL),
    ("instruments", INSTRUMENTS_SQL),
    ("projects", PROJECTS_SQL),
    ("relative_deadlines", _offsets_table),
    ("milestones", MILESTONES_SQL),
    ("evidence", EVIDENCE_SQL),
]


# --- the separate overdue-job data set ------------------------------------------------------
# Milestone i is, by bench_h(i, 80, 1000):
#   [0, 100)    late and not flagged yet: the job flags these (10 %)
#   [100, 105)  completed but still flagged: the job clears these (0.5 %)
#   [105, 155)  late and already flagged on an earlier day: the job leaves these alone
#   [155, 450)  completed in the past
#   [450, 1000) open with a deadline ahead
OVERDUE_SET_SQL = """
INSERT INTO agreements_milestone (id, created_at, updated_at, title, description, commitment_text, due_on,
    offset_months, offset_days, deadline, status, completed_on, evidence_url, notes, overdue_since, agreement_id,
    instrument_id, responsible_id, source_id)
SELECT i, %(now)s, %(now)s, 'Milestone ' || i, '', '', deadline, NULL, NULL, deadline, status,
       CASE WHEN status = 'completed' THEN LEAST(deadline, %(today)s) END, '', '',
       CASE WHEN b >= 100 AND b < 155 THEN (deadline + 1)::timestamp AT TIME ZONE 'UTC' + interval '6 hours' END,
       1 + (i - 1) %% %(a)s, NULL, NULL, NULL
FROM generate_series(1, %(rows)s) AS g(i),
     LATERAL (SELECT bench_h(i, 80, 1000) AS b) h,
     LATERAL (SELECT CASE WHEN b < 450 THEN %(today)s - 1 - bench_h(i, 81, 1000)
                          ELSE %(today)s + bench_h(i, 81, 2000) END AS deadline,
                     CASE WHEN b >= 100 AND b < 105 OR b >= 155 AND b < 450 THEN 'completed'
                          WHEN bench_h(i, 82, 5) = 0 THEN 'in_progress' ELSE 'pending' END AS status) x
"""

# Back to the state before the job ran: new flags removed, stale flags restored, no alerts.
OVERDUE_RESET_SQL = [
    "DELETE FROM agreements_alert",
    """UPDATE agreements_milestone SET overdue_since = NULL
       WHERE overdue_since IS NOT NULL AND bench_h(id, 80, 1000) < 100""",
    """UPDATE agreements_milestone
       SET overdue_since = (deadline + 1)::timestamp AT TIME ZONE 'UTC' + interval '6 hours'
       WHERE overdue_since IS NULL AND bench_h(id, 80, 1000) >= 100 AND bench_h(id, 80, 1000) < 105""",
]


def generate_overdue_set(conn: psycopg.Connection, *, rows: int, agreements: int, today: datetime.date) -> float:
    """Replaces every milestone with `rows` absolute ones, 10 % of them late and not yet flagged."""
    started = time.perf_counter()
    now = datetime.datetime.combine(today, datetime.time(6, 0), tzinfo=datetime.UTC)
    install_functions(conn)
    conn.execute("TRUNCATE agreements_milestone, agreements_alert RESTART IDENTITY CASCADE")
    conn.execute(OVERDUE_SET_SQL, {"now": now, "today": today, "rows": rows, "a": agreements})
    reset_sequences(conn)
    conn.execute("VACUUM (ANALYZE) agreements_milestone")
    return time.perf_counter() - started


def reset_overdue_set(conn: psycopg.Connection) -> None:
    for statement in OVERDUE_RESET_SQL:
        conn.execute(statement)
    conn.execute("VACUUM (ANALYZE) agreements_milestone, agreements_alert")


def data_summary(conn: psycopg.Connection, today: datetime.date) -> dict[str, int]:
    """Row counts as generated, and how many milestones are overdue today."""
    counts = {}
    for table in [
        "party",
        "mineral",
        "valuechainstage",
        "agreement",
        "agreementparty",
        "agreement_minerals",
        "agreement_stages",
        "source",
        "instrument",
        "milestone",
        "evidence",
        "project",
    ]:
        counts[table] = conn.execute(f"SELECT count(*) FROM agreements_{table}").fetchone()[0]
    counts["milestone_overdue"] = conn.execute(
        "SELECT count(*) FROM agreements_milestone WHERE status IN ('pending', 'in_progress') AND deadline < %s",
        [today],
    ).fetchone()[0]
    counts["milestone_relative"] = conn.execute(
        "SELECT count(*) FROM agreements_milestone WHERE due_on IS NULL"
    ).fetchone()[0]
    return counts
