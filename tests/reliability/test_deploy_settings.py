"""Production settings: the deploy checklist passes, secrets come only from the environment.

Each test starts a fresh `manage.py` process, because settings are read once at import.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Only what a process needs to run: each test states every setting it relies on. (The test
# run's own variables, like DJANGO_ALLOW_ASYNC_UNSAFE for Playwright, must not leak in.)
PASSED_THROUGH = ("PATH", "HOME", "LANG", "TMPDIR")


def run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    clean = {key: os.environ[key] for key in PASSED_THROUGH if key in os.environ}
    clean["DJANGO_SETTINGS_MODULE"] = "tracker.settings"
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=120
    )


def production_env(**overrides: str) -> dict[str, str]:
    return {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "tracker.example.org",
        **overrides,
    }


SHOW_SETTINGS = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({name: getattr(s, name) for name in %r}, default=str))
"""


def read_settings(names: list[str], **env: str) -> dict:
    result = run(["-c", SHOW_SETTINGS % (names,)], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_check_deploy_passes_with_no_warnings_in_production_settings():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_on_a_weak_secret_key():
    # Proves the check above has teeth: a short key is reported (security.W009).
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **production_env(DJANGO_SECRET_KEY="short")
    )
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = production_env()
    del env["DJANGO_SECRET_KEY"]
    result = run(["manage.py", "check"], **env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_secret_key_and_hosts_come_from_the_environment():
    key = secrets.token_urlsafe(50)
    values = read_settings(["SECRET_KEY", "ALLOWED_HOSTS", "DEBUG"], **production_env(DJANGO_SECRET_KEY=key))
    assert values == {"SECRET_KEY": key, "ALLOWED_HOSTS": ["tracker.example.org"], "DEBUG": False}


def test_production_defaults_are_secure_without_extra_variables():
    values = read_settings(
        [
            "SECURE_SSL_REDIRECT",
            "SECURE_PROXY_SSL_HEADER",
            "SESSION_COOKIE_SECURE",
            "CSRF_COOKIE_SECURE",
            "SESSION_COOKIE_HTTPONLY",
            "SECURE_HSTS_SECONDS",
            "SECURE_HSTS_INCLUDE_SUBDOMAINS",
            "SECURE_CONTENT_TYPE_NOSNIFF",
            "SECURE_REFERRER_POLICY",
            "SECURE_CROSS_ORIGIN_OPENER_POLICY",
            "X_FRAME_OPTIONS",
        ],
        **production_env(),
    )
    assert values == {
        "SECURE_SSL_REDIRECT": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "SECURE_REFERRER_POLICY": "same-origin",
        "SECURE_CROSS_ORIGIN_OPENER_POLICY": "same-origin",
        "X_FRAME_OPTIONS": "DENY",
    }


def test_production_allows_no_host_unless_told():
    env = production_env()
    del env["DJANGO_ALLOWED_HOSTS"]
    assert read_settings(["ALLOWED_HOSTS"], **env) == {"ALLOWED_HOSTS": []}


def test_ssl_redirect_can_be_turned_off_where_no_tls_proxy_is_in_front():
    values = read_settings(["SECURE_SSL_REDIRECT"], **production_env(DJANGO_SECURE_SSL_REDIRECT="0"))
    assert values == {"SECURE_SSL_REDIRECT": False}


def test_settings_source_holds_no_literal_secret():
    source = (ROOT / "tracker" / "settings.py").read_text()
    # The only literal key is the debug-only fallback, guarded by `if not DEBUG: raise`.
    literal_keys = [line for line in source.splitlines() if "SECRET_KEY =" in line and "os.environ" not in line]
    assert literal_keys == ['    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105 (debug only)']
    assert 'EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")' in source


def test_debug_mode_runs_without_a_secret_key_for_local_use():
    values = read_settings(["DEBUG", "SESSION_COOKIE_SECURE", "SECURE_HSTS_SECONDS"], DJANGO_DEBUG="1")
    assert values == {"DEBUG": True, "SESSION_COOKIE_SECURE": False, "SECURE_HSTS_SECONDS": 0}
