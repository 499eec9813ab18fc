"""Loading the extraction corpus (tests/extraction/corpus/*.yaml) and scoring the extractor on it."""

import dataclasses
import datetime
import pathlib

import yaml

from agreements.extraction import Draft, extract

CORPUS_DIR = pathlib.Path(__file__).parent / "corpus"


@dataclasses.dataclass(frozen=True)
class Clause:
    id: str
    text: str
    signed_on: datetime.date | None
    language: str | None
    commitments: list[dict]
    expect: dict

    def extract(self) -> Draft:
        return extract(self.text, signed_on=self.signed_on, language=self.language)


def clauses() -> list[Clause]:
    loaded = []
    for path in sorted(CORPUS_DIR.glob("*.yaml")):
        for item in yaml.safe_load(path.read_text(encoding="utf-8"))["clauses"]:
            text = (CORPUS_DIR / item["text_file"]).read_text(encoding="utf-8") if "text_file" in item else item["text"]
            loaded.append(
                Clause(
                    id=item["id"],
                    text=text,
                    signed_on=item.get("signed_on"),
                    language=item.get("language"),
                    commitments=item["commitments"],
                    expect=item.get("expect", {}),
                )
            )
    return loaded


def expected_key(commitment: dict) -> tuple:
    """What must match for a commitment to count as right: phrase as worded, offset or date, anchor."""
    return (
        commitment["phrase"],
        commitment.get("offset_months"),
        commitment.get("offset_days"),
        commitment.get("due_on"),
        commitment["anchor"],
    )


def found_key(commitment) -> tuple:
    return (
        commitment.commitment_text,
        commitment.offset_months,
        commitment.offset_days,
        commitment.due_on,
        commitment.anchor,
    )


@dataclasses.dataclass(frozen=True)
class Score:
    expected: int
    found: int
    right: int

    @property
    def precision(self) -> float:
        return self.right / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.expected if self.expected else 1.0


def score(items: list[Clause]) -> Score:
    expected = found = right = 0
    for clause in items:
        wanted = [expected_key(c) for c in clause.commitments]
        got = [found_key(c) for c in clause.extract().commitments]
        expected += len(wanted)
        found += len(got)
        for key in got:
            if key in wanted:
                wanted.remove(key)  # each expected commitment is matched at most once
                right += 1
    return Score(expected=expected, found=found, right=right)
