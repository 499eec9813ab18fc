"""Loads the demo data set, idempotently, through the services and `full_clean()`.

Rows are keyed by natural keys: slugs for parties, minerals, stages, agreements, projects and
criticality lists; (agreement, title, publisher) for sources; (agreement, title) for milestones;
(agreement, name) for instruments; (milestone, date, source URL or title) for evidence items;
(instrument, figure, source) for reported amounts; (subject, kind, object) for relations; (agreement
or list, topic) for discrepancies; (list, mineral) for list entries; the code for HS codes. A row the
data renamed (`was`) is renamed in place, not duplicated. Each row is compared with the data first
and saved only when something differs, so a second run writes nothing: no new rows, no history
rows, `updated_at` unchanged. Rows the data no longer has are left alone (never deleted).

Outcomes are never written: evidence goes through services/evidence.py, so a milestone's status
follows it (a `fulfils` item completes it on the earliest such date). Otherwise a milestone's
progress is the users' to record and is left alone, and `last_checked_on` and `reviewed_on` only
move forward. Every agreement of the reference is published (`published_at` is set once, by the
services, the first time).

The data set is validated (dataset.read_data_set) before anything is written; a row the models
still refuse stops the load with a DataSetError naming its file and record, and the transaction
leaves the database as it was.
"""

import datetime
import gettext
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import pycountry
from django.core.exceptions import ValidationError
from django.db import models, transaction

from agreements.choices import DeadlineAnchor, EvidenceGrade, EvidenceVerdict, MilestoneKind, PartyKind
from agreements.demo.dataset import (
    HS_CODES,
    MINERAL_LISTS,
    REFERENCE_AS_OF,
    VOCABULARY,
    DataSet,
    DataSetError,
    graded_note,
    read_data_set,
    where,
)
from agreements.models import (
    Agreement,
    AgreementRelation,
    Discrepancy,
    DiscrepancyClaim,
    Evidence,
    HSCode,
    Instrument,
    Milestone,
    Mineral,
    MineralList,
    MineralListEntry,
    Party,
    Project,
    ReportedAmount,
    Source,
    ValueChainStage,
)
from agreements.services import agreement_create, agreement_update, milestone_create, milestone_update
from agreements.services.evidence import evidence_create, evidence_update

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
# The order of the summary lines.
LABELS = [
    "parties",
    "minerals",
    "stages",
    "agreements",
    "sources",
    "instruments",
    "reported amounts",
    "milestones",
    "evidence",
    "projects",
    "relations",
    "discrepancies",
    "mineral lists",
    "list entries",
    "HS codes",
]
# The reference's labels for how an evidence item relates to its clause (REFERENCE.md, 5 and 7).
# Never `contradicts`: only a source that reports non-delivery could say so, and none does.
VERDICTS = {
    "fulfils": EvidenceVerdict.FULFILS,
    "partly fulfils": EvidenceVerdict.PARTLY_FULFILS,
    "related": EvidenceVerdict.RELATED,
    "related, does not fulfil": EvidenceVerdict.RELATED,
}
# A claim has no note of its own: a [V-sec] claim carries the reference's mark after its words.
SECONDARY_CLAIM_MARK = "[V-sec]"


@dataclass
class LoadReport:
    counts: dict[str, Counter] = field(default_factory=lambda: {label: Counter() for label in LABELS})

    def add(self, label: str, state: str) -> None:
        self.counts[label][state] += 1

    def total(self, state: str) -> int:
        return sum(counter[state] for counter in self.counts.values())

    @property
    def changed(self) -> bool:
        return bool(self.total(CREATED) or self.total(UPDATED))

    def lines(self) -> list[str]:
        lines = [
            f"{label}: {c[CREATED]} created, {c[UPDATED]} updated, {c[UNCHANGED]} unchanged"
            for label, c in self.counts.items()
        ]
        if self.changed:
            lines.append(f"Demo data loaded: {self.total(CREATED)} created, {self.total(UPDATED)} updated.")
        else:
            lines.append("Demo data already up to date: nothing changed.")
        return lines


# --- comparing ---------------------------------------------------------------------------


def _differences(obj: models.Model, values: dict[str, Any]) -> dict[str, Any]:
    """The entries of `values` that differ from `obj` (foreign keys compared by primary key)."""
    diff = {}
    for name, value in values.items():
        model_field = obj._meta.get_field(name)
        if model_field.is_relation:
            current = getattr(obj, model_field.attname)
            wanted = value.pk if value is not None else None
        else:
            current, wanted = getattr(obj, name), value
        if current != wanted:
            diff[name] = value
    return diff


