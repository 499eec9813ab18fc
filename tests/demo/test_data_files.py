"""The data files of the reference data set (agreements/demo/records/): their schemas, their references to
each other, and their URLs against ../shared/REFERENCE.md. No database needed."""

import json
import re
from pathlib import Path

import jsonschema
import pytest

from agreements import choices
from agreements.demo import dataset
from agreements.demo.loader import VERDICTS
from tests.demo.conftest import small_data_set, write_data_set

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT.parent / "shared" / "REFERENCE.md"
needs_reference = pytest.mark.skipif(not REFERENCE.exists(), reason="REFERENCE.md lives outside the repository")

# The reference's URLs that no data file carries, each on purpose.
NOT_LOADED = {
    # "Do not load" (section 11): AI-written, contains errors.
    "https://rbtfl.xyz/en/n/us-minerals-price-floor-allies.md",
    # [?] (section 8.10): listed among the US–Argentina sources as unconfirmed.
    "https://americalatinanews.com/?p=135049",
    # Section 5 names the vocabularies seen in the field (IEA policy types, Global Trade Alert
    # intervention types) to map ours onto: sources of the vocabulary's design, not facts of any
    # record the data set holds.
    "https://www.iea.org/reports/critical-minerals-policy-tracker/methodology",
    "https://prod.iea.org/reports/critical-minerals-policy-tracker/ensuring-supply-reliability-and-resiliency",
    "https://pypi.org/project/sgept-gta-mcp/",
}
# A URL as the reference writes it: up to a space, a closing bracket, a table bar or a backtick, without
# the sentence's punctuation after it.
REFERENCE_URL = re.compile(r"https?://[^\s)\]|`]+")
URL_CHARACTER = re.compile(r"[^\s)\]|`<>\"]")
# The schema enums that copy a choice list of agreements/choices.py.
SCHEMA_ENUMS = {
    "AgreementKind": choices.AgreementKind.values,
    "AgreementStatus": choices.AgreementStatus.values,
    "PartyRole": choices.PartyRole.values,
    "PartyKind": [kind for kind in choices.PartyKind.values if kind != choices.PartyKind.COUNTRY],
    "InstrumentKind": choices.InstrumentKind.values,
    "AmountQualifier": choices.AmountQualifier.values,
    "Firmness": choices.Firmness.values,
    "MilestoneKind": choices.MilestoneKind.values,
    "DeadlineAnchor": choices.DeadlineAnchor.values,
    "ProjectStatus": choices.ProjectStatus.values,
    "PermitStatus": choices.PermitStatus.values,
    "OfftakeStatus": choices.OfftakeStatus.values,
    "ReviewStatus": choices.ReviewStatus.values,
    "RelationKind": choices.RelationKind.values,
    "EvidenceRelation": list(VERDICTS),
}


def schema(name: str) -> dict:
    return json.loads((dataset.SCHEMA_DIR / name).read_text(encoding="utf-8"))


def all_documents(data_set: dataset.DataSet) -> list:
    return [data_set.vocabulary, *data_set.agreements, data_set.mineral_lists, data_set.hs_codes]


def data_urls(value) -> set[str]:
    """The URL of every source in the data (`url` fields and `further` lists), wherever it is."""
    found: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "url":
                found.add(item)
            elif key == "further":
                found.update(url for text in item for url in re.findall(r"https?://\S+", text))
            else:
                found |= data_urls(item)
    elif isinstance(value, list):
        for item in value:
            found |= data_urls(item)
    return found


def contains_whole_url(text: str, url: str) -> bool:
    """`url` occurs in `text` and is not the beginning of a longer URL (punctuation may end a sentence)."""
    for match in re.finditer(re.escape(url), text):
        rest = text[match.end() : match.end() + 2]
        if rest[:1] in ".,;:":
            rest = rest[1:]
        if not rest or not URL_CHARACTER.match(rest[0]):
            return True
    return False


# --- schemas ------------------------------------------------------------------------------------


SCHEMA_FILES = ["common.json", "agreement.json", "vocabulary.json", "mineral-lists.json", "hs-codes.json"]


@pytest.mark.parametrize("name", SCHEMA_FILES)
def test_each_schema_is_a_valid_draft_2020_12_schema(name):
    document = schema(name)
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(document)


def test_the_schema_enums_are_the_choices_of_the_models():
    definitions = schema("common.json")["$defs"]
    for name, values in SCHEMA_ENUMS.items():
        assert definitions[name]["enum"] == list(values), name


def test_schemas_are_strict_every_object_lists_its_keys():
    def objects(node):
        if isinstance(node, dict):
            if node.get("type") == "object":
                yield node
            for item in node.values():
                yield from objects(item)
        elif isinstance(node, list):
            for item in node:
                yield from objects(item)

    for name in SCHEMA_FILES:
        found = list(objects(schema(name)))
        assert found, name
        for node in found:
            assert node["additionalProperties"] is False, (name, sorted(node["properties"]))


# --- the data files -----------------------------------------------------------------------------


def test_every_file_of_the_records_validates_against_its_schema_and_its_references(data_set):
    # read_data_set raised DataSetError, listing every problem, if any file were invalid.
    assert (dataset.RECORDS_DIR / dataset.MINERAL_LISTS).exists()
    assert (dataset.RECORDS_DIR / dataset.HS_CODES).exists()
    assert not (dataset.RECORDS_DIR / "projects.yaml").exists()  # projects live in their agreement's file
    assert len(data_set.agreements) == len(list((dataset.RECORDS_DIR / "agreements").glob("*.yaml")))
    assert data_set.mineral_lists and data_set.hs_codes


