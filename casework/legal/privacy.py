"""The classes of the consultation program's fields, as its events carry
them (``casework.core.classification``). The visitor's ID number and phone
are protected like a member's; the facts and the advice are open to whoever
may see the case."""

from casework.core.privacy import ID_NUMBER, PHONE, PUBLIC

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
