"""Sourced defaults of every single-valued parameter (PROCESSES.md), and the
role groups."""

from django.db import migrations

SPEC = "PROCESSES.md"
GX = "Guangxi trade-union practice as quoted in PROCESSES.md"
LAW_MEDIATION = "PROCESSES.md §3 (court referral time limits)"

PARAMETERS = [
    # key, value, kind, description, source
    ("relief.verify_days", "5", "integer", "working days for the home visit (verify)", f"{SPEC} §1"),
    ("relief.supplement_days", "10", "integer", "working days for the applicant's supplement", f"{SPEC} §1"),
    ("relief.public_notice_days", "5", "integer", "working days of public notice (0 = none)", f"{SPEC} §1"),
    ("relief.approve_days", "5", "integer", "working days for approval", f"{SPEC} §1"),
    ("relief.senior_approve_days", "3", "integer", "working days for senior approval", f"{SPEC} §1"),
    ("relief.disburse_days", "10", "integer", "working days for payment", f"{SPEC} §1"),
    ("relief.senior_approval_threshold", "5000", "decimal", "approved amount (CNY) from which a second supervisor approves", f"{SPEC} §1"),
    ("relief.relative_multiplier", "2", "decimal", "relative hardship: per-capita income below 低保 × this", f"{SPEC} §1"),
    ("relief.accidental_cost_ratio", "0.8", "decimal", "accidental hardship: costs above this share of annual income", f"{SPEC} §1"),
    ("relief.grants_per_aid_type_per_year", "1", "integer", "grants per member per aid type per calendar year", f"{SPEC} §1"),
    ("relief.temporary_max_grants", "2", "integer", "temporary aid grants per member, ever", f"{SPEC} §1"),
    ("relief.roster_review_months", "12", "integer", "months from filing on the roster to the yearly review", f"{SPEC} §1"),
    ("mutual_aid.review_days", "5", "integer", "working days for the first review", f"{SPEC} §2"),
    ("mutual_aid.supplement_days", "10", "integer", "working days for the applicant's supplement", f"{SPEC} §2"),
    ("mutual_aid.medical_review_days", "5", "integer", "working days for the medical review", f"{SPEC} §2"),
    ("mutual_aid.approve_days", "5", "integer", "working days for approval", f"{SPEC} §2"),
    ("mutual_aid.pay_days", "10", "integer", "working days for payment", f"{SPEC} §2"),
    ("mediation.delegated_days", "30", "integer", "calendar days to mediate a delegated (委派) referral", LAW_MEDIATION),
    ("mediation.entrusted_ordinary_days", "15", "integer", "calendar days, entrusted (委托) referral, ordinary procedure", LAW_MEDIATION),
    ("mediation.entrusted_simple_days", "7", "integer", "calendar days, entrusted (委托) referral, simple procedure", LAW_MEDIATION),
    ("mediation.extension_days", "30", "integer", "calendar days added by the one extension", LAW_MEDIATION),
    ("mediation.assign_days", "2", "integer", "working days to assign a mediator", f"{SPEC} §3"),
    ("mediation.decision_days", "2", "integer", "working days for the deadline decision", f"{SPEC} §3"),
    ("mediation.return_days", "3", "integer", "working days to return a case to the court", f"{SPEC} §3"),
]

ROLES = ["caseworker", "supervisor", "finance", "medical_reviewer", "mediation_coordinator",
         "mediator", "auditor", "member"]


def seed(apps, schema_editor):
    Parameter = apps.get_model("core", "Parameter")
    for key, value, kind, description, source in PARAMETERS:
        Parameter.objects.get_or_create(
            key=key, defaults={"value": value, "kind": kind, "description": description, "source": source}
        )
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
