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
