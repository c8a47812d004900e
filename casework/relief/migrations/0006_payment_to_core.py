"""Relief payments move to the one payment table of every program
(``core.Payment``, casework.core.payments): rows copied, old table dropped."""

from django.db import migrations

from casework.core.payment_tables import payments_merge


class Migration(migrations.Migration):
    dependencies = [
        ("relief", "0005_drop_unused_report_indexes"),
        ("core", "0007_payment"),
    ]

    operations = [
        payments_merge("relief_reliefpayment", "relief"),
        migrations.DeleteModel(name="ReliefPayment"),
    ]
