"""The loader on an empty database: every record kind from a small data set of our own (tests/demo/conftest.py),
idempotency with the history tables, validation before anything is written, and the whole demo data set
loaded twice.

Not a module that shares conftest.demo_loaded: each test starts from an empty database.
"""

import copy
import datetime
import io

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from agreements.choices import EvidenceGrade, EvidenceVerdict, MilestoneStatus, PartyKind, RelationKind
from agreements.demo import dataset
from agreements.demo.loader import LABELS, SECONDARY_CLAIM_MARK, german_country_name
from agreements.models import (
    Agreement,
    AgreementRelation,
    Discrepancy,
    DiscrepancyClaim,
    Evidence,
    HSCode,
    Milestone,
    Mineral,
    MineralList,
    Party,
    Project,
    ReportedAmount,
    Source,
    ValueChainStage,
)
from agreements.services import agreement_update
from tests.demo.conftest import small_data_set, write_data_set

pytestmark = pytest.mark.django_db
ALPHA, BETA = "alpha-framework-2025", "beta-partnership"


@pytest.fixture
def today() -> datetime.date:
    return dataset.REFERENCE_AS_OF


@pytest.fixture(autouse=True)
def _reference_day(pinned_today):
    return pinned_today


@pytest.fixture
def data() -> dict:
    return small_data_set()


@pytest.fixture
def records(tmp_path, data):
    """Writes the (possibly edited) small data set and returns its directory."""

    def write(edited: dict | None = None):
        return write_data_set(tmp_path / "records", edited or data)

    return write


def load(directory, *args: str) -> str:
    out = io.StringIO()
    call_command("load_demo", "--records", str(directory), *args, stdout=out)
    return out.getvalue()


def load_failing(directory) -> list[str]:
    """Runs load_demo on a broken data set; returns the problems it printed."""
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("load_demo", "--records", str(directory), stdout=io.StringIO(), stderr=err)
    return err.getvalue().splitlines()


def snapshot() -> dict[str, object]:
    """Row counts of every agreements table (history and many-to-many tables included), and every updated_at."""
    state: dict[str, object] = {}
    for model in apps.get_app_config("agreements").get_models(include_auto_created=True):
        manager = model._default_manager
        state[f"{model.__name__}.count"] = manager.count()
        if not model.__name__.startswith("Historical") and any(
            f.name == "updated_at" for f in model._meta.concrete_fields
        ):
            state[f"{model.__name__}.updated_at"] = sorted(manager.values_list("pk", "updated_at"))
    return state


def counts() -> dict[str, int]:
    return {key: value for key, value in snapshot().items() if key.endswith(".count")}


# --- every record kind ----------------------------------------------------------------------------


