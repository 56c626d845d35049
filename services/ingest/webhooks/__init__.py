"""Platform webhooks and imports: signed platform events in, the public input schema out.

One pure module per platform turns the platform's own shape into comments in the public
input schema (``CommentIn``); ``router`` is the HTTP edge that checks signatures on the raw
body, calls the normaliser and puts each comment on ``comments.inbound``.
"""
