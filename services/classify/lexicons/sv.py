"""Swedish lexicon."""

from services.classify.lexicons.base import LanguageLexicon, phrases, words

LEXICON = LanguageLexicon(
    language="sv",
    stopwords=words(
        "och i att det som en på är av för med till den har de inte om ett men var jag du vi "
        "ni han hon kan vad när hur varför mitt min mina era er ert sig så då här där också "
        "bara ska skulle nu fick få mig dig oss hos efter än ännu igen något inget ingen någon "
        "vill blir blev hade"
    ),
    phrases={
        "complaint": phrases("""
            internet är nere, ~är nere, nätet är nere,
            inget vatten, inget varmvatten, ingen värme, fortfarnde, ~prishöjning*, bara sämre,
            allt sämre, kallar ni kvalitet, föll isär, väntar * timmar, vänta * timmar,
            spärrat, spärrad, spärrade, avstängd, spräckt*, sprucken, kom kall, ställdes in,
            inställd*, dubblats, dubbelt så, ingen kan, sitter fast, strandsatt*, saknades,
            automatiskt förlängd, utan påminnelse, utan en enda påminnelse, utan förvarning,
            inte ett skit, vad betalar jag, kan inte betala, nekad, nekades, avvisad, läcker,
            repig, buckla, möglig,
            ~i regnet, ~blött, genomblöt*, dyker inte upp, dök aldrig upp, kom aldrig, är borta,
            försvunnit, försvann, loggade ut mig, tappar uppkopplingen, tappar anslutningen,
            bryts hela tiden, himlade med ögonen, låtsades inte se, ignorerade mig,
            struntade i mig, varför ska jag betala, varför har jag fått, varför har ni,
            uppsägningsavgift, flyttar min tid, flyttat min tid, strömavbrott,
            inga pengar tillbaka, fortfarande inga,
            inte levererat, inte levererats, inte kommit, har inte kommit, inte fått,
            aldrig fått, aldrig kommit, försenad, försenat, försenade, försening, förseningar,
            sen leverans, väntat i, väntat, väntar fortfarande, fortfarande inte,
            fortfarande ingen, fortfarande inget, i kö, kö i, timmar i telefon, fel faktura,
            felaktig faktura, fakturan stämmer inte, för mycket betalt, dubbeldebiter*,
            dragit två gånger, debiterade två gånger, pengarna tillbaka, återbetalning*, avbrott,
            driftstörning, störning, störningar, ligger nere, nere igen, fungerar inte,
            funkar inte, funkar ej, fungerar ej, trasig, trasigt, trasiga, gick sönder, sönder,
            inget internet, ingen internet, ingen täckning, ingen uppkoppling, ingen ström,
            otrevlig, otrevliga, otrevlig personal, oförskämd, oförskämda, ohjälpsam,
            la på luren, lade på, inget svar, inga svar, ingen svarar, ingen återkoppling,
            besviken, besvikna, oacceptabelt, skandal, skandalöst, klagomål, reklamation,
            reklamera, dålig service, dålig kundtjänst, missnöjd, inte nöjd, tröttnat,
            skadad, skadat, fel vara, fel storlek, fel produkt, ~saknas, krånglar, kraschar,
            felmeddelande, fel på, kan inte logga in, tack för inget, tack för ingenting,
            slöseri med pengar
        """),
        "question": phrases("""
            hur * jag, hur * man, vad är, vad kostar, skillnaden mellan,
            hur kan jag, hur gör jag, hur gör man, hur lång, hur länge, hur mycket, kan jag,
            kan ni, kan man, går det att, är det möjligt, vet någon, när öppnar, när stänger,
            när kommer, när, var kan jag, var hittar, har ni, finns det, ~vilka, ~vilken,
            öppettider, fråga, undrar, jag undrar, får man, får jag, tack på förhand
        """),
        "praise": phrases("""
            fortsätt så, så ska det vara, mycket bättre, supertrevlig, trevlig,
            tack, tack så mycket, tusen tack, stort tack, tackar, grymt, grym, toppen, jättebra,
            superbra, bra service, snabb leverans, fantastisk, fantastiskt, underbar, underbart,
            nöjd, mycket nöjd, älskar, bäst, bästa, rekommenderar, hjälpsam, hjälpsamma,
            trevlig personal, kanon, klockrent, perfekt, fin service, snabbt svar, eloge, beröm,
            utmärkt, strålande, ni är bäst, bra bemötande, snabb hjälp
        """),
        "sarcasm": phrases("""
            älskar att bli,
            tack för inget, tack för ingenting, bra jobbat, snyggt jobbat, igen, som vanligt,
            för tredje gången, tredje gången, återigen, toppen igen, lysande, jättekul,
            verkligen toppen, grattis
        """),
        "positive": phrases("""
            snabbaste, goda, riktigt gott,
            fixade, fixat,
            bra, glad, kul, härligt, härlig, fin, fint, skönt, roligt, trevligt, trevlig,
            mysigt, gött, löst, snabbt, smidigt, enkelt,
            grattis, stolt, najs, snyggt, vacker, vackert, söt, sött, lycka till, wow
        """),
        "negative": phrases("""
            dålig, dåligt, dåliga, arg, ledsen, tråkigt, synd, irriterande, hemsk, hemskt,
            värdelös, värdelöst, värdelösa, uselt, usel, katastrof, problem, hatar, tyvärr,
            =sur, trött på, pinsamt, löjligt, bedrövligt, förbannad, frustrerande,
            död, krig, rädd, ångest, lögn*, ljuger, skäms, sjuk, ont, äckligt
        """),
        "troll": phrases("""
            vem * handlar, vem * köper, vem köper, genier, rekordvinst*, bonusar*, clown*,
            kul historia, ingen köper, vakna folk, fårskallar,
            får jag gissa, copy-paste, skamlös*, fettpuffar,
            patetiskt litet, patetiskt företag, patetisk*, jaja visst, ja visst, vem handlar,
            tänk att folk, nu kör vi, kommentarsfältet, ~blodbad,
            skämt, ett skämt, clowner, clown, clownerna, cirkus, pajaser, alla vet, haha,
            hahaha, lol, konkurs, bojkott, amatörer, löjligt företag, sämsta företaget,
            sämsta företag, kasst företag, skämtföretag, pellejöns*, dinosaurie*
        """),
        "abuse": phrases("""
            jävla as, ni är idioter, jävla idiot, dum kossa, jävla kossa, fet kossa, era råttor,
            råttor allihop, jävla råttor, ni är råttor, ni är skräp, rena skräpet, kräk, era kräk,
            jävla kräk, fitthuvud*, dumjävel*, dumjävlar, åt helvete med er, era nollor,
            jävla nollor, mongon,
            håll truten, håll klaffen,
            se sig om, akta dig, akta er, dit de kom ifrån, åka hem till sitt land, äckliga pack,
            kukhuvud*, =mongo*,
            ohyra, parasiter, parasit, avskum, slödder, patrask, hjärndöd*,
            hjärnlös*, odjur, era djur,
            svin,
            idiot, idioter, idioterna, jävla idioter, fitta, fittor, hora, horor, horunge,
            dum i huvudet, dumma i huvudet, efterbliven, efterblivna, =mongo, ditt as, era as,
            svin, äckel, äckliga, håll käften, dra åt helvete, stick och brinn, fan ta er,
            kuksugare, pucko, puckon, töntar, losers, jävla pack, =pack, rövhål*, subba
        """),
        "profanity": phrases("""
            =fan, jävla, jävlar, jävligt, helvete, helvetes, skit, skitdålig*, skitsnack,
            fy fan, fuck, fucking, wtf, =satan, jäkla, jäklar, fasen, =kuk
        """),
        "slur": phrases("""
            =cp, blatte*, svartskall*, =neger*, bögjävel*, bögjävlar, =bög, zigenarjävel*
        """),
        "threat": phrases("""
            jag krossar, krossar honom, krossa honom, krossa dig, ska krossa, slå sönder,
            slår ihjäl, ni är döda, du är död, knivhugg*, ses ute, möter honom ute,
            basebollträ, basebolltä,
            in skallen, =borde skjutas, skjuta er, skjuta ihjäl, skjuta dem,
            knivhugga, tända eld på, bränna upp, brinna ner, hoppa från en bro, hoppas ni dör,
            hoppas du dör, mörda er, mörda dig, ha ihjäl, bryta benen,
            jag vet var du bor, ska döda, döda er, slå ihjäl, akta er, ni ska få se,
            bränna ner, spöa er, spöa dig
        """),
        "spam": phrases("""
            bekräfta dina uppgifter, verifiera ditt konto, =trading, skriv till mig på,
            du har vunnit ett,
            gilla och prenumerera, min nya musikvideo, ~kolla in min,
            hämta ditt pris, har valts ut, du har vunnit,
            äkta följare, fler följare, köp följare, följ för följ, följer alltid tillbaka,
            alla mina produkter,
            om dagen hemifrån, skicka dm, använd koden,
            tjäna pengar, tjäna snabba pengar, jobba hemifrån, krypto, bitcoin, investera,
            följ mig, följ tillbaka, rabattkod, använd koden, använd min kod, min kod,
            kolla min profil, länk i bio, skriv dm, gratis iphone, klicka här, extra inkomst,
            passiv inkomst
        """),
        "legal": phrases("""
            polisanm*, anmält er, anmäler jag er, anmäla er, till tidningen, till lokaltidning*,
            till media*, kontakta media, journalist*, advokat*, jurist*, hallå konsument,
            konsumentombudsman*, till kvällspressen,
            =imy, integritetsskyddsmyndigheten, datainspektionen,
            finansinspektionen, bestridit köpet, bestrida köpet, =svt, =tv4,
            i rätten, domstol*, tingsrätt*,
            advokat, advokater, jurist, stämma er, stämma dig, stämmer er, ska stämma,
            att stämma, kommer stämma, stämma företaget, stämma bolaget, stämning, polisen,
            polis, polisanmälan, polisanmäla, polisanmäler, anmäla er, anmäler er,
            anmäla detta, anmäla till, =arn, allmänna reklamationsnämnden, reklamationsnämnden,
            konsumentverket, konsumentombudsmannen, tingsrätt, tingsrätten, domstol,
            rättsliga åtgärder, juridiska åtgärder, till media, i media, pressen, journalist, journalister,
            kvällspressen, aftonbladet, expressen, kalla fakta, uppdrag granskning,
            konsumentvägledare*
        """),
        "fraud": phrases("""
            bedrag*, tjuv*, skurk*, rånar*, =rån, stöld, stjäl*, ockrare, ocker, kriminell*,
            lurat*, svindl*,
            bedragare, bedrägeri*, bedrägligt, lurendrej*, lurade, lurad, lurar,
            blåsta, blåst på, tjuvar, svindlare, svindel, skojare, bluff, bluffen, bluffföretag,
            =scam*, oseriösa bedragare, kriminella, maffia
        """),
        "negator": phrases("""
            inte, ej, aldrig, ingen, inget, inga, utan
        """),
    },
)
