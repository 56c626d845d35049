"""``python -m services.route``: run the route service."""

from services.route.app import create_app
from shared.service import serve

if __name__ == "__main__":
    app, runtime = create_app()
    serve(app, runtime)
