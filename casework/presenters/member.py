"""A member's record as the API and the member pages show it: masked where
the privacy policy says, the view logged when it shows anything whole."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from casework.audit.viewed import personal_data_viewed
from casework.core.access import members_visible_to
from casework.core.errors import NotFound
from casework.core.models import Member
from casework.core.privacy import NOTHING, member_revealed, member_whole_fields, person_shown


class MemberOutput(serializers.ModelSerializer):
    """A member as the API shows them: the ID number and phone masked but
    for the fields named in ``context["whole"]`` (``casework.core.privacy``
    decides which; lists never name any)."""

    org_unit: serializers.PrimaryKeyRelatedField = serializers.PrimaryKeyRelatedField(
        read_only=True
    )

    class Meta:
        model = Member
        fields = [
            "id",
            "name",
            "id_number",
            "gender",
            "birth_date",
            "phone",
            "employer",
            "org_unit",
            "member_since",
            "status",
        ]

    def to_representation(self, instance: Member) -> dict[str, Any]:
        data = super().to_representation(instance)
        whole = self.context.get("whole", NOTHING)
        return {**data, **person_shown(instance.id_number, instance.phone, whole)}


def member_shown(member: Member, user: Any, whole: frozenset[str] | None = None) -> dict[str, Any]:
    """One member's record as ``user`` may see it (masked where the policy says)."""
    if whole is None:
        whole = member_whole_fields(user, member)
    return MemberOutput(member, context={"whole": whole}).data


def member_viewed(member: Member, user: Any, via: str) -> dict[str, Any]:
    """The member's record for one response that shows it, the view logged
    when it shows anything whole (not the member's own)."""
    whole = member_whole_fields(user, member)
    what = member_revealed(user, member, whole)
    personal_data_viewed(case=None, member=member, actor=user, what=what, via=via)
    return member_shown(member, user, whole)


def member_for_user(user: Any, member_id: int) -> Member:
    member = members_visible_to(user).select_related("org_unit").filter(pk=member_id).first()
    if member is None:
        raise NotFound(f"member {member_id} not found")
    return member
