"""`manage.py send_editor_digest [--date YYYY-MM-DD]`: the weekly editor digest, once, synchronously."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from agreements.management.commands.flag_overdue import _date
from agreements.services.digest import send_editor_digests


class Command(BaseCommand):
    help = (
        "E-mails the weekly digest of overdue commitments not checked lately to the editors who "
        "opted in (the same code as the weekly Celery task); once per editor and week. "
        "Prints: editor digests sent N."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            type=_date,
            default=None,
            help="Run as if today were this date (YYYY-MM-DD); default: today in TIME_ZONE.",
        )

    def handle(self, *args, date: datetime.date | None = None, **options):
        now = timezone.now()
        result = send_editor_digests(today=date or timezone.localdate(now), now=now)
        self.stdout.write(str(result))
        if result.failed:
            raise CommandError(f"{result.failed} editor digest(s) could not be e-mailed; they stay queued.")
