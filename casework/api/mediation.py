"""mediation API (issue in progress)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
