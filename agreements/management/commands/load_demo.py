"""`manage.py load_demo`: loads the demo data set; running it twice changes nothing."""

from django.core.management.base import BaseCommand

from agreements.demo.loader import load_demo


class Command(BaseCommand):
    help = (
        "Load the demo data: parties, minerals, value-chain stages and the agreements of the reference "
        "notes with their sources, milestones, evidence items and reported amounts. Idempotent: a second run "
        "changes nothing."
    )

    def handle(self, *args, **options):
        report = load_demo()
        for line in report.lines():
            self.stdout.write(line)
