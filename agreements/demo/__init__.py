"""The demo data set of `manage.py load_demo`: vocabularies and the agreements of the reference notes.

`data.py` holds the facts (each agreement with its sources), as the reference notes
(`../shared/REFERENCE.md`, outside this repository) state them; README.md, "Using it", lists what is
loaded. `loader.py` writes them through the services, idempotently.
"""
