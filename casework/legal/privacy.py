"""The classes of the consultation program's fields, as its events carry
them (``casework.core.classification``). The visitor's ID number and phone
are protected like a member's; the facts and the advice are open to whoever
may see the case."""

from casework.core.privacy import FINANCIAL, ID_NUMBER, PHONE, PUBLIC

FIELD_CLASSES = {
    **dict.fromkeys(
        (
            "channel",
            "slot",
            "visitor_name",
            "id_refused",
            "member",
            "employer_name",
            "employer_credit_code",
            "category",
            "facts",
            "advice",
            "outcome",
            "referred_to",
            "follow_up_on",
            "follow_up_result",
            "result",
            "referral",
            "consultation",
        ),
        PUBLIC,
    ),
    "visitor_id_number": ID_NUMBER,
    "visitor_phone": PHONE,
}

# legal aid: the applicant's ID number and phone are protected like a
# member's (identity, contact); the household's income and the amounts are
# financial; the claim, the facts and the decisions are open to whoever may
# see the case (the caseworker reviews them: not mediation content).
AID_FIELD_CLASSES = {
    **dict.fromkeys(
        (
            "applicant_name",
            "employer_name",
            "employer_credit_code",
            "claim",
            "household_size",
            "migrant_worker",
            "facts",
            "eligible",
            "reasons",
            "consultation",
            "reopened_from",
            "comment",
            "reason",
            "note",
            "refusal_reason",
            "lawyer",
            "firm",
            "assigned_on",
            "result",
            "closing_report",
            "name",  # a document's file name
            "document_content",  # the closing report, the judgment: whoever sees the case
        ),
        PUBLIC,
    ),
    **dict.fromkeys(
        (
            "amount_in_dispute",
            "household_monthly_income",
            "per_capita_income",
            "income_ceiling",
            "amount_recovered",
        ),
        FINANCIAL,
    ),
    "applicant_id_number": ID_NUMBER,
    "applicant_phone": PHONE,
}
