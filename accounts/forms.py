from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.choices import DigestFrequency


class DigestForm(forms.Form):
    digest = forms.ChoiceField(label=_("How often"), choices=DigestFrequency.choices, widget=forms.RadioSelect)


class UnwatchForm(forms.Form):
    watch = forms.ModelChoiceField(queryset=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only one's own watches: another user's id is "not a valid choice", never a delete.
        self.fields["watch"].queryset = user.watches.select_related("agreement", "party")
