"""The analysts' pages, read as a person would: status codes, the rows shown, the links kept."""

import csv
import io
import re

import pytest
from django.urls import reverse

from agreements.models import Watch

pytestmark = pytest.mark.django_db


def slugs_in(response) -> list[str]:
    """Agreement slugs linked from the result table, in page order."""
    html = response.content.decode()
    table = html[html.index("agreement-table") :]
    return re.findall(r'class="row-title" href="/agreements/([a-z0-9-]+)/"', table)


# --- question 1: what has Japan signed on rare earths since 2023? ---------------------------


def test_japan_rare_earths_since_2023_combines_party_mineral_and_date(client, dataset):
    response = client.get("/agreements/", {"party": "jp", "mineral": "rare-earths", "signed_after": "2023-01-01"})
    assert response.status_code == 200
    # The neodymium agreement counts: neodymium is a member of the rare-earths group.
    assert slugs_in(response) == ["us-japan-framework", "japan-australia-magnets"]


def test_two_facets_combine_with_and_and_values_of_one_facet_with_or(client, dataset):
    both = client.get("/agreements/", {"party": "jp", "year": "2025"})
    assert slugs_in(both) == ["us-japan-framework"]
    either_year = client.get("/agreements/?party=jp&year=2025&year=2022")
    assert slugs_in(either_year) == ["us-japan-framework", "japan-australia-lithium"]


def test_facet_counts_of_one_facet_ignore_its_own_selection(client, dataset):
    response = client.get("/agreements/", {"party": "au"})
    party_facet = next(f for f in response.context["facets"] if f["key"] == "party")
    counts = {option["value"]: option["count"] for option in party_facet["options"]}
    # Every party stays selectable ("either"), counted over the whole result of the other facets.
    assert counts == {"jp": 4, "us": 2, "au": 2}
    year_facet = next(f for f in response.context["facets"] if f["key"] == "year")
    assert {option["value"]: option["count"] for option in year_facet["options"]} == {"2024": 1, "2022": 1}


def test_selected_facet_option_links_back_to_the_result_without_it(client, dataset):
    response = client.get("/agreements/", {"party": "au", "kind": "mou"})
    party_facet = next(f for f in response.context["facets"] if f["key"] == "party")
    au = next(option for option in party_facet["options"] if option["value"] == "au")
    assert au["selected"] is True
    assert au["url"] == "?kind=mou"


def test_full_text_search_finds_words_in_title_and_summary(client, dataset):
    assert slugs_in(client.get("/agreements/", {"q": "magnets"})) == ["japan-australia-magnets"]
    assert slugs_in(client.get("/agreements/", {"q": "lithium hydroxide"})) == ["japan-australia-lithium"]


def test_search_form_keeps_the_selected_facets_as_hidden_fields(client, dataset):
    html = client.get("/agreements/", {"party": "jp", "mineral": "rare-earths"}).content.decode()
    assert '<input type="hidden" name="party" value="jp">' in html
    assert '<input type="hidden" name="mineral" value="rare-earths">' in html


def test_sorting_by_title_and_oldest_first(client, dataset):
    oldest_first = [
        "us-japan-2021",
        "japan-australia-lithium",
        "japan-australia-magnets",
        "us-japan-framework",
    ]
    assert slugs_in(client.get("/agreements/", {"sort": "signed_on"})) == oldest_first
    assert slugs_in(client.get("/agreements/")) == oldest_first[::-1]  # newest signed first by default
    assert slugs_in(client.get("/agreements/", {"sort": "-signed_on"})) == oldest_first[::-1]
    assert slugs_in(client.get("/agreements/", {"sort": "title"}))[0] == "japan-australia-lithium"


def test_sorting_by_deadline_summary_columns(client, dataset):
    by_overdue = slugs_in(client.get("/agreements/", {"sort": "-overdue_count"}))
    counts = {row.slug: row.overdue_count for row in client.get("/agreements/").context["page"]}
    assert [counts[slug] for slug in by_overdue] == sorted(counts.values(), reverse=True)
    by_deadline = client.get("/agreements/", {"sort": "next_deadline"}).context["page"]
    deadlines = [row.next_deadline for row in by_deadline]
    dated = [deadline for deadline in deadlines if deadline is not None]
    assert dated == sorted(dated) and deadlines[: len(dated)] == dated  # undated last


