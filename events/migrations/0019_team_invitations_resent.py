"""Team invitations that can be sent again: ``ConventionMember.invited_at`` (when the member was invited by
e-mail) and the audit action ``team.invitation_resent``.

Members invited before this migration were invited when they were added: those with an inviter get
``invited_at = created_at``; the others (a convention's creator, organizers added otherwise) were not invited.
"""

from django.db import migrations, models
from django.db.models import F


def date_earlier_invitations(apps, schema_editor):
    ConventionMember = apps.get_model("events", "ConventionMember")
    ConventionMember.objects.filter(invited_by__isnull=False).update(invited_at=F("created_at"))


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0018_speakers_take_part'),
    ]

    operations = [
        migrations.AddField(
            model_name='conventionmember',
            name='invited_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(date_earlier_invitations, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='auditentry',
            name='action',
            field=models.CharField(choices=[('registrations.listed', 'Registration list read'), ('registrations.exported', 'Registration CSV downloaded'), ('registration.viewed', 'Registration read'), ('registration.updated', 'Registration changed'), ('personal_data.exported', 'Personal data export'), ('personal_data.erased', 'Personal data erased'), ('consents.changed', 'Consents changed'), ('leads.exported', 'Leads listed or downloaded'), ('retention.applied', 'Retention period applied'), ('workshop_signups.listed', 'Workshop sign-up list read'), ('messages.listed', 'Outbound e-mail list read'), ('team.member_invited', 'Team member invited'), ('team.role_changed', "Team member's role changed"), ('team.member_removed', 'Team member removed'), ('team.invitation_resent', 'Team invitation sent again')], max_length=40),
        ),
    ]