def test_every_record_kind_of_a_small_data_set_is_loaded(records):
    output = load(records())

    alpha = Agreement.objects.get(slug=ALPHA)
    assert (alpha.published, alpha.reviewed_on) == (True, datetime.date(2026, 11, 30))
    assert alpha.published_at is not None
    sources = {s.title: s for s in Source.objects.filter(agreement=alpha)}
    assert (sources["The text"].grade, sources["The text"].note) == (EvidenceGrade.PRIMARY, "")
    assert sources["A blog post"].grade == EvidenceGrade.SECONDARY
    assert sources["A blog post"].note == f"{dataset.SECONDARY_NOTE} Seen only here."
    assert (sources["A paper"].url, sources["A paper"].note) == ("", "No URL found.")

    relation = AgreementRelation.objects.get()
    assert (relation.subject.slug, relation.kind, relation.object.slug) == (ALPHA, RelationKind.SUPERSEDES, BETA)
    assert (relation.note, relation.source) == ("Its successor.", sources["The text"])

    signing = Discrepancy.objects.get(agreement=alpha)
    assert (signing.topic, signing.note, signing.mineral_list) == ("Signing date", "Probably time zones.", None)
    assert [
        (c.position, c.claim, c.grade, c.source_url, c.source_title, c.source_publisher) for c in signing.claims.all()
    ] == [
        (0, "28 October 2025", EvidenceGrade.PRIMARY, "https://example.org/text", "", "Ministry"),
        (
            1,
            f"27 October 2025 {SECONDARY_CLAIM_MARK}",
            EvidenceGrade.SECONDARY,
            "http://blog.example/post",
            "A blog post",
            "",
        ),
    ]

    project = Project.objects.get(slug="alpha-mine")
    assert (project.country.slug, project.stage.slug, project.operator.slug, project.source) == (
        "jp",
        "mining",
        "us-exim",
        sources["A paper"],
    )
    assert [i.name for i in project.instruments.all()] == ["Financing"]
    assert list(project.minerals.values_list("slug", flat=True)) == ["neodymium"]

    milestone = Milestone.objects.get(agreement=alpha)
    assert (milestone.deadline, milestone.status, milestone.completed_on) == (
        datetime.date(2026, 4, 28),
        MilestoneStatus.COMPLETED,
        datetime.date(2026, 3, 1),
    )
    evidence = Evidence.objects.get()
    assert (evidence.verdict, evidence.grade) == (EvidenceVerdict.FULFILS, EvidenceGrade.PRIMARY)
    assert evidence.note == "Further sources: https://example.org/measures-2."
    assert ReportedAmount.objects.get().note == dataset.SECONDARY_NOTE

    alpha_list = MineralList.objects.get(slug="alpha-list")
    assert (alpha_list.publisher.slug, alpha_list.stated_count, alpha_list.members_verified, alpha_list.grade) == (
        "us",
        2,
        True,
        EvidenceGrade.SECONDARY,
    )
    assert (alpha_list.name_de, alpha_list.source_url, alpha_list.source_title) == (
        "Alpha-Liste kritischer Mineralien",
        "https://example.org/list",
        "The list",
    )
    assert alpha_list.note == "Further sources: https://example.org/list-2."
    assert {(e.mineral.slug, e.listed_as) for e in alpha_list.entries.select_related("mineral")} == {
        ("neodymium", "neodymium (Nd)"),
        ("gallium", ""),
    }
    count = Discrepancy.objects.get(mineral_list=alpha_list)
    assert (count.agreement, [c.claim for c in count.claims.all()]) == (None, ["2", f"3 {SECONDARY_CLAIM_MARK}"])
    beta_list = MineralList.objects.get(slug="beta-list")
    assert (beta_list.members_verified, beta_list.stated_count, beta_list.entries.count()) == (False, 34, 0)

    code = HSCode.objects.get()
    assert (code.code, code.grade, code.source_url, code.further_urls) == (
        "2805.30",
        EvidenceGrade.SECONDARY,
        "https://example.org/hs/280530",
        "https://example.org/hs/280530-b",
    )
    assert code.note == dataset.SECONDARY_NOTE
    assert set(code.minerals.values_list("slug", flat=True)) == {"rare-earths", "neodymium"}

    for label in LABELS:
        assert f"{label}: " in output, label
    assert "relations: 1 created, 0 updated, 0 unchanged" in output
    assert "discrepancies: 2 created, 0 updated, 0 unchanged" in output
    assert "mineral lists: 2 created, 0 updated, 0 unchanged" in output
    assert "list entries: 2 created, 0 updated, 0 unchanged" in output
    assert "HS codes: 1 created, 0 updated, 0 unchanged" in output


def test_german_names_come_from_the_vocabulary_and_for_countries_from_pycountry(records):
    load(records())
    german = dict(Party.objects.values_list("slug", "name_de"))
    # pycountry's ISO 3166-1 translations, unless the vocabulary overrides them.
    assert german == {
        "jp": "Japan",
        "us": "Vereinigte Staaten",
        "kr": "Republik Korea",
        "eu": "Europäische Union",
        "us-exim": "",
    }
    assert german_country_name("kr") == "Korea, Republik"  # what the override replaces
    assert german_country_name("de") == "Deutschland"
    assert dict(Mineral.objects.values_list("slug", "name_de"))["rare-earths"] == "Seltene Erden"
    assert dict(Mineral.objects.values_list("slug", "description")) == {
        "rare-earths": "",
        "neodymium": "A light rare-earth element.",
        "gallium": "",
    }
    assert dict(ValueChainStage.objects.values_list("slug", "name_de")) == {
        "mining": "Bergbau",
        "processing": "Verarbeitung",
    }
    assert Party.objects.get(slug="us").kind == PartyKind.COUNTRY


