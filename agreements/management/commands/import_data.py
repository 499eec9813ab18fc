"""Loads a file written by `export_data` into an empty, migrated database, exactly.

Why not plain `loaddata`: it sets many-to-many fields after saving each object, which fires
`m2m_changed`; django-simple-history answers that signal with a new "changed" history row, so
every agreement, instrument and project would gain a history entry that never happened. Here
history recording is off while the file loads, so the restored history is the exported one.

Refuses a database that already holds records (a restore is not a merge) unless `--force`.
Loads in one transaction: a failure leaves the database as it was.
"""

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from agreements.management.commands.export_data import EXCLUDED


def _rows_present() -> dict[str, int]:
    present = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label.split(".")[0] in EXCLUDED or label in EXCLUDED or not model._meta.managed:
            continue
        if model._meta.proxy:
            continue
        count = model._default_manager.count()
        if count:
            present[model._meta.label] = count
    return present


class Command(BaseCommand):
    help = "Restore an export_data file into an empty database, history included."

    def add_arguments(self, parser):
        parser.add_argument("path", help="A file written by export_data.")
        parser.add_argument("--force", action="store_true", help="Load even if the database holds records.")

    def handle(self, *args, path, force, **options):
        present = _rows_present()
        if present and not force:
            listing = ", ".join(f"{label}: {n}" for label, n in sorted(present.items()))
            raise CommandError(f"The database is not empty ({listing}). Restore into an empty database, or --force.")
        with override_settings(SIMPLE_HISTORY_ENABLED=False), transaction.atomic():
            call_command("loaddata", path, verbosity=0)
        self.stdout.write(f"Imported {path}.")
