"""The ``webcare`` command line and the local runner (no Docker needed)."""
