"""Convention teams with roles: ``ConventionMember`` becomes the ``through`` model of ``Convention.organizers``.

Django cannot add ``through=`` to an existing many-to-many field, so the rows of the automatic table are copied
into ``events_conventionmember`` (each as role ``organizer``, as before), the old field (and its table) removed and
the field added again with the new ``through`` model, which creates no table of its own.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def copy_organizers(apps, schema_editor):
    Convention = apps.get_model("events", "Convention")
    ConventionMember = apps.get_model("events", "ConventionMember")
    old = Convention.organizers.through
    ConventionMember.objects.bulk_create(
        ConventionMember(convention_id=row.convention_id, user_id=row.user_id, role="organizer")
        for row in old.objects.order_by("pk").iterator()
    )


def copy_members_back(apps, schema_editor):
    Convention = apps.get_model("events", "Convention")
    ConventionMember = apps.get_model("events", "ConventionMember")
    old = Convention.organizers.through
    old.objects.bulk_create(
        old(convention_id=row.convention_id, user_id=row.user_id) for row in ConventionMember.objects.order_by("pk")
    )


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0016_imports'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='auditentry',
            name='action',
            field=models.CharField(choices=[('registrations.listed', 'Registration list read'), ('registrations.exported', 'Registration CSV downloaded'), ('registration.viewed', 'Registration read'), ('registration.updated', 'Registration changed'), ('personal_data.exported', 'Personal data export'), ('personal_data.erased', 'Personal data erased'), ('consents.changed', 'Consents changed'), ('leads.exported', 'Leads listed or downloaded'), ('retention.applied', 'Retention period applied'), ('workshop_signups.listed', 'Workshop sign-up list read'), ('messages.listed', 'Outbound e-mail list read'), ('team.member_invited', 'Team member invited'), ('team.role_changed', "Team member's role changed"), ('team.member_removed', 'Team member removed')], max_length=40),
        ),
        migrations.CreateModel(
            name='ConventionMember',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(choices=[('owner', 'Owner'), ('organizer', 'Organizer'), ('curator', 'Programme curator'), ('readonly', 'Read-only')], default='organizer', max_length=20)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('convention', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='members', to='events.convention')),
                ('invited_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('rooms', models.ManyToManyField(blank=True, related_name='curators', to='events.room')),
                ('tracks', models.ManyToManyField(blank=True, related_name='curators', to='events.track')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='convention_memberships', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['convention', 'created_at', 'pk'],
            },
        ),
        migrations.AddConstraint(
            model_name='conventionmember',
            constraint=models.UniqueConstraint(fields=('convention', 'user'), name='one_membership_per_convention'),
        ),
        migrations.RunPython(copy_organizers, copy_members_back),
        migrations.RemoveField(model_name='convention', name='organizers'),
        migrations.AddField(
            model_name='convention',
            name='organizers',
            field=models.ManyToManyField(blank=True, related_name='organized_conventions', through='events.ConventionMember', through_fields=('convention', 'user'), to=settings.AUTH_USER_MODEL),
        ),
    ]