# --- idempotency ---------------------------------------------------------------------------------


def test_a_second_run_writes_nothing_not_even_history(records):
    directory = records()
    load(directory)
    before = snapshot()
    assert before["HistoricalDiscrepancyClaim.count"] == 4
    assert before["HistoricalAgreementRelation.count"] == 1

    output = load(directory)

    assert snapshot() == before
    assert output.strip().splitlines()[-1] == "Demo data already up to date: nothing changed."


def test_published_at_is_set_once_and_kept_when_the_record_changes_or_is_unpublished(records, data):
    directory = records()
    load(directory)
    first = Agreement.objects.get(slug=ALPHA).published_at

    agreement_update(agreement=Agreement.objects.get(slug=ALPHA), data={"published": False})
    data["agreements"][ALPHA]["fields"]["summary"] = "A summary added later."
    load(records(data))

    alpha = Agreement.objects.get(slug=ALPHA)
    assert (alpha.published, alpha.published_at, alpha.summary) == (True, first, "A summary added later.")


def test_reviewed_on_only_moves_forward(records, data):
    directory = records()
    load(directory)
    alpha = Agreement.objects.get(slug=ALPHA)
    agreement_update(agreement=alpha, data={"reviewed_on": datetime.date(2026, 12, 1)})  # an editor reviewed it since

    assert "agreements: 0 created, 0 updated, 2 unchanged" in load(directory)
    assert Agreement.objects.get(slug=ALPHA).reviewed_on == datetime.date(2026, 12, 1)

    data["agreements"][ALPHA]["reviewed_on"] = datetime.date(2026, 12, 2)
    load(records(data))
    assert Agreement.objects.get(slug=ALPHA).reviewed_on == datetime.date(2026, 12, 2)


def test_claims_are_replaced_only_when_they_differ(records, data):
    load(records())
    history = DiscrepancyClaim.history.count()
    data["agreements"][ALPHA]["discrepancies"][0]["claims"][1]["claim"] = "27 October 2025 (US time)"

    output = load(records(data))

    assert "discrepancies: 0 created, 1 updated, 1 unchanged" in output
    signing = Discrepancy.objects.get(topic="Signing date")
    assert [c.claim for c in signing.claims.all()] == [
        "28 October 2025",
        f"27 October 2025 (US time) {SECONDARY_CLAIM_MARK}",
    ]
    assert DiscrepancyClaim.history.count() == history + 4  # two deleted, two created
    assert DiscrepancyClaim.objects.count() == 4


def test_a_relation_whose_kind_changed_and_a_renamed_discrepancy_are_updated_in_place(records, data):
    load(records())
    relation, discrepancy = AgreementRelation.objects.get(), Discrepancy.objects.get(topic="Signing date")
    alpha = data["agreements"][ALPHA]
    alpha["relations"][0]["kind"] = "amends"
    alpha["discrepancies"][0].update(topic="Date of signing", was="Signing date")

    output = load(records(data))

    assert "relations: 0 created, 1 updated, 0 unchanged" in output
    assert "discrepancies: 0 created, 1 updated, 1 unchanged" in output
    assert list(AgreementRelation.objects.values_list("pk", "kind")) == [(relation.pk, RelationKind.AMENDS)]
    assert Discrepancy.objects.get(agreement__slug=ALPHA).pk == discrepancy.pk
    assert Discrepancy.objects.get(pk=discrepancy.pk).topic == "Date of signing"
    assert DiscrepancyClaim.objects.filter(discrepancy=discrepancy).count() == 2


def test_a_row_under_its_former_key_is_updated_not_duplicated(records):
    Party.objects.create(slug="jp", iso_code="JP", kind="country", name="Nippon")
    output = load(records())
    assert Party.objects.filter(slug="jp").get().name == "Japan"
    assert "parties: 4 created, 1 updated, 0 unchanged" in output


# --- validation before writing ----------------------------------------------------------------------


def broken(data: dict, change) -> dict:
    edited = copy.deepcopy(data)
    change(edited)
    return edited


def _alpha(data: dict) -> dict:
    return data["agreements"][ALPHA]


