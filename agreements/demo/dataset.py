"""The reference data set: reviewable YAML files under `records/`, validated, read into plain dicts for loader.py.

One file per agreement (`records/agreements/<slug>.yaml`), plus the vocabulary, the criticality lists
(`mineral-lists.yaml`) and the HS codes (`hs-codes.yaml`); `records/schema/` holds a JSON Schema
(draft 2020-12) per file kind. `read_data_set()` checks every file against its schema and then the
references between records (source keys, vocabulary slugs, instrument names, relation targets, unique
keys) before anything is written, and raises one `DataSetError` listing every problem, each naming
the file, the record and the field.

Dates are YAML dates (`2025-10-28`) and money a string of digits (`"1000000000"`), so no float ever
rounds it; both are read back as `datetime.date` and `Decimal` here.
"""

import datetime
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pycountry
import referencing
import yaml

RECORDS_DIR = Path(__file__).parent / "records"
SCHEMA_DIR = RECORDS_DIR / "schema"
# The date of the reference's searches: "no evidence found in the sources searched (as of 2026-12-01)".
REFERENCE_AS_OF = datetime.date(2026, 12, 1)
NO_EVIDENCE_NOTE = "No evidence found in the sources searched (as of 2026-12-01)."
# Prefixed to the note of every fact graded [V-sec] by the reference.
SECONDARY_NOTE = (
    "Secondary source [V-sec]: seen only in a rewrite, an aggregator, an AI-written site or a blog, not "
    "in an official text or a news report."
)
MONEY_KEYS = frozenset({"amount", "capital_cost"})
DATE_KEYS = frozenset(
    {
        "signed_on",
        "entered_into_force_on",
        "reviewed_on",
        "joined_on",
        "published_on",
        "due_on",
        "last_checked_on",
        "occurred_on",
    }
)
# The model fields a graded note (SECONDARY_NOTE + the record's note) must fit in.
NOTE_MAX_LENGTH = 500
# How a list item is named in an error: the first of these keys it has.
LABEL_KEYS = (
    "slug",
    "key",
    "code",
    "name",
    "occurred_on",
    "claim",
    "title",
    "topic",
    "party",
    "mineral",
    "agreement",
    "amount",
)
# The files besides the agreements, with the schema each follows. The lists and codes may be absent
# (a data set without criticality lists); the vocabulary may not.
VOCABULARY, MINERAL_LISTS, HS_CODES = "vocabulary.yaml", "mineral-lists.yaml", "hs-codes.yaml"


