"""French wording: ``vous`` (formal) and ``tu`` (informal). Topics follow ``avec``."""

from __future__ import annotations

BLOCKS: dict[str, list[str]] = {
    "greeting_name.formal": ["Bonjour {name},", "Bonjour {name} !", "Bonjour à vous {name},"],
    "greeting_name.informal": ["Salut {name},", "Bonjour {name},", "Salut {name} !"],
    "greeting.formal": ["Bonjour,", "Bonjour !", "Bonjour à vous,"],
    "greeting.informal": ["Salut,", "Bonjour,", "Salut !"],
    "thanks": [
        "Merci de nous l'avoir signalé.",
        "Merci d'avoir pris le temps de nous écrire.",
        "Merci d'en parler ouvertement.",
    ],
    "empathy_topic.formal": [
        "C'est vraiment dommage que vous ayez eu des soucis avec {topic}.",
        "Je comprends bien votre frustration concernant {topic}.",
        "Ce n'est pas agréable d'avoir un problème avec {topic}.",
    ],
    "empathy_topic.informal": [
        "C'est vraiment dommage que tu aies eu des soucis avec {topic}.",
        "Je comprends bien ta frustration concernant {topic}.",
        "Ce n'est pas agréable d'avoir un problème avec {topic}.",
    ],
    "empathy.formal": [
        "Je comprends bien votre frustration.",
        "C'est vraiment dommage que les choses se soient passées ainsi.",
        "Ce n'est pas ce à quoi vous vous attendiez, je le comprends.",
    ],
    "empathy.informal": [
        "Je comprends bien ta frustration.",
        "C'est vraiment dommage que les choses se soient passées ainsi.",
        "Ce n'est pas ce à quoi tu t'attendais, je le comprends.",
    ],
    "apology": [
        "Toutes nos excuses, cela n'aurait pas dû arriver.",
        "Nous en sommes sincèrement désolés.",
        "Je regrette que cela se soit passé ainsi.",
    ],
    "explain": [
        "En temps normal, cela se passe sans souci ; j'aimerais comprendre ce qui s'est passé.",
        "D'habitude, tout se déroule bien, je souhaite donc regarder de plus près ce qui s'est produit.",
        "Ce n'est normalement pas le cas, je vais donc vérifier ce qui s'est passé exactement.",
    ],
    "offer_email.formal": [
        "Pouvez-vous m'écrire à {contact} ? Nous trouverons une solution ensemble.",
        "N'hésitez pas à m'envoyer un e-mail à {contact}, je vous aiderai personnellement.",
        "Écrivez-moi à {contact} et je m'en occupe directement.",
    ],
    "offer_email.informal": [
        "Peux-tu m'écrire à {contact} ? On trouvera une solution ensemble.",
        "N'hésite pas à m'envoyer un e-mail à {contact}, je t'aiderai personnellement.",
        "Écris-moi à {contact} et je m'en occupe directement.",
    ],
    "offer_phone.formal": [
        "Vous pouvez m'appeler au {contact}, nous trouverons une solution ensemble.",
        "N'hésitez pas à m'appeler directement au {contact}, je vous aiderai personnellement.",
        "Appelez-moi au {contact} et je m'en occupe directement.",
    ],
    "offer_phone.informal": [
        "Tu peux m'appeler au {contact}, on trouvera une solution ensemble.",
        "N'hésite pas à m'appeler directement au {contact}, je t'aiderai personnellement.",
        "Appelle-moi au {contact} et je m'en occupe directement.",
    ],
    "offer_dm.formal": [
        "Pouvez-vous nous envoyer un message privé à {contact} ? Nous trouverons une solution "
        "ensemble.",
        "N'hésitez pas à écrire en privé à {contact}, je vous aiderai personnellement.",
        "Envoyez un DM à {contact} et je m'en occupe directement.",
    ],
    "offer_dm.informal": [
        "Peux-tu nous envoyer un message privé à {contact} ? On trouvera une solution ensemble.",
        "N'hésite pas à écrire en privé à {contact}, je t'aiderai personnellement.",
        "Envoie un DM à {contact} et je m'en occupe directement.",
    ],
    "offer_team.formal": [
        "Pouvez-vous nous envoyer un message privé ? Nous vous aiderons personnellement.",
        "N'hésitez pas à nous écrire en privé, nous trouverons une solution ensemble.",
        "Envoyez-nous un DM et nous nous en occupons.",
    ],
    "offer_team.informal": [
        "Peux-tu nous envoyer un message privé ? On t'aidera personnellement.",
        "N'hésite pas à nous écrire en privé, on trouvera une solution ensemble.",
        "Envoie-nous un DM et on s'en occupe.",
    ],
    "question_thanks.formal": [
        "Merci pour votre question !",
        "Bonne question, merci !",
        "Merci de votre message.",
    ],
    "question_thanks.informal": [
        "Merci pour ta question !",
        "Bonne question, merci !",
        "Merci pour ton message.",
    ],
    "question_pending.formal": [
        "Je me renseigne et je reviens vers vous dès que possible.",
        "Je vérifie pour vous et vous tiens au courant rapidement.",
        "Je pose la question en interne et je reviens vers vous.",
    ],
    "question_pending.informal": [
        "Je me renseigne et je reviens vers toi dès que possible.",
        "Je vérifie pour toi et je te tiens au courant rapidement.",
        "Je pose la question en interne et je reviens vers toi.",
    ],
    "faq_close.formal": [
        "D'autres questions ? N'hésitez pas à nous le dire.",
        "Dites-nous si vous souhaitez en savoir plus.",
        "Besoin d'aide ? Faites-moi signe.",
    ],
    "faq_close.informal": [
        "D'autres questions ? N'hésite pas à nous le dire.",
        "Dis-nous si tu veux en savoir plus.",
        "Besoin d'aide ? Fais-moi signe.",
    ],
    "praise_thanks.formal": [
        "Quel plaisir de vous lire, merci !",
        "Merci pour vos gentils mots !",
        "Merci beaucoup pour votre compliment !",
    ],
    "praise_thanks.informal": [
        "Quel plaisir de te lire, merci !",
        "Merci pour tes gentils mots !",
        "Merci beaucoup pour ton compliment !",
    ],
    "praise_close.formal": [
        "Je transmets à l'équipe.",
        "Cela nous fait très plaisir.",
        "Nous sommes ravis que tout vous ait plu.",
    ],
    "praise_close.informal": [
        "Je transmets à l'équipe.",
        "Cela nous fait très plaisir.",
        "Nous sommes ravis que tout t'ait plu.",
    ],
    "troll_offer.formal": [
        "Si je peux vous aider, dites-le-moi.",
        "J'aimerais comprendre ce qui se passe.",
        "Je prends votre message au sérieux.",
    ],
    "troll_offer.informal": [
        "Si je peux t'aider, dis-le-moi.",
        "J'aimerais comprendre ce qui se passe.",
        "Je prends ton message au sérieux.",
    ],
    "holding.formal": [
        "Merci pour votre message, nous le prenons au sérieux.",
        "Merci de nous l'avoir signalé, nous examinons la situation avec attention.",
        "Merci, je regarde cela de près.",
    ],
    "holding.informal": [
        "Merci pour ton message, nous le prenons au sérieux.",
        "Merci de nous l'avoir signalé, nous examinons la situation avec attention.",
        "Merci, je regarde cela de près.",
    ],
    "followup.formal": [
        "Tout est-il rentré dans l'ordre ? N'hésitez pas à me le dire s'il reste quelque chose.",
        "Le problème est-il bien résolu ? J'aimerais le savoir.",
        "Je voulais savoir si tout fonctionne comme prévu maintenant. Pouvez-vous me le dire ?",
    ],
    "followup.informal": [
        "Tout est rentré dans l'ordre ? N'hésite pas à me le dire s'il reste quelque chose.",
        "Le problème est bien résolu ? J'aimerais le savoir.",
        "Je voulais savoir si tout fonctionne comme prévu maintenant. Tu me dis ?",
    ],
    "private_ask.formal": [
        "Pouvez-vous m'en dire un peu plus sur ce qui s'est passé ? Je m'en occupe aussitôt.",
        "Pourriez-vous me décrire ce qui s'est passé exactement ? Je m'y mets tout de suite.",
        "Racontez-moi la situation en quelques mots, et je m'en charge directement.",
    ],
    "private_ask.informal": [
        "Peux-tu m'en dire un peu plus sur ce qui s'est passé ? Je m'en occupe aussitôt.",
        "Pourrais-tu me décrire ce qui s'est passé exactement ? Je m'y mets tout de suite.",
        "Raconte-moi la situation en quelques mots, et je m'en charge directement.",
    ],
    "signature.formal": ["Cordialement, {agent}", "Bien à vous, {agent}", "Belle journée, {agent}"],
    "signature.informal": [
        "À bientôt, {agent}",
        "Bonne journée, {agent}",
        "Belle journée, {agent}",
    ],
    "signature_team.formal": [
        "Cordialement, {agent} pour {team}",
        "Bien à vous, {agent} ({team})",
        "Belle journée, {agent} | {team}",
    ],
    "signature_team.informal": [
        "À bientôt, {agent} pour {team}",
        "Bonne journée, {agent} ({team})",
        "Belle journée, {agent} | {team}",
    ],
    "topic_delivery": ["la livraison"],
    "topic_bill": ["la facture"],
    "topic_outage": ["notre service"],
    "topic_staff": ["notre équipe"],
    "topic_app": ["l'application ou le site"],
    "topic_product": ["le produit"],
    "topic_waiting": ["le temps d'attente"],
}

