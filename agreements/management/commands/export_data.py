"""Exports every record and its change history as one JSON file (Django's fixture format).

It is `dumpdata` with the options a full backup needs: natural keys for users, content types
and permissions (so the file loads into a database whose ids differ), every app's rows
including the simple-history tables, the admin log, API tokens and the beat schedule. Left
out: sessions (ephemeral), content types and permissions (every migrated database creates its
own) and django-celery-beat's "schedule changed at" marker (a restore sets it anew).
Restore with `import_data`, not plain `loaddata` (see there why).
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand

EXCLUDED = ["contenttypes", "auth.permission", "sessions", "django_celery_beat.periodictasks"]


class Command(BaseCommand):
    help = "Export every record and its history to a JSON file (restore with import_data)."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", required=True, help="File to write (.json, or .json.gz/.bz2/.xz).")
        parser.add_argument("--indent", type=int, default=None)

    def handle(self, *args, output, indent, **options):
        call_command(
            "dumpdata",
            natural_foreign=True,
            natural_primary=True,
            exclude=EXCLUDED,
            output=output,
            indent=indent,
            verbosity=0,
        )
        self.stdout.write(f"Exported to {output}.")
