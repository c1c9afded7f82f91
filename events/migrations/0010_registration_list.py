from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

# The organizer's search matches parts of name, e-mail and organization; on PostgreSQL a trigram index on the
# very expression events.selectors.registrations.registration_search_text compiles to serves it (tests/api/
# test_registration_scale.py checks the planner uses it). SQLite searches by scanning.
SEARCH_TEXT = """UPPER((COALESCE("first_name", '') || COALESCE((COALESCE(' ', '') || COALESCE((COALESCE("last_name", '') || COALESCE((COALESCE(' ', '') || COALESCE((COALESCE("email", '') || COALESCE((COALESCE(' ', '') || COALESCE("organization", '')), '')), '')), '')), '')), '')))"""


def create_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX registration_search_trgm ON events_registration USING gin (({SEARCH_TEXT}) gin_trgm_ops)"
        )


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS registration_search_trgm")


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0009_convention_legal_pages'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='registration',
            index=models.Index(fields=['convention', 'created_at', 'id'], name='registration_list_idx'),
        ),
        TrigramExtension(),
        migrations.RunPython(create_search_index, drop_search_index),
    ]
