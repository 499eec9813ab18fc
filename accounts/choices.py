from django.db import models
from django.utils.translation import gettext_lazy as _


class DigestFrequency(models.TextChoices):
    """How often a watcher's e-mail goes out (accounts/watchers.py holds the rule)."""

    IMMEDIATE = "immediate", _("As it happens")
    DAILY = "daily", _("Once a day")
    WEEKLY = "weekly", _("Once a week, on Mondays")
