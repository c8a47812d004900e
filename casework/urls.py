from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import include, path, re_path
from django.views.defaults import page_not_found, permission_denied
from django.views.i18n import JavaScriptCatalog

from casework.accounts.forms import LockoutAuthenticationForm
from casework.api.errors import not_found_view
from casework.web.site import site
from casework.web.views.root import root_page

urlpatterns = [
    path("", root_page, name="home"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=LockoutAuthenticationForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    path("api/", include("casework.api.urls")),
    re_path(r"^api/", not_found_view),  # unknown API paths answer in the error shape
    path("", site.urls),
]


def handler403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """An area of the UI not meant for the user's role answers like anything
    else they may not see: 404. Elsewhere (the admin) a 403 stays a 403."""
    match = getattr(request, "resolver_match", None)
    if getattr(getattr(match, "url_name", None), "extra", {}).get("app") is not None:
        return page_not_found(request, Http404())
    return permission_denied(request, exception or PermissionDenied())
