"""What a reconsideration writes into the audit chains — of the RC case,
the original and the reopened case — is classified under each case's own
program; a claim's reason of the decision is medical there, so staff who
may not read medical details see it withheld on the claim's timeline."""

from __future__ import annotations

from casework.audit.models import AuditEvent
from casework.core.classification import fields_unclassified
from casework.core.models import Case
from tests.reconsideration.helpers import claim_rejected, requested


def test_every_field_written_on_the_three_cases_is_classified(api, member):
    original = claim_rejected(api, member)
    number = requested(api("caseworker"), original)["case_number"]
    done = api("supervisor2").complete(number, "review", "overturn", reason="住院属实")
    reopened = done.json()["case"]["data"]["reopened_as"]
    for case_number in (original, number, reopened):
        program = Case.objects.get(case_number=case_number).program
        events = AuditEvent.objects.filter(case__case_number=case_number)
        unclassified = {(e.type, k) for e in events for k in fields_unclassified(program, e.data)}
        assert unclassified == set(), case_number

    timeline = api("finance").get(f"/api/cases/{original}/timeline/").json()
    decided = next(e for e in timeline if e["type"] == "reconsideration_decided")
    assert "reason" in decided["data"]["changed"]["withheld"]
    assert "住院属实" not in str(decided)
    assert decided["data"]["changed"]["case_number"] == number
