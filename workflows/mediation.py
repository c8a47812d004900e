"""The mediation flow (issue in progress)."""
