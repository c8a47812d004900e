"""What the pages keep per user: saved filters of the list pages.

They belong to the web UI, not the domain: a saved filter is a page's query
string under a name, read back only by the pages (the API's clients keep
their own). Written by ``casework.web.saved_filters``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SavedFilter(models.Model):
    """A list page's filters (``query``: its query string, as validated by
    the page's filter serializer) saved by ``owner`` under ``name``."""

    class Page(models.TextChoices):
        WORK = "work", _("My work")
        CASES = "cases", _("Cases")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_filters"
    )
    page = models.CharField(_("page"), max_length=10, choices=Page.choices)
    name = models.CharField(_("name"), max_length=60)
    query = models.CharField(max_length=500)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("saved filter")
        verbose_name_plural = _("saved filters")
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "page", "name"], name="uniq_saved_filter_owner_page_name"
            )
        ]
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return f"{self.page}: {self.name}"
