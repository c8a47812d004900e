"""The web UI on viewflow's frontend: one Site, an Application per area.
Every page is a plain Django view of ours (``views/``): the task pages drive
tasks through ``workflows.engine`` exactly like the REST API, never through
viewflow's own task views, which would skip the engine's checks."""

from __future__ import annotations

from typing import Any

from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from viewflow.urls import Application, Site

from casework.presenters.public_notice import may_read_notice

from .access import is_member as _member
from .access import is_staff as _staff
from .access import works_cases as _case_staff
from .views import campaigns as campaign_pages
from .views import case_lists, cases, home, member_answer, member_pages, previews, reports, tasks
from .views import intake as intake_pages
from .views import legal as legal_pages
from .views import legal_aid_intake as legal_aid_pages
from .views import notifications as notification_pages
from .views import public_notice as notice_pages
from .views import reconsideration as reconsideration_pages

# viewflow's menu heading, translated in our catalog: viewflow's own zh_Hans
# catalog renders it as 申请件数 ("number of applications")
MENU_HEADING = gettext_noop("Applications")


class CaseworkApp(Application):
    """An area of the UI. viewflow's site middleware answers 403 to a user
    whose role has no business in the area (and the menu hides it); an
    anonymous visitor is let through to the view, which sends them to log in."""

    menu_template_name = None
    turbo_disabled = True

    def has_view_permission(self, user: Any, obj: Any = None) -> bool:
        return not user.is_authenticated or super().has_view_permission(user, obj)


class WorkApp(CaseworkApp):
    title = _("My work")
    icon = "inbox"
    app_name = "work"
    permission = staticmethod(_staff)

    index_path = path("", home.home_page, name="index")
    task_path = path("tasks/<int:task_id>/", tasks.task_page, name="task")


class PublicNoticeApp(CaseworkApp):
    """The public-notice list (公示) of the caseworker's unit."""

    title = _("Public notice")
    icon = "campaign"
    app_name = "notice"
    permission = staticmethod(may_read_notice)

    index_path = path("", notice_pages.public_notice_page, name="index")
    pdf_path = path("list.pdf", notice_pages.public_notice_pdf_page, name="pdf")


class IntakeApp(CaseworkApp):
    """New cases: the programs whose cases the user may open."""

    title = _("New case")
    icon = "add_circle"
    app_name = "intake"
    permission = staticmethod(intake_pages.may_use_intake)

    index_path = path("", intake_pages.intake_index_page, name="index")
    relief_path = path("relief/", intake_pages.relief_intake_page, name="relief")
    claim_path = path("mutual-aid/", intake_pages.claim_intake_page, name="claim")
    referral_path = path("mediation/", intake_pages.referral_intake_page, name="referral")
    legal_aid_path = path("legal-aid/", legal_aid_pages.legal_aid_intake_page, name="legal_aid")


class CampaignsApp(CaseworkApp):
    """Seasonal relief campaigns: the campaigns, setting one up, nominating lists."""

    title = _("Campaigns")
    icon = "redeem"
    app_name = "campaigns"
    permission = staticmethod(campaign_pages.may_use_campaigns)

    index_path = path("", campaign_pages.campaigns_index_page, name="index")
    new_path = path("new/", campaign_pages.new_campaign_page, name="new")
    detail_path = path("<int:campaign_id>/", campaign_pages.campaign_page, name="detail")
    new_list_path = path(
        "<int:campaign_id>/lists/new/", campaign_pages.new_list_page, name="new_list"
    )
    upload_path = path(
        "<int:campaign_id>/lists/upload/", campaign_pages.upload_list_page, name="upload_list"
    )
    template_path = path(
        "<int:campaign_id>/lists/template.csv",
        campaign_pages.list_template_file,
        name="list_template",
    )


class CasesApp(CaseworkApp):
    title = _("Cases")
    icon = "folder"
    app_name = "cases"
    permission = staticmethod(_staff)

    index_path = path("", case_lists.case_list_page, name="index")
    detail_path = path("<str:case_number>/", cases.case_page, name="detail")
    chart_path = path("<str:case_number>/chart.svg", cases.case_chart, name="chart")
    document_path = path(
        "<str:case_number>/documents/<int:document_id>/", cases.case_document, name="document"
    )
    preview_path = path(
        "<str:case_number>/documents/<int:document_id>/preview/",
        previews.document_preview,
        name="document_preview",
    )
    reconsideration_path = path(
        "<str:case_number>/reconsideration/",
        reconsideration_pages.reconsideration_page,
        name="reconsideration",
    )


class MembersApp(CaseworkApp):
    title = _("Members")
    icon = "people"
    app_name = "members"
    permission = staticmethod(_staff)

    index_path = path("", member_pages.member_list_page, name="index")
    file_path = path("<int:member_id>/", member_pages.member_file_page, name="file")


class ReportsApp(CaseworkApp):
    title = _("Reports")
    icon = "bar_chart"
    app_name = "reports"
    permission = staticmethod(_case_staff)

    index_path = path("", reports.reports_page, name="index")


class LegalApp(CaseworkApp):
    """The legal services: the duty roster, the consultations (§5)."""

    title = _("Legal services")
    icon = "gavel"
    app_name = "legal"
    permission = staticmethod(_staff)

    index_path = path("", legal_pages.roster_page, name="index")
    print_path = path("roster/print/", legal_pages.roster_print_page, name="print")
    generate_path = path("roster/generate/", legal_pages.roster_generate_page, name="generate")
    slot_path = path("roster/slots/<int:slot_id>/", legal_pages.slot_page, name="slot")
    consult_path = path("consult/", legal_pages.consult_page, name="consult")
    consultations_path = path(
        "consultations/", legal_pages.consultations_page, name="consultations"
    )


class SelfServiceApp(CaseworkApp):
    title = _("My cases")
    icon = "person"
    app_name = "my"
    permission = staticmethod(_member)

    index_path = path("", member_pages.my_cases_page, name="index")
    relief_path = path("apply/relief/", member_pages.my_relief_apply_page, name="relief")
    claim_path = path("apply/mutual-aid/", member_pages.my_claim_page, name="claim")
    legal_aid_path = path("apply/legal-aid/", legal_aid_pages.my_legal_aid_page, name="legal_aid")
    case_path = path("cases/<str:case_number>/", member_pages.my_case_page, name="case")
    answer_path = path(
        "cases/<str:case_number>/answer/", member_answer.my_answer_page, name="answer"
    )
    reconsideration_path = path(
        "cases/<str:case_number>/reconsideration/",
        reconsideration_pages.my_reconsideration_page,
        name="reconsideration",
    )
    document_path = path(
        "cases/<str:case_number>/documents/<int:document_id>/",
        member_pages.my_document,
        name="document",
    )


class NotificationsApp(CaseworkApp):
    """Everyone's own notifications, staff and members alike."""

    title = _("Notifications")
    icon = "notifications"
    app_name = "notifications"
    permission = staticmethod(lambda user: _staff(user) or _member(user))

    index_path = path("", notification_pages.notifications_page, name="index")


site = Site(
    title=_("Casework"),
    viewsets=[
        WorkApp(),
        IntakeApp(),
        PublicNoticeApp(),
        CampaignsApp(),
        CasesApp(),
        MembersApp(),
        ReportsApp(),
        LegalApp(),
        SelfServiceApp(),
        NotificationsApp(),
    ],
)