BREAKAGES = {
    "unknown source key": (
        lambda d: _alpha(d)["milestones"][0].update(source="nowhere"),
        'agreements/alpha-framework-2025.yaml: milestones[0] "First measures": source: '
        "'nowhere' is not a source key of this file",
    ),
    "unknown vocabulary slug": (
        lambda d: _alpha(d)["instruments"][0]["minerals"].append("unobtainium"),
        'agreements/alpha-framework-2025.yaml: instruments[0] "Financing" > minerals[1]: '
        "'unobtainium' is not a mineral of vocabulary.yaml",
    ),
    "choice outside choices.py": (
        lambda d: _alpha(d)["fields"].update(kind="pact"),
        "agreements/alpha-framework-2025.yaml: fields.kind: 'pact' is not one of",
    ),
    "money as a number": (
        lambda d: _alpha(d)["instruments"][0].update(amount=1e9),
        'agreements/alpha-framework-2025.yaml: instruments[0] "Financing": amount: 1000000000.0 is not money as a '
        "string of digits",
    ),
    "impossible date": (
        lambda d: _alpha(d)["milestones"][0]["evidence"][0].update(occurred_on="2026-02-30"),
        'agreements/alpha-framework-2025.yaml: milestones[0] "First measures" > evidence[0] "2026-02-30": '
        "occurred_on: '2026-02-30' is not a date written YYYY-MM-DD",
    ),
    "unknown key": (
        lambda d: _alpha(d)["sources"][0].update(grade="primary"),
        'agreements/alpha-framework-2025.yaml: sources[0] "text": grade: unknown key (allowed: key, title,',
    ),
    "missing key": (
        lambda d: _alpha(d)["milestones"][0].pop("title"),
        "agreements/alpha-framework-2025.yaml: milestones[0]: title: required, missing",
    ),
    "relation to an agreement not in the data set": (
        lambda d: _alpha(d)["relations"][0].update(agreement="gamma"),
        'agreements/alpha-framework-2025.yaml: relations[0] "gamma": agreement: '
        "'gamma' is not an agreement of the data set",
    ),
    "instrument name a project does not have": (
        lambda d: _alpha(d)["projects"][0]["instruments"].append("Grant"),
        'agreements/alpha-framework-2025.yaml: projects[0] "alpha-mine" > instruments[1]: '
        "'Grant' is not an instrument of this file",
    ),
    "both a date and an offset": (
        lambda d: _alpha(d)["milestones"][0].update(due_on=datetime.date(2026, 4, 30)),
        'agreements/alpha-framework-2025.yaml: milestones[0] "First measures": due_on: give either due_on or '
        "offset_months/offset_days, not both",
    ),
    "official text graded V-sec": (
        lambda d: _alpha(d)["sources"][0].update(mark="V-sec"),
        'agreements/alpha-framework-2025.yaml: sources[0] "text": official: an official text is graded [V], '
        "never [V-sec]",
    ),
    "same discrepancy item about two records": (
        lambda d: d["mineral-lists"]["lists"][0]["discrepancies"][0].update(item=1),
        "discrepancy item 1 is written for 2 records: agreements/alpha-framework-2025.yaml "
        '(discrepancies[0] "Signing date"); mineral-lists.yaml lists[0] "alpha-list" '
        '(lists[0] "alpha-list" > discrepancies[0] "Number of minerals")',
    ),
    "list with members and members_verified false": (
        lambda d: d["mineral-lists"]["lists"][0].update(members_verified=False),
        'mineral-lists.yaml: lists[0] "alpha-list": entries: members_verified is false',
    ),
    "title saying [V-sec] without the mark": (
        lambda d: _alpha(d)["sources"][2].update(title="A paper [V-sec]"),
        'agreements/alpha-framework-2025.yaml: sources[2] "paper": mark: the title says [V-sec]: write mark: V-sec',
    ),
    "HS code in the wrong form": (
        lambda d: d["hs-codes"]["codes"][0].update(code="280530"),
        "hs-codes.yaml: codes[0] \"280530\": code: '280530' is not the six-digit form",
    ),
    "country that is not ISO 3166-1": (
        lambda d: d["vocabulary"]["countries"].append({"slug": "xq", "name": "Nowhere"}),
        "vocabulary.yaml: countries[3] \"xq\": slug: 'xq' is not an ISO 3166-1 alpha-2 code",
    ),
    "file named differently from its slug": (
        lambda d: d["agreements"].update(gamma=d["agreements"].pop(BETA)),
        "agreements/gamma.yaml: slug: 'beta-partnership' differs from the file's name 'gamma'",
    ),
}


