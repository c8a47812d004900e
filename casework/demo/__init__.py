"""Demo data (``manage.py seed_demo``): the top layer, above the pages and the API."""
