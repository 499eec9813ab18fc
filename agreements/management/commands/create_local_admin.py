"""Creates the local admin account of `make run`, with a random password.

Only in the embedded mode (no DATABASE_URL: `make run`'s own PostgreSQL, debug on): a real
deployment never gets a default account.
"""

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

USERNAME = "admin"


class Command(BaseCommand):
    help = "Create the local admin of `make run` (embedded database mode only) and print how to sign in."

    def handle(self, *args, **options):
        if not settings.EMBEDDED_DATABASE or not settings.DEBUG:
            # A DATABASE_URL server (shared, perhaps production) or debug off: never a default account.
            self.stdout.write(
                "Not the embedded mode (no DATABASE_URL, DJANGO_DEBUG=1): no local admin is created. "
                "Create one with: manage.py createsuperuser"
            )
            return
        password_file = Path(settings.VAR_DIR) / "admin-password.txt"
        user_model = get_user_model()
        if not user_model.objects.filter(username=USERNAME).exists():
            password = secrets.token_urlsafe(12)
            user_model.objects.create_superuser(USERNAME, "admin@localhost", password)
            password_file.parent.mkdir(parents=True, exist_ok=True)
            password_file.write_text(password + "\n")
            password_file.chmod(0o600)
        if password_file.exists():
            password = password_file.read_text().strip()
            self.stdout.write(f"Local admin: user '{USERNAME}', password '{password}' (from {password_file}).")
        else:
            self.stdout.write(f"Local admin '{USERNAME}' exists; set a password with: manage.py changepassword admin")
