"""The explorer: a local, read-only web app over the panel (``multivector serve``).

``app.create_app`` builds the FastAPI application: the JSON API under ``/api/`` (``api_routes``),
the pages (``pages``) and the pole mappings a user uploads (``mappings``). Every number comes
from ``multivector.api``, as in the CLI; ``answers`` keeps each answer once computed.
"""