@pytest.mark.parametrize("breakage", list(BREAKAGES))
def test_a_broken_file_names_file_record_and_field_and_nothing_is_written(records, data, breakage):
    change, expected = BREAKAGES[breakage]
    before = counts()

    problems = load_failing(records(broken(data, change)))

    assert any(line.startswith(expected) for line in problems), problems
    assert counts() == before  # nothing written, not even the vocabulary


def test_every_problem_is_reported_at_once_and_a_valid_database_is_left_as_it_was(records, data):
    load(records())
    before = snapshot()

    def two_mistakes(d):
        _alpha(d)["milestones"][0].update(source="nowhere")
        d["agreements"][BETA]["parties"][0].update(role="host")
        d["agreements"][BETA]["fields"]["summary"] = "A change that must not be written."

    problems = load_failing(records(broken(data, two_mistakes)))

    assert len(problems) == 2, problems
    assert problems[0].startswith("agreements/alpha-framework-2025.yaml: milestones[0]")
    assert problems[1].startswith("agreements/beta-partnership.yaml: parties[0] \"eu\": role: 'host' is not one of")
    assert snapshot() == before


def test_a_row_the_models_refuse_stops_the_load_naming_its_record_and_rolls_back(records, data, today):
    # The files are valid, but evidence may not be dated after today: only the model knows.
    data["agreements"][ALPHA]["milestones"][0]["evidence"][0]["occurred_on"] = today + datetime.timedelta(days=1)

    problems = load_failing(records(data))

    assert problems[0].startswith('agreements/alpha-framework-2025.yaml: milestones[0] "First measures": '), problems
    # Parties, minerals and the first rows of the agreement were written before it: all rolled back.
    assert counts() == dict.fromkeys(counts(), 0)


def test_a_file_the_loader_would_not_read_is_an_error(records, data):
    directory = records()
    (directory / "agreements" / "delta.yml").write_text("slug: delta\n")
    (directory / "projects.yaml").write_text("projects: []\n")
    problems = load_failing(directory)
    assert sorted(line.split(":")[0] for line in problems) == ["agreements/delta.yml", "projects.yaml"]


def test_a_key_written_twice_is_an_error(records):
    directory = records()
    path = directory / "agreements" / f"{BETA}.yaml"
    path.write_text(path.read_text() + "slug: beta-partnership\n")
    problems = load_failing(directory)
    assert problems[0].startswith("agreements/beta-partnership.yaml: ") and "written twice" in problems[0]


def test_check_validates_without_writing_and_dry_run_rolls_back(records):
    directory = records()
    assert load(directory, "--check").strip() == (
        "Data set valid: 2 agreements, 1 projects, 2 discrepancies, 2 mineral lists, 1 HS codes."
    )
    output = load(directory, "--dry-run")
    assert "agreements: 2 created, 0 updated, 0 unchanged" in output
    assert output.strip().endswith("Dry run: rolled back, nothing was written.")
    assert counts() == dict.fromkeys(counts(), 0)


# --- the whole demo data set ------------------------------------------------------------------------


def test_the_demo_loads_on_an_empty_database_and_a_second_run_changes_nothing(data_set):
    output = io.StringIO()
    call_command("load_demo", stdout=output)
    first = output.getvalue()
    assert f"agreements: {len(data_set.agreements)} created, 0 updated, 0 unchanged" in first
    assert f"discrepancies: {len(data_set.discrepancies)} created, 0 updated, 0 unchanged" in first
    assert first.strip().splitlines()[-1].startswith("Demo data loaded: ")
    before = snapshot()
    assert before["HistoricalAgreement.count"] >= len(data_set.agreements)

    output = io.StringIO()
    call_command("load_demo", stdout=output)

    assert snapshot() == before  # row counts, history rows and updated_at of every table
    assert output.getvalue().strip().splitlines()[-1] == "Demo data already up to date: nothing changed."
