"""The web UI on viewflow's frontend: one Site, an Application per area.
Every page is a plain Django view of ours (``views/``): the task pages drive
tasks through ``workflows.engine`` exactly like the REST API, never through
viewflow's own task views, which would skip the engine's checks."""

from __future__ import annotations

from django.urls import path
from django.utils.translation import gettext_lazy as _
from viewflow.urls import Application, Site

from .access import is_member as _member
from .access import is_staff as _staff
from .views import cases, home, member_pages, reports, tasks


class WorkApp(Application):
    title = _("My work")
    icon = "inbox"
    app_name = "work"
    menu_template_name = None
    turbo_disabled = True
    permission = staticmethod(_staff)

    index_path = path("", home.home_page, name="index")
    task_path = path("tasks/<int:task_id>/", tasks.task_page, name="task")


class CasesApp(Application):
    title = _("Cases")
    icon = "folder"
    app_name = "cases"
    menu_template_name = None
    turbo_disabled = True
    permission = staticmethod(_staff)

    index_path = path("", cases.case_list_page, name="index")
    detail_path = path("<str:case_number>/", cases.case_page, name="detail")
    chart_path = path("<str:case_number>/chart.svg", cases.case_chart, name="chart")
    document_path = path(
        "<str:case_number>/documents/<int:document_id>/", cases.case_document, name="document"
    )


class MembersApp(Application):
    title = _("Members")
    icon = "people"
    app_name = "members"
    menu_template_name = None
    turbo_disabled = True
    permission = staticmethod(_staff)

    index_path = path("", member_pages.member_list_page, name="index")
    file_path = path("<int:member_id>/", member_pages.member_file_page, name="file")


class ReportsApp(Application):
    title = _("Reports")
    icon = "bar_chart"
    app_name = "reports"
    menu_template_name = None
    turbo_disabled = True
    permission = staticmethod(_staff)

    index_path = path("", reports.reports_page, name="index")


class SelfServiceApp(Application):
    title = _("My cases")
    icon = "person"
    app_name = "my"
    menu_template_name = None
    turbo_disabled = True
    permission = staticmethod(_member)

    index_path = path("", member_pages.my_cases_page, name="index")
    relief_path = path("apply/relief/", member_pages.my_relief_apply_page, name="relief")
    claim_path = path("apply/mutual-aid/", member_pages.my_claim_page, name="claim")
    case_path = path("cases/<str:case_number>/", member_pages.my_case_page, name="case")


site = Site(
    title=_("Casework"),
    viewsets=[WorkApp(), CasesApp(), MembersApp(), ReportsApp(), SelfServiceApp()],
)
