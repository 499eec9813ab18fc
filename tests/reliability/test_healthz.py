"""`/healthz` answers 200 when the database and the broker answer, 503 when either does not, never 500."""

import pytest
from django.db import connections
from django.test import Client

pytestmark = pytest.mark.django_db

DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def test_healthz_is_200_json_with_real_postgresql_and_redis(client, settings):
    assert settings.CELERY_BROKER_URL.startswith("redis://"), "the suite runs against real Redis"
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["broker"]["ok"] is True
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_healthz_is_503_when_redis_does_not_answer(client, settings):
    settings.CELERY_BROKER_URL = DEAD_REDIS
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["broker"] == {"ok": False, "error": "ConnectionError", "ms": body["checks"]["broker"]["ms"]}
    assert body["checks"]["database"]["ok"] is True


def test_healthz_never_leaks_the_broker_url(client, settings):
    settings.CELERY_BROKER_URL = "redis://:supersecretpassword@127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert b"supersecretpassword" not in response.content
    assert b"127.0.0.1" not in response.content


def test_healthz_accepts_a_writable_filesystem_broker_folder(client, settings, tmp_path):
    settings.CELERY_BROKER_URL = "filesystem://"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(tmp_path / "queue"),
        "data_folder_out": str(tmp_path / "queue"),
    }
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["broker"]["ok"] is True
    assert (tmp_path / "queue").is_dir()
    assert list((tmp_path / "queue").iterdir()) == [], "the probe file is removed again"


def test_healthz_is_503_when_the_filesystem_broker_folder_cannot_be_written(client, settings, tmp_path):
    # Root ignores permission bits, so make the folder impossible instead: its parent is a file.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    settings.CELERY_BROKER_URL = "filesystem://"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(blocker / "queue"),
        "data_folder_out": str(blocker / "queue"),
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"]["ok"] is False


@pytest.mark.django_db(transaction=True)
def test_healthz_is_503_when_the_database_is_unreachable_and_recovers_after(client):
    connection = connections["default"]
    real_port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = 1  # nothing listens there
    try:
        response = client.get("/healthz")
        assert response.status_code == 503
        body = response.json()
        assert body["checks"]["database"]["ok"] is False
        assert body["checks"]["broker"]["ok"] is True
    finally:
        connection.close()
        connection.settings_dict["PORT"] = real_port
    assert client.get("/healthz").status_code == 200


def test_healthz_answers_head_and_refuses_writes(client):
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


def test_healthz_is_not_redirected_to_https(settings):
    settings.SECURE_SSL_REDIRECT = True
    client = Client()  # built after the setting so SecurityMiddleware reads it
    assert client.get("/healthz").status_code == 200
    redirected = client.get("/api/schema/")
    assert redirected.status_code == 301
    assert redirected["Location"].startswith("https://")
