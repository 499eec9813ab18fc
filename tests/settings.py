"""Settings for the test suite: `tracker.settings` with the test environment filled in.

`pytest` alone runs against the local PostgreSQL (pytest-django creates `test_minerals_tracker`
from the URL below) and the local Redis, with debug off as in production. A variable that is
already set (and not empty) wins, so CI, `make test` or a developer can point elsewhere:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/other CELERY_BROKER_URL=redis://127.0.0.1:6379/6 pytest

The defaults are written into `os.environ`, not only into these settings, so that the processes
the tests start (Celery workers, `manage.py` runs) see the same configuration.
"""

import os

TEST_ENVIRONMENT = {
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/minerals_tracker",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/1",
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "test-only-secret-key-not-for-production",
    "DJANGO_ALLOWED_HOSTS": "testserver,localhost,127.0.0.1",
    # The test client speaks plain HTTP (production's redirect: tests/reliability/test_deploy_settings.py).
    "DJANGO_SECURE_SSL_REDIRECT": "0",
}

for _name, _value in TEST_ENVIRONMENT.items():
    if not os.environ.get(_name):  # unset or empty, as the Makefile's `$(or ...)` treated it
        os.environ[_name] = _value

from tracker.settings import *  # noqa: E402, F403