class DataSetError(Exception):
    """Everything wrong with a data set, one line per problem: file, record, field, message."""

    def __init__(self, errors: Iterable[str]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


@dataclass(frozen=True)
class DataSet:
    vocabulary: dict[str, list[dict[str, Any]]]
    agreements: list[dict[str, Any]]
    mineral_lists: list[dict[str, Any]] = field(default_factory=list)
    hs_codes: list[dict[str, Any]] = field(default_factory=list)
    directory: Path = RECORDS_DIR
    files: dict[str, Path] = field(default_factory=dict)  # agreement slug -> its file

    def file_of(self, slug: str) -> str:
        """An agreement's file as errors name it (relative to the data set's directory)."""
        path = self.files.get(slug)
        return str(path.relative_to(self.directory)) if path else f"agreements/{slug}.yaml"

    @property
    def projects(self) -> list[dict[str, Any]]:
        """Every project, with the slug of the agreement whose file holds it."""
        return [{**project, "agreement": a["slug"]} for a in self.agreements for project in a.get("projects", [])]

    @property
    def discrepancies(self) -> list[dict[str, Any]]:
        """Every discrepancy, with what it is about (`agreement` or `mineral_list`, a slug)."""
        found = [{**d, "agreement": a["slug"]} for a in self.agreements for d in a.get("discrepancies", [])]
        found += [{**d, "mineral_list": m["slug"]} for m in self.mineral_lists for d in m.get("discrepancies", [])]
        return found


# --- reading ------------------------------------------------------------------------------


class _YamlLoader(yaml.SafeLoader):
    """Safe YAML that leaves dates as text (the schema checks them, then `_typed` converts them) and
    refuses a key written twice in one mapping (PyYAML would silently keep the last)."""

    def construct_mapping(self, node, deep=False):
        keys = [self.construct_object(key_node, deep=deep) for key_node, _ in node.value]
        for key, count in Counter(keys).items():
            if count > 1:
                raise yaml.constructor.ConstructorError(None, None, f"key {key!r} written twice", node.start_mark)
        return super().construct_mapping(node, deep=deep)


_YamlLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _typed(value: Any, key: str | None = None) -> Any:
    """Money strings as Decimal and dates as datetime.date, everywhere in a record."""
    if isinstance(value, dict):
        return {k: _typed(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(item, key) for item in value]
    if isinstance(value, str) and key in MONEY_KEYS:
        return Decimal(value)
    if isinstance(value, str) and key in DATE_KEYS:
        return datetime.date.fromisoformat(value)
    return value


def _schemas() -> dict[str, jsonschema.protocols.Validator]:
    """A validator per schema file, resolving `common.json` references between them."""
    documents = {path.name: json.loads(path.read_text(encoding="utf-8")) for path in SCHEMA_DIR.glob("*.json")}
    registry = referencing.Registry().with_resources(
        (name, referencing.Resource.from_contents(doc)) for name, doc in documents.items()
    )
    validators = {}
    for name, document in documents.items():
        jsonschema.Draft202012Validator.check_schema(document)
        validators[name] = jsonschema.Draft202012Validator(
            document, registry=registry, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
        )
    return validators


# --- naming what is wrong -------------------------------------------------------------------


def _label(item: Any) -> str:
    if isinstance(item, dict):
        for key in LABEL_KEYS:
            if isinstance(item.get(key), str | int) and not isinstance(item.get(key), bool):
                text = str(item[key])
                return text if len(text) <= 60 else text[:57] + "..."
    return ""  # a plain value: the message quotes it


def where(document: Any, path: Iterable[str | int]) -> tuple[str, str]:
    """The record and the field a path inside a document points to: for `["milestones", 2, "evidence",
    0, "relation"]`, `('milestones[2] "Ministerial within 180 days" > evidence[0] "2025-10-20"', "relation")`."""
    records: list[str] = []
    keys: list[str] = []
    node = document
    for step in path:
        if isinstance(step, int):
            name = ".".join(keys)
            keys = []
            item = node[step] if isinstance(node, list) and step < len(node) else None
            label = _label(item)
            records.append(f'{name}[{step}] "{label}"' if label else f"{name}[{step}]")
        else:
            keys.append(str(step))
        node = node[step] if isinstance(node, dict | list) and _has(node, step) else None
    return " > ".join(records), ".".join(keys)


def _has(node: dict | list, step: str | int) -> bool:
    return step in node if isinstance(node, dict) else isinstance(step, int) and 0 <= step < len(node)


class _Errors:
    """Collects the problems of one file."""

    def __init__(self, file: str, document: Any) -> None:
        self.file, self.document = file, document
        self.lines: list[str] = []

    def add(self, path: Iterable[str | int], message: str, *, key: str | None = None) -> None:
        path = list(path)
        record, field_name = where(self.document, path)
        if key is not None:
            field_name = ".".join(part for part in [field_name, key] if part)
        line = ": ".join(part for part in [self.file, record, field_name, message] if part)
        if line not in self.lines:
            self.lines.append(line)

    def schema(self, validator: jsonschema.protocols.Validator) -> None:
        for error in sorted(validator.iter_errors(self.document), key=lambda e: [str(p) for p in e.absolute_path]):
            self._schema_error(error)

    def _schema_error(self, error: jsonschema.ValidationError) -> None:
        path = list(error.absolute_path)
        schema, instance = error.schema, error.instance
        if error.validator == "required":
            for name in error.validator_value:
                if isinstance(instance, dict) and name not in instance:
                    self.add(path, "required, missing", key=name)
        elif error.validator == "additionalProperties":
            allowed = ", ".join(schema.get("properties", {}))
            for name in instance:
                if name not in schema.get("properties", {}):
                    self.add(path, f"unknown key (allowed: {allowed})", key=str(name))
        elif error.validator == "maxLength":
            self.add(path, f"too long: {len(instance)} characters, at most {error.validator_value}")
        elif error.validator in {"pattern", "format", "type"} and "description" in schema:
            self.add(path, f"{instance!r} is not {schema['description']}")
        else:
            self.add(path, error.message)


# --- reading and checking the files -----------------------------------------------------------


def read_data_set(directory: Path = RECORDS_DIR) -> DataSet:
    """Reads and checks every file of the data set in `directory`; raises DataSetError listing every
    problem found, so nothing is loaded from a data set with a mistake in it."""
    directory = Path(directory)
    validators = _schemas()
    errors: list[str] = []

    def read(path: Path, schema: str) -> tuple[Any, _Errors]:
        name = str(path.relative_to(directory))
        try:
            with path.open(encoding="utf-8") as handle:
                document = yaml.load(handle, Loader=_YamlLoader)  # noqa: S506 (a SafeLoader)
        except (OSError, yaml.YAMLError) as error:
            problems = _Errors(name, None)
            problems.lines.append(f"{name}: {' '.join(str(error).split())}")
            return None, problems
        problems = _Errors(name, document)
        problems.schema(validators[schema])
        return document, problems

    vocabulary, vocabulary_errors = read(directory / VOCABULARY, "vocabulary.json")
    vocabulary_ok = not vocabulary_errors.lines
    if vocabulary_ok:
        _check_vocabulary(vocabulary, vocabulary_errors)
    errors += vocabulary_errors.lines
    names = _Names(vocabulary if vocabulary_ok else None)

    errors += _stray_files(directory)
    agreements, files = [], {}
    paths = sorted((directory / "agreements").glob("*.yaml"))
    read_files = [(path, *read(path, "agreement.json")) for path in paths]
    # Relation targets: every agreement file, even one with mistakes of its own (reported already).
    slugs = {path.stem for path in paths}
    items: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    projects: dict[str, list[str]] = defaultdict(list)
    for path, document, problems in read_files:
        # References are checked in files that follow their schema (the others' shapes are unknown).
        if not problems.lines:
            _check_agreement(document, problems, path, names, slugs, items, projects)
            agreements.append(document)
            files[document["slug"]] = path
        errors += problems.lines

    mineral_lists: list[dict[str, Any]] = []
    if (directory / MINERAL_LISTS).exists():
        document, problems = read(directory / MINERAL_LISTS, "mineral-lists.json")
        if not problems.lines:
            _check_mineral_lists(document, problems, names, items)
            mineral_lists = document["lists"]
        errors += problems.lines
    hs_codes: list[dict[str, Any]] = []
    if (directory / HS_CODES).exists():
        document, problems = read(directory / HS_CODES, "hs-codes.json")
        if not problems.lines:
            _check_hs_codes(document, problems, names)
            hs_codes = document["codes"]
        errors += problems.lines

    # An item of section 9 may be split into several topics (Pax Silica's dates and signatories), all
    # about one agreement or list: written about two, it was entered twice.
    for item, owners in sorted(items.items()):
        if len(owners) > 1:
            places = "; ".join(f"{owner} ({', '.join(records)})" for owner, records in owners.items())
            errors.append(f"discrepancy item {item} is written for {len(owners)} records: {places}")
    for slug, places in sorted(projects.items()):
        if len(places) > 1:
            errors.append(f'project "{slug}" is written {len(places)} times: {"; ".join(places)}')
    if errors:
        raise DataSetError(errors)
    return DataSet(
        vocabulary=_typed(vocabulary),
        agreements=[_typed(document) for document in agreements],
        mineral_lists=_typed(mineral_lists),
        hs_codes=_typed(hs_codes),
        directory=directory,
        files=files,
    )


def _stray_files(directory: Path) -> list[str]:
    """Data files the loader would never read (a `.yml`, a file in the wrong folder): named, not ignored."""
    expected = {directory / VOCABULARY, directory / MINERAL_LISTS, directory / HS_CODES}
    stray = []
    for path in sorted(directory.rglob("*")):
        if path.is_dir() or path.is_relative_to(directory / "schema") or path.name.startswith("."):
            continue
        if path in expected or (path.parent == directory / "agreements" and path.suffix == ".yaml"):
            continue
        stray.append(
            f"{path.relative_to(directory)}: not a file of the data set (agreements/<slug>.yaml, "
            f"{VOCABULARY}, {MINERAL_LISTS}, {HS_CODES})"
        )
    return stray


class _Names:
    """The vocabulary's slugs, to check references against (None: the vocabulary itself is broken,
    so references to it are not checked)."""

    def __init__(self, vocabulary: dict[str, Any] | None) -> None:
        self.known = vocabulary is not None
        vocabulary = vocabulary or {}
        self.countries = {c["slug"] for c in vocabulary.get("countries", [])}
        self.parties = self.countries | {p["slug"] for p in vocabulary.get("other_parties", [])}
        self.minerals = {m["slug"] for m in vocabulary.get("minerals", [])}
        self.stages = {s["slug"] for s in vocabulary.get("stages", [])}

    def check(self, problems: _Errors, path: list, value: str | None, kind: str) -> None:
        if not self.known or value is None:
            return
        known = {"party": self.parties, "country": self.countries, "mineral": self.minerals, "stage": self.stages}
        if value not in known[kind]:
            problems.add(path, f"{value!r} is not a {kind} of vocabulary.yaml")

    def check_all(self, problems: _Errors, path: list, values: Iterable[str], kind: str) -> None:
        for index, value in enumerate(values):
            self.check(problems, [*path, index], value, kind)


def _duplicates(problems: _Errors, path: list, items: list[dict[str, Any]], key: str, what: str) -> None:
    seen: set = set()
    for index, item in enumerate(items):
        value = item.get(key)
        if value in seen:
            problems.add([*path, index, key], f"{what} {value!r} is used twice")
        seen.add(value)


def _check_vocabulary(vocabulary: dict[str, Any], problems: _Errors) -> None:
    seen: set[str] = set()
    for group in ("countries", "other_parties"):
        for index, party in enumerate(vocabulary[group]):
            if party["slug"] in seen:
                problems.add([group, index, "slug"], f"party {party['slug']!r} is used twice")
            seen.add(party["slug"])
    for index, country in enumerate(vocabulary["countries"]):
        if pycountry.countries.get(alpha_2=country["slug"].upper()) is None:
            problems.add(["countries", index, "slug"], f"{country['slug']!r} is not an ISO 3166-1 alpha-2 code")
    countries = {c["slug"] for c in vocabulary["countries"]}
    for index, party in enumerate(vocabulary["other_parties"]):
        if "country" in party and party["country"] not in countries:
            problems.add(["other_parties", index, "country"], f"{party['country']!r} is not a country of this file")
    _duplicates(problems, ["minerals"], vocabulary["minerals"], "slug", "mineral")
    groups = {m["slug"] for m in vocabulary["minerals"] if m.get("is_group")}
    for index, mineral in enumerate(vocabulary["minerals"]):
        if "group" in mineral and mineral["group"] not in groups:
            problems.add(["minerals", index, "group"], f"{mineral['group']!r} is not a mineral group of this file")
    _duplicates(problems, ["stages"], vocabulary["stages"], "slug", "stage")
    _duplicates(problems, ["stages"], vocabulary["stages"], "order", "order")


def _graded(problems: _Errors, path: list, entry: dict[str, Any], *, note_limit: bool = False) -> None:
    """The grade rules of a fact: an official text is graded [V]; a title or claim that says [V-sec]
    is marked so (the mark is what gives it the visible caveat); a note that gains the caveat must
    still fit its model field."""
    if entry.get("official") and entry.get("mark", "V") != "V":
        problems.add([*path, "official"], "an official text is graded [V], never [V-sec]")
    for key in ("title", "claim"):
        if "[V-sec" in entry.get(key, "") and entry.get("mark", "V") != "V-sec":
            problems.add([*path, "mark"], f"the {key} says [V-sec]: write mark: V-sec")
    if note_limit:
        length = len(graded_note(entry))
        if length > NOTE_MAX_LENGTH:
            problems.add(
                [*path, "note"], f"too long: {length} characters with the grade's caveat, at most {NOTE_MAX_LENGTH}"
            )


def _check_discrepancies(
    problems: _Errors, owner: list, discrepancies: list[dict[str, Any]], items: dict[int, dict[str, list[str]]]
) -> None:
    _duplicates(problems, [*owner, "discrepancies"], discrepancies, "topic", "topic")
    for index, discrepancy in enumerate(discrepancies):
        path = [*owner, "discrepancies", index]
        owner_record, _ = where(problems.document, owner)
        record, _ = where(problems.document, path)
        items[discrepancy["item"]][" ".join(part for part in [problems.file, owner_record] if part)].append(record)
        for position, claim in enumerate(discrepancy["claims"]):
            claim_path = [*path, "claims", position]
            _graded(problems, claim_path, claim)
            if not any(claim.get(key) for key in ("url", "title", "publisher")):
                problems.add(claim_path, "a claim needs its source: a url, or a title or publisher (no URL found)")


def _check_agreement(
    document: dict[str, Any],
    problems: _Errors,
    path: Path,
    names: _Names,
    slugs: set[str],
    items: dict[int, dict[str, list[str]]],
    projects: dict[str, list[str]],
) -> None:
    slug = document["slug"]
    if path.stem != slug:
        problems.add(["slug"], f"{slug!r} differs from the file's name {path.stem!r}")
    _duplicates(problems, [], document["parties"], "party", "party")
    for index, party in enumerate(document["parties"]):
        names.check(problems, ["parties", index, "party"], party["party"], "party")
    names.check_all(problems, ["minerals"], document.get("minerals", []), "mineral")
    names.check_all(problems, ["stages"], document.get("stages", []), "stage")

    sources = document["sources"]
    _duplicates(problems, ["sources"], sources, "key", "source key")
    keys = {source["key"] for source in sources}

    def cite(record_path: list, key: str | None) -> None:
        if key is not None and key not in keys:
            problems.add([*record_path, "source"], f"{key!r} is not a source key of this file")

    for index, source in enumerate(sources):
        _graded(problems, ["sources", index], source, note_limit=True)

    instruments = document.get("instruments", [])
    _duplicates(problems, ["instruments"], instruments, "name", "instrument name")
    instrument_names = {instrument["name"] for instrument in instruments}
    for index, instrument in enumerate(instruments):
        at = ["instruments", index]
        cite(at, instrument["source"])
        names.check(problems, [*at, "payer"], instrument.get("payer"), "party")
        names.check(problems, [*at, "responsible"], instrument.get("responsible"), "party")
        names.check_all(problems, [*at, "stages"], instrument.get("stages", []), "stage")
        names.check_all(problems, [*at, "minerals"], instrument.get("minerals", []), "mineral")
        for figure_index, figure in enumerate(instrument.get("reported_amounts", [])):
            _graded(problems, [*at, "reported_amounts", figure_index], figure, note_limit=True)

    milestones = document.get("milestones", [])
    _duplicates(problems, ["milestones"], milestones, "title", "milestone title")
    for index, milestone in enumerate(milestones):
        at = ["milestones", index]
        cite(at, milestone["source"])
        names.check(problems, [*at, "responsible"], milestone.get("responsible"), "party")
        if "instrument" in milestone and milestone["instrument"] not in instrument_names:
            problems.add([*at, "instrument"], f"{milestone['instrument']!r} is not an instrument of this file")
        _check_deadline(problems, at, milestone, signed=("signed_on" in document["fields"]))
        for item_index, item in enumerate(milestone.get("evidence", [])):
            _graded(problems, [*at, "evidence", item_index], item)
            if not item.get("url") and not item.get("title"):
                problems.add([*at, "evidence", item_index], "an evidence item needs a url, or a title (no URL found)")

    for index, project in enumerate(document.get("projects", [])):
        at = ["projects", index]
        record, _ = where(document, at)
        projects[project["slug"]].append(f"{problems.file}: {record}")
        cite(at, project["source"])
        fields = project["fields"]
        names.check(problems, [*at, "fields", "country"], fields["country"], "country")
        names.check(problems, [*at, "fields", "operator"], fields.get("operator"), "party")
        names.check(problems, [*at, "fields", "stage"], fields.get("stage"), "stage")
        if "capital_cost" in fields and "currency" not in fields:
            problems.add([*at, "fields", "currency"], "required with a capital_cost")
        names.check_all(problems, [*at, "minerals"], project.get("minerals", []), "mineral")
        for name_index, name in enumerate(project.get("instruments", [])):
            if name not in instrument_names:
                problems.add([*at, "instruments", name_index], f"{name!r} is not an instrument of this file")

    relations = document.get("relations", [])
    seen: set[tuple[str, str]] = set()
    for index, relation in enumerate(relations):
        at = ["relations", index]
        cite(at, relation.get("source"))
        target = relation["agreement"]
        if target == slug:
            problems.add([*at, "agreement"], "an agreement cannot be related to itself")
        elif target not in slugs:
            problems.add([*at, "agreement"], f"{target!r} is not an agreement of the data set")
        if (relation["kind"], target) in seen:
            problems.add(at, f"{relation['kind']} {target} is written twice")
        seen.add((relation["kind"], target))

    _check_discrepancies(problems, [], document.get("discrepancies", []), items)


def _check_deadline(problems: _Errors, at: list, milestone: dict[str, Any], *, signed: bool) -> None:
    """The deadline rules the models enforce, checked before anything is written."""
    relative = "offset_months" in milestone or "offset_days" in milestone
    absolute = "due_on" in milestone
    if milestone.get("deadline_stated", True) is False:
        if relative or absolute:
            problems.add([*at, "deadline_stated"], "false: then no due_on and no offsets")
    elif relative and absolute:
        problems.add([*at, "due_on"], "give either due_on or offset_months/offset_days, not both")
    elif not relative and not absolute:
        problems.add(at, "give a deadline (due_on, offset_months or offset_days), or deadline_stated: false")
    elif relative and milestone.get("anchor", "signing") == "signing" and not signed:
        problems.add([*at, "anchor"], "counts from signing, but the agreement has no fields.signed_on")


def _check_mineral_lists(
    document: dict[str, Any], problems: _Errors, names: _Names, items: dict[int, dict[str, list[str]]]
) -> None:
    lists = document["lists"]
    _duplicates(problems, ["lists"], lists, "slug", "list")
    for index, mineral_list in enumerate(lists):
        at = ["lists", index]
        names.check(problems, [*at, "publisher"], mineral_list["publisher"], "party")
        _graded(problems, at, mineral_list)
        entries = mineral_list.get("entries", [])
        if entries and not mineral_list["members_verified"]:
            problems.add([*at, "entries"], "members_verified is false: a list known only by its count has no entries")
        _duplicates(problems, [*at, "entries"], entries, "mineral", "mineral")
        for entry_index, entry in enumerate(entries):
            names.check(problems, [*at, "entries", entry_index, "mineral"], entry["mineral"], "mineral")
        _check_discrepancies(problems, at, mineral_list.get("discrepancies", []), items)


def _check_hs_codes(document: dict[str, Any], problems: _Errors, names: _Names) -> None:
    codes = document["codes"]
    _duplicates(problems, ["codes"], codes, "code", "code")
    for index, code in enumerate(codes):
        names.check_all(problems, ["codes", index, "minerals"], code.get("minerals", []), "mineral")
        _graded(problems, ["codes", index], code, note_limit=True)


def graded_note(entry: dict[str, Any]) -> str:
    """The entry's note, led by the secondary-source caveat when the reference grades it [V-sec]."""
    parts = [SECONDARY_NOTE if entry.get("mark", "V") == "V-sec" else "", entry.get("note", "")]
    return " ".join(part for part in parts if part)


def texts(value: Any) -> Iterator[str]:
    """Every string of a record, however deep (for tests that look for a URL anywhere in the data)."""
    if isinstance(value, dict):
        for item in value.values():
            yield from texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from texts(item)
    elif isinstance(value, str):
        yield value
