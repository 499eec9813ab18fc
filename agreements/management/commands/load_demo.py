"""`manage.py load_demo`: loads the demo data set; running it twice changes nothing.

`--check` only reads and validates the data files (no database needed, nothing written);
`--dry-run` loads in a transaction that is rolled back, to show what a load would change.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from agreements.demo.dataset import RECORDS_DIR, DataSetError, read_data_set
from agreements.demo.loader import load_demo


class Command(BaseCommand):
    help = (
        "Load the demo data: parties, minerals, value-chain stages, the agreements of the reference notes with "
        "their sources, milestones, evidence items, reported amounts, projects, relations and discrepancies, the "
        "criticality lists and the HS codes. The data files are validated first; with a mistake in any of them, "
        "nothing is written. Idempotent: a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--records",
            type=Path,
            default=RECORDS_DIR,
            help="The data set's directory (default: agreements/demo/records).",
        )
        modes = parser.add_mutually_exclusive_group()
        modes.add_argument(
            "--check", action="store_true", help="Only validate the data files (no database needed, nothing written)."
        )
        modes.add_argument(
            "--dry-run", action="store_true", help="Load in a transaction that is rolled back: what would change."
        )

    def handle(self, *args, **options):
        try:
            data_set = read_data_set(options["records"])
            if options["check"]:
                self.stdout.write(
                    f"Data set valid: {len(data_set.agreements)} agreements, {len(data_set.projects)} projects, "
                    f"{len(data_set.discrepancies)} discrepancies, {len(data_set.mineral_lists)} mineral lists, "
                    f"{len(data_set.hs_codes)} HS codes."
                )
                return
            report = load_demo(data_set, dry_run=options["dry_run"])
        except DataSetError as error:
            for line in error.errors:
                self.stderr.write(line)
            raise CommandError(
                f"The demo data set has {len(error.errors)} problem(s), listed above: nothing was written."
            ) from error
        for line in report.lines():
            self.stdout.write(line)
        if options["dry_run"]:
            self.stdout.write("Dry run: rolled back, nothing was written.")
