"""The mutual_aid flow (issue in progress)."""
