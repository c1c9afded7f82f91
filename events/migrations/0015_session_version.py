from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0014_exhibitor_change_review_note"),
    ]

    operations = [
        migrations.AddField(
            model_name="session",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
    ]
