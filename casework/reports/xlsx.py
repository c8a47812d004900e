"""XLSX workbooks: the yearly summary and case lists, Chinese headers, one
sheet per program, money as numbers formatted as money. Written in
openpyxl's write-only mode, so a long case list streams row by row.

Every cell of every workbook is made by ``_Sheet._cell``, and every text in
it goes through ``xlsx_safe_text``: names, units and courts come from users,
and none of them may become a formula in the reader's spreadsheet."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

MONEY_FORMAT = "#,##0.00"
RATE_FORMAT = "0.00%"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

AID_TYPES = {
    "living": "生活救助",
    "education": "助学",
    "medical": "医疗救助",
    "temporary": "临时救助",
}
CATEGORIES = {"deep": "深度困难", "relative": "相对困难", "accidental": "意外致困"}
PRODUCTS = {
    "inpatient": "住院医疗互助",
    "critical_illness": "重大疾病",
    "female_special": "女职工特殊疾病",
}
REASONS = {
    "NOT_ENROLLED": "未参加互助",
    "WAITING_PERIOD": "等待期内",
    "OUTSIDE_COVERAGE": "不在保障期内",
    "LATE_CLAIM": "超过申请期限",
    "CAP_EXHAUSTED": "年度限额已用完",
    "NOT_APPLICABLE": "不适用该项目",
    "documents_invalid": "材料无效",
    "other": "其他",
}
ROLES = {
    "caseworker": "经办人",
    "supervisor": "审批人",
    "finance": "财务",
    "medical_reviewer": "医疗复核",
    "mediation_coordinator": "诉调对接负责人",
    "mediator": "调解员",
}
STATUSES = {
    "submitted": "已提交",
    "verifying": "核查中",
    "awaiting_supplement": "待补正",
    "public_notice": "公示中",
    "awaiting_approval": "待审批",
    "approved": "已批准",
    "closed": "已办结",
    "rejected": "未通过",
    "withdrawn": "已撤回",
    "lapsed": "已失效",
    "reviewing": "初审中",
    "medical_review": "病理复核",
    "registered": "已登记",
    "assigned": "已指派",
    "mediating": "调解中",
    "awaiting_decision": "待决定",
    "follow_up": "履行跟踪",
    "returning": "退回中",
    "settled": "调解成功",
    "settled_unfulfilled": "调解成功未履行",
    "returned_to_court": "已退回法院",
}


# What a spreadsheet reads as the start of a formula (the full-width forms
# too: some input methods turn them into the ASCII ones when a cell is edited)
FORMULA_STARTS = frozenset("=+-@＝＋－＠")


def xlsx_safe_text(value: str) -> str:
    """``value`` as a cell that stays text: one that starts, leading
    whitespace ignored, with ``= + - @``, or that starts with a tab or a
    carriage return, gets a leading apostrophe; any other text is
    unchanged."""
    if value[:1] in ("\t", "\r") or value.lstrip()[:1] in FORMULA_STARTS:
        return "'" + value
    return value


class _Sheet:
    """A write-only sheet with a bold header row and typed cells."""

    def __init__(self, book: Workbook, title: str, headers: list[str]) -> None:
        self.ws = book.create_sheet(title)
        self.ws.append([self._cell(h, bold=True) for h in headers])

    def _cell(self, value: Any, bold: bool = False, fmt: str | None = None) -> WriteOnlyCell:
        if isinstance(value, str):
            value = xlsx_safe_text(value)
        cell = WriteOnlyCell(self.ws, value=value)
        if bold:
            cell.font = Font(bold=True)
        if fmt:
            cell.number_format = fmt
        elif isinstance(value, Decimal):
            cell.number_format = MONEY_FORMAT
        return cell

    def row(self, *values: Any, rate_columns: Iterable[int] = ()) -> None:
        rates = set(rate_columns)
        self.ws.append(
            [self._cell(v, fmt=RATE_FORMAT if i in rates else None) for i, v in enumerate(values)]
        )


def _save(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def summary_workbook(summary: dict[str, Any], monthly: dict[str, Any] | None = None) -> bytes:
    """One sheet per program (帮扶救助, 医疗互助, 诉调对接), overdue tasks, and
    the monthly series when given."""
    book = Workbook(write_only=True)
    unit = (summary.get("org_unit") or {}).get("name", "全部")
    relief = summary["relief"]
    sheet = _Sheet(
        book,
        "帮扶救助",
        ["救助类型", "申请件数", "救助人次", "批准金额(元)", "发放笔数", "发放金额(元)"],
    )
    for key, label in AID_TYPES.items():
        r = relief["by_aid_type"][key]
        sheet.row(
            label, r["applications"], r["granted"], r["granted_amount"], r["paid"], r["paid_amount"]
        )
    sheet.row(
        "合计",
        relief["applications"],
        relief["granted"],
        relief["granted_amount"],
        relief["paid"],
        relief["paid_amount"],
    )
    sheet.row()
    sheet.row("困难类别", "", "救助人次", "批准金额(元)", "发放笔数", "发放金额(元)")
    for key, label in CATEGORIES.items():
        r = relief["by_category"][key]
        sheet.row(label, "", r["granted"], r["granted_amount"], r["paid"], r["paid_amount"])
    sheet.row()
    sheet.row("救助人数", relief["persons"])
    sheet.row("年度", summary["year"])
    sheet.row("单位", unit)

    ma = summary["mutual_aid"]
    sheet = _Sheet(
        book,
        "医疗互助",
        ["互助项目", "受理件数", "核准件数", "不予给付", "支付笔数", "支付金额(元)"],
    )
    for key, label in PRODUCTS.items():
        r = ma["by_product"][key]
        sheet.row(label, r["claims"], r["approved"], r["rejected"], r["paid"], r["paid_amount"])
    sheet.row("合计", ma["claims"], ma["approved"], ma["rejected"], ma["paid"], ma["paid_amount"])
    sheet.row()
    sheet.row("不予给付原因", "件数")
    for key, label in REASONS.items():
        sheet.row(label, ma["rejected_by_reason"].get(key, 0))

    md = summary["mediation"]
    sheet = _Sheet(book, "诉调对接", ["指标", "数值"])
    for label, key in (
        ("受理委派委托案件", "referred"),
        ("调解成功", "settled"),
        ("其中未履行", "settled_unfulfilled"),
        ("已结案", "closed"),
        ("退回法院", "returned_to_court"),
        ("撤回", "withdrawn"),
        ("延长期限", "extensions"),
        ("申请司法确认", "judicial_confirmation_applications"),
        ("司法确认", "judicial_confirmations"),
        ("诉求金额(元)", "amount_claimed"),
        ("调解成功案件诉求金额(元)", "amount_claimed_settled"),
        ("协议金额(元)", "amount_agreed"),
        ("平均办理天数", "average_days"),
    ):
        value = md.get(key)
        sheet.row(label, float(value) if key == "average_days" and value is not None else value)
    rate = md.get("success_rate")
    sheet.row("调解成功率", float(rate) if rate is not None else None, rate_columns=[1])

    sheet = _Sheet(book, "逾期任务", ["单位", "角色", "逾期任务数"])
    for r in summary["overdue_tasks"]:
        sheet.row(r["org_unit"]["name"], ROLES.get(r["role"], r["role"]), r["count"])

    if monthly:
        sheet = _Sheet(
            book,
            "月度",
            [
                "月份",
                "帮扶申请",
                "帮扶批准",
                "帮扶发放(元)",
                "互助受理",
                "互助支付(元)",
                "调解受理",
                "调解成功",
            ],
        )
        for m in monthly["months"]:
            sheet.row(
                f"{m['month']}月",
                m["relief_applications"],
                m["relief_granted"],
                m["relief_paid_amount"],
                m["mutual_aid_claims"],
                m["mutual_aid_paid_amount"],
                m["mediation_referred"],
                m["mediation_settled"],
            )
    return _save(book)


def _local(value: Any) -> Any:
    # Excel has no time zones: local wall time, without tzinfo
    return timezone.localtime(value).replace(tzinfo=None) if value else None


def _relief_row(case: Any) -> list[Any]:
    app = getattr(case, "relief", None)
    payment = getattr(case, "relief_payment", None)
    return [
        AID_TYPES.get(app.aid_type, app.aid_type) if app else None,
        CATEGORIES.get(app.category, app.category) if app and app.category else None,
        app.requested_amount if app else None,
        app.approved_amount if app else None,
        payment.amount if payment else None,
    ]


def _mutual_aid_row(case: Any) -> list[Any]:
    claim = getattr(case, "mutual_aid", None)
    payment = getattr(case, "mutual_aid_payment", None)
    return [
        PRODUCTS.get(claim.plan.product, claim.plan.product) if claim else None,
        claim.benefit_amount if claim else None,
        claim.approved_amount if claim else None,
        payment.amount if payment else None,
    ]


def _mediation_row(case: Any) -> list[Any]:
    # what a reader of the case without confidential rights sees, no more
    ref = getattr(case, "mediation", None)
    return [
        ref.court if ref else None,
        ref.court_case_number if ref else None,
        ref.received_on if ref else None,
        ref.deadline if ref else None,
    ]


PROGRAM_SHEETS: dict[str, tuple[str, list[str], Callable[[Any], list[Any]]]] = {
    "relief": (
        "帮扶救助",
        ["救助类型", "困难类别", "申请金额(元)", "批准金额(元)", "发放金额(元)"],
        _relief_row,
    ),
    "mutual_aid": (
        "医疗互助",
        ["互助项目", "测算金额(元)", "核准金额(元)", "支付金额(元)"],
        _mutual_aid_row,
    ),
    "mediation": ("诉调对接", ["委托法院", "法院案号", "签收日期", "办理期限"], _mediation_row),
}
COMMON_HEADERS = ["案件编号", "状态", "所属单位", "姓名", "登记时间", "结案时间"]


def cases_for_export(qs: QuerySet) -> QuerySet:
    return qs.select_related(
        "org_unit",
        "member",
        "relief",
        "relief_payment",
        "mutual_aid__plan",
        "mutual_aid_payment",
        "mediation",
    )


def cases_workbook(
    qs: QuerySet, progress: Callable[[int], None] | None = None, every: int = 500
) -> bytes:
    """The cases of ``qs`` (already scoped), one sheet per program, streamed.
    Names appear as caseworkers see them; ID numbers never."""
    book = Workbook(write_only=True)
    sheets = {
        program: _Sheet(book, title, COMMON_HEADERS + headers)
        for program, (title, headers, _row) in PROGRAM_SHEETS.items()
    }
    done = 0
    for case in cases_for_export(qs).iterator(chunk_size=2000):
        _title, _headers, program_row = PROGRAM_SHEETS[case.program]
        sheets[case.program].row(
            case.case_number,
            STATUSES.get(case.case_status, case.case_status),
            case.org_unit.name,
            case.member.name if case.member else None,
            _local(case.created),
            _local(case.closed),
            *program_row(case),
        )
        done += 1
        if progress and done % every == 0:
            progress(done)
    if progress:
        progress(done)
    return _save(book)
