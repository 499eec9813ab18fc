"""The demo data set of `manage.py load_demo`: the reference notes (`../shared/REFERENCE.md`, outside this
repository) as reviewable YAML files in `records/`, with their JSON Schemas in `records/schema/`.

`dataset.py` reads and validates the files (nothing is written from a data set with a mistake in it);
`loader.py` writes them through the services, idempotently. README.md, "The data set as files", says how.
"""
