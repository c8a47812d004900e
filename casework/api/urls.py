from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from . import (
    admin_api,
    campaigns,
    cases,
    legal,
    legal_aid,
    mediation,
    mutual_aid,
    notifications,
    people,
    reconsideration,
    relief,
    reports,
    tasks,
)
from .audit_log import ViewedLogApi

urlpatterns = [
    path("auth/token/", admin_api.TokenApi.as_view()),
    path("auth/token/revoke/", admin_api.TokenRevokeApi.as_view()),
    path("auth/password/", admin_api.PasswordChangeApi.as_view()),
    path("me/", people.MeApi.as_view()),
    path("org-units/", people.OrgUnitListApi.as_view()),
    path("members/", people.MemberListApi.as_view()),
    path("members/<int:member_id>/", people.MemberDetailApi.as_view()),
    path("members/<int:member_id>/file/", people.MemberFileApi.as_view()),
    path("relief/applications/", relief.ReliefApplicationApi.as_view()),
    path("cases/", cases.CaseListApi.as_view()),
    path("cases/<str:case_number>/", cases.CaseDetailApi.as_view()),
    path("cases/<str:case_number>/timeline/", cases.CaseTimelineApi.as_view()),
    path("cases/<str:case_number>/documents/", cases.CaseDocumentsApi.as_view()),
    path("cases/<str:case_number>/withdraw/", cases.CaseWithdrawApi.as_view()),
    path("cases/<str:case_number>/generate/", cases.CaseGenerateApi.as_view()),
    path("cases/<str:case_number>/reconsideration/", reconsideration.ReconsiderationApi.as_view()),
    path("tasks/", tasks.TaskListApi.as_view()),
    path("tasks/<int:task_id>/", tasks.TaskDetailApi.as_view()),
    path("tasks/<int:task_id>/claim/", tasks.TaskClaimApi.as_view()),
    path("tasks/<int:task_id>/release/", tasks.TaskReleaseApi.as_view()),
    path("tasks/<int:task_id>/reassign/", tasks.TaskReassignApi.as_view()),
    path("tasks/<int:task_id>/complete/", tasks.TaskCompleteApi.as_view()),
    path("parameters/", admin_api.ParameterListApi.as_view()),
    path("parameters/<str:key>/", admin_api.ParameterDetailApi.as_view()),
    path("audit/verify/", admin_api.AuditVerifyApi.as_view()),
    path("audit/viewed/", ViewedLogApi.as_view()),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema")),
]

urlpatterns += mutual_aid.urlpatterns + mediation.urlpatterns + campaigns.urlpatterns
urlpatterns += reports.urlpatterns + notifications.urlpatterns + legal.urlpatterns
urlpatterns += legal_aid.urlpatterns
