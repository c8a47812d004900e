"""The documents of a campaign nomination list (PROCESSES.md §4): the 公示
list and the 发放签领表 as PDFs (through ``documents.document_generate``),
and the list as an XLSX workbook. Names and ID numbers are masked, as in
every generated document; rows are read in one query."""

from __future__ import annotations

import io
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from casework.campaigns.models import (
    CampaignKind,
    CampaignList,
    Recipient,
    RecipientStatus,
    StudentLevel,
)
from casework.campaigns.selectors import GRANTED, recipients_of
from casework.core.masking import mask_id_number, mask_name
from casework.core.models import Case, PaymentMethod

METHOD_ZH: dict[str, str] = {
    PaymentMethod.CASH: "现金",
    PaymentMethod.BANK_TRANSFER: "银行转账",
    PaymentMethod.GOODS: "实物",
}
LEVEL_ZH: dict[str, str] = {
    StudentLevel.UNDERGRADUATE: "本科",
    StudentLevel.JUNIOR_COLLEGE: "专科",
    StudentLevel.VOCATIONAL: "职业院校",
}
STATUS_ZH: dict[str, str] = {
    RecipientStatus.NOMINATED: "已推荐",
    RecipientStatus.VERIFIED: "已审核",
    RecipientStatus.EXCLUDED: "已剔除",
    RecipientStatus.APPROVED: "已批准",
    RecipientStatus.ISSUED: "已发放",
    RecipientStatus.SIGNED: "已签领",
    RecipientStatus.UNREACHABLE: "无法联系",
}


def _row(r: Recipient) -> dict[str, Any]:
    return {
        "name": mask_name(r.member.name),
        "id_number": mask_id_number(r.member.id_number),
        "tier": r.tier.label,
        "cash": r.tier.cash,
        "goods_value": r.tier.goods_value,
        "amount": r.tier.cash + r.tier.goods_value,
        "student": mask_name(r.student_name),
        "school": r.school,
        "level": LEVEL_ZH.get(r.level, ""),
        "issued_on": r.issued_on,
        "method": METHOD_ZH.get(r.issued_method, ""),
        "signed_on": r.signed_on,
        "status": STATUS_ZH.get(r.status, r.status),
    }


def _list(case: Case) -> CampaignList:
    return CampaignList.objects.select_related("campaign", "case__org_unit").get(case=case)


def campaign_notice(case: Case) -> dict[str, Any]:
    """公示名单: the verified recipients (not those excluded)."""
    cl = _list(case)
    rows = [_row(r) for r in recipients_of(cl) if r.status != RecipientStatus.EXCLUDED]
    return {
        "list": cl,
        "campaign": cl.campaign,
        "golden_autumn": cl.campaign.kind == CampaignKind.GOLDEN_AUTUMN,
        "unit_name": cl.case.org_unit.name,
        "rows": rows,
        "today": timezone.localdate(),
    }


def campaign_sign_sheet(case: Case) -> dict[str, Any]:
    """发放签领表: one row per approved recipient, with a signature column."""
    cl = _list(case)
    rows = [_row(r) for r in recipients_of(cl) if r.status in GRANTED]
    return {
        "list": cl,
        "campaign": cl.campaign,
        "unit_name": cl.case.org_unit.name,
        "rows": rows,
        "total": sum((row["amount"] for row in rows), 0),
        "today": timezone.localdate(),
    }


def notice_ready(case: Case) -> bool:
    """The list was verified by the review (its notice, or after)."""
    return CampaignList.objects.filter(case=case, reviewed_by__isnull=False).exists()


def sign_sheet_ready(case: Case) -> bool:
    """The list was approved."""
    return CampaignList.objects.filter(case=case, approved_by__isnull=False).exists()


def campaign_list_workbook(case: Case) -> bytes:
    """The list as one sheet: every recipient with tier, amounts and state."""
    cl = _list(case)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(case.case_number)
    sheet.append([cl.campaign.title, cl.case.org_unit.name, case.case_number])
    header = ["序号", "姓名", "身份证号码", "档次", "现金（元）", "物资折价（元）", "合计（元）"]
    header += ["状态", "发放方式", "发放日期", "签领日期"]
    if cl.campaign.kind == CampaignKind.GOLDEN_AUTUMN:
        header += ["学生", "学校", "层次"]
    sheet.append(header)
    for n, r in enumerate(recipients_of(cl), start=1):
        row = _row(r)
        line = [n, row["name"], row["id_number"], row["tier"], row["cash"], row["goods_value"]]
        line += [row["amount"], row["status"], row["method"], row["issued_on"], row["signed_on"]]
        if cl.campaign.kind == CampaignKind.GOLDEN_AUTUMN:
            line += [row["student"], row["school"], row["level"]]
        sheet.append(line)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def campaign_columns() -> list[str]:
    return [
        _("Campaign kind"),
        _("Lists"),
        _("Person-times"),
        _("Cash (yuan)"),
        _("Goods value (yuan)"),
        _("Total (yuan)"),
    ]


def campaigns_sheet(sheet: Any, figures: dict[str, dict[str, Any]]) -> None:
    """The summary workbook's campaign sheet: one row per kind."""
    for kind, row in figures.items():
        sheet.row(
            str(CampaignKind(kind).label),
            row["lists"],
            row["person_times"],
            row["cash"],
            row["goods_value"],
            row["total"],
        )
