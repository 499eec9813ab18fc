"""What a page does with what it does not understand: links repeat only the page's own
parameters, a query string over the limit is a small 400 page, and an export with filters it
cannot apply is a 400 naming them (not every row)."""

import re

import pytest

from agreements.middleware import MAX_QUERY_STRING_BYTES

pytestmark = pytest.mark.django_db

HTML_PAGES = [
    "/",
    "/agreements/",
    "/agreements/us-japan-framework/",
    "/milestones/",
    "/parties/",
    "/parties/jp/",
    "/parties/compare/",
    "/minerals/rare-earths/",
    "/projects/nolans-invented/",
    "/agreements/export.csv",
    "/calendar.ics",
    "/feed.atom",
    "/accounts/login/",
    "/no-such-page/",
]


def test_facet_links_repeat_only_the_parameters_the_page_understands(client, dataset):
    response = client.get("/agreements/", {"party": "jp", "sort": "title", "utm_source": "mail", "junk": "x" * 50})
    assert response.status_code == 200
    # The page's own links (facets, chips, paging, export); the site header's language form and
    # sign-in link return to the full address (base.html), at most MAX_QUERY_STRING_BYTES of it.
    html = response.content.decode().split('<main id="main"', 1)[1].split("</main>", 1)[0]
    assert "utm_source" not in html and "junk" not in html and "x" * 50 not in html
    facet_urls = [option["url"] for facet in response.context["facets"] for option in facet["options"]]
    assert facet_urls and all("utm_source" not in url and "junk" not in url for url in facet_urls)
    assert "?party=jp&sort=title&mineral=rare-earths" in facet_urls
    assert 'href="/agreements/export.csv?party=jp&amp;sort=title"' in html


@pytest.mark.parametrize("path", HTML_PAGES)
def test_a_huge_query_string_is_a_small_400_naming_the_limit(client, dataset, path):
    query = "junk=" + "x" * 30_000  # 30 KB: echoed in each facet link, a 2 MB page before
    response = client.get(f"{path}?{query}")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    assert f"at most {MAX_QUERY_STRING_BYTES} bytes" in body
    assert "xxxx" not in body
    assert len(response.content) < 2_000


def test_a_query_string_at_the_limit_is_still_served(client, dataset):
    query = "party=jp&junk=" + "x" * (MAX_QUERY_STRING_BYTES - len("party=jp&junk="))
    assert len(query) == MAX_QUERY_STRING_BYTES
    response = client.get(f"/agreements/?{query}")
    assert response.status_code == 200
    assert len(response.content) < 200_000


@pytest.mark.parametrize("path", ["/api/agreements/", "/admin/login/"])
def test_the_api_and_the_admin_are_not_answered_by_the_page_limit(client, dataset, path):
    response = client.get(f"{path}?junk={'x' * 30_000}")
    assert "at most 4096 bytes" not in response.content.decode()


def test_export_with_a_filter_it_cannot_apply_is_a_400_naming_it(client, dataset):
    response = client.get("/agreements/export.csv", {"party": "zz", "mineral": "rare-earths"})
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    body = response.content.decode()
    assert "Nothing was exported" in body
    assert [line.split(":")[0] for line in body.splitlines()[1:]] == ["party"]
    assert "zz" in body
    # The search page still shows the result without it, under its warning.
    page = client.get("/agreements/", {"party": "zz", "mineral": "rare-earths"})
    assert page.status_code == 200
    assert "Some filters were not understood" in page.content.decode()


def test_export_ignores_parameters_it_does_not_know_as_the_page_does(client, dataset):
    response = client.get("/agreements/export.csv", {"party": "au", "utm_source": "mail"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert len(response.content.decode().splitlines()) == 3  # the header and Australia's two


def test_board_paging_links_repeat_only_the_board_filters(client, dataset):
    from tests.factories import MilestoneFactory

    for n in range(60):
        MilestoneFactory(agreement=dataset.framework, title=f"Extra {n}")
    html = client.get("/milestones/", {"status": "pending", "zzz": "x" * 500}).content.decode()
    paging = re.findall(r'href="(\?[^"]*page=\d+[^"]*)"', html)
    assert paging, "no paging link"
    assert all("status=pending" in link and "zzz" not in link for link in paging), paging