def _ids(objects: Iterable[models.Model]) -> set[int]:
    return {obj.pk for obj in objects}


def _sync_m2m(manager, wanted: list[models.Model]) -> bool:
    """Sets a many-to-many relation only when it differs (so no history row otherwise)."""
    if set(manager.values_list("pk", flat=True)) == _ids(wanted):
        return False
    manager.set(wanted)
    return True


def _upsert(
    model: type[models.Model], key: dict[str, Any], values: dict[str, Any], *, was: dict[str, Any] | None = None
) -> tuple[models.Model, str]:
    """Creates or updates one row (validated with full_clean) and says which it did; a row still under
    its former key `was` is renamed to `key`."""
    obj = model.objects.filter(**key).first()
    if obj is None and was is not None:
        obj = model.objects.filter(**was).first()
        if obj is not None:
            values = {**key, **values}
    if obj is None:
        obj = model(**key, **values)
        obj.full_clean()
        obj.save()
        return obj, CREATED
    diff = _differences(obj, values)
    if not diff:
        return obj, UNCHANGED
    for name, value in diff.items():
        setattr(obj, name, value)
    obj.full_clean()
    obj.save()
    return obj, UPDATED


def _later(current: datetime.date | None, wanted: datetime.date | None) -> bool:
    """A "last checked" or "last reviewed" day only moves forward: a later one set by an editor stands."""
    return wanted is not None and (current is None or current < wanted)


def _grade(entry: dict[str, Any]) -> str:
    """Primary for an official text or statement of a party (always graded [V]); secondary otherwise."""
    return EvidenceGrade.PRIMARY if entry.get("official") else EvidenceGrade.SECONDARY


def _with_further(note: str, further: list[str]) -> str:
    """Several sources for one fact: the first is the record's source, the others join its note."""
    if not further:
        return note
    return " ".join(part for part in [note, "Further sources: " + " ; ".join(further) + "."] if part)


@cache
def _german_country_names() -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["de"])


def german_country_name(slug: str) -> str:
    """The German name of a country from pycountry's ISO 3166-1 translations ("" if it has none)."""
    country = pycountry.countries.get(alpha_2=slug.upper())
    if country is None:
        return ""
    return _german_country_names().gettext(country.name)


# --- loading -----------------------------------------------------------------------------


