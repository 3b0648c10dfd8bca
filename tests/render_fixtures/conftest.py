"""The notebooks here are inputs of the report-builder tests, not notebooks to validate:
keep nbval (``pytest --nbval``) from collecting them (one sleeps, one fails on purpose)."""

collect_ignore_glob = ["*.ipynb"]
