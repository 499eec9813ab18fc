"""The agreements' ordering index (signed_on DESC NULLS LAST) and full-text GIN index.

Declared in `Agreement.Meta.indexes`, so the migration state is the truth. (An earlier version
created the same two indexes, with the same names and definitions, from RunPython; databases
that ran it already have them.)
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.expressions
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("agreements", "0001_initial")]
    operations = [
        migrations.AddIndex(
            model_name="agreement",
            index=models.Index(
                django.db.models.expressions.OrderBy(
                    django.db.models.expressions.F("signed_on"), descending=True, nulls_last=True
                ),
                django.db.models.expressions.OrderBy(django.db.models.expressions.F("id"), descending=True),
                name="agreements_agr_signed_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="agreement",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.search.SearchVector("title", "short_title", "summary", config="english"),
                name="agreements_agr_search_gin",
            ),
        ),
    ]
