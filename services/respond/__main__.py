"""``python -m services.respond``: run the respond service."""

from services.respond.app import create_app
from shared.service import serve

if __name__ == "__main__":
    app, runtime = create_app()
    serve(app, runtime)
