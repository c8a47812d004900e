"""Province-scale data written straight into PostgreSQL with COPY (see
``bench/generate.py``): the org tree and staff, members and their
enrollments, and cases of the three programs in every state with the
viewflow tasks, task infos and audit chains the engine would have written."""
