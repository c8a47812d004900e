"""The classes of the campaign program's fields, as its events carry them
(``casework.core.classification``): the student's ID number is an
identity number, amounts are financial, the rest is what the list says
openly (names are shown masked on the public notice)."""

from casework.core.privacy import FINANCIAL, ID_NUMBER, PUBLIC

FIELD_CLASSES = {
    **dict.fromkeys(
        (
            "campaign",
            "kind",
            "title",
            "recipients",
            "recipient",
            "tier",
            "note",
            "household",
            "reason",
            "objection",
            "student_name",
            "school",
            "level",
            "signed_on",
            "signed_by",
            "issued_on",
            "notice_ends_on",
            "item",
            "items",  # the recipients a bulk issue paid
            "comment",
            "name",  # a document's file name
        ),
        PUBLIC,
    ),
    **dict.fromkeys(
        ("cash", "goods_value", "total", "total_cash", "total_goods", "approved_total"),
        FINANCIAL,
    ),
    "student_id_number": ID_NUMBER,
}
