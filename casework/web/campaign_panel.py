"""The nomination list on the task pages of a campaign list (PROCESSES.md
§4): its recipients, the campaign's budget used and left and what the list
adds, and the issue's progress. On ``review`` each recipient is verified
or excluded (with a reason); on ``disburse`` each grant is issued, signed
for or marked unreachable, and the sign-for sheet generated. The forms are
for whoever may take the step's actions; the writes are the API's
(``workflows.campaign_work``), which decide and refuse — the page only
shows their refusals."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework import serializers

from casework.campaigns import inputs
from casework.campaigns.models import Recipient, RecipientStatus
from casework.core.errors import InvalidInput, NotFound
from casework.core.models import PaymentMethod
from casework.presenters.campaign_lists import ListView, campaign_list_work
from casework.reports import documents as generated
from workflows import campaign_work
from workflows.campaigns import CampaignListFlow
from workflows.engine.completion import flatten_errors
from workflows.task_states import OPEN

SIGN_SHEET = "campaign_sign_sheet"


class _Write:
    """A per-recipient write of the page: the API's write, its input and
    what it fixes (the review's decision)."""

    def __init__(self, write: str, input_class: Any, done: str, **fixed: Any) -> None:
        self.write, self.input, self.done, self.fixed = write, input_class, done, fixed


# op → the write, as the API's recipient endpoints take it
WRITES = {
    "recipient_verify": _Write(
        "check", inputs.RecipientVerifyInput, "verified", decision=RecipientStatus.VERIFIED
    ),
    "recipient_exclude": _Write(
        "check", inputs.ReasonInput, "excluded", decision=RecipientStatus.EXCLUDED
    ),
    "recipient_issue": _Write("issue", inputs.IssueInput, "issued"),
    "recipient_sign": _Write("sign", inputs.SignInput, "signed"),
    "recipient_unreachable": _Write("unreachable", inputs.ReasonInput, "unreachable"),
}
OPS = (*WRITES, "sign_sheet", "issue_remaining")
# the steps whose forms the panel carries
REVIEW_STEPS = (CampaignListFlow.review,)
DISBURSE_STEPS = (CampaignListFlow.disburse,)


def _view(query: QueryDict) -> ListView:
    page = query.get("page", "1")
    return ListView(
        page=int(page) if page.isdigit() and len(page) < 6 else 1,
        unissued_only=query.get("unissued") == "1",
    )


def campaign_panel(task: Any, *, may_act: bool, query: QueryDict) -> dict[str, Any] | None:
    """What the page shows of the list, or None off the campaign flow.
    ``may_act``: the user may take the task's actions (the per-recipient
    forms are offered with them); ``query``: the page and filter asked for."""
    if task.flow_task.flow_class is not CampaignListFlow:
        return None
    case = task.info.case
    work = campaign_list_work(case, _view(query))
    open_ = case.closed is None and task.status in OPEN
    step = task.flow_task
    panel = {
        **work,
        "step": step.name,
        "review_forms": may_act and open_ and step in REVIEW_STEPS,
        "disburse_forms": may_act and open_ and step in DISBURSE_STEPS,
        "disburse": step in DISBURSE_STEPS,
        "before_approval": work["budget"]["approved_total"] is None,
        "today": timezone.localdate().isoformat(),
        "methods": PaymentMethod.choices,
        "query": _query(work["view"]),
        "sheets": [],
    }
    if step in DISBURSE_STEPS:
        panel["sheets"] = list(
            case.documents.filter(kind=f"generated:{SIGN_SHEET}").order_by("-pk")[:1]
        )
        panel["sheet_ready"] = generated.document_available(case, SIGN_SHEET)
    return panel


def _query(view: ListView) -> str:
    params = {"unissued": "1"} if view.unissued_only else {}
    if view.page > 1:
        params["page"] = str(view.page)
    return urlencode(params)


def campaign_post(request: HttpRequest, task: Any, op: str) -> str:
    """Take one write of the page as the API takes it (the input validated
    by its serializer, then ``campaign_work``, which refuses what the list's
    state or the user's role does not allow); the URL to go back to."""
    if task.flow_task.flow_class is not CampaignListFlow:
        raise InvalidInput("unknown operation", fields={"op": [_("Unknown operation.")]})
    case = task.info.case
    query = _query(_view(request.GET))  # the page and filter the form was on
    back = reverse("work:task", kwargs={"task_id": task.pk}) + (f"?{query}" if query else "")
    if op == "sign_sheet":
        generated.document_generate(case=case, actor=request.user, document=SIGN_SHEET)
        messages.success(request, _("Sign-for sheet generated."))
        return back + "#campaign-documents"
    if op == "issue_remaining":
        _issue_remaining(request, case)
        return back + "#campaign-panel"
    write = WRITES[op]
    campaign_work.may_write(request.user, case, write.write)
    recipient = _recipient(case, request.POST.get("recipient", ""))
    payload = write.input(data={k: request.POST.get(k, "") for k in write.input().fields})
    if not payload.is_valid():
        raise InvalidInput(_("invalid input"), fields=flatten_errors(payload.errors))
    campaign_work.recipient_write(
        case=case,
        actor=request.user,
        write=write.write,
        recipient_id=recipient.pk,
        **write.fixed,
        **payload.validated_data,
    )
    messages.success(request, _done_message(write.done, recipient.member.name))
    return back + f"#recipient-{recipient.pk}"


def _issue_remaining(request: HttpRequest, case: Any) -> None:
    """Every approved grant not issued yet, issued at once against one
    voucher, as ``POST /api/campaign-lists/{n}/issue-remaining/`` does."""
    campaign_work.may_write(request.user, case, "issue")
    fields = inputs.IssueInput().fields
    payload = inputs.IssueInput(data={k: request.POST.get(k, "") for k in fields.keys()})
    if not payload.is_valid():
        raise InvalidInput(_("invalid input"), fields=flatten_errors(payload.errors))
    issued = campaign_work.list_write(
        case=case, actor=request.user, write="issue_remaining", **payload.validated_data
    )
    messages.success(
        request,
        ngettext("%(n)s grant issued.", "%(n)s grants issued.", len(issued)) % {"n": len(issued)},
    )


def _recipient(case: Any, posted: str) -> Recipient:
    try:
        recipient_id = serializers.IntegerField().run_validation(posted)
    except serializers.ValidationError as exc:
        raise InvalidInput(
            "unknown recipient", fields={"recipient": [_("Unknown recipient.")]}
        ) from exc
    found = (
        Recipient.objects.select_related("member")
        .filter(pk=recipient_id, campaign_list_id=case.pk)
        .first()
    )
    if found is None:
        raise NotFound(_("recipient %(id)s not found") % {"id": recipient_id})
    return found


def _done_message(done: str, name: str) -> str:
    sentences = {
        "verified": _("%(name)s verified."),
        "excluded": _("%(name)s excluded."),
        "issued": _("Grant to %(name)s issued."),
        "signed": _("Grant to %(name)s signed for."),
        "unreachable": _("%(name)s marked unreachable."),
    }
    return sentences[done] % {"name": name}
