"""The demo data set of `manage.py load_demo`: vocabularies and the agreements of REFERENCE.md.

`data.py` holds the facts (each agreement with its sources); `loader.py` writes them through the
services, idempotently.
"""
