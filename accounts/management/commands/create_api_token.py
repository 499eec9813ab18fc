"""`manage.py create_api_token USER [--name NAME] [--expires-in DAYS]`: a new API token.

The key goes to stdout, alone on one line, and only this once (`KEY=$(manage.py create_api_token
bot --name ci)`); what was created goes to stderr. The database keeps a hash of the key.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.models import ApiToken


class Command(BaseCommand):
    help = "Create an API token for a user and print its key (once; only a hash is stored)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="default", help="What the token is for (default: 'default').")
        parser.add_argument(
            "--expires-in", type=int, metavar="DAYS", help="Days until the token expires (default: never)."
        )

    def handle(self, *args, username, name, expires_in, **options):
        User = get_user_model()
        try:
            user = User.objects.get_by_natural_key(username)
        except User.DoesNotExist:
            raise CommandError(f"No user named {username!r}.") from None
        if expires_in is not None and expires_in < 1:
            raise CommandError("--expires-in must be at least 1 day.")
        expires_at = timezone.now() + datetime.timedelta(days=expires_in) if expires_in else None
        try:
            token, secret = ApiToken.objects.issue(user=user, name=name, expires_at=expires_at)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        until = f"expires {token.expires_at:%Y-%m-%d %H:%M %Z}" if token.expires_at else "no expiry"
        self.stderr.write(
            f"Created API token {token.name!r} for {user.get_username()} (key {token.masked_key}, {until}). "
            "The key is shown only now; the database keeps a hash of it."
        )
        self.stdout.write(secret)
