"""`manage.py revoke_api_token USER (--name NAME | --all)`: revoke a user's API tokens for good."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.models import ApiToken


class Command(BaseCommand):
    help = "Revoke API tokens of a user (by name, or all of them)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--name", help="The token's name.")
        which.add_argument("--all", action="store_true", dest="revoke_all", help="Every token of the user.")

    def handle(self, *args, username, name, revoke_all, **options):
        User = get_user_model()
        try:
            user = User.objects.get_by_natural_key(username)
        except User.DoesNotExist:
            raise CommandError(f"No user named {username!r}.") from None
        tokens = ApiToken.objects.filter(user=user, revoked_at__isnull=True)
        if not revoke_all:
            tokens = tokens.filter(name=name)
        count = tokens.update(revoked_at=timezone.now())
        if not count and not revoke_all:
            raise CommandError(f"{username} has no unrevoked token named {name!r}.")
        self.stdout.write(f"Revoked {count} token(s) of {username}.")
