from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Task


class TaskInfo(models.Model):
    """What viewflow's Task row lacks: the case, the role and unit scope that
    decide who may claim it, its due date and the clock. Written by the
    engine (when viewflow creates a human task, and when it completes) and
    by the deadline sweep (its reminder and escalation marks)."""

    task = models.OneToOneField(
        Task, primary_key=True, on_delete=models.CASCADE, related_name="info"
    )
    case = models.ForeignKey("core.Case", on_delete=models.CASCADE, related_name="task_infos")
    node = models.CharField(max_length=50)
    role = models.CharField(max_length=40)
    unit_path = models.CharField(max_length=255)
    submitter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    excluded_users = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    due = models.DateField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=40, blank=True)
    # the clock: working days left when an action paused it (e.g. ``return``
    # to the applicant); the next task of the same node resumes with them
    clock_left = models.IntegerField(null=True, blank=True)
    paused_on = models.DateField(null=True, blank=True)
    # set once by the deadline sweep (the idempotency marks of its messages)
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    # False once the engine completed or cancelled the task. Only narrows the
    # lists' indexes to the open tasks (a few % of all): they still check the
    # task's own status, so a row left True is never shown wrongly.
    open = models.BooleanField(default=True, db_default=True)

    class Meta:
        verbose_name = _("task details")
        verbose_name_plural = _("task details")
        indexes = [
            models.Index(fields=["role", "unit_path"]),
            models.Index(fields=["due"]),
            # the queue (role + subtree) and the overdue lists, open tasks only
            models.Index(
                fields=["role", "unit_path"],
                condition=Q(open=True),
                name="taskinfo_open_role_unit",
                opclasses=["varchar_pattern_ops", "varchar_pattern_ops"],
            ),
            models.Index(fields=["due"], condition=Q(open=True), name="taskinfo_open_due"),
            models.Index(fields=["case"], condition=Q(open=True), name="taskinfo_open_case"),
            # the overdue case list of a unit's subtree (selectors.unit_bound_scope)
            models.Index(
                fields=["unit_path", "due"],
                condition=Q(open=True),
                name="taskinfo_open_unit_due",
                opclasses=["varchar_pattern_ops", "date_ops"],
            ),
            # the done list: a user's completed tasks, newest first
            models.Index(fields=["completed_by", "-task"], name="taskinfo_done"),
        ]
