"""Choice vocabularies shared by models, querysets, filters, serializers and pages.

Values are part of the public API contract: add new ones freely, never rename.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PartyKind(models.TextChoices):
    COUNTRY = "country", _("Country")
    BLOC = "bloc", _("Bloc")
    ORGANIZATION = "organization", _("International organisation")
    COMPANY = "company", _("Company")
    AGENCY = "agency", _("Government agency")


class AgreementKind(models.TextChoices):
    FRAMEWORK = "framework", _("Framework")
    MOU = "mou", _("Memorandum of understanding")
    TREATY = "treaty", _("Treaty")
    TRADE_AGREEMENT = "trade_agreement", _("Trade agreement")
    JOINT_STATEMENT = "joint_statement", _("Joint statement")
    PARTNERSHIP = "partnership", _("Partnership")
    LAW = "law", _("Law or regulation")
    DECLARATION = "declaration", _("Declaration")
    ACTION_PLAN = "action_plan", _("Action plan")
    PROGRAMME = "programme", _("Government programme")
    COMPANY_AGREEMENT = "company_agreement", _("Company agreement")


class AgreementStatus(models.TextChoices):
    NEGOTIATING = "negotiating", _("Negotiating")
    SIGNED = "signed", _("Signed")
    IN_FORCE = "in_force", _("In force")
    IMPLEMENTING = "implementing", _("Implementing")
    COMPLETED = "completed", _("Completed")
    LAPSED = "lapsed", _("Lapsed")


class PartyRole(models.TextChoices):
    SIGNATORY = "signatory", _("Signatory")
    PARTICIPANT = "participant", _("Participant")
    OBSERVER = "observer", _("Observer")


class InstrumentKind(models.TextChoices):
    EQUITY = "equity", _("Equity investment")
    LOAN = "loan", _("Loan or debt finance")
    GUARANTEE = "guarantee", _("Loan guarantee")
    GRANT = "grant", _("Grant")
    PRICE_SUPPORT = "price_support", _("Price floor or price support")
    OFFTAKE = "offtake", _("Offtake or purchase commitment")
    STOCKPILE = "stockpile", _("Stockpile")
    PERMITTING = "permitting", _("Permitting acceleration")
    COORDINATION = "coordination", _("Coordination body or working group")
    TRADE_MEASURE = "trade_measure", _("Trade measure")
    RESEARCH = "research", _("Research and development")
    INFORMATION_SHARING = "information_sharing", _("Information sharing")
    STANDARDS = "standards", _("Standards")
    INSURANCE = "insurance", _("Insurance")


class AmountQualifier(models.TextChoices):
    EXACT = "exact", _("exactly")
    AT_LEAST = "at_least", _("at least")
    MORE_THAN = "more_than", _("more than")
    UP_TO = "up_to", _("up to")


class MilestoneStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


# A milestone in one of these states can still become overdue.
OPEN_MILESTONE_STATUSES = (MilestoneStatus.PENDING, MilestoneStatus.IN_PROGRESS)


class MilestoneKind(models.TextChoices):
    COMMITMENT = "commitment", _("Commitment")
    EXPIRY = "expiry", _("Expiry")
    REVIEW = "review", _("Review")


class DeadlineAnchor(models.TextChoices):
    SIGNING = "signing", _("Signing")
    ENTRY_INTO_FORCE = "entry_into_force", _("Entry into force")
    # The text gives a period but the sources do not say from when: no date until they do.
    UNKNOWN = "unknown", _("Start not known")


class EvidenceVerdict(models.TextChoices):
    FULFILS = "fulfils", _("Fulfils")
    PARTLY_FULFILS = "partly_fulfils", _("Partly fulfils")
    RELATED = "related", _("Related, does not fulfil")
    CONTRADICTS = "contradicts", _("Contradicts")


class EvidenceGrade(models.TextChoices):
    PRIMARY = "primary", _("Primary (official text or statement of a party)")
    SECONDARY = "secondary", _("Secondary (press, analysts, aggregators)")


class Outcome(models.TextChoices):
    """Derived by `outcomes.milestone_outcome` (and its SQL twin); never typed in."""

    MET_ON_TIME = "met_on_time", _("Met on time")
    MET_LATE = "met_late", _("Met late")
    PARTLY_MET = "partly_met", _("Partly met")
    MISSED = "missed", _("Missed")
    OVERDUE_NO_EVIDENCE = "overdue_no_evidence", _("Overdue, no evidence")
    NOT_YET_DUE = "not_yet_due", _("Not yet due")
    WAITING = "waiting", _("Waiting for its start date")
    # Commitments the text gives no deadline: delivered or not, never "on time" or "late".
    MET_NO_DEADLINE = "met_no_deadline", _("Met (no deadline stated)")
    NO_DEADLINE = "no_deadline", _("Open (no deadline stated)")
    CANCELLED = "cancelled", _("Cancelled")
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")


class Firmness(models.TextChoices):
    FIRM = "firm", _("Firm commitment")
    PLEDGE = "pledge", _("Pledge")
    LETTER_OF_INTEREST = "letter_of_interest", _("Letter of interest")
    TARGET = "target", _("Target")
    NOT_STATED = "not_stated", _("Not stated")


class ProjectStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    PERMITTING = "permitting", _("Permitting")
    FINANCING = "financing", _("Financing")
    CONSTRUCTION = "construction", _("Construction")
    OPERATING = "operating", _("Operating")
    SUSPENDED = "suspended", _("Suspended")
    UNKNOWN = "unknown", _("Not stated")


class PermitStatus(models.TextChoices):
    UNKNOWN = "unknown", _("Not stated")
    NOT_STARTED = "not_started", _("Not applied for")
    IN_PROGRESS = "in_progress", _("In progress")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")
    NOT_REQUIRED = "not_required", _("Not required")


class OfftakeStatus(models.TextChoices):
    UNKNOWN = "unknown", _("Not stated")
    NONE = "none", _("None")
    NEGOTIATING = "negotiating", _("Negotiating")
    RIGHTS = "rights", _("Offtake rights agreed")
    SIGNED = "signed", _("Contract signed")


class ReviewStatus(models.TextChoices):
    UNKNOWN = "unknown", _("Not stated")
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    NOT_REQUIRED = "not_required", _("Not required")


class AlertKind(models.TextChoices):
    FLAGGED = "flagged", _("Flagged overdue")
    CLEARED = "cleared", _("Overdue flag cleared")
    OVERDUE_NOTICE = "overdue_notice", _("Overdue notice sent")
    REMINDER = "reminder", _("Deadline reminder sent")
    OUTCOME_NOTICE = "outcome_notice", _("Outcome change sent")
    EDITOR_DIGEST = "editor_digest", _("Editor digest sent")


class RelationKind(models.TextChoices):
    """How one agreement stands to another, read from the subject: "FORGE supersedes the MSP"."""

    SUPERSEDES = "supersedes", _("supersedes")
    IMPLEMENTS = "implements", _("implements")
    DERIVED_FROM = "derived_from", _("is derived from")
    AMENDS = "amends", _("amends")
    # The sources say only that two records are linked (a company deal and its framework): no direction.
    LINKED_TO = "linked_to", _("is linked to")


# The same relation read from its object's side ("the MSP is superseded by FORGE"): the API's
# `related[].relation` value and the label pages show.
RELATION_INVERSES = {
    RelationKind.SUPERSEDES: ("superseded_by", _("is superseded by")),
    RelationKind.IMPLEMENTS: ("implemented_by", _("is implemented by")),
    RelationKind.DERIVED_FROM: ("template_for", _("is the template for")),
    RelationKind.AMENDS: ("amended_by", _("is amended by")),
    RelationKind.LINKED_TO: ("linked_to", _("is linked to")),
}
