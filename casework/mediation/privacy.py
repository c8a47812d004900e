"""The classes of the mediation program's fields, as its events carry them
(``casework.core.classification``). Everything said in a mediation — the
worker, the employer, the dispute, the sessions, the terms, the reasons —
is mediation content (``casework.core.access.mediation_content_visible``);
the worker's ID number and phone are whole only for the coordinator and the
case's mediator."""

from casework.core.privacy import ID_NUMBER, MEDIATION_CONTENT, PHONE, PUBLIC

FIELD_CLASSES = {
    **dict.fromkeys(
        (
            "court",
            "court_case_number",
            "referral_type",
            "procedure",
            "referred_on",
            "received_on",
            "deadline",
            "mediator",
            "outcome",
            "outcome_on",
            "judicial_confirmation",
            "returned_on",
            "letter_reference",
            "performance",
            "session",  # the row, not what was said
        ),
        PUBLIC,
    ),
    **dict.fromkeys(
        (
            "worker_name",
            "employer_name",
            "employer_credit_code",
            "dispute_types",
            "amount_claimed",
            "summary",
            "agreed_amount",
            "terms",
            "performance_due",
            "reason",
            "outcome_reason",
            "disputed_points",
            "follow_up_note",
            "return_reason",
            "note",
            "parties_consent",
            "court_consent",
            "held_on",
            "place",
            "attendees",
            "notes",
            "next_step",
            "name",  # a document's file name
            "document_content",
        ),
        MEDIATION_CONTENT,
    ),
    "worker_id_number": ID_NUMBER,
    "worker_phone": PHONE,
}
