"""Serializer fields shared by every input: the API's, the programs' step
inputs and the pages' forms. They live here, below the programs, so a
program's inputs need not import the API layer."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from rest_framework import serializers
from stdnum.cn import uscc
from stdnum.exceptions import ValidationError as StdnumError

from casework.core.identifiers import identifier_normalize


class IdentifierField(serializers.CharField):
    """An invoice number, court case number, ID number or credit code in its
    one spelling (``identifier_normalize``): the length limit and the blank
    check apply to that, so a value of invisible characters only is blank."""

    def to_internal_value(self, data):
        value = identifier_normalize(super().to_internal_value(data))
        if not value and not self.allow_blank:
            self.fail("blank")
        return value


class CreditCodeField(IdentifierField):
    """An employer's unified social credit code, optional: blank stays
    blank, anything else must pass the code's own check (its check digit)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_blank", True)
        kwargs.setdefault("default", "")
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if not value:
            return ""
        try:
            return str(uscc.validate(value))
        except StdnumError as exc:
            raise serializers.ValidationError(
                _("invalid unified social credit code: %(error)s") % {"error": exc}
            ) from exc


class UsernameField(serializers.SlugRelatedField):
    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", get_user_model().objects.filter(is_active=True))
        super().__init__(slug_field="username", **kwargs)

    def to_internal_value(self, data):
        # a username is a string; a NUL inside one would make PostgreSQL refuse the lookup
        if not isinstance(data, str) or "\x00" in data:
            self.fail("invalid")
        return super().to_internal_value(data)
