"""Two requests for reconsideration of one decision at once (the member and
a caseworker for them, each on its own connection): one RC case, the other
409 ``reconsideration_exists``; the audit chains stay whole. Only
PostgreSQL has row locks between real connections."""

from __future__ import annotations

import pytest
from django.db import connection

from casework.audit.verify import audit_verify
from casework.core.errors import Conflict
from casework.core.models import Case
from casework.reconsideration.models import Reconsideration
from tests.races.contenders import race
from tests.reconsideration.helpers import relief_rejected
from workflows.intake import reconsideration_request

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="race tests need PostgreSQL (row locks between real connections); "
        "set DATABASE_URL=postgres://... to run them",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_two_requests_for_one_decision_make_one_case(api, member, member_api, users):
    original = relief_rejected(api, member)

    def asking(user):
        def prepare():
            case = Case.objects.get(case_number=original)
            return lambda: reconsideration_request(actor=user, original=case, reason="再议")

        return prepare

    answers = race(asking(member_api.user), asking(users["caseworker"]))
    made = [a for a in answers if isinstance(a, Case)]
    refused = [a for a in answers if isinstance(a, Conflict)]
    assert len(made) == 1 and len(refused) == 1, answers
    assert refused[0].code == "reconsideration_exists"
    assert Reconsideration.objects.filter(original__case_number=original).count() == 1
    assert Case.objects.filter(program="reconsideration").count() == 1
    assert audit_verify().ok