# fmt: off
#: Keywords per topic; a trailing ``*`` matches any word that starts with it. The phrase a
#: reply uses for each topic is the ``topic_<name>`` block.
TOPICS: dict[str, tuple[str, ...]] = {
    "delivery": (
        "livr*", "colis", "commande*", "commandé*", "expédi*", "envoi*", "coursier*", "suivi",
        "transporteur*",
    ),
    "bill": ("factur*", "prélèvement*", "prélevé*", "paiement*", "abonnement*", "débit*"),
    "outage": (
        "panne*", "coupure*", "pas d'internet", "plus d'internet", "réseau", "hors service",
        "ne marche pas", "ne fonctionne pas",
    ),
    "staff": (
        "employé*", "personnel", "conseill*", "vendeu*", "impoli*", "désagréable*", "accueil",
    ),
    "app": ("app", "appli*", "application*", "site*", "connexion", "connecter", "mot de passe"),
    "product": ("produit*", "cassé*", "défectueu*", "qualité", "article*", "abîmé*", "endommagé*"),
    "waiting": ("attend*", "attente", "toujours pas de réponse", "aucune réponse", "jours"),
}

APOLOGY_KEYWORDS: tuple[str, ...] = (
    "en retard", "retard*", "pas livré*", "jamais reçu*", "jamais arrivé*", "toujours pas",
    "perdu*", "panne*", "coupure*", "mauvaise facture", "erreur de facturation",
    "prélevé deux fois", "débité deux fois", "trop payé", "cassé*", "défectueu*", "abîmé*",
    "endommagé*", "impoli*", "désagréable*", "aucune réponse", "erreur*", "ne fonctionne pas",
    "ne marche pas",
)

STOPWORDS = frozenset(
    [
        "le", "la", "les", "et", "je", "nous", "vous", "votre", "vos", "tu", "ton", "ta", "tes",
        "toi", "pas", "avec", "pour", "est", "merci", "bonjour", "cordialement", "une", "un",
        "des", "du", "que", "qui", "ce", "cette", "bien", "nos", "notre", "sur", "dans", "me",
        "moi", "on", "ai",
    ]
)
GREETING_WORDS = frozenset(["bonjour", "salut", "bonsoir", "coucou", "à", "vous", "cher", "chère"])
CHANNEL_WORDS: tuple[str, ...] = (
    "dm", "message privé", "en privé", "mp", "e-mail", "mail", "courriel", "appeler", "appelez",
    "appelle", "téléphone", "écrivez", "écris",
)
COMPENSATION_WORDS: tuple[str, ...] = (
    "rembours*", "dédommag*", "indemnis*", "réduction*", "remise*", "bon d'achat",
    "geste commercial", "compensation*", "gratuit*",
)
# fmt: on
