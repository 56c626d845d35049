"""Swedish wording: ``du`` (informal) and ``ni`` (formal)."""

from __future__ import annotations

BLOCKS: dict[str, list[str]] = {
    "greeting_name.informal": ["Hej {name}!", "Hej {name},", "Hallå {name}!"],
    "greeting_name.formal": ["Hej {name},", "God dag {name},", "Bästa {name},"],
    "greeting.informal": ["Hej!", "Hej,", "Hallå!"],
    "greeting.formal": ["Hej,", "God dag,", "Hej!"],
    "thanks.informal": [
        "Tack för att du hör av dig om det här.",
        "Bra att du säger till.",
        "Tack för att du tar upp det här.",
    ],
    "thanks.formal": [
        "Tack för att ni hör av er om det här.",
        "Bra att ni säger till.",
        "Tack för att ni tar upp det här.",
    ],
    "empathy_topic.informal": [
        "Tråkigt att det blev fel med {topic}.",
        "Jag förstår att du är besviken på strulet med {topic}.",
        "Vad synd att du har haft problem med {topic}.",
    ],
    "empathy_topic.formal": [
        "Tråkigt att det blev fel med {topic}.",
        "Jag förstår att ni är besviken på strulet med {topic}.",
        "Vad synd att ni har haft problem med {topic}.",
    ],
    "empathy.informal": [
        "Tråkigt att läsa att det inte blev som du tänkt dig.",
        "Jag förstår att du inte är nöjd med det här.",
        "Vad synd att det blev så här.",
    ],
    "empathy.formal": [
        "Tråkigt att läsa att det inte blev som ni tänkt er.",
        "Jag förstår att ni inte är nöjd med det här.",
        "Vad synd att det blev så här.",
    ],
    "apology": [
        "Förlåt, det här borde inte ha hänt.",
        "Vi ber om ursäkt för det.",
        "Jag beklagar att det blev så.",
    ],
    "explain": [
        "Normalt brukar det här fungera smidigt, så jag vill gärna ta reda på vad som hände.",
        "Oftast går det här bra, så jag vill gärna undersöka hur det gick till den här gången.",
        "Det här brukar inte vara något problem, så jag kollar gärna vad som har hänt.",
    ],
    "offer_email.informal": [
        "Mejla mig gärna på {contact}, så löser vi det tillsammans.",
        "Skicka ett mejl till {contact} så hjälper jag dig personligen.",
        "Hör av dig på {contact}, så tar jag hand om det.",
    ],
    "offer_email.formal": [
        "Mejla mig gärna på {contact}, så löser vi det tillsammans.",
        "Skicka gärna ett mejl till {contact} så hjälper jag er personligen.",
        "Hör av er på {contact}, så tar jag hand om det.",
    ],
    "offer_phone.informal": [
        "Ring mig gärna på {contact}, så löser vi det tillsammans.",
        "Du når mig direkt på {contact}, så hjälper jag dig personligen.",
        "Vill du ringa mig på {contact}? Då tar jag hand om det.",
    ],
    "offer_phone.formal": [
        "Ring mig gärna på {contact}, så löser vi det tillsammans.",
        "Ni når mig direkt på {contact}, så hjälper jag er personligen.",
        "Vill ni ringa mig på {contact}? Då tar jag hand om det.",
    ],
    "offer_dm.informal": [
        "Skicka gärna ett DM till {contact}, så löser vi det tillsammans.",
        "Vill du skriva ett privat meddelande till {contact}? Då hjälper jag dig personligen.",
        "Skriv till oss privat på {contact}, så tar jag hand om det.",
    ],
    "offer_dm.formal": [
        "Skicka gärna ett DM till {contact}, så löser vi det tillsammans.",
        "Vill ni skriva ett privat meddelande till {contact}? Då hjälper jag er personligen.",
        "Skriv till oss privat på {contact}, så tar jag hand om det.",
    ],
    "offer_team.informal": [
        "Skicka gärna ett privat meddelande till oss, så hjälper vi dig personligen.",
        "Vill du skriva till oss i DM? Då löser vi det tillsammans.",
        "Skriv till oss privat, så tar vi hand om det.",
    ],
    "offer_team.formal": [
        "Skicka gärna ett privat meddelande till oss, så hjälper vi er personligen.",
        "Vill ni skriva till oss i DM? Då löser vi det tillsammans.",
        "Skriv till oss privat, så tar vi hand om det.",
    ],
    "question_thanks.informal": [
        "Tack för din fråga!",
        "Bra fråga, tack!",
        "Tack för att du frågar.",
    ],
    "question_thanks.formal": ["Tack för er fråga!", "Bra fråga, tack!", "Tack för att ni frågar."],
    "question_pending.informal": [
        "Jag tar reda på det och återkommer så snart jag kan.",
        "Jag kollar upp det åt dig och hör av mig snart.",
        "Jag undersöker saken och återkommer till dig.",
    ],
    "question_pending.formal": [
        "Jag tar reda på det och återkommer så snart jag kan.",
        "Jag kollar upp det åt er och hör av mig snart.",
        "Jag undersöker saken och återkommer till er.",
    ],
    "faq_close.informal": [
        "Har du fler frågor? Hör bara av dig.",
        "Säg till om du undrar något mer.",
        "Kommer du inte vidare? Hör av dig till mig.",
    ],
    "faq_close.formal": [
        "Har ni fler frågor? Hör bara av er.",
        "Säg till om ni undrar något mer.",
        "Kommer ni inte vidare? Hör av er till mig.",
    ],
    "praise_thanks.informal": [
        "Vad roligt att läsa, tack!",
        "Tack för dina fina ord!",
        "Stort tack för berömmet!",
    ],
    "praise_thanks.formal": [
        "Vad roligt att läsa, tack!",
        "Tack för era fina ord!",
        "Stort tack för berömmet!",
    ],
    "praise_close.informal": [
        "Det ska jag hälsa till teamet.",
        "Det gjorde vår dag.",
        "Kul att du är nöjd.",
    ],
    "praise_close.formal": [
        "Det ska jag hälsa till teamet.",
        "Det gjorde vår dag.",
        "Kul att ni är nöjd.",
    ],
    "troll_offer.informal": [
        "Om det finns något jag kan hjälpa dig med vill jag gärna höra det.",
        "Jag vill gärna förstå vad det handlar om.",
        "Jag tar ditt meddelande på allvar.",
    ],
    "troll_offer.formal": [
        "Om det finns något jag kan hjälpa er med vill jag gärna höra det.",
        "Jag vill gärna förstå vad det handlar om.",
        "Jag tar ert meddelande på allvar.",
    ],
    "holding.informal": [
        "Tack för ditt meddelande, vi tar det här på allvar.",
        "Tack för att du säger till, vi går igenom det noggrant.",
        "Tack, jag tittar noga på det här.",
    ],
    "holding.formal": [
        "Tack för ert meddelande, vi tar det här på allvar.",
        "Tack för att ni säger till, vi går igenom det noggrant.",
        "Tack, jag tittar noga på det här.",
    ],
    "followup.informal": [
        "Är allt i ordning nu? Säg gärna till om det är något mer.",
        "Är det helt löst nu? Jag vill gärna veta.",
        "Jag undrar om allt fungerar som det ska nu. Vill du höra av dig?",
    ],
    "followup.formal": [
        "Är allt i ordning nu? Säg gärna till om det är något mer.",
        "Är det helt löst nu? Jag vill gärna veta.",
        "Jag undrar om allt fungerar som det ska nu. Vill ni höra av er?",
    ],
    "private_ask.informal": [
        "Kan du berätta lite mer om vad som hände? Då tar jag tag i det direkt.",
        "Vill du berätta vad som hände exakt? Då sätter jag igång.",
        "Berätta gärna mer om situationen, så tar jag hand om det på en gång.",
    ],
    "private_ask.formal": [
        "Kan ni berätta lite mer om vad som hände? Då tar jag tag i det direkt.",
        "Vill ni berätta vad som hände exakt? Då sätter jag igång.",
        "Berätta gärna mer om situationen, så tar jag hand om det på en gång.",
    ],
    "signature": ["Hälsningar, {agent}", "Vänliga hälsningar, {agent}", "Allt gott, {agent}"],
    "signature_team": [
        "Hälsningar, {agent} på {team}",
        "Vänliga hälsningar, {agent} ({team})",
        "Allt gott, {agent} | {team}",
    ],
    "topic_delivery": ["leveransen"],
    "topic_bill": ["fakturan"],
    "topic_outage": ["tjänsten"],
    "topic_staff": ["vår personal"],
    "topic_app": ["appen eller webbplatsen"],
    "topic_product": ["produkten"],
    "topic_waiting": ["väntetiden"],
}

