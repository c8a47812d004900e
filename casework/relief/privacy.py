"""The classes of the relief program's fields, as its events carry them
(``casework.core.classification``). A relief case's facts are open to
everyone who may see the case; the applicant's ID number and phone are the
member record's (``casework.core.privacy``)."""

from casework.core.privacy import FINANCIAL, PUBLIC

FIELD_CLASSES = {
    **dict.fromkeys(
        (
            "aid_type",
            "cause",
            "reason",
            "note",
            "notes",
            "comment",
            "objection",
            "visit_date",
            "category",
            "notice_ends_on",
            "name",  # a document's file name
            "roster_entry",
            "review_due",
            "exit_reason",
            "filed_on",
            "document_content",  # proofs of hardship: open to whoever sees the case
            "granted_on",
        ),
        PUBLIC,
    ),
    **dict.fromkeys(
        (
            "household_size",
            "household_annual_income",
            "rigid_expenses",
            "accident_costs",
            "requested_amount",
            "verified_annual_income",
            "verified_rigid_expenses",
            "verified_household_size",
            "verify_notes",
            "per_capita_monthly_income",
            "subsistence_standard",
            "recommended_amount",
            "approved_amount",
        ),
        FINANCIAL,
    ),
}
