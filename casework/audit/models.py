from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pgtrigger
from django.conf import settings
from django.db import connection, models, transaction
from django.utils.translation import gettext_lazy as _

from .heads import NO_CASE_CHAIN, chain_of, head_seal


class AppendOnlyError(Exception):
    pass


def _refuse_truncate(name: str) -> pgtrigger.Trigger:
    """A statement trigger refusing TRUNCATE, which row triggers never see."""
    return pgtrigger.Trigger(
        name=name,
        level=pgtrigger.Statement,
        when=pgtrigger.Before,
        operation=pgtrigger.Truncate,
        func="RAISE EXCEPTION 'casework: % cannot be truncated (audit trail)', TG_TABLE_NAME;",
    )


class AuditEventQuerySet(models.QuerySet):
    """Bulk writes that would change or remove events are refused like the
    model's own ``save()`` and ``delete()``."""

    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("audit events are append-only")

    def delete(self) -> Any:
        raise AppendOnlyError("audit events are append-only")

    def bulk_update(self, objs: Any, fields: Any, batch_size: int | None = None) -> int:
        raise AppendOnlyError("audit events are append-only")


class AuditEvent(models.Model):
    """One link of a case's hash chain. Append-only: the model refuses updates
    and deletes, and on PostgreSQL triggers refuse them and TRUNCATE too.

    ``case`` is null for events outside any case (parameter changes); those
    form their own chain."""

    case = models.ForeignKey(
        "core.Case", null=True, on_delete=models.PROTECT, related_name="audit_events"
    )
    seq = models.PositiveIntegerField()
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_name = models.CharField(max_length=150, blank=True)
    type = models.CharField(max_length=40)
    data = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["case_id", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["case", "seq"], name="uniq_audit_case_seq"),
            # NULLs are distinct in the constraint above: the chain of events
            # outside any case needs its own.
            models.UniqueConstraint(
                fields=["seq"],
                condition=models.Q(case__isnull=True),
                name="uniq_audit_nocase_seq",
            ),
        ]
        triggers = [
            pgtrigger.Protect(
                name="audit_append_only", operation=pgtrigger.Update | pgtrigger.Delete
            ),
            _refuse_truncate("audit_no_truncate"),
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Insert the event and move its chain's sealed head onto it, in one
        transaction (``audit_record`` is the service that links it)."""
        if not self._state.adding:
            raise AppendOnlyError("audit events are append-only")
        with transaction.atomic(using=kwargs.get("using"), savepoint=False):
            super().save(*args, **kwargs)
            head_write(case_id=self.case_id, seq=self.seq, last_hash=self.hash)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnlyError("audit events are append-only")


# ``ChainHead.chain`` of the chain outside any case (case ids start at 1)
class ChainHead(models.Model):
    """The sealed head of one chain: its last ``seq`` and ``hash``, and a
    ``seal`` (HMAC under ``AUDIT_CHAIN_KEY``, ``casework.audit.heads``) over
    both and the chain's id. Written with every event in the same
    transaction, so a chain whose tail, whole body or head is missing is
    found by the verifier; someone without the key cannot seal a shorter
    head (an older, genuinely sealed head is caught by the checkpoints).

    On PostgreSQL triggers refuse DELETE, TRUNCATE and an UPDATE that does
    not move the head forward."""

    # the case's id, NO_CASE_CHAIN for the chain outside any case: a key that
    # is never NULL, so one upsert statement writes either
    chain = models.BigIntegerField(primary_key=True)
    case = models.OneToOneField(
        "core.Case", null=True, on_delete=models.PROTECT, related_name="audit_head"
    )
    seq = models.PositiveIntegerField()
    hash = models.CharField(max_length=64)
    seal = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain heads")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(case__isnull=True, chain=NO_CASE_CHAIN)
                | models.Q(chain=models.F("case")),
                name="audit_head_chain_is_its_case",
            )
        ]
        triggers = [
            pgtrigger.Protect(name="audit_head_no_delete", operation=pgtrigger.Delete),
            pgtrigger.Trigger(
                name="audit_head_forward_only",
                when=pgtrigger.Before,
                operation=pgtrigger.Update,
                condition=pgtrigger.Q(new__seq__lte=pgtrigger.F("old__seq")),
                func="RAISE EXCEPTION 'casework: an audit chain head only moves forward';",
            ),
            _refuse_truncate("audit_head_no_truncate"),
        ]


def head_write(*, case_id: int | None, seq: int, last_hash: str) -> None:
    """Move the chain's sealed head to (``seq``, ``last_hash``): one upsert
    statement. The caller holds the chain's lock and writes the events in
    the same transaction; on PostgreSQL a trigger refuses a head that does
    not move forward."""
    chain = chain_of(case_id)
    head = ChainHead(
        chain=chain,
        case_id=case_id,
        seq=seq,
        hash=last_hash,
        seal=head_seal(chain=chain, seq=seq, last_hash=last_hash),
    )
    ChainHead.objects.bulk_create(
        [head],
        update_conflicts=True,
        unique_fields=["chain"],
        update_fields=["seq", "hash", "seal"],
    )


def statements_run(statements: Sequence[tuple[str, list[Any]]]) -> None:
    """Run each ``(sql, params)`` in turn, in the caller's transaction."""
    if statements:
        with connection.cursor() as cursor:
            for sql, params in statements:
                cursor.execute(sql, params)


def events_write(events: list[AuditEvent], riders: Sequence[tuple[str, list[Any]]] = ()) -> None:
    """Insert ``events`` (linked, in order, all of one chain) and move their
    chain's sealed head onto the last of them, in the caller's transaction:
    one statement on PostgreSQL (the head's upsert in a data-modifying CTE
    of the INSERT, the same rows and triggers as ``bulk_create`` +
    ``head_write``), two elsewhere. ``riders``: other writes ``(sql,
    params)`` to run with them (data-modifying CTEs before the events on
    PostgreSQL; each first, elsewhere). The events get their ids."""
    last = events[-1]
    if connection.vendor != "postgresql":
        statements_run(riders)
        AuditEvent.objects.bulk_create(events)
        head_write(case_id=last.case_id, seq=last.seq, last_hash=last.hash)
        return
    quote = connection.ops.quote_name
    fields = [f for f in AuditEvent._meta.concrete_fields if not f.primary_key]
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    params: list[Any] = [p for _, rider_params in riders for p in rider_params]
    params += [
        f.get_db_prep_save(getattr(e, f.attname), connection) for e in events for f in fields
    ]
    chain = chain_of(last.case_id)
    params += [chain, last.case_id, last.seq, last.hash]
    params.append(head_seal(chain=chain, seq=last.seq, last_hash=last.hash))
    ridden = "".join(f"r{i} AS ({rider_sql}), " for i, (rider_sql, _) in enumerate(riders))
    sql = (
        f"WITH {ridden}ev AS (INSERT INTO {quote(AuditEvent._meta.db_table)} "
        f"({', '.join(quote(str(f.column)) for f in fields)}) "
        f"VALUES {', '.join([row] * len(events))} RETURNING {quote('id')}), "
        f"head AS (INSERT INTO {quote(ChainHead._meta.db_table)} "
        '("chain", "case_id", "seq", "hash", "seal") VALUES (%s, %s, %s, %s, %s) '
        'ON CONFLICT ("chain") DO UPDATE SET "seq" = EXCLUDED."seq", '
        '"hash" = EXCLUDED."hash", "seal" = EXCLUDED."seal") '
        f"SELECT {quote('id')} FROM ev ORDER BY {quote('id')}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        ids = [row_id for (row_id,) in cursor.fetchall()]
    for event, pk in zip(events, ids, strict=True):
        event.pk = pk
        event._state.adding = False
        event._state.db = connection.alias


def head_read(case_id: int | None) -> tuple[int, str] | None:
    """The chain's sealed (seq, hash), None when it has none yet."""
    return ChainHead.objects.filter(chain=chain_of(case_id)).values_list("seq", "hash").first()
