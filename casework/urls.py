from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from casework.api.errors import not_found_view

urlpatterns = [
    path("", RedirectView.as_view(url="/api/docs/", permanent=False)),
    path("admin/", admin.site.urls),
    path("api/", include("casework.api.urls")),
    re_path(r"^api/", not_found_view),  # unknown API paths answer in the error shape
]
