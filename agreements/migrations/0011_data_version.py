"""The data version (agreements/data_version.py): its table, sequence and function, and the
trigger on every table of the app as this migration's state has them. A later migration that adds
a model adds the trigger to its tables (`data_version.trigger_sql`); tests/caching/ fails otherwise."""

from django.db import migrations

from agreements import data_version


def install_triggers(apps, schema_editor):
    for table in data_version.tracked_tables(apps.get_app_config("agreements")):
        schema_editor.execute(data_version.trigger_sql(table))


def drop_triggers(apps, schema_editor):
    for table in data_version.tracked_tables(apps.get_app_config("agreements")):
        schema_editor.execute(data_version.drop_trigger_sql(table))


class Migration(migrations.Migration):
    dependencies = [("agreements", "0010_sql_defaults_for_new_columns")]

    operations = [
        migrations.RunSQL(data_version.INSTALL_SQL, data_version.UNINSTALL_SQL),
        migrations.RunPython(install_triggers, drop_triggers),
    ]
