"""Keys of DRF's authtoken (the app this one replaces) become hashed API tokens; then the old
table is emptied, so no plaintext key stays in the database.

A key keeps working unchanged: its SHA-256 digest is what accounts.ApiToken stores (the hash of
accounts.models.digest, written out here so that this migration never changes). Each becomes a
token named "authtoken" without expiry. The emptied table `authtoken_token` is left in place
(`DROP TABLE authtoken_token;` by hand removes it; nothing reads it any more). Databases that
never had authtoken skip this. Not reversible: the keys are gone; unapplying does nothing.
"""

import hashlib

from django.db import migrations

OLD_TABLE = "authtoken_token"


def hash_authtoken_keys(apps, schema_editor):
    connection = schema_editor.connection
    if OLD_TABLE not in connection.introspection.table_names():
        return
    ApiToken = apps.get_model("accounts", "ApiToken")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT key, user_id, created FROM {OLD_TABLE}")  # noqa: S608 (a constant)
        rows = cursor.fetchall()
    ApiToken.objects.bulk_create(
        ApiToken(
            user_id=user_id,
            name="authtoken",
            key_prefix=key[:8],
            digest=hashlib.sha256(key.encode()).hexdigest(),
            created_at=created,
        )
        for key, user_id, created in rows
    )
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {OLD_TABLE}")  # noqa: S608 (a constant)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(hash_authtoken_keys, migrations.RunPython.noop, elidable=False),
    ]
