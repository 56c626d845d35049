"""English wording: one register, so every block is plain."""

from __future__ import annotations

BLOCKS: dict[str, list[str]] = {
    "greeting_name": ["Hi {name},", "Hello {name},", "Dear {name},"],
    "greeting": ["Hi,", "Hello,", "Hi there,"],
    "thanks": [
        "Thanks for letting us know.",
        "Thank you for raising this.",
        "Thanks for flagging this with us.",
    ],
    "empathy_topic": [
        "I can see how frustrating the trouble with {topic} must be.",
        "I understand you're unhappy with {topic}.",
        "That's annoying, trouble with {topic} is the last thing you need.",
    ],
    "empathy": [
        "I can see how frustrating this must be.",
        "I understand you're not happy with how this went.",
        "That's not how it should have gone for you.",
    ],
    "apology": [
        "I'm sorry, this shouldn't have happened.",
        "Our apologies for this.",
        "Sorry that it went this way.",
    ],
    "explain": [
        "Normally this runs smoothly, so I'd like to look into what happened.",
        "This usually goes well, so I'd like to find out what was different this time.",
        "It doesn't normally go this way, so let me check what happened here.",
    ],
    "offer_email": [
        "Could you email me at {contact}? Then we'll sort it out together.",
        "Please email me at {contact} and I'll help you personally.",
        "Drop me a line at {contact} and I'll pick this up for you.",
    ],
    "offer_phone": [
        "Please call me on {contact} and we'll sort it out together.",
        "You can call me directly on {contact} and I'll help you personally.",
        "Could you give me a call on {contact}? Then I'll pick this up for you.",
    ],
    "offer_dm": [
        "Could you send us a DM at {contact}? Then I'll help you personally.",
        "Please send a private message to {contact} and we'll sort it out together.",
        "Send a DM to {contact} and I'll pick this up for you.",
    ],
    "offer_team": [
        "Could you send us a private message? Then we'll help you personally.",
        "Please DM us and we'll sort it out together.",
        "Send us a private message and we'll pick this up for you.",
    ],
    "question_thanks": [
        "Thanks for your question!",
        "Good question, thank you!",
        "Thanks for asking.",
    ],
    "question_pending": [
        "I'll find out for you and get back to you as soon as I can.",
        "I'm checking this for you and will let you know shortly.",
        "Let me find out and come back to you.",
    ],
    "faq_close": [
        "Anything else? Just let us know.",
        "Let me know if you have any other questions.",
        "Still stuck? Just let me know.",
    ],
    "praise_thanks": [
        "Lovely to read, thank you!",
        "Thanks so much for the kind words!",
        "Thank you for the compliment!",
    ],
    "praise_close": ["I'll pass it on to the team.", "This made our day.", "Glad you're happy."],
    "troll_offer": [
        "If there's something I can help you with, I'd like to hear it.",
        "I'd like to understand what's going on.",
        "I take your message seriously.",
    ],
    "holding": [
        "Thanks for your message, we take this seriously.",
        "Thank you for letting us know, we're looking into it carefully.",
        "Thanks, I'm giving this my full attention.",
    ],
    "followup": [
        "Is everything in order now? Let us know if there's anything else.",
        "Has it been fully sorted out by now? I'd like to hear.",
        "I wanted to check whether everything works as it should now. Could you let me know?",
    ],
    "private_ask": [
        "Could you tell me a bit more about what happened? Then I'll look into it right away.",
        "Would you let me know what happened exactly? Then I'll get to work on it.",
        "Can you tell me more about the situation? Then I'll pick it up straight away.",
    ],
    "signature": ["Best, {agent}", "Kind regards, {agent}", "Best wishes, {agent}"],
    "signature_team": [
        "Best, {agent} from {team}",
        "Kind regards, {agent} ({team})",
        "Best wishes, {agent} | {team}",
    ],
    "topic_delivery": ["the delivery"],
    "topic_bill": ["the bill"],
    "topic_outage": ["our service"],
    "topic_staff": ["our staff"],
    "topic_app": ["the app or website"],
    "topic_product": ["the product"],
    "topic_waiting": ["the waiting time"],
}

# fmt: off
#: Keywords per topic; a trailing ``*`` matches any word that starts with it. The phrase a
#: reply uses for each topic is the ``topic_<name>`` block.
TOPICS: dict[str, tuple[str, ...]] = {
    "delivery": (
        "deliver*", "parcel*", "package*", "shipping", "shipped", "shipment*", "courier*",
        "order*", "tracking", "arrived", "arrive",
    ),
    "bill": ("bill", "billed", "billing", "invoice*", "charge*", "payment*", "subscription*"),
    "outage": (
        "outage*", "down", "no internet", "no signal", "no connection", "network", "offline",
        "not working", "disruption*",
    ),
    "staff": (
        "staff", "employee*", "agent*", "rude", "unfriendly", "customer service", "salesperson",
        "driver", "colleague*",
    ),
    "app": ("app", "apps", "website*", "site", "login", "log in", "password*"),
    "product": ("product*", "broken", "defective", "faulty", "quality", "item*", "damaged"),
    "waiting": ("wait*", "queue*", "on hold", "no response", "no answer", "still no", "days"),
}

APOLOGY_KEYWORDS: tuple[str, ...] = (
    "late", "delayed", "not delivered", "never arrived", "never received", "not arrived",
    "hasn't arrived", "haven't received", "still not", "still waiting", "lost", "outage*", "down",
    "wrong bill", "wrong invoice", "charged twice", "double charged", "overcharged", "broken",
    "defective", "faulty", "damaged", "rude", "unfriendly", "no response", "no answer", "wrong",
    "not working", "doesn't work",
)

STOPWORDS = frozenset(
    [
        "the", "and", "to", "you", "your", "we", "our", "i", "it", "that", "this", "with", "for",
        "not", "thanks", "thank", "hi", "hello", "please", "me", "us", "can", "be", "what",
        "happened", "sorry", "let", "know", "would", "could", "i'll", "we'll", "there", "if",
        "has", "is", "are",
    ]
)
GREETING_WORDS = frozenset(["hi", "hello", "dear", "hey", "there", "good", "morning", "afternoon"])
CHANNEL_WORDS: tuple[str, ...] = (
    "dm", "direct message", "private message", "pm", "email", "e-mail", "call me", "phone",
    "whatsapp",
)
COMPENSATION_WORDS: tuple[str, ...] = (
    "refund*", "reimburs*", "compensat*", "discount*", "voucher*", "free of charge", "money back",
    "credit note", "gift card", "goodwill gesture",
)
# fmt: on