class _Loader:
    def __init__(self, data_set: DataSet) -> None:
        self.data_set = data_set
        self.report = LoadReport()
        self.parties: dict[str, Party] = {}
        self.minerals: dict[str, Mineral] = {}
        self.stages: dict[str, ValueChainStage] = {}
        self.agreements: dict[str, Agreement] = {}
        self.sources: dict[tuple[str, str], Source] = {}
        self.instruments: dict[tuple[str, str], Instrument] = {}

    @contextmanager
    def record(self, file: str, document: Any, path: list) -> Iterator[None]:
        """Names the file and record of a row the models refuse, as the data set's checks do."""
        try:
            yield
        except ValidationError as error:
            record, _ = where(document, path)
            messages = (
                "; ".join(f"{name}: {' '.join(texts)}" for name, texts in error.message_dict.items())
                if hasattr(error, "error_dict")
                else " ".join(error.messages)
            )
            raise DataSetError([": ".join(part for part in [file, record, messages] if part)]) from error

    def run(self) -> LoadReport:
        self.load_parties()
        self.load_minerals()
        self.load_stages()
        for entry in self.data_set.agreements:
            self.load_agreement(entry)
        for entry in self.data_set.agreements:
            self.load_relations(entry)
        self.load_mineral_lists()
        self.load_hs_codes()
        return self.report

    # Reference data.

    def load_parties(self) -> None:
        vocabulary = self.data_set.vocabulary
        for group in ("countries", "other_parties"):
            for index, entry in enumerate(vocabulary[group]):
                slug = entry["slug"]
                country = group == "countries"
                kind = PartyKind.COUNTRY if country else entry["kind"]
                values = {
                    "name": entry["name"],
                    "name_de": entry.get("name_de") or (german_country_name(slug) if country else ""),
                    "kind": kind,
                    "iso_code": slug.upper() if country else None,
                    "country": self.parties[entry["country"]] if entry.get("country") else None,
                    # Written only where the vocabulary has one: an editor's description stays otherwise.
                    **({"description": entry["description"]} if "description" in entry else {}),
                }
                with self.record(VOCABULARY, vocabulary, [group, index]):
                    party, state = _upsert(Party, {"slug": slug}, values)
                self.parties[slug] = party
                self.report.add("parties", state)

    def load_minerals(self) -> None:
        vocabulary = self.data_set.vocabulary
        for index, entry in enumerate(vocabulary["minerals"]):
            group = entry.get("group")
            values = {
                "name": entry["name"],
                "name_de": entry.get("name_de", ""),
                "symbol": entry.get("symbol", ""),
                "group": self.minerals[group] if group else None,
                "is_group": entry.get("is_group", False),
                **({"description": entry["description"]} if "description" in entry else {}),
            }
            with self.record(VOCABULARY, vocabulary, ["minerals", index]):
                mineral, state = _upsert(Mineral, {"slug": entry["slug"]}, values)
            self.minerals[entry["slug"]] = mineral
            self.report.add("minerals", state)

    def load_stages(self) -> None:
        vocabulary = self.data_set.vocabulary
        for index, entry in enumerate(vocabulary["stages"]):
            values = {
                "name": entry["name"],
                "name_de": entry.get("name_de", ""),
                "order": entry["order"],
                "description": entry.get("description", ""),
            }
            with self.record(VOCABULARY, vocabulary, ["stages", index]):
                stage, state = _upsert(ValueChainStage, {"slug": entry["slug"]}, values)
            self.stages[entry["slug"]] = stage
            self.report.add("stages", state)

    # Agreements and what belongs to them.

    def load_agreement(self, entry: dict[str, Any]) -> None:
        slug = entry["slug"]
        file = self.data_set.file_of(slug)
        fields = {
            "legally_binding": None,
            "signed_on": None,
            "signed_at": "",
            "entered_into_force_on": None,
            "objectives": "",
            "notes": "",
            **entry["fields"],
            # The reference data set is published: it is what the tracker shows.
            "published": True,
        }
        reviewed_on: datetime.date | None = entry.get("reviewed_on")
        parties = [
            {
                "party": self.parties[p["party"]],
                "role": p["role"],
                "signed_by": p.get("signed_by", ""),
                "joined_on": p.get("joined_on"),
                "note": p.get("note", ""),
            }
            for p in entry["parties"]
        ]
        minerals = [self.minerals[s] for s in entry.get("minerals", [])]
        stages = [self.stages[s] for s in entry.get("stages", [])]

        agreement = Agreement.objects.filter(slug=slug).first()
        with self.record(file, entry, []):
            if agreement is None:
                agreement = agreement_create(
                    data={"slug": slug, "reviewed_on": reviewed_on, **fields},
                    parties=parties,
                    minerals=minerals,
                    stages=stages,
                )
                self.report.add("agreements", CREATED)
            else:
                changes: dict[str, Any] = {}
                if set(agreement.parties.values_list("pk", flat=True)) != _ids(p["party"] for p in parties) or any(
                    _differences(membership, wanted) for membership, wanted in self._memberships(agreement, parties)
                ):
                    changes["parties"] = parties
                if set(agreement.minerals.values_list("pk", flat=True)) != _ids(minerals):
                    changes["minerals"] = minerals
                if set(agreement.stages.values_list("pk", flat=True)) != _ids(stages):
                    changes["stages"] = stages
                diff = _differences(agreement, fields)
                if _later(agreement.reviewed_on, reviewed_on):
                    diff["reviewed_on"] = reviewed_on
                if diff or changes:
                    agreement = agreement_update(agreement=agreement, data=diff, **changes)
                    self.report.add("agreements", UPDATED)
                else:
                    self.report.add("agreements", UNCHANGED)
        self.agreements[slug] = agreement

        for index, source in enumerate(entry["sources"]):
            with self.record(file, entry, ["sources", index]):
                self.load_source(agreement, source)
        for index, instrument in enumerate(entry.get("instruments", [])):
            with self.record(file, entry, ["instruments", index]):
                self.load_instrument(agreement, instrument)
        for index, milestone in enumerate(entry.get("milestones", [])):
            with self.record(file, entry, ["milestones", index]):
                self.load_milestone(agreement, milestone)
        for index, project in enumerate(entry.get("projects", [])):
            with self.record(file, entry, ["projects", index]):
                self.load_project(slug, project)
        for index, discrepancy in enumerate(entry.get("discrepancies", [])):
            with self.record(file, entry, ["discrepancies", index]):
                self.load_discrepancy(discrepancy, agreement=agreement)

    @staticmethod
    def _memberships(agreement: Agreement, parties: list[dict[str, Any]]):
        existing = {m.party_id: m for m in agreement.memberships.all()}
        for wanted in parties:
            membership = existing.get(wanted["party"].pk)
            if membership is not None:
                yield membership, {k: v for k, v in wanted.items() if k != "party"}

    def load_source(self, agreement: Agreement, entry: dict[str, Any]) -> None:
        key = {"agreement": agreement, "title": entry["title"], "publisher": entry.get("publisher", "")}
        values = {
            "url": entry.get("url", ""),
            "language": entry.get("language", ""),
            "published_on": entry.get("published_on"),
            "grade": _grade(entry),
            "note": graded_note(entry),
        }
        was = {"agreement": agreement, **entry["was"]} if "was" in entry else None
        source, state = _upsert(Source, key, values, was=was)
        self.sources[(agreement.slug, entry["key"])] = source
        self.report.add("sources", state)

    def load_instrument(self, agreement: Agreement, entry: dict[str, Any]) -> None:
        responsible, payer = entry.get("responsible"), entry.get("payer")
        values = {
            "kind": entry["kind"],
            "description": entry.get("description", ""),
            "amount": entry.get("amount"),
            "amount_qualifier": entry.get("amount_qualifier", Instrument._meta.get_field("amount_qualifier").default),
            "currency": entry.get("currency", ""),
            "firmness": entry.get("firmness", Instrument._meta.get_field("firmness").default),
            "payer": self.parties[payer] if payer else None,
            "responsible": self.parties[responsible] if responsible else None,
            "source": self.sources[(agreement.slug, entry["source"])],
            "notes": entry.get("notes", ""),
        }
        was = {"agreement": agreement, "name": entry["was"]} if "was" in entry else None
        instrument, state = _upsert(Instrument, {"agreement": agreement, "name": entry["name"]}, values, was=was)
        m2m_changed = _sync_m2m(instrument.stages, [self.stages[s] for s in entry.get("stages", [])])
        m2m_changed |= _sync_m2m(instrument.minerals, [self.minerals[s] for s in entry.get("minerals", [])])
        if m2m_changed and state == UNCHANGED:
            state = UPDATED
        self.instruments[(agreement.slug, entry["name"])] = instrument
        self.report.add("instruments", state)
        for figure in entry.get("reported_amounts", []):
            self.load_reported_amount(instrument, figure)

    def load_reported_amount(self, instrument: Instrument, entry: dict[str, Any]) -> None:
        key = {
            "instrument": instrument,
            "amount": entry["amount"],
            "currency": entry["currency"],
            "amount_qualifier": entry["amount_qualifier"],
            "source_url": entry.get("url", ""),
            "source_title": entry.get("title", ""),
        }
        values = {
            "source_publisher": entry.get("publisher", ""),
            "source_published_on": entry.get("published_on"),
            "note": graded_note(entry),
        }
        _, state = _upsert(ReportedAmount, key, values)
        self.report.add("reported amounts", state)

    def load_milestone(self, agreement: Agreement, entry: dict[str, Any]) -> None:
        responsible = entry.get("responsible")
        instrument = entry.get("instrument")
        values = {
            "instrument": self.instruments[(agreement.slug, instrument)] if instrument else None,
            "kind": entry.get("kind", MilestoneKind.COMMITMENT),
            "description": entry.get("description", ""),
            "commitment_text": entry.get("commitment_text", ""),
            "deadline_stated": entry.get("deadline_stated", True),
            "due_on": entry.get("due_on"),
            "anchor": entry.get("anchor", DeadlineAnchor.SIGNING),
            "offset_months": entry.get("offset_months"),
            "offset_days": entry.get("offset_days"),
            "responsible": self.parties[responsible] if responsible else None,
            "source": self.sources[(agreement.slug, entry["source"])],
            "notes": entry.get("notes", ""),
        }
        checked_on: datetime.date | None = entry.get("last_checked_on")
        milestone = Milestone.objects.filter(agreement=agreement, title=entry["title"]).first()
        if milestone is None:
            # Created open; its evidence (below) decides whether it is completed.
            milestone = milestone_create(
                agreement=agreement, data={"title": entry["title"], "last_checked_on": checked_on, **values}
            )
            self.report.add("milestones", CREATED)
        else:
            diff = _differences(milestone, values)
            if _later(milestone.last_checked_on, checked_on):
                diff["last_checked_on"] = checked_on
            if diff:
                milestone = milestone_update(milestone=milestone, data=diff)
                self.report.add("milestones", UPDATED)
            else:
                self.report.add("milestones", UNCHANGED)
        for item in entry.get("evidence", []):
            self.load_evidence(milestone, item)

    def load_evidence(self, milestone: Milestone, entry: dict[str, Any]) -> None:
        """One evidence item, through the evidence service so that the milestone's status follows it.

        The service records the day it is told as the day someone looked (`last_checked_on`): that is
        the date of the reference's searches, whatever day this runs."""
        values = _evidence_values(entry)
        url = values["source_url"]
        key = {"milestone": milestone, "occurred_on": entry["occurred_on"]}
        key.update({"source_url": url} if url else {"source_url": "", "source_title": values["source_title"]})
        evidence = Evidence.objects.filter(**key).first()
        if evidence is None:
            evidence_create(
                data={"milestone": milestone, "occurred_on": entry["occurred_on"], **values}, today=REFERENCE_AS_OF
            )
            self.report.add("evidence", CREATED)
            return
        diff = _differences(evidence, values)
        if diff:
            evidence_update(evidence=evidence, data=diff, today=REFERENCE_AS_OF)
            self.report.add("evidence", UPDATED)
        else:
            self.report.add("evidence", UNCHANGED)

    def load_project(self, agreement_slug: str, entry: dict[str, Any]) -> None:
        fields = dict(entry["fields"])
        values = {
            "location": "",
            "operator_name": "",
            "operator": None,
            "stage": None,
            "status": Project._meta.get_field("status").default,
            "permit_status": Project._meta.get_field("permit_status").default,
            "offtake_status": Project._meta.get_field("offtake_status").default,
            "environmental_review_status": Project._meta.get_field("environmental_review_status").default,
            "capital_cost": None,
            "currency": "",
            "description": "",
            **fields,
            "country": self.parties[fields["country"]],
            "source": self.sources[(agreement_slug, entry["source"])],
        }
        if values["operator"]:
            values["operator"] = self.parties[values["operator"]]
        if values["stage"]:
            values["stage"] = self.stages[values["stage"]]
        project, state = _upsert(Project, {"slug": entry["slug"]}, values)
        m2m_changed = _sync_m2m(project.minerals, [self.minerals[s] for s in entry.get("minerals", [])])
        m2m_changed |= _sync_m2m(
            project.instruments, [self.instruments[(agreement_slug, name)] for name in entry.get("instruments", [])]
        )
        if m2m_changed and state == UNCHANGED:
            state = UPDATED
        self.report.add("projects", state)

    # Relations and discrepancies.

    def load_relations(self, entry: dict[str, Any]) -> None:
        """Relations are declared on their subject's file, loaded once every agreement exists."""
        slug = entry["slug"]
        relations = entry.get("relations", [])
        pairs = Counter(relation["agreement"] for relation in relations)
        for index, relation in enumerate(relations):
            subject, target = self.agreements[slug], self.agreements[relation["agreement"]]
            key = {"subject": subject, "kind": relation["kind"], "object": target}
            source = relation.get("source")
            values = {
                "note": relation.get("note", ""),
                "source": self.sources[(slug, source)] if source else None,
            }
            # The only relation the file declares between the two: one of another kind was this one
            # before the data changed its kind (changed in place, not kept beside it).
            was = {"subject": subject, "object": target} if pairs[relation["agreement"]] == 1 else None
            with self.record(self.data_set.file_of(slug), entry, ["relations", index]):
                _, state = _upsert(AgreementRelation, key, values, was=was)
            self.report.add("relations", state)

    def load_discrepancy(
        self, entry: dict[str, Any], *, agreement: Agreement | None = None, mineral_list: MineralList | None = None
    ) -> None:
        """A discrepancy and its claims, every side kept in the reference's order; the claims are
        replaced, as a whole, only when they differ from the data."""
        key = {"agreement": agreement, "mineral_list": mineral_list, "topic": entry["topic"]}
        was = {**key, "topic": entry["was"]} if "was" in entry else None
        discrepancy, state = _upsert(Discrepancy, key, {"note": entry.get("note", "")}, was=was)
        wanted = [_claim_values(position, claim) for position, claim in enumerate(entry["claims"])]
        fields = list(wanted[0])
        current = list(discrepancy.claims.order_by("position", "pk").values(*fields))
        if current != wanted:
            discrepancy.claims.all().delete()
            for values in wanted:
                claim = DiscrepancyClaim(discrepancy=discrepancy, **values)
                claim.full_clean()
                claim.save()
            if state == UNCHANGED:
                state = UPDATED
        self.report.add("discrepancies", state)

    # Criticality lists and HS codes.

    def load_mineral_lists(self) -> None:
        document = {"lists": self.data_set.mineral_lists}
        for index, entry in enumerate(self.data_set.mineral_lists):
            values = {
                "name": entry["name"],
                "name_de": entry.get("name_de", ""),
                "publisher": self.parties[entry["publisher"]],
                "published_on": entry.get("published_on"),
                "stated_count": entry.get("stated_count"),
                "members_verified": entry["members_verified"],
                "grade": _grade(entry),
                "source_url": entry.get("url", ""),
                "source_title": entry.get("title", ""),
                "note": _with_further(graded_note(entry), entry.get("further", [])),
            }
            with self.record(MINERAL_LISTS, document, ["lists", index]):
                mineral_list, state = _upsert(MineralList, {"slug": entry["slug"]}, values)
                self.report.add("mineral lists", state)
                for member in entry.get("entries", []):
                    key = {"mineral_list": mineral_list, "mineral": self.minerals[member["mineral"]]}
                    _, state = _upsert(MineralListEntry, key, {"listed_as": member.get("listed_as", "")})
                    self.report.add("list entries", state)
            for position, discrepancy in enumerate(entry.get("discrepancies", [])):
                with self.record(MINERAL_LISTS, document, ["lists", index, "discrepancies", position]):
                    self.load_discrepancy(discrepancy, mineral_list=mineral_list)

    def load_hs_codes(self) -> None:
        document = {"codes": self.data_set.hs_codes}
        for index, entry in enumerate(self.data_set.hs_codes):
            values = {
                "description": entry["description"],
                "grade": _grade(entry),
                "source_url": entry.get("url", ""),
                "further_urls": "\n".join(entry.get("further", [])),
                "note": graded_note(entry),
            }
            with self.record(HS_CODES, document, ["codes", index]):
                code, state = _upsert(HSCode, {"code": entry["code"]}, values)
            if _sync_m2m(code.minerals, [self.minerals[s] for s in entry.get("minerals", [])]) and state == UNCHANGED:
                state = UPDATED
            self.report.add("HS codes", state)


