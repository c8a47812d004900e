"""The masking policy itself: the masks' shapes and who needs what whole."""

from __future__ import annotations

from casework.core import privacy
from casework.core.roles import (
    AUDITOR,
    CASEWORKER,
    FINANCE,
    MEDIATION_COORDINATOR,
    MEDIATOR,
    MEDICAL_REVIEWER,
    SUPERVISOR,
)


def test_an_id_number_keeps_its_first_and_last_four_characters():
    assert privacy.mask_id_number("45222819850315123X") == "4522**********123X"
    assert privacy.mask_id_number("") == ""


def test_a_mobile_number_keeps_its_first_three_and_last_four_digits():
    assert privacy.mask_phone("13812345678") == "138****5678"
    assert privacy.mask_phone("0772-1234567") == "077*****4567"
    assert privacy.mask_phone("12345") == "*****"
    assert privacy.mask_phone("") == ""


def test_the_id_number_is_whole_for_those_who_handle_or_approve_the_case():
    member_ids = privacy.UNMASKED[privacy.ID_NUMBER][privacy.MEMBER_RECORD]
    worker_ids = privacy.UNMASKED[privacy.ID_NUMBER][privacy.MEDIATION_WORKER]
    assert member_ids == {CASEWORKER, SUPERVISOR}
    assert worker_ids == {MEDIATION_COORDINATOR, MEDIATOR}
    for role in (FINANCE, MEDICAL_REVIEWER, AUDITOR):
        assert role not in member_ids | worker_ids


def test_medical_details_are_not_for_finance_nor_the_auditor():
    assert privacy.MEDICAL_ROLES == {CASEWORKER, MEDICAL_REVIEWER, SUPERVISOR}
