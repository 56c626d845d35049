"""German lexicon."""

from services.classify.lexicons.base import LanguageLexicon, phrases, words

LEXICON = LanguageLexicon(
    language="de",
    stopwords=words(
        "der die das und ist nicht ich du sie wir ihr es ein eine einen einem zu mit von auf für "
        "im den dem des auch aber noch schon wie warum wann wo was kann können mein meine mich "
        "mir bei aus nach nur wird wurde habe hat haben sind war bin euch uns unser kein keine "
        "sich dass oder wieder seit immer jetzt mal doch gibt"
    ),
    phrases={
        "complaint": phrases("""
            internet ist weg, netz ist weg,
            kein wasser, kein warmwasser, keine heizung, imer noch, immer noch nix, noch nix,
            ~preiserhöhung, nur schlechter, immer schlechter, nennt ihr qualität,
            auseinandergefallen, würde wieder * stunden,
            gesperrt, abgeschaltet, gesprungen*, kam kalt, kalt an, gestrichen, annulliert,
            storniert, verdoppelt, keiner kann, sitze * fest, sitzen * fest, fehlte,
            automatisch verlängert, ohne erinnerung, ohne jede erinnerung, ohne vorwarnung,
            immer noch nichts, wofür zahle ich, kann nichts bezahlen, nicht besetzt, abgelehnt,
            undicht, zerkratzt, delle, schimmel*,
            ~im regen, ~durchnässt, alles nass, funktioniert * nicht, funktioniert * * nicht,
            kommt nicht, nicht gekommen, nie aufgetaucht, nicht erschienen, sind weg, ist weg,
            verschwunden, ausgeloggt, bricht * ab, bricht ständig ab, bricht ab, ignoriert,
            augen verdreht, warum soll ich, warum muss ich, kündigungsgebühr, verschoben,
            warte ich, stürzt * ab, stürzt * * ab,
            funktioniert nicht mehr, falsche größe,
            nicht geliefert, noch nicht geliefert, nicht angekommen, nie angekommen,
            nicht erhalten, nie erhalten, immer noch nicht, noch immer nicht, immer noch kein,
            immer noch keine, verspätet, verspätung, zu spät, lieferung fehlt, paket verloren,
            warte seit, warten seit, seit wochen, seit tagen, warteschleife, stunden gewartet,
            falsche rechnung, rechnung ist falsch, rechnung falsch, zu viel berechnet,
            doppelt abgebucht, zweimal abgebucht, geld zurück, rückerstattung, störung,
            störungen, ausfall, netzausfall, geht nicht, geht schon wieder nicht,
            funktioniert nicht, funktioniert immer noch nicht, klappt nicht, kaputt, defekt,
            beschädigt, kein internet, kein netz, keine verbindung, kein empfang, kein strom,
            unfreundlich, unverschämt, aufgelegt, keine antwort, keine reaktion,
            niemand antwortet, nicht zurückgerufen, nie zurückgerufen, enttäuscht,
            enttäuschend, inakzeptabel, frechheit, skandal, sauerei, beschwerde, reklamation,
            schlechter service, schlechter kundenservice, unzufrieden, nicht zufrieden,
            falscher artikel, falsche ware, falsche lieferung, ~fehlt, stürzt ab, abgestürzt,
            fehlermeldung, reicht mir, die nase voll, kann mich nicht einloggen,
            nicht erreichbar, danke für nichts, geldverschwendung
        """),
        "question": phrases("""
            wie * ich, wie * man, was ist, was kostet, unterschied zwischen,
            wie kann ich, wie kann man, wie lange, wie viel, wieviel, wie funktioniert,
            kann ich, können sie, könnt ihr, kann man, ist es möglich, gibt es, weiß jemand,
            wann, wo kann ich, wo finde ich, habt ihr, haben sie, öffnungszeiten, frage,
            kurze frage, darf ich, stimmt es, wisst ihr, bitte um hilfe
        """),
        "praise": phrases("""
            so muss das sein, lecker*, freundlicher, viel besser, respekt,
            danke, vielen dank, danke schön, dankeschön, herzlichen dank, super, toll, klasse,
            spitze, top, großartig, hervorragend, ausgezeichnet, perfekt, zufrieden,
            sehr zufrieden, freundlich, hilfsbereit, schnelle lieferung, schnell geholfen,
            gut geholfen, lob, weiter so, empfehlen, empfehlenswert, begeistert, wunderbar,
            genial, bester service, daumen hoch, klasse service, vielen lieben dank
        """),
        "sarcasm": phrases("""
            herrlich, stark gemacht,
            danke für nichts, na toll, na super, ganz toll, wieder mal, schon wieder,
            zum dritten mal, wie immer, mal wieder, klasse gemacht, bravo, glückwunsch,
            wirklich toll, echt super
        """),
        "positive": phrases("""
            schnellste, sauber,
            erledigt,
            gut, schön, froh, freue, glücklich, lieb, prima, cool, nett, =geil, gelöst,
            schnell, einfach, problemlos, reibungslos,
            freue mich, freuen, glückwunsch, liebe, schöne, schönen, gute, guten, beste, spaß,
            endlich, wow, lustig, stolz
        """),
        "negative": phrases("""
            schlecht, schlechte, schlimm, ärgerlich, traurig, leider, =mist, nervig, furchtbar,
            schrecklich, katastrophe, katastrophal, problem, probleme, hasse, sauer, wütend,
            miserabel, grottig, mies, lächerlich, peinlich, unmöglich, nervt, ärgere,
            tot, tod, krieg, angst, schade, falsch, lüge*, lügner, hass, blöd, kotzt, krank,
            schlechter, widerlich, ekelhaft, dumm
        """),
        "troll": phrases("""
            ihr genies, rekordgewinn*, boni, clown*,
            schöne geschichte, kauft keiner, kauft trotzdem keiner, wacht auf, schlafschafe,
            lass mich raten, copy-paste, schamlos, abkassieren, abzocker-boni,
            armselig*, erbärmlich*, ~ja klar, jaja klar, wer kauft, überhaupt noch, stell dir vor,
            los geht's, die kommentare, ~gemetzel,
            witz, ein witz, lachnummer, clowns, clown, clownsverein, zirkus, saftladen,
            jeder weiß, haha, hahaha, lol, pleite, insolvenz, boykott, amateure, dilettanten,
            witzfirma, kindergarten, laienverein, hampelmänner, bananenrepublik, loser*
        """),
        "abuse": phrases("""
            ihr ratten, drecksratten, ratten seid ihr, dumme kuh, blöde kuh, alte kuh, fette kuh,
            ihr pack, dieses pack, drecks pack, hohlkopf*, hohlbirne*, dummbatz*, dumpfbacke*,
            arschgeige*, arschl*, hure, huren, geh sterben, geht sterben, verreck*, leck mich,
            leckt mich, fick euch, letzte dreck, letzter dreck, ihr seid müll, menschlicher müll,
            hirntot*, halt die klappe, maul halten,
            soll aufpassen, gut aufpassen, pass bloß auf, wo sie herkommen, zurück in ihr land,
            dreckiges volk,
            ungeziefer, parasiten, parasit, abschaum, gesindel, dreckspack,
            hirnlos*, untermensch*, viehzeug, spasti*, dumme sau, ihr penner,
            verreckt, schweine,
            idiot, idioten, vollidiot*, arschloch, arschlöcher, wichser, hurensohn, hurensöhne,
            fotze, missgeburt*, =behindert, ihr dummen, dummköpfe, trottel, penner,
            halt die fresse, halts maul, fick dich, fickt euch, verpiss dich, verpisst euch,
            schlampe, du opfer, vollpfosten, deppen, depp, bastard*, drecksau, dreckschwein*,
            mistkerl*, schwachkopf*, schwachmat*, spacko*
        """),
        "profanity": phrases("""
            scheiße, scheisse, scheiß*, scheiss*, verdammt*, verfluchte, kacke, fuck, fucking,
            wtf, drecks*, beschissen, verdammte scheiße, =mist, zum kotzen
        """),
        "slur": phrases("""
            schwuchtel*, =spast*, kanake*, =neger*, zigeuner*, kümmeltürke*
        """),
        "threat": phrases("""
            mach ihn platt, mach dich platt, mach euch platt, platt machen, plattmachen,
            fresse polieren, verprügel*, zusammenschlag*, kaputtschlagen, abknall*, bring ihn um,
            ihr seid tot, du bist tot, wenn ich ihn erwische, wenn ich dich erwische,
            baseballschläger,
            fresse ein, in die fresse, aufs maul, hau dir, gehört erschossen,
            gehören erschossen, erschießen, erschossen werden, kugel in, abfackeln, abbrennen,
            von der brücke, springt doch, umbringen, totschlagen, abstechen,
            aufschlitzen, beine brechen,
            ich weiß wo du wohnst, bring dich um, bringe euch um, abstechen, ihr werdet bereuen,
            anzünden, zünde euch, schlage dich, mach dich fertig, kalt machen
        """),
        "spam": phrases("""
            bestätige deine daten, bestätigen sie ihre daten, verifiziere dein konto, =trading,
            schreib mir auf,
            liken und abonnieren, mein neues musikvideo, schaut euch mein,
            hol dir deinen preis, wurdest ausgewählt, du hast gewonnen,
            echte follower, mehr follower, follower kaufen, folge immer zurück,
            alle meine produkte,
            am tag von zu hause, schreib mir eine dm, mit dem code,
            geld verdienen, schnelles geld, von zuhause arbeiten, nebenverdienst, krypto,
            bitcoin, investieren, folge mir, folgt mir, follow for follow, gutscheincode,
            rabattcode, nutze den code, nutzt den code, mein code, schau auf mein profil,
            link in bio, schreib mir, gratis iphone, gewinnspiel, klick hier,
            passives einkommen
        """),
        "legal": phrases("""
            anwält*, rechtsanwält*, verklag*, anzeige bei der polizei, zeige euch an, zeig euch an,
            zeige sie an, bild-zeitung, bild zeitung, verbraucherschutz*, schlichtung*, rechtsweg,
            juristisch*, schiedsstelle, verbraucherzentrum,
            datenschutzbeauftragte*, datenschutzbehörde,
            marktcheck, =wiso, ins fernsehen, im fernsehen,
            rechtsschutz*, vor gericht,
            anwalt, anwältin, rechtsanwalt, anwälte, verklagen, verklage, klage, anzeige erstatten, anzeige gegen,
            strafanzeige, zur anzeige, polizei, gericht, rechtliche schritte,
            juristische schritte, verbraucherzentrale, verbraucherschutz, bundesnetzagentur,
            schlichtungsstelle, presse, journalist*, die medien, den medien, zeitung, abmahnung,
            stiftung warentest, bafin, ombudsmann
        """),
        "fraud": phrases("""
            betrüg*, betrug*, abzock*, dieb*, gauner*, schwindler*, räuber*, raubritter,
            beutelschneider*, wucher*, halsabschneider*, mafia, beschiss, bescheiß*, nepper,
            abgezockt, abzocke*,
            betrüger, betrug, betrügen, betrügt, betrogen, abzocke, abzocker, abgezockt, diebe,
            diebstahl, gauner, kriminell*, verbrecher*, =scam*, betrügerisch, betrügerbande,
            halsabschneider, beklaut
        """),
        "negator": phrases("""
            nicht, kein, keine, keinen, keiner, nie, niemals, ohne, nichts
        """),
    },
)