# --- record values ------------------------------------------------------------------------


def _evidence_values(entry: dict[str, Any]) -> dict[str, Any]:
    """An evidence entry of a data file as Evidence fields: verdict from the reference's label; grade
    primary only for an official text or statement of a party graded [V]; further URLs in the note."""
    return {
        "summary": entry["summary"],
        "verdict": VERDICTS[entry["relation"]],
        "grade": _grade(entry),
        "source_url": entry.get("url", ""),
        "source_title": entry.get("title", ""),
        "source_publisher": entry.get("publisher", ""),
        "source_published_on": entry.get("published_on"),
        "note": _with_further(graded_note(entry), entry.get("further", [])),
    }


def _claim_values(position: int, entry: dict[str, Any]) -> dict[str, Any]:
    claim = entry["claim"]
    if entry.get("mark", "V") == "V-sec" and SECONDARY_CLAIM_MARK not in claim:
        claim = f"{claim} {SECONDARY_CLAIM_MARK}"
    return {
        "position": position,
        "claim": claim,
        "grade": _grade(entry),
        "source_url": entry.get("url", ""),
        "source_title": entry.get("title", ""),
        "source_publisher": entry.get("publisher", ""),
    }


def load_demo(data_set: DataSet | None = None, *, dry_run: bool = False) -> LoadReport:
    """Loads (or brings up to date) the whole demo data set in one transaction: all or nothing. The
    files are read and checked first (DataSetError before anything is written); `dry_run` loads and
    rolls back, so the report says what a load would change."""
    data_set = data_set or read_data_set()
    with transaction.atomic():
        report = _Loader(data_set).run()
        if dry_run:
            transaction.set_rollback(True)
    return report
