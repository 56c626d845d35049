"""Connectors: read the ``*.outbound`` streams, act on a platform, report on ``cases.updates``."""
