from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0011_webhooks"),
    ]

    operations = [
        migrations.AlterField(
            model_name="scan",
            name="reason",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "—"),
                    ("already_checked_in", "Already checked in"),
                    ("invalid_signature", "Invalid signature"),
                    ("unknown", "Unknown badge"),
                    ("revoked", "Revoked badge"),
                    ("cancelled", "Registration cancelled"),
                    ("unpaid", "Registration not paid"),
                    ("not_valid_today", "Not valid today"),
                    ("not_on_list", "Ticket not admitted here"),
                    ("room_full", "Room full"),
                    ("other_convention", "Badge of another convention"),
                ],
                max_length=20,
            ),
        ),
    ]