# fmt: off
#: Keywords per topic; a trailing ``*`` matches any word that starts with it. The phrase a
#: reply uses for each topic is the ``topic_<name>`` block.
TOPICS: dict[str, tuple[str, ...]] = {
    "delivery": (
        "leverans*", "levererad*", "paket*", "beställning*", "försändelse*", "frakt*", "bud",
        "budet", "spårning*", "kom aldrig",
    ),
    "bill": ("faktur*", "räkning*", "debiter*", "betalning*", "abonnemang*", "dragit"),
    "outage": (
        "störning*", "avbrott*", "inget internet", "ingen täckning", "nätet", "ligger nere",
        "nere", "fungerar inte",
    ),
    "staff": ("personal*", "anställd*", "oförskämd*", "otrevlig*", "kundtjänst", "säljare*"),
    "app": (
        "app", "appen", "webbplats*", "hemsida*", "sajt*", "inloggning*", "logga in", "lösenord*",
    ),
    "product": ("produkt*", "trasig*", "defekt*", "kvalitet*", "vara", "varan", "skadad*"),
    "waiting": ("vänta*", "väntetid*", "kö", "kön", "inget svar", "ingen respons", "dagar"),
}

APOLOGY_KEYWORDS: tuple[str, ...] = (
    "försena*", "för sent", "inte levererad*", "kom aldrig", "fortfarande inte", "borttappad*",
    "störning*", "avbrott*", "ligger nere", "fel faktura", "dubbeldebiter*", "för mycket",
    "trasig*", "defekt*", "skadad*", "oförskämd*", "otrevlig*", "inget svar", "fel",
    "fungerar inte", "funkar inte",
)

STOPWORDS = frozenset(
    [
        "och", "att", "det", "jag", "vi", "du", "ni", "inte", "för", "med", "på", "är", "om",
        "har", "kan", "din", "ditt", "dig", "er", "oss", "vår", "hej", "tack", "hälsningar",
        "gärna", "så", "här", "mig", "hör", "av", "till", "vill", "när", "som", "vad", "blev",
        "ska", "mer",
    ]
)
GREETING_WORDS = frozenset(["hej", "hallå", "god", "dag", "bästa", "hejsan"])
CHANNEL_WORDS: tuple[str, ...] = (
    "dm", "privat meddelande", "privat", "pm", "mejl", "mejla", "mail", "e-post", "ring",
    "telefon",
)
COMPENSATION_WORDS: tuple[str, ...] = (
    "ersättning*", "ersätta", "ersätter", "återbetal*", "kompensation*", "kompensera*", "rabatt*",
    "presentkort*", "pengarna tillbaka", "gratis",
)
# fmt: on
