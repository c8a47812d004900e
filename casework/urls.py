from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from django.views.i18n import JavaScriptCatalog

from casework.api.errors import not_found_view
from casework.web.site import site
from casework.web.views.root import root_page

urlpatterns = [
    path("", root_page, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    path("api/", include("casework.api.urls")),
    re_path(r"^api/", not_found_view),  # unknown API paths answer in the error shape
    path("", site.urls),
]
