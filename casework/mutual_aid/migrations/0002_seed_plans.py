"""This year's three plans with the example values of PROCESSES.md §2."""

import datetime as dt
from decimal import Decimal

from django.db import migrations

SOURCE = "PROCESSES.md §2 (example values)"
LUMP_SUMS = {"1": "6000.00", "2": "3000.00", "3": "2000.00", "4": "1000.00"}


def plan_rows(year):
    common = {
        "year": year,
        "coverage_start": dt.date(year, 1, 1),
        "coverage_end": dt.date(year, 12, 31),
        "waiting_days": 90,
        "claim_deadline": dt.date(year + 1, 3, 31),
        "source": SOURCE,
    }
    return [
        {
            **common,
            "product": "inpatient",
            "contribution": Decimal("36.00"),
            "deductible_first": Decimal("1300.00"),
            "deductible_subsequent": Decimal("650.00"),
            "tiers": [
                {"up_to": "10000.00", "ratio": "0.5"},
                {"up_to": "30000.00", "ratio": "0.6"},
                {"up_to": None, "ratio": "0.7"},
            ],
            "annual_cap": Decimal("30200.00"),
            "lump_sums": {},
        },
        {**common, "product": "critical_illness", "contribution": Decimal("60.00"),
         "lump_sums": LUMP_SUMS},
        {**common, "product": "female_special", "contribution": Decimal("20.00"),
         "lump_sums": LUMP_SUMS},
    ]


def seed(apps, schema_editor):
    Plan = apps.get_model("mutual_aid", "Plan")
    for row in plan_rows(dt.date.today().year):
        Plan.objects.get_or_create(year=row["year"], product=row["product"], defaults=row)


class Migration(migrations.Migration):
    dependencies = [("mutual_aid", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