def test_every_source_key_and_slug_in_the_files_resolves(data_set):
    """Checked again here, independently of read_data_set's checks."""
    vocabulary = data_set.vocabulary
    parties = {p["slug"] for p in vocabulary["countries"] + vocabulary["other_parties"]}
    minerals = {m["slug"] for m in vocabulary["minerals"]}
    stages = {s["slug"] for s in vocabulary["stages"]}
    agreements = {entry["slug"] for entry in data_set.agreements}
    for entry in data_set.agreements:
        slug = entry["slug"]
        keys = [source["key"] for source in entry["sources"]]
        assert len(keys) == len(set(keys)), slug
        instruments = {i["name"] for i in entry.get("instruments", [])}
        cited = [
            *(i["source"] for i in entry.get("instruments", [])),
            *(m["source"] for m in entry.get("milestones", [])),
            *(p["source"] for p in entry.get("projects", [])),
            *(r["source"] for r in entry.get("relations", []) if "source" in r),
        ]
        assert set(cited) <= set(keys), (slug, set(cited) - set(keys))
        assert {p["party"] for p in entry["parties"]} <= parties, slug
        assert set(entry.get("minerals", [])) <= minerals, slug
        assert set(entry.get("stages", [])) <= stages, slug
        for instrument in entry.get("instruments", []):
            assert {instrument.get("payer"), instrument.get("responsible")} - {None} <= parties, instrument["name"]
            assert set(instrument.get("minerals", [])) <= minerals, instrument["name"]
            assert set(instrument.get("stages", [])) <= stages, instrument["name"]
        for milestone in entry.get("milestones", []):
            if "instrument" in milestone:
                assert milestone["instrument"] in instruments, milestone["title"]
        for project in entry.get("projects", []):
            assert set(project.get("instruments", [])) <= instruments, project["slug"]
            assert set(project.get("minerals", [])) <= minerals, project["slug"]
            assert project["fields"]["country"] in parties, project["slug"]
        for relation in entry.get("relations", []):
            assert relation["agreement"] in agreements - {slug}, (slug, relation["agreement"])
    for mineral_list in data_set.mineral_lists:
        assert mineral_list["publisher"] in parties, mineral_list["slug"]
        assert {e["mineral"] for e in mineral_list.get("entries", [])} <= minerals, mineral_list["slug"]
    for code in data_set.hs_codes:
        assert set(code.get("minerals", [])) <= minerals, code["code"]


def test_a_broken_records_directory_is_refused_with_every_problem(tmp_path):
    data = small_data_set()
    data["agreements"]["alpha-framework-2025"]["sources"][0]["url"] = "example.org/no-scheme"
    data["hs-codes"]["codes"][0]["minerals"] = ["unobtainium"]
    with pytest.raises(dataset.DataSetError) as caught:
        dataset.read_data_set(write_data_set(tmp_path, data))
    assert caught.value.errors == [
        "agreements/alpha-framework-2025.yaml: sources[0] \"text\": url: 'example.org/no-scheme' is not a full "
        "http:// or https:// URL, exactly as the reference writes it",
        "hs-codes.yaml: codes[0] \"2805.30\" > minerals[0]: 'unobtainium' is not a mineral of vocabulary.yaml",
    ]


def test_section_9_items_1_to_28_are_each_written_for_one_record(data_set):
    items: dict[int, set[str]] = {}
    for discrepancy in data_set.discrepancies:
        owner = discrepancy.get("agreement") or f"list {discrepancy['mineral_list']}"
        items.setdefault(discrepancy["item"], set()).add(owner)
    assert sorted(items) == list(range(1, 29))
    assert {item: owners for item, owners in items.items() if len(owners) > 1} == {}


# --- URLs against the reference -----------------------------------------------------------------


@needs_reference
def test_every_url_of_the_data_is_written_in_the_reference_exactly(data_set):
    reference = REFERENCE.read_text(encoding="utf-8")
    urls = set().union(*(data_urls(document) for document in all_documents(data_set)))
    assert len(urls) > 200
    # URLs quoted in notes and summaries too.
    urls |= {
        url.rstrip(".,;:")
        for document in all_documents(data_set)
        for text in dataset.texts(document)
        for url in REFERENCE_URL.findall(text)
    }
    for url in urls:
        # The whole URL, not a prefix of a longer one.
        assert contains_whole_url(reference, url), url


@needs_reference
def test_every_url_of_the_reference_is_in_the_data_files_unless_deliberately_not_loaded(data_set):
    reference = {url.rstrip(".,;:") for url in REFERENCE_URL.findall(REFERENCE.read_text(encoding="utf-8"))}
    assert len(reference) > 250
    assert reference >= NOT_LOADED  # the list names URLs the reference still has
    text = "\n".join(t for document in all_documents(data_set) for t in dataset.texts(document))
    missing = sorted(url for url in reference - NOT_LOADED if not contains_whole_url(text, url))
    assert missing == []
    loaded_anyway = sorted(url for url in NOT_LOADED if contains_whole_url(text, url))
    assert loaded_anyway == []
