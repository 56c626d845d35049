"""``python -m services.classify``: run the classify service."""

from services.classify.app import create_app
from shared.service import serve

if __name__ == "__main__":
    app, runtime = create_app()
    serve(app, runtime)
