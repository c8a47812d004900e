from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import include, path, re_path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.defaults import bad_request, page_not_found, permission_denied, server_error
from django.views.i18n import JavaScriptCatalog

from casework.accounts.forms import LockoutAuthenticationForm
from casework.api.errors import error_json, is_api_request, not_found_view, request_refusal
from casework.web.site import site
from casework.web.views.root import root_page

# the admin under the site's name, not "Django administration"
admin.site.site_header = _lazy("Casework administration")
admin.site.site_title = _lazy("Casework administration")
admin.site.index_title = _lazy("Data and settings")

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


# Django's error handlers, for what fails outside a DRF view (a middleware
# reading a body too large, an error in a plain view): under /api/ every
# answer is in the error shape, elsewhere Django's pages.


def handler400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api_request(request):
        return error_json(*request_refusal(exception or Exception()))
    return bad_request(request, exception or Exception())


def handler404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api_request(request):
        return error_json(404, "not_found", "not found")
    return page_not_found(request, exception or Http404())


def handler500(request: HttpRequest) -> HttpResponse:
    if is_api_request(request):
        message = _("Something went wrong on the server; the error has been logged.")
        return error_json(500, "server_error", message)
    return server_error(request)


def handler403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """An area of the UI not meant for the user's role answers like anything
    else they may not see: 404. Elsewhere (the admin) a 403 stays a 403.
    Under /api/, the error shape."""
    if is_api_request(request):
        return error_json(403, "forbidden", "you may not do this")
    match = getattr(request, "resolver_match", None)
    if getattr(getattr(match, "url_name", None), "extra", {}).get("app") is not None:
        return page_not_found(request, Http404())
    return permission_denied(request, exception or PermissionDenied())
