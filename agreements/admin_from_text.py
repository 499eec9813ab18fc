"""The admin's "New agreement from text": paste, review the proposal, correct it, save.

Three steps on one URL (AgreementAdmin.get_urls): the text form; the review (the extractor's
proposal as editable forms: nothing is written); the save, through agreements.services in one
transaction, all or nothing. A rule the services refuse comes back as a field error on the
review page. Parties and minerals the extractor names but the database lacks are listed and
skipped, never created.
"""

import datetime
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agreements import services
from agreements.api.serializers import EXTRACT_MAX_CHARS
from agreements.choices import AgreementKind, DeadlineAnchor, InstrumentKind, MilestoneKind, PartyRole
from agreements.deadlines import milestone_deadline
from agreements.extraction import Draft, extract
from agreements.models import Agreement, AgreementParty, Instrument, Milestone, Mineral, Party

LANGUAGE_CHOICES = [("", _("Detect")), ("en", _("English")), ("de", _("German"))]
TITLE_LENGTH = 120  # a proposed milestone title: the start of its sentence


class TextForm(forms.Form):
    text = forms.CharField(
        label=_("Text"),
        max_length=EXTRACT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 18, "class": "vLargeTextField"}),
        help_text=_("The agreement, a memorandum or a press release about it, in English or German."),
    )
    signed_on = forms.DateField(
        label=_("Signed on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Optional: wins over a signing date found in the text."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES, required=False)

    def clean_text(self):
        text = self.cleaned_data["text"]
        if "\x00" in text:
            raise ValidationError(_("Null characters are not allowed."))
        return text


def _slugs(value: str) -> list[str]:
    return [slug for slug in (part.strip() for part in value.split(",")) if slug]


class AgreementDraftForm(forms.Form):
    """The proposed agreement. The choices of parties and minerals are the ones the text named
    that exist here (carried through the review in hidden fields)."""

    title = forms.CharField(label=_("Title"), max_length=500)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", "---------"), *AgreementKind.choices])
    signed_on = forms.DateField(label=_("Signed on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    signed_at = forms.CharField(label=_("Signed at"), max_length=200, required=False)
    parties = forms.ModelMultipleChoiceField(
        label=_("Parties"), queryset=Party.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    minerals = forms.ModelMultipleChoiceField(
        label=_("Minerals"), queryset=Mineral.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    instrument_kinds = forms.MultipleChoiceField(
        label=_("Instruments"),
        choices=InstrumentKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("One instrument per kind ticked, named after the kind."),
    )
    proposed_parties = forms.CharField(required=False, widget=forms.HiddenInput)
    proposed_minerals = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposed_party_slugs = _slugs(self._value("proposed_parties"))
        self.proposed_mineral_slugs = _slugs(self._value("proposed_minerals"))
        self.fields["parties"].queryset = Party.objects.matching(self.proposed_party_slugs).order_by("name")
        self.fields["minerals"].queryset = Mineral.objects.filter(slug__in=self.proposed_mineral_slugs).order_by("name")

    def _value(self, name: str) -> str:
        if self.is_bound:
            return self.data.get(self.add_prefix(name), "") or ""
        return self.initial.get(name, "") or ""

    def missing(self) -> dict[str, list[str]]:
        """What the text named that the database lacks: skipped, not created."""
        parties = self.fields["parties"].queryset
        known = {value for party in parties for value in (party.slug, (party.iso_code or "").lower())}
        minerals = set(self.fields["minerals"].queryset.values_list("slug", flat=True))
        return {
            "parties": [slug for slug in self.proposed_party_slugs if slug.lower() not in known],
            "minerals": [slug for slug in self.proposed_mineral_slugs if slug not in minerals],
        }


class MilestoneDraftForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    commitment_text = forms.CharField(label=_("Deadline as worded"), max_length=500, required=False)
    offset_months = forms.IntegerField(label=_("Months after"), min_value=0, required=False)
    offset_days = forms.IntegerField(label=_("Days after"), min_value=0, required=False)
    due_on = forms.DateField(label=_("Due on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    anchor = forms.ChoiceField(label=_("Counts from"), choices=DeadlineAnchor.choices)
    description = forms.CharField(
        label=_("Sentence"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"}),
        help_text=_("The sentence the deadline was found in; saved as the milestone's description."),
    )

    def value(self, name: str):
        """The field's current value: cleaned when valid, else as sent or proposed."""
        if self.is_bound and hasattr(self, "cleaned_data") and name in self.cleaned_data:
            return self.cleaned_data[name]
        return self[name].value()

    def sentence_html(self):
        """The sentence with the deadline phrase marked."""
        sentence, phrase = self.value("description") or "", self.value("commitment_text") or ""
        start = sentence.find(phrase) if phrase else -1
        if start < 0:
            return sentence
        return format_html(
            "{}<mark>{}</mark>{}",
            sentence[:start],
            sentence[start : start + len(phrase)],
            sentence[start + len(phrase) :],
        )

    def deadline(self, signed_on: datetime.date | None) -> datetime.date | None:
        """The deadline these values give (the one rule of agreements.deadlines); None when they
        give none yet (no signing date, an entry into force, invalid values)."""
        try:
            return milestone_deadline(
                due_on=_as_date(self.value("due_on")),
                offset_months=_as_int(self.value("offset_months")),
                offset_days=_as_int(self.value("offset_days")),
                signed_on=signed_on,
                anchor=self.value("anchor") or DeadlineAnchor.SIGNING,
                entered_into_force_on=None,
            )
        except (OverflowError, ValueError, TypeError):
            return None


def _as_int(value):
    if isinstance(value, int) or value is None:
        return value
    try:
        return int(value) if str(value).strip() else None
    except ValueError:
        return None


def _as_date(value):
    if isinstance(value, datetime.date) or value is None:
        return value
    try:
        return datetime.date.fromisoformat(str(value)) if str(value).strip() else None
    except ValueError:
        return None


MilestoneFormSet = forms.formset_factory(
    MilestoneDraftForm, extra=0, can_delete=True, max_num=1000, validate_max=True, absolute_max=1000
)


@dataclass
class Review:
    """The review page's forms: the agreement and its milestones."""

    agreement: AgreementDraftForm
    milestones: forms.BaseFormSet
    language: str = ""
    errors: list[str] = field(default_factory=list)

    @classmethod
    def from_draft(cls, draft: Draft) -> "Review":
        agreement = AgreementDraftForm(
            prefix="agreement",
            initial={
                "signed_on": draft.signed_on,
                "signed_at": draft.signed_at,
                "proposed_parties": ",".join(draft.parties),
                "proposed_minerals": ",".join(draft.minerals),
                "instrument_kinds": [kind for kind in draft.instrument_kinds if kind in InstrumentKind.values],
            },
        )
        agreement.initial["parties"] = list(agreement.fields["parties"].queryset)
        agreement.initial["minerals"] = list(agreement.fields["minerals"].queryset)
        milestones = MilestoneFormSet(
            prefix="milestones",
            initial=[
                {
                    "title": Truncator(commitment.text).chars(TITLE_LENGTH),
                    "commitment_text": commitment.commitment_text,
                    "offset_months": commitment.offset_months,
                    "offset_days": commitment.offset_days,
                    "due_on": commitment.due_on,
                    "anchor": commitment.anchor,
                    "description": commitment.text,
                }
                for commitment in draft.commitments
            ],
        )
        return cls(agreement=agreement, milestones=milestones, language=draft.language)

    @classmethod
    def from_post(cls, data) -> "Review":
        return cls(
            agreement=AgreementDraftForm(data, prefix="agreement"),
            milestones=MilestoneFormSet(data, prefix="milestones"),
            language=data.get("language", "")[:2],
        )

    def is_valid(self) -> bool:
        return all([self.agreement.is_valid(), self.milestones.is_valid()])  # both, for every error

    def signed_on(self) -> datetime.date | None:
        if self.agreement.is_bound:
            cleaned = getattr(self.agreement, "cleaned_data", {})
            return cleaned.get("signed_on") if "signed_on" in cleaned else _as_date(self.agreement["signed_on"].value())
        return self.agreement.initial.get("signed_on")

    def rows(self) -> list[tuple[MilestoneDraftForm, datetime.date | None]]:
        signed_on = self.signed_on()
        return [(form, form.deadline(signed_on)) for form in self.milestones.forms]

    def kept_forms(self) -> list[MilestoneDraftForm]:
        return [form for form in self.milestones.forms if not form.cleaned_data.get("DELETE")]


class Refused(Exception):
    """A rule the services refused: the agreement's errors and each kept milestone's."""

    def __init__(self, agreement: ValidationError | None, milestones: dict[int, ValidationError]):
        super().__init__("refused")
        self.agreement, self.milestones = agreement, milestones


def permissions_needed(review: Review) -> list[str]:
    """Besides add_agreement (the view's own): the add permission of every row the save creates."""
    cleaned = review.agreement.cleaned_data
    needed = []
    for model, wanted in (
        (AgreementParty, cleaned["parties"]),
        (Instrument, cleaned["instrument_kinds"]),
        (Milestone, review.kept_forms()),
    ):
        if wanted:
            needed.append(f"{model._meta.app_label}.add_{model._meta.model_name}")
    return needed


def save_review(review: Review) -> tuple[Agreement, int]:
    """Creates the agreement, its parties, minerals, instruments and milestones (commitments) in
    one transaction; raises Refused (nothing written) when a rule refuses any of it."""
    cleaned = review.agreement.cleaned_data
    kept = review.kept_forms()
    try:
        with transaction.atomic():
            agreement = services.agreement_create(
                data={
                    "title": cleaned["title"],
                    "kind": cleaned["kind"],
                    "signed_on": cleaned["signed_on"],
                    "signed_at": cleaned["signed_at"],
                },
                parties=[{"party": party, "role": PartyRole.SIGNATORY} for party in cleaned["parties"]],
                minerals=cleaned["minerals"],
            )
            for kind in cleaned["instrument_kinds"]:
                instrument = Instrument(agreement=agreement, name=str(InstrumentKind(kind).label), kind=kind)
                instrument.full_clean()
                instrument.save()
            refused = {}
            for index, form in enumerate(kept):
                data = {name: form.cleaned_data[name] for name in MilestoneDraftForm.base_fields}
                try:
                    services.milestone_create(agreement=agreement, data={**data, "kind": MilestoneKind.COMMITMENT})
                except ValidationError as error:
                    refused[index] = error
            if refused:
                raise Refused(None, refused)  # rolls back the agreement too
    except ValidationError as error:
        raise Refused(error, {}) from error
    return agreement, len(kept)


def show_refusal(review: Review, refused: Refused) -> None:
    """The services' messages as field errors of the review's forms."""
    kept = review.kept_forms()
    for index, error in refused.milestones.items():
        _add_errors(kept[index], error)
    if refused.agreement is not None:
        _add_errors(review.agreement, refused.agreement)


def _add_errors(form: forms.Form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, messages in error.message_dict.items():
        target = name if name in form.fields and name != NON_FIELD_ERRORS else None
        if target is None and name != NON_FIELD_ERRORS:
            # A rule on a field this page does not show (e.g. the slug): say which one.
            messages = [f"{name}: {message}" for message in messages]
        form.add_error(target, messages)


def read_text(form: TextForm) -> Review:
    """The extractor's proposal for the text form's values, as review forms."""
    data = form.cleaned_data
    draft = extract(data["text"], signed_on=data["signed_on"], language=data["language"] or None)
    return Review.from_draft(draft)


def unreadable_text_error(form: TextForm) -> None:
    form.add_error("signed_on", gettext("The deadline this gives would fall after the year 9999."))
