"""What the API's responses and the staff pages show of a case, a task, a
document or a member: plain functions that build dicts from the selectors.

Both ``casework.api`` and ``casework.web`` read these, so a response and the
page that shows the same thing cannot drift apart; neither interface imports
the other. The layer sits above ``workflows`` (a task's step and actions) and
below the two interfaces."""
