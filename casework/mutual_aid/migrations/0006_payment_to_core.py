"""Mutual-aid payments move to the one payment table of every program
(``core.Payment``, casework.core.payments): rows copied, old table dropped."""

from django.db import migrations

from casework.core.payment_tables import payments_merge


class Migration(migrations.Migration):
    dependencies = [
        ("mutual_aid", "0005_normalize_identifiers"),
        ("core", "0007_payment"),
    ]

    operations = [
        payments_merge("mutual_aid_claimpayment", "mutual_aid"),
        migrations.DeleteModel(name="ClaimPayment"),
    ]
