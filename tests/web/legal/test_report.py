"""The year's consultations by channel and by category: on the reports page
(tables and bar charts) and in the summary workbook."""

from __future__ import annotations

import io

from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from casework.legal.models import Category, Channel


def test_the_reports_page_counts_consultations_by_channel_and_category(web, consult):
    consult(channel="phone", category="overtime")
    consult(channel="visit", category="wages")
    consult(channel="visit", category="wages")
    html = web("supervisor").get("/reports/").content.decode()
    assert 'data-testid="report-legal"' in html
    assert 'data-figure="legal.consultations">3<' in html
    assert 'data-figure="legal.by_channel.visit">2<' in html
    assert 'data-figure="legal.by_channel.phone">1<' in html
    assert 'data-figure="legal.by_category.wages">2<' in html
    assert 'data-figure="legal.by_category.hotline"' not in html
    assert html.count('class="cw-bar-chart"') >= 2


def test_the_summary_workbook_has_the_consultations_sheet(api, consult):
    consult(channel="hotline", category="work_injury")
    response = api("supervisor").get("/api/reports/summary.xlsx")
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    book = load_workbook(io.BytesIO(content))
    with translation.override("zh-hans"):  # the workbook is in the site's language
        title = gettext("Legal consultations")
        total = gettext("Consultations")
        hotline = f"{gettext('Channel')}: {Channel.HOTLINE.label}"
        visit = f"{gettext('Channel')}: {Channel.VISIT.label}"
        injury = f"{gettext('Consultation category')}: {Category.WORK_INJURY.label}"
    assert title == "法律咨询"
    sheet = next(s for s in book.worksheets if s.title == title)
    rows = {r[0]: r[1] for r in sheet.iter_rows(values_only=True)}
    assert (rows[total], rows[hotline], rows[injury], rows[visit]) == (1, 1, 1, 0)
