"""Loads the demo data set, idempotently, through the services and `full_clean()`.

Rows are keyed by natural keys: slugs for parties, minerals, stages, agreements and projects;
(agreement, title, publisher) for sources; (agreement, title) for milestones; (agreement, name)
for instruments; (milestone, date, source URL or title) for evidence items; (instrument, figure,
source) for reported amounts. A row the data renamed (`was`) is renamed in place, not duplicated.
Each row is compared with the data first and saved only when something differs, so a second run
writes nothing: no new rows, no history rows, `updated_at` unchanged.

Outcomes are never written: evidence goes through services/evidence.py, so a milestone's status
follows it (a `fulfils` item completes it on the earliest such date). Otherwise a milestone's
progress is the users' to record and is left alone, and `last_checked_on` only moves forward.
"""

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction

from agreements.choices import DeadlineAnchor, EvidenceGrade, EvidenceVerdict, MilestoneKind, PartyKind
from agreements.demo.dataset import REFERENCE_AS_OF, SECONDARY_NOTE, DataSet, read_data_set
from agreements.models import (
    Agreement,
    Evidence,
    Instrument,
    Milestone,
    Mineral,
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
]
# The reference's labels for how an evidence item relates to its clause (REFERENCE.md, 5 and 7).
# Never `contradicts`: only a source that reports non-delivery could say so, and none does.
VERDICTS = {
    "fulfils": EvidenceVerdict.FULFILS,
    "partly fulfils": EvidenceVerdict.PARTLY_FULFILS,
    "related": EvidenceVerdict.RELATED,
    "related, does not fulfil": EvidenceVerdict.RELATED,
}
MARKS = ("V", "V-sec")  # [?] items are never loaded as facts; [C] results are the deadlines themselves


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

    def run(self) -> LoadReport:
        self.load_parties()
        self.load_minerals()
        self.load_stages()
        for entry in self.data_set.agreements:
            self.load_agreement(entry)
        for entry in self.data_set.projects:
            self.load_project(entry)
        return self.report

    # Reference data.

    def load_parties(self) -> None:
        vocabulary = self.data_set.vocabulary
        rows = [(c["slug"], c["name"], PartyKind.COUNTRY, None) for c in vocabulary["countries"]]
        rows += [(p["slug"], p["name"], p["kind"], p.get("country")) for p in vocabulary["other_parties"]]
        for slug, name, kind, country in rows:
            values = {
                "name": name,
                "kind": kind,
                "iso_code": slug.upper() if kind == PartyKind.COUNTRY else None,
                "country": self.parties[country] if country else None,
            }
            party, state = _upsert(Party, {"slug": slug}, values)
            self.parties[slug] = party
            self.report.add("parties", state)

    def load_minerals(self) -> None:
        for entry in self.data_set.vocabulary["minerals"]:
            group = entry.get("group")
            values = {
                "name": entry["name"],
                "symbol": entry.get("symbol", ""),
                "group": self.minerals[group] if group else None,
                "is_group": entry.get("is_group", False),
            }
            mineral, state = _upsert(Mineral, {"slug": entry["slug"]}, values)
            self.minerals[entry["slug"]] = mineral
            self.report.add("minerals", state)

    def load_stages(self) -> None:
        for entry in self.data_set.vocabulary["stages"]:
            values = {"name": entry["name"], "order": entry["order"], "description": entry["description"]}
            stage, state = _upsert(ValueChainStage, {"slug": entry["slug"]}, values)
            self.stages[entry["slug"]] = stage
            self.report.add("stages", state)

    # Agreements and what belongs to them.

    def load_agreement(self, entry: dict[str, Any]) -> None:
        slug = entry["slug"]
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
        if agreement is None:
            agreement = agreement_create(
                data={"slug": slug, **fields}, parties=parties, minerals=minerals, stages=stages
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
            if diff or changes:
                agreement = agreement_update(agreement=agreement, data=diff, **changes)
                self.report.add("agreements", UPDATED)
            else:
                self.report.add("agreements", UNCHANGED)
        self.agreements[slug] = agreement

        for source in entry["sources"]:
            self.load_source(agreement, source)
        for instrument in entry.get("instruments", []):
            self.load_instrument(agreement, instrument)
        for milestone in entry.get("milestones", []):
            self.load_milestone(agreement, milestone)

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
            "note": _graded_note(entry),
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
            # "Last checked" only moves forward: a later check by an editor stands.
            if checked_on is not None and (milestone.last_checked_on is None or milestone.last_checked_on < checked_on):
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

    def load_project(self, entry: dict[str, Any]) -> None:
        agreement_slug = entry["agreement"]
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


# --- evidence and reported amounts ------------------------------------------------------------


def _graded_note(entry: dict[str, Any]) -> str:
    """The entry's note, led by the secondary-source caveat when the reference grades it [V-sec]."""
    mark = entry.get("mark", "V")
    if mark not in MARKS:
        raise ValueError(f"Unknown grade {mark!r}: only [V] and [V-sec] facts are loaded.")
    parts = [SECONDARY_NOTE if mark == "V-sec" else "", entry.get("note", "")]
    return " ".join(part for part in parts if part)


def _evidence_values(entry: dict[str, Any]) -> dict[str, Any]:
    """An evidence entry of a data file as Evidence fields: verdict from the reference's label; grade
    primary only for an official text or statement of a party graded [V]; further URLs in the note."""
    if entry.get("official") and entry.get("mark", "V") != "V":
        raise ValueError("An official text is graded [V], never [V-sec].")
    note = _graded_note(entry)
    if entry.get("further"):
        note = " ".join(part for part in [note, "Further sources: " + " ; ".join(entry["further"]) + "."] if part)
    return {
        "summary": entry["summary"],
        "verdict": VERDICTS[entry["relation"]],
        "grade": EvidenceGrade.PRIMARY if entry.get("official") else EvidenceGrade.SECONDARY,
        "source_url": entry.get("url", ""),
        "source_title": entry.get("title", ""),
        "source_publisher": entry.get("publisher", ""),
        "source_published_on": entry.get("published_on"),
        "note": note,
    }


@transaction.atomic
def load_demo(data_set: DataSet | None = None) -> LoadReport:
    """Loads (or brings up to date) the whole demo data set in one transaction: all or nothing."""
    return _Loader(data_set or read_data_set()).run()
