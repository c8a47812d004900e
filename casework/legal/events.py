"""The audit event types of the legal services (``casework.audit.registry``):
the duty roster's slots belong to no case, so their events go to the chain
outside cases."""

from django.utils.translation import gettext_lazy as _

from casework.audit.registry import register

DUTY_SLOTS_GENERATED = register("duty_slots_generated", _("duty slots generated"))
DUTY_SLOT_CHANGED = register("duty_slot_changed", _("duty slot changed"))
CONSULTATION_REFERRED = register(
    "consultation_referred", _("consultation referred to another case"), "important"
)
