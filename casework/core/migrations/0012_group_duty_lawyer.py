"""The duty lawyer's role group (值班律师, PROCESSES.md §5), beside the
groups 0002 created."""

from django.db import migrations


def seed(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.get_or_create(name="duty_lawyer")


def unseed(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name="duty_lawyer", user__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0011_case_program_legal_aid_reconsideration")]
    operations = [migrations.RunPython(seed, unseed)]
