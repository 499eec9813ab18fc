"""The extractor over the corpus: every clause, and precision and recall over all of them."""

import pytest

from tests.extraction.corpus import clauses, expected_key, found_key, score

CLAUSES = clauses()
POSITIVE = [c for c in CLAUSES if c.commitments]
NEGATIVE = [c for c in CLAUSES if not c.commitments]


def test_corpus_has_the_reference_clauses_the_founding_summary_and_enough_negatives():
    ids = {c.id for c in CLAUSES}
    assert "founding-summary-de" in ids
    assert sum(1 for c in POSITIVE if not c.id.startswith("own-")) >= 25
    assert len([c for c in NEGATIVE if c.id.startswith("own-neg")]) >= 15


@pytest.mark.parametrize("clause", POSITIVE, ids=lambda c: c.id)
def test_clause_yields_its_commitments_with_the_reference_deadline(clause):
    draft = clause.extract()
    assert [found_key(c) for c in draft.commitments] == [expected_key(c) for c in clause.commitments]
    assert [c.deadline for c in draft.commitments] == [c["deadline"] for c in clause.commitments]
    for commitment in draft.commitments:
        assert commitment.commitment_text in commitment.text  # the phrase is quoted from its sentence
        # Exactly one of the offsets (relative) or due_on (absolute), as in milestones.
        relative = commitment.offset_months is not None or commitment.offset_days is not None
        assert relative != (commitment.due_on is not None)


@pytest.mark.parametrize("clause", NEGATIVE, ids=lambda c: c.id)
def test_negative_clause_yields_no_commitment(clause):
    assert clause.extract().commitments == []


@pytest.mark.parametrize("clause", [c for c in CLAUSES if c.expect], ids=lambda c: c.id)
def test_clause_draft_fields(clause):
    draft = clause.extract().as_dict()
    for field, value in clause.expect.items():
        wanted = value.isoformat() if hasattr(value, "isoformat") else value
        assert draft[field] == wanted, field


def test_precision_and_recall_over_the_corpus(capsys):
    result = score(CLAUSES)
    with capsys.disabled():
        print(
            f"\nextraction corpus: {len(CLAUSES)} clauses, {result.expected} expected commitments, "
            f"{result.found} found, {result.right} right; "
            f"precision {result.precision:.3f}, recall {result.recall:.3f}"
        )
    assert result.precision >= 0.95
    assert result.recall >= 0.95


def test_score_counts_a_wrong_offset_as_both_a_miss_and_a_false_find():
    # The scorer itself can fail: a clause whose expectation is wrong lowers both figures.
    clause = next(c for c in POSITIVE if c.id == "us-japan-7.1b")
    wrong = [{**clause.commitments[0], "offset_days": 181}]
    result = score([type(clause)(**{**clause.__dict__, "commitments": wrong})])
    assert (result.expected, result.found, result.right) == (1, 1, 0)
    assert result.precision == result.recall == 0.0
