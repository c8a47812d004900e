"""The classes of the mutual-aid program's fields, as its events carry them
(``casework.core.classification``). What the claim says of an illness — the
hospital, the stay, the diagnosis, the expenses, the invoices, the notes and
reasons exchanged on them, the documents' names — is medical: the roles of
``casework.core.privacy.MEDICAL_ROLES`` and the member see it."""

from casework.core.privacy import FINANCIAL, MEDICAL, PUBLIC

FIELD_CLASSES = {
    **dict.fromkeys(
        (
            "hospital",
            "admitted_on",
            "discharged_on",
            "diagnosis",
            "total_expense",
            "insurance_paid",
            "eligible_self_pay",
            "invoice_numbers",
            "explanation",
            "history",
            "note",
            "comment",
            "reason",
            "name",  # a document's file name
            "document_content",
        ),
        MEDICAL,
    ),
    **dict.fromkeys(
        ("product", "plan", "year", "severity_class", "eligible", "reasons", "plan_version"),
        PUBLIC,
    ),
    **dict.fromkeys(("benefit_amount", "approved_amount"), FINANCIAL),
}
