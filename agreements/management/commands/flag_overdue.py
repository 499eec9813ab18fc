"""`manage.py flag_overdue [--date YYYY-MM-DD]`: the overdue check, once, synchronously."""

import argparse
import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from agreements.services import flag_overdue


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"use YYYY-MM-DD, not {value!r}") from error


class Command(BaseCommand):
    help = (
        "Flags milestones that became overdue, clears flags that no longer hold and e-mails the "
        "watchers (the same code as the daily Celery task). Prints: flagged N, cleared N, "
        "overdue notices N, reminders N."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            type=_date,
            default=None,
            help="Check as if today were this date (YYYY-MM-DD); default: today in TIME_ZONE.",
        )

    def handle(self, *args, date: datetime.date | None = None, **options):
        now = timezone.now()
        today = date or timezone.localdate(now)
        result = flag_overdue(today=today, now=now)
        self.stdout.write(str(result))
        if result.failed:
            raise CommandError(f"{result.failed} recipient(s) could not be e-mailed; their alerts stay queued.")