def test_pagination_links_keep_the_whole_query(client, dataset, django_user_model):
    from tests.factories import AgreementFactory

    for n in range(25):
        AgreementFactory(slug=f"extra-{n}", title=f"Extra Japan deal {n}", parties=[dataset.jp])
    response = client.get("/agreements/", {"party": "jp", "sort": "title"})
    html = response.content.decode()
    assert response.context["page"].paginator.num_pages == 2
    assert 'href="?party=jp&amp;sort=title&amp;page=2"' in html
    second = client.get("/agreements/", {"party": "jp", "sort": "title", "page": 2})
    assert len(slugs_in(second)) == 29 - 20


def test_unknown_filter_values_show_an_error_not_a_500(client, dataset):
    response = client.get("/agreements/", {"party": "nowhere", "year": "soon", "status": "bogus"})
    assert response.status_code == 200
    assert "Some filters were not understood" in response.content.decode()


def test_csv_export_holds_the_current_result(client, dataset):
    response = client.get("/agreements/export.csv", {"party": "jp", "mineral": "rare-earths"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["slug"] for row in rows] == ["us-japan-framework", "japan-australia-magnets", "us-japan-2021"]
    framework = rows[0]
    # Names and codes; the table's derived values, in its words.
    assert (framework["parties"], framework["party_names"]) == ("jp;us", "Japan; United States")
    assert framework["overdue_count"] == "2"
    assert framework["overdue_text"] == "2 overdue"
    assert framework["next_deadline"] == ""
    assert framework["url"] == "http://testserver/agreements/us-japan-framework/"


def test_list_page_links_the_csv_export_with_the_same_query(client, dataset):
    html = client.get("/agreements/", {"party": "jp", "page": "1"}).content.decode()
    assert 'href="/agreements/export.csv?party=jp"' in html


# --- question 2: which six-month promises are late today? -----------------------------------


def test_deadline_board_overdue_shows_only_late_ones_with_days_late(client, dataset):
    response = client.get("/milestones/", {"overdue": "true"})
    rows = list(response.context["page"].object_list)
    assert [m.title for m in rows] == ["Investment ministerial", "Financial support measures"]
    assert [m.overdue_days for m in rows] == [19, 17]
    assert [m.outcome for m in rows] == ["overdue_no_evidence", "overdue_no_evidence"]
    html = response.content.decode()
    assert "19 days late" in html and "17 days late" in html
    assert html.count('class="is-late"') == 2


def test_deadline_board_filters_by_party_agreement_and_status(client, dataset):
    by_party = client.get("/milestones/", {"party": "au"}).context["page"].object_list
    assert {m.title for m in by_party} == {"Stockpile review", "Joint study published"}
    by_agreement = client.get("/milestones/", {"agreement": "japan-australia-lithium"}).context["page"].object_list
    assert [m.title for m in by_agreement] == ["Joint study published"]
    completed = client.get("/milestones/", {"status": "completed"}).context["page"].object_list
    assert [m.title for m in completed] == ["Joint study published"]


# --- question 4: what is due next month? ------------------------------------------------------


def test_deadline_board_due_within_days(client, dataset):
    rows = client.get("/milestones/", {"due_within": "30"}).context["page"].object_list
    assert [m.title for m in rows] == ["Stockpile review"]
    assert "Not yet due · 17 days left" in client.get("/milestones/", {"due_within": "30"}).content.decode()


def test_dashboard_shows_overdue_due_soon_newest_and_counts(client, dataset):
    response = client.get("/")
    assert response.status_code == 200
    context = response.context
    assert context["overdue_total"] == 2
    assert [m.title for m in context["overdue"]] == ["Investment ministerial", "Financial support measures"]
    assert context["due_30_total"] == 1
    assert context["due_90_total"] == 0
    assert [a.slug for a in context["newest"]][:2] == ["us-japan-framework", "japan-australia-magnets"]
    assert [(p.slug, p.n) for p in context["by_party"]] == [("jp", 4), ("au", 2), ("us", 2)]
    html = response.content.decode()
    assert 'href="/calendar.ics"' in html


# --- question 3: which instruments does each deal use at which stage? -----------------------


def test_agreement_detail_shows_instrument_by_stage_matrix(client, dataset):
    response = client.get(dataset.framework.get_absolute_url())
    assert response.status_code == 200
    matrix = {row["instrument"].name: row["cells"] for row in response.context["matrix"]}
    stages = [stage.slug for stage in response.context["stages"]]
    assert stages == ["mining", "processing", "recycling"]
    assert matrix == {"Project loans": [True, True, False], "Offtake arrangements": [False, True, False]}
    assert "1,000,000,000 USD" in response.content.decode()


def test_agreement_detail_draws_a_timeline_with_today_and_late_milestones(client, dataset):
    response = client.get(dataset.framework.get_absolute_url())
    html = response.content.decode()
    assert '<svg viewBox="0 0 960 300" role="img"' in html
    assert html.count('class="tl-point tl-late"') == 4  # each drawn twice: horizontal, and vertical for phones
    assert 'class="tl-today"' in html
    assert 'class="tl-signed"' in html
    timeline = response.context["timeline"]
    signed_x, today_x = timeline.signed_x, timeline.today_x
    assert signed_x < timeline.points[0].x < timeline.points[1].x < today_x


def test_agreement_detail_shows_parties_sources_projects_and_history(client, dataset):
    html = client.get(dataset.framework.get_absolute_url()).content.decode()
    assert "Invented framework text" in html
    assert 'href="/parties/jp/"' in html
    assert 'href="/projects/nolans-invented/"' in html
    assert "Granted" in html and "Negotiating" in html and "Approved" in html
    assert "Change history" in html and "Created" in html
    assert 'href="/agreements/us-japan-framework/calendar.ics"' in html


def test_unknown_agreement_is_a_404(client, dataset):
    assert client.get("/agreements/no-such-thing/").status_code == 404


# --- watching ---------------------------------------------------------------------------------


def test_anonymous_visitor_is_asked_to_sign_in_to_watch(client, dataset):
    url = reverse("agreement-watch", args=[dataset.framework.slug])
    html = client.get(dataset.framework.get_absolute_url()).content.decode()
    assert "Sign in to watch" in html
    response = client.post(url, {"action": "watch"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert Watch.objects.count() == 0


def test_signed_in_user_watches_and_unwatches_an_agreement(client, dataset, reader):
    client.force_login(reader)
    url = reverse("agreement-watch", args=[dataset.framework.slug])
    assert client.post(url, {"action": "watch"}).status_code == 302
    assert client.post(url, {"action": "watch"}).status_code == 302  # idempotent
    assert list(Watch.objects.values_list("user__username", "agreement__slug")) == [("reader", "us-japan-framework")]
    html = client.get(dataset.framework.get_absolute_url()).content.decode()
    assert "Stop watching" in html
    client.post(url, {"action": "unwatch"})
    assert Watch.objects.count() == 0


def test_watch_needs_post_and_csrf(dataset, reader):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    url = reverse("agreement-watch", args=[dataset.framework.slug])
    assert client.get(url).status_code == 405
    assert client.post(url, {"action": "watch"}).status_code == 403
    assert Watch.objects.count() == 0


def test_signed_in_user_watches_a_party(client, dataset, reader):
    client.force_login(reader)
    client.post(reverse("party-watch", args=["jp"]), {"action": "watch"})
    assert list(Watch.objects.values_list("party__slug", flat=True)) == ["jp"]


# --- parties, minerals, stages, projects, comparison -----------------------------------------


def test_party_page_lists_its_agreements_late_milestones_and_instruments(client, dataset):
    response = client.get("/parties/us/")
    assert response.status_code == 200
    assert [a.slug for a in response.context["agreements"]] == ["us-japan-framework", "us-japan-2021"]
    assert [m.title for m in response.context["late"]] == ["Investment ministerial", "Financial support measures"]
    assert dict(response.context["instrument_kinds"]) == {
        "Loan or debt finance": 1,
        "Offtake or purchase commitment": 1,
    }
    assert 'href="/parties/us/calendar.ics"' in response.content.decode()


def test_mineral_group_page_includes_agreements_on_its_members(client, dataset):
    response = client.get("/minerals/rare-earths/")
    assert [a.slug for a in response.context["agreements"]] == [
        "us-japan-framework",
        "japan-australia-magnets",
        "us-japan-2021",
    ]
    assert "Neodymium" in response.content.decode()


def test_stage_page_lists_agreements_instruments_and_projects(client, dataset):
    response = client.get("/stages/processing/")
    assert [a.slug for a in response.context["agreements"]] == ["us-japan-framework", "japan-australia-magnets"]
    assert {i.name for i in response.context["instruments"]} == {
        "Project loans",
        "Offtake arrangements",
        "Magnet stockpile",
    }
    mining = client.get("/stages/mining/")
    assert [p.slug for p in mining.context["projects"]] == ["nolans-invented"]


def test_project_page_shows_its_implementation_test_and_instruments(client, dataset):
    response = client.get("/projects/nolans-invented/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Granted" in html and "Negotiating" in html and "Approved" in html
    assert "Project loans" in html and 'href="/agreements/us-japan-framework/"' in html


def test_party_comparison_side_by_side(client, dataset):
    response = client.get("/parties/compare/", {"party": ["us", "AU"]})
    assert [p.slug for p in response.context["parties"]] == ["au", "us"]
    assert response.context["agreement_counts"] == [2, 2]
    kinds = dict(response.context["kind_rows"])
    assert kinds["Loan or debt finance"] == [0, 1]
    assert kinds["Stockpile"] == [1, 0]
    # The scorecards of services.scorecards: responsible and joint apart, per party.
    responsible, joint = response.context["score_groups"]
    counts = {
        (group["attribution"], row["outcome"]): [cell["count"] for cell in row["cells"]]
        for group in (responsible, joint)
        for row in group["outcome_rows"]
    }
    assert counts["responsible", "overdue_no_evidence"] == [0, 1]  # the US's six-month measures
    assert counts["joint", "overdue_no_evidence"] == [0, 1]  # the ministerial names no one
    assert counts["joint", "met_on_time"] == [1, 0]  # Australia shares the lithium study
    assert counts["joint", "not_yet_due"] == [1, 0]
    assert [s["due"] for s in joint["summaries"]] == [1, 1]
    assert [s["rate"] for s in joint["summaries"]] == [1.0, 0.0]


# --- language, accessibility and the Content-Security-Policy -------------------------------


MAIN_PAGES = [
    "/",
    "/agreements/",
    "/agreements/us-japan-framework/",
    "/milestones/",
    "/parties/jp/",
    "/minerals/rare-earths/",
    "/stages/processing/",
    "/projects/nolans-invented/",
    "/parties/compare/?party=us&party=jp",
    "/parties/",
]


@pytest.mark.parametrize("path", MAIN_PAGES)
def test_pages_have_landmarks_skip_link_and_no_inline_script_or_style(client, dataset, path):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html and "<header" in html and "<nav" in html and "<footer" in html
    assert " style=" not in html and "<style" not in html
    # Only data blocks (json_script: never executed, the CSP needs no exception) may be inline.
    inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert [tag for tag in inline if 'type="application/json"' not in tag] == []
    assert re.search(r"\son[a-z]+=", html) is None  # no inline event handlers


def test_every_form_field_has_a_label(client, dataset):
    html = client.get("/milestones/").content.decode()
    for field_id in re.findall(r'<select id="([^"]+)"', html):
        assert f'<label for="{field_id}">' in html


def test_german_is_chosen_with_the_language_switch(client, dataset):
    response = client.post("/i18n/setlang/", {"language": "de", "next": "/milestones/"})
    assert response.status_code == 302
    html = client.get("/milestones/", {"overdue": "true"}).content.decode()
    assert '<html lang="de">' in html
    assert "Fristen" in html
    assert "19 Tage überfällig" in html
    assert "26. April 2026" in html  # dates per language


def test_german_numbers_use_german_grouping(client, dataset):
    client.cookies["django_language"] = "de"
    html = client.get(dataset.framework.get_absolute_url()).content.decode()
    assert "1.000.000.000 USD" in html
    assert "Kredit" in html  # choice labels translated


def test_signing_date_form_keeps_the_facets_and_shows_a_removable_chip(client, dataset):
    response = client.get("/agreements/", {"party": "jp", "signed_after": "2023-01-01", "q": "rare"})
    html = response.content.decode()
    date_form = html[html.index('class="date-range"') :]
    date_form = date_form[: date_form.index("</form>")]
    assert '<input type="hidden" name="party" value="jp">' in date_form
    assert '<input type="hidden" name="q" value="rare">' in date_form
    assert 'name="signed_after" value="2023-01-01"' in date_form
    chip = next(c for c in response.context["active"] if c["label"] == "2023-01-01")
    assert chip["url"] == "?party=jp&q=rare"


@pytest.mark.parametrize(
    "path",
    [
        "/parties/compare/?party=%00&party=jp",
        "/agreements/?party=%00",
        "/agreements/?q=%00",
        "/agreements/?q=%22%27%28%29%3A%2A%21%26%7C",
        "/agreements/?year=%00&year=-1&year=99999",
        "/agreements/?sort=%00",
        "/agreements/?page=abc",
        "/agreements/?page=99999",
        "/agreements/export.csv?mineral=%00",
        "/milestones/?agreement=%00",
        "/milestones/?party=%00",
        "/milestones/?due_within=99999999999",
        "/milestones/?overdue=maybe",
        "/agreements/?signed_after=%00&signed_before=2026-13-45",
    ],
)
def test_malformed_parameters_never_cause_a_server_error(client, dataset, path):
    assert client.get(path).status_code == 200


def test_party_index_groups_parties_by_kind_with_agreement_counts(client, dataset):
    from tests.factories import OrganizationFactory

    OrganizationFactory(slug="iea", name="International Energy Agency")
    response = client.get("/parties/")
    groups = {kind: [(p.slug, p.n) for p in parties] for kind, parties in response.context["groups"]}
    assert groups == {"Country": [("au", 2), ("jp", 4), ("us", 2)], "International organisation": [("iea", 0)]}
    assert [(m.slug, m.n) for m in response.context["minerals"]] == [
        ("lithium", 1),
        ("neodymium", 1),
        ("rare-earths", 2),
    ]


def test_markup_in_records_is_escaped_on_every_page(client, dataset):
    from agreements.models import Agreement, Milestone, Party

    script = '<script>alert("owned")</script>'
    Agreement.objects.filter(pk=dataset.framework.pk).update(
        title=f"Title {script}", short_title=f"Short {script}", summary=script, signed_at=script
    )
    Milestone.objects.filter(pk=dataset.six_months.pk).update(title=f"Milestone {script}", commitment_text=script)
    Party.objects.filter(pk=dataset.jp.pk).update(name=f"Japan {script}")
    for path in [*MAIN_PAGES, "/feed.atom", "/agreements/export.csv"]:
        text = client.get(path).content.decode()
        assert script not in text or path == "/agreements/export.csv", path
    html = client.get("/agreements/us-japan-framework/").content.decode()
    assert "Milestone &lt;script&gt;" in html


def test_csv_export_defuses_spreadsheet_formulas(client, dataset):
    from agreements.models import Agreement

    Agreement.objects.filter(pk=dataset.framework.pk).update(title='=HYPERLINK("http://evil.example")')
    rows = list(csv.DictReader(io.StringIO(client.get("/agreements/export.csv", {"party": "us"}).content.decode())))
    assert rows[0]["title"] == '\'=HYPERLINK("http://evil.example")'
    assert rows[0]["overdue_count"] == "2"


def test_deadline_board_links_next_calendar_month(client, dataset):
    html = client.get("/milestones/").content.decode()
    assert 'href="?due_after=2026-06-01&amp;due_before=2026-06-30">Due in June 2026</a>' in html
    rows = client.get("/milestones/", {"due_after": "2026-06-01", "due_before": "2026-06-30"}).context["page"]
    assert [m.title for m in rows.object_list] == ["Stockpile review"]


def test_agreement_without_signing_date_or_milestones_has_no_timeline(client, dataset):
    from tests.factories import AgreementFactory

    AgreementFactory(slug="in-talks", title="Invented talks", signed_on=None, status="negotiating")
    response = client.get("/agreements/in-talks/")
    assert response.status_code == 200
    assert response.context["timeline"] is None
    assert "<svg viewBox" not in response.content.decode()
    assert "No dated commitments recorded." in response.content.decode()


def test_unknown_page_is_a_friendly_404_in_the_site_layout(client, dataset):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html and '<a class="skip-link" href="#main">' in html
    client.cookies["django_language"] = "de"
    assert "Seite nicht gefunden" in client.get("/no-such-page/").content.decode()
