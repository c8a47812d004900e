"""The demo's legal aid: cases in every state, made through the engine,
with their letters and the closing report; seeding again adds nothing."""

from __future__ import annotations

from collections import Counter

from casework.core.models import Case, CaseDocument
from casework.demo.legal_aid import seed_legal_aid_demo
from casework.legal.models import Consultation, LegalAid


def test_the_demo_has_legal_aid_in_every_state(org, members):
    assert seed_legal_aid_demo(org, members) == 8
    statuses = Counter(
        Case.objects.filter(program="legal_aid").values_list("case_status", flat=True)
    )
    assert statuses == {
        "submitted": 2,  # one of them the consultation's referral
        "awaiting_supplement": 1,
        "awaiting_approval": 1,
        "in_progress": 1,
        "closed": 1,
        "refused": 1,
    }
    kinds = set(CaseDocument.objects.values_list("kind", flat=True))
    assert {"generated:legal_aid_refusal", "generated:legal_aid_delegation"} <= kinds
    assert "closing_report" in kinds
    referred = Consultation.objects.get(outcome="referred_legal_aid")
    assert LegalAid.objects.get(case__case_number=referred.referral).consultation
    assert seed_legal_aid_demo(org, members) == 0
