"""The task page: forms from the action declarations, refusals as messages
and field errors (never a 500), claim races, reassigning, read-only roles."""

from __future__ import annotations

import pytest
from django.http import QueryDict

from casework.audit.models import AuditEvent
from casework.core.errors import InvalidInput
from casework.web.forms import form_data, form_fields

from .conftest import case_status, open_task_id


def events_of(number: str) -> int:
    """The case's events but the who-viewed log (each page shown is logged)."""
    return AuditEvent.objects.filter(case__case_number=number).exclude(type="viewed").count()


def test_invalid_input_comes_back_as_field_errors_with_400_and_writes_nothing(
    web, relief_case, member
):
    number = relief_case(member)
    verify = open_task_id(number, "verify")
    before = events_of(number)

    response = web("caseworker").post(
        f"/work/tasks/{verify}/",
        {
            "op": "complete",
            "action": "recommend",
            "visit_date": "not a date",
            "verified_annual_income": "-5",
            "verified_rigid_expenses": "6000.00",
            "household_size": "",
            "recommended_amount": "3000.00",
        },
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "Please correct the marked fields." in html
    recommend_form = html.split('data-testid="action-recommend"')[1].split("</section>")[0]
    for field in ("visit_date", "verified_annual_income", "household_size"):
        block = recommend_form.split(f'data-field="{field}"')[1].split("</div>")[0]
        assert 'data-testid="field-error"' in block, field
    # what was typed is shown back
    assert 'value="-5"' in recommend_form
    assert events_of(number) == before
    assert case_status(number) == "submitted"


def test_an_unknown_action_is_a_400_message_not_a_500(web, relief_case, member):
    number = relief_case(member)
    verify = open_task_id(number, "verify")
    response = web("caseworker").post(f"/work/tasks/{verify}/", {"op": "complete", "action": "x"})
    assert response.status_code == 400
    assert "Unknown action." in response.content.decode()


def test_the_second_of_two_claims_gets_a_conflict_message(web, users, relief_case, member):
    number = relief_case(member)
    verify = open_task_id(number, "verify")
    first = web("caseworker").post(f"/work/tasks/{verify}/", {"op": "claim"})
    assert first.status_code == 302

    # a second caseworker of the county, who saw the task in the same queue
    from django.contrib.auth.models import Group, User

    from casework.core.models import UserProfile

    other = User.objects.create_user("caseworker3", first_name="韦三")
    other.groups.add(Group.objects.get(name="caseworker"))
    UserProfile.objects.create(user=other, org_unit=users["caseworker"].profile.org_unit)
    users["caseworker3"] = other
    second = web("caseworker3").post(f"/work/tasks/{verify}/", {"op": "claim"})

    assert second.status_code == 409
    html = second.content.decode()
    assert "already claimed by caseworker" in html
    assert 'data-testid="claim"' not in html
    assert 'data-testid="held-by-other"' in html
    assert 'data-testid="do-recommend"' not in html


def test_only_managers_see_the_reassign_form_listing_who_may_take_the_step(
    web, relief_case, member
):
    number = relief_case(member, until="approve")
    approve = open_task_id(number, "approve")

    caseworker_page = web("caseworker").get(f"/work/tasks/{approve}/").content.decode()
    assert 'data-testid="reassign-form"' not in caseworker_page

    page = web("supervisor").get(f"/work/tasks/{approve}/").content.decode()
    form = page.split('data-testid="reassign-form"')[1].split("</form>")[0]
    assert 'value="supervisor2"' in form
    assert 'value="supervisor"' in form
    assert 'value="caseworker"' not in form  # the recommender (four-eyes) and not a supervisor

    moved = web("supervisor").post(
        f"/work/tasks/{approve}/", {"op": "reassign", "user": "supervisor2"}
    )
    assert moved.status_code == 302
    page = web("supervisor2").get(f"/work/tasks/{approve}/").content.decode()
    assert 'data-testid="do-approve"' in page
    assert 'data-testid="release"' in page


def test_reassigning_to_someone_who_may_not_take_the_step_is_a_field_error(
    web, relief_case, member
):
    number = relief_case(member, until="approve")
    approve = open_task_id(number, "approve")
    before = events_of(number)
    for user in ("caseworker", "nobody-by-that-name"):
        response = web("supervisor").post(
            f"/work/tasks/{approve}/", {"op": "reassign", "user": user}
        )
        assert response.status_code == 400
        form = response.content.decode().split('data-testid="reassign-form"')[1].split("</form>")[0]
        assert 'data-testid="field-error"' in form
    assert events_of(number) == before


def test_the_mediation_assign_form_lists_the_mediators(web, api):
    from tests.mediation.conftest import referral

    response = api("coordinator").post("/api/mediation/referrals/", referral())
    assert response.status_code == 201, response.json()
    number = response.json()["case_number"]
    assign = open_task_id(number, "assign")

    page = web("coordinator").get(f"/work/tasks/{assign}/").content.decode()
    select = page.split('name="mediator"')[1].split("</select>")[0]
    assert 'value="mediator"' in select and 'value="mediator2"' in select
    assert 'value="caseworker"' not in select

    done = web("coordinator").post(
        f"/work/tasks/{assign}/", {"op": "complete", "action": "assign", "mediator": "mediator2"}
    )
    assert done.status_code == 302
    mediate = open_task_id(number, "mediate")
    assert (
        'data-testid="do-settle"'
        in web("mediator2").get(f"/work/tasks/{mediate}/").content.decode()
    )


def test_an_auditor_sees_the_task_but_no_claim_or_action_buttons(web, relief_case, member):
    number = relief_case(member)
    verify = open_task_id(number, "verify")
    response = web("auditor").get(f"/work/tasks/{verify}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="claim"' not in html
    assert 'data-testid="do-' not in html
    assert 'data-testid="reassign-form"' not in html
    assert 'data-testid="other-actions"' in html

    # and a post anyway is refused with the engine's 403, shown as a message
    refused = web("auditor").post(f"/work/tasks/{verify}/", {"op": "claim"})
    assert refused.status_code == 403
    assert 'role="status"' in refused.content.decode()
    assert case_status(number) == "submitted"


def test_a_done_task_shows_no_forms(web, relief_case, member):
    from viewflow.workflow.models import Task

    number = relief_case(member, until="approve")
    verify = Task.objects.filter(process__case__case_number=number, info__node="verify").get()
    html = web("caseworker").get(f"/work/tasks/{verify.pk}/").content.decode()
    assert 'data-status="done"' in html
    assert 'data-testid="do-' not in html and 'data-testid="claim"' not in html


# --- the form conversion, field type by field type -------------------------

DECLARATION = {
    "name": "act",
    "fields": [
        {"name": "kind", "type": "choice", "required": True, "choices": ["a", "b"]},
        {"name": "amount", "type": "decimal", "required": True, "choices": None},
        {"name": "size", "type": "integer", "required": False, "choices": None},
        {"name": "on", "type": "date", "required": True, "choices": None},
        {"name": "agree", "type": "boolean", "required": False, "choices": None},
        {"name": "notes", "type": "text", "required": False, "choices": None},
        {"name": "points", "type": "list", "required": True, "choices": None},
        {"name": "who", "type": "user", "required": True, "choices": ["mediator"]},
        {"name": "code", "type": "string", "required": False, "choices": None},
        {"name": "sums", "type": "dict", "required": False, "choices": None},
    ],
}


def posted(**values: str) -> QueryDict:
    q = QueryDict(mutable=True)
    for key, value in values.items():
        q[key] = value
    return q


def test_a_posted_form_becomes_the_serializers_input():
    data = form_data(
        DECLARATION,
        posted(
            kind="b",
            amount=" 12.50 ",
            size="",
            on="2026-01-31",
            agree="on",
            notes="  line one\nline two ",
            points="first\n\n second \n",
            who="mediator",
            code="",
            sums="severe=100000\nmild = 20000.50\n",
        ),
    )
    assert data == {
        "kind": "b",
        "amount": "12.50",
        "on": "2026-01-31",
        "agree": True,
        "notes": "  line one\nline two ",
        "points": ["first", "second"],
        "who": "mediator",
        "sums": {"severe": "100000", "mild": "20000.50"},
    }


def test_unchecked_boxes_are_false_and_empty_required_lists_stay_for_the_serializer():
    data = form_data(DECLARATION, posted(amount="", on=""))
    assert data["agree"] is False
    assert data["points"] == []
    assert data["amount"] == "" and data["kind"] == ""  # required: the serializer names them
    assert "size" not in data and "sums" not in data


def test_a_mapping_as_json_is_read_and_bad_lines_are_a_field_error():
    assert form_data(DECLARATION, posted(sums='{"severe": 100000}'))["sums"] == {"severe": "100000"}
    with pytest.raises(InvalidInput) as refused:
        form_data(DECLARATION, posted(sums="severe 100000"))
    assert "sums" in refused.value.fields
    with pytest.raises(InvalidInput):
        form_data(DECLARATION, posted(sums="{not json"))


@pytest.mark.parametrize("text", ['{"a":' * 100_000, '{"a":' * 40 + "1" + "}" * 40])
def test_a_mapping_nested_too_deeply_is_a_field_error_not_a_crash(text):
    with pytest.raises(InvalidInput) as refused:
        form_data(DECLARATION, posted(sums=text))
    assert "sums" in refused.value.fields


def test_each_field_type_gets_its_input():
    fields = {
        f["name"]: f
        for f in form_fields(
            DECLARATION, None, {"amount": ["bad"]}, user_names={"mediator": "粟调解"}
        )
    }
    assert fields["kind"]["input"] == "select"
    assert fields["amount"]["input"] == "number" and fields["amount"]["step"] == "0.01"
    assert fields["amount"]["errors"] == ["bad"]
    assert fields["size"]["input"] == "number" and fields["size"]["step"] == "1"
    # a text box asking for YYYY-MM-DD, not the browser's date box (mm/dd/yyyy in English)
    assert fields["on"]["input"] == "text" and fields["on"]["type"] == "date"
    assert fields["notes"]["input"] == "textarea"
    assert fields["points"]["input"] == "textarea"
    assert fields["sums"]["input"] == "textarea"
    assert fields["code"]["input"] == "text"
    assert fields["who"]["input"] == "select"
    assert fields["who"]["options"] == [("mediator", "粟调解")]
