"""Common words of languages the pipeline does not serve.

They only vote for "und": a Spanish comment must not be forced into Dutch just because lingua
is restricted to the five languages we answer in. Words shared with one of the five ("de",
"en", "a", "i", "me") are left out on purpose.
"""

from services.classify.lexicons.base import words

FOREIGN_STOPWORDS: dict[str, frozenset[str]] = {
    "es": words(
        "el una uno y está están estoy por para con pero mi mis su sus qué cómo como cuándo "
        "dónde porque muy hola gracias pedido todavía nada esto eso este esta del también sí "
        "señor ayuda hoy ya tengo tiene puedo quiero hay"
    ),
    "it": words(
        "lo gli della dello delle è sono che con una uno mio mia perché quando dove grazie "
        "ciao ancora niente questo questa anche già hai abbiamo molto ordine aiuto sempre "
        "servizio pessimo nessuno rispondono"
    ),
    "pt": words(
        "os uma é são não para com mas meu minha por quê como quando onde obrigado obrigada "
        "olá ainda nada isso este esta também já tenho muito pedido ajuda você vocês está estou "
        "ninguém atendimento péssimo encomenda"
    ),
    "da_no": words(
        "og ikke jeg hvad hva hvorfor hvor hvordan hvornår når til meg noget noe takk "
        "bestilling kundeservice også ennå endnu"
    ),
    "pl": words("jest się że jak czy mnie mój moja dlaczego kiedy gdzie dziękuję jeszcze proszę"),
    "tr": words(
        "ve bir bu için ile ama neden nasıl zaman nerede teşekkürler hala sipariş değil çok"
    ),
    "fi": words("kiitos ei että mutta minä sinä missä miksi milloin paketti hyvä huono palvelu"),
    "hu": words("köszönöm nem és az egy hogy miért hol mikor csomag csomagom szépen"),
    "ro": words("mulțumesc multumesc și este în pentru cu unde când comanda ajutor"),
    "id": words("terima kasih saya anda tidak yang ini itu apa kapan dimana mana pesanan tolong"),
}

#: Letters that none of the five languages uses but a near neighbour does.
FOREIGN_LETTERS: dict[str, str] = {
    "es": "ñ¿¡",
    "pt": "ãõ",
    "da_no": "øæ",
    "pl": "łśźżćńę",
    "tr": "ğı",
    "hu": "őű",
    "ro": "țșăş",
    "cs": "ěřů",
    "is": "ðþ",
}
