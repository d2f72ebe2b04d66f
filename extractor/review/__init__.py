"""The reviewer's side: a local review page over a run folder's SQLite database.

``app`` builds the FastAPI application, ``server`` runs it on 127.0.0.1, ``data`` holds the
read-side queries shared with the static HTML report. Nothing here is imported by pipeline stages.
"""
