"""``python -m services.followup``: run the followup service."""

from services.followup.app import create_app
from shared.service import serve

if __name__ == "__main__":
    app, runtime = create_app()
    serve(app, runtime)
