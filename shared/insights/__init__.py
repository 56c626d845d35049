"""Insights: recurring complaints by topic, trends, FAQ candidates, organised discontent.

The modules here are pure (no I/O, no clock reads: ``now`` is passed in) apart from
``queries``, which loads what the report needs from Postgres and stores FAQ state and the
notices already sent.
"""
