"""``python -m services.ingest``: run the ingest service."""

from services.ingest.app import create_app
from shared.service import serve

if __name__ == "__main__":
    app, runtime = create_app()
    serve(app, runtime)
