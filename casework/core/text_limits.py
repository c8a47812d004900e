"""The longest free text an input takes, in characters, declared once.

Every text field of an input serializer (API endpoints and task actions
alike) sets ``max_length`` to one of these, so an oversized note is a 400
at input and never reaches a service, the database or the audit chain
(``tests/security/input/test_text_lengths.py`` walks every input). The
columns behind them may be wider (text): the limit is on input only."""

from __future__ import annotations

NAME = 100  # a person's name
REFERENCE = 100  # a payment reference, a letter reference
SHORT = 200  # a hospital, a court, a place, an employer, one list item
REASON = 2000  # a reason, a comment, a note on a decision
STATEMENT = 4000  # an application's reason, a diagnosis, a summary, an objection
RECORD = 20000  # the minutes of a mediation session, the terms of an agreement
