"""Indexes only PostgreSQL can build: full-text GIN and a NULLS LAST ordering index.

The GIN expression is `querysets.agreement_search_vector()`, which searches use too.
"""

from django.db import migrations
from django.db.models import F


def _indexes():
    from django.contrib.postgres.indexes import GinIndex
    from django.db.models import Index

    from agreements.querysets import agreement_search_vector

    return [
        GinIndex(agreement_search_vector(), name="agreements_agr_search_gin"),
        # Matches Agreement.Meta.ordering, so the default list is an index scan.
        Index(F("signed_on").desc(nulls_last=True), F("id").desc(), name="agreements_agr_signed_idx"),
    ]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for index in _indexes():
            schema_editor.add_index(apps.get_model("agreements", "Agreement"), index)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for index in _indexes():
            schema_editor.remove_index(apps.get_model("agreements", "Agreement"), index)


class Migration(migrations.Migration):
    dependencies = [("agreements", "0001_initial")]
    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
