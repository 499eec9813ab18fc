"""The reference data set: reviewable YAML files under `records/`, read into plain dicts for loader.py.

One file per agreement (`records/agreements/<slug>.yaml`), plus the vocabulary, the projects, the
criticality lists and the HS codes. Money is written as a string ("1000000000") so no float ever
rounds it; it is read back as Decimal here.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

RECORDS_DIR = Path(__file__).parent / "records"
# The date of the reference's searches: "no evidence found in the sources searched (as of 2026-12-01)".
REFERENCE_AS_OF = datetime.date(2026, 12, 1)
NO_EVIDENCE_NOTE = "No evidence found in the sources searched (as of 2026-12-01)."
# Prefixed to the note of every fact graded [V-sec] by the reference.
SECONDARY_NOTE = (
    "Secondary source [V-sec]: seen only in a rewrite, an aggregator, an AI-written site or a blog, not "
    "in an official text or a news report."
)
MONEY_KEYS = frozenset({"amount", "capital_cost"})


@dataclass(frozen=True)
class DataSet:
    vocabulary: dict[str, list[dict[str, Any]]]
    agreements: list[dict[str, Any]]
    projects: list[dict[str, Any]]
    files: dict[str, Path] = field(default_factory=dict)  # agreement slug -> its file


def _money(value: Any) -> Any:
    """Money strings as Decimal, everywhere in a record."""
    if isinstance(value, dict):
        return {k: Decimal(v) if k in MONEY_KEYS and isinstance(v, str) else _money(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_money(item) for item in value]
    return value


def _read(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return _money(yaml.safe_load(handle))


def read_data_set(directory: Path = RECORDS_DIR) -> DataSet:
    paths = sorted((directory / "agreements").glob("*.yaml"))
    agreements = [_read(path) for path in paths]
    return DataSet(
        vocabulary=_read(directory / "vocabulary.yaml"),
        agreements=agreements,
        projects=_read(directory / "projects.yaml")["projects"],
        files={entry["slug"]: path for entry, path in zip(agreements, paths, strict=True)},
    )
