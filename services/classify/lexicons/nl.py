"""Dutch lexicon."""

from services.classify.lexicons.base import LanguageLexicon, phrases, words

LEXICON = LanguageLexicon(
    language="nl",
    stopwords=words(
        "de het een en ik je jij jullie u uw mijn is zijn was waren van in op te met voor niet "
        "geen maar ook al nog wat hoe waarom wanneer waar dat die dit er naar bij heb hebben "
        "heeft kan kunnen wil ze we wij ons onze zo dan om door over nu wel toch even echt heel "
        "nou weer gewoon iets niks niets moet mij me m'n 't wordt worden"
    ),
    phrases={
        "complaint": phrases("""
            internet eruit, ligt eruit, ligt er weer uit,
            geen water, geen warm water, geen verwarming, nogsteeds, ~prijsverhoging,
            alleen maar slechter, steeds slechter, noemen jullie kwaliteit, uit elkaar gevallen,
            geblokkeerd, afgesloten, gebarsten, kwam koud, koud aan, geannuleerd, verdubbeld,
            niemand kan, kan nergens, vast op, gestrand, ontbrak, automatisch verlengd,
            zonder herinnering, zonder enige herinnering, zonder waarschuwing, helemaal niks,
            helemaal niets, waar betaal ik, afgewezen, geweigerd, lekt, krassen, deuk, beschimmeld,
            ~in de regen, ~doorweekt, alles nat, het niet meer, doet * het niet, komt niet opdagen,
            niet komen opdagen, niet opdagen, nooit gekomen, zijn weg, is weg, verdwenen,
            uitgelogd, valt * weg, valt steeds weg, valt weg, negeerde me, genegeerd,
            met haar ogen, met zijn ogen, waarom moet ik, waarom krijg ik, opzegkosten, verzet,
            geen geld terug,
            doet het niet meer, verkeerde maat,
            niet geleverd, nog niet geleverd, nog steeds niet, nog steeds geen, nog niks,
            nog niets, niet ontvangen, nooit ontvangen, niet aangekomen, nooit aangekomen,
            niet bezorgd, pakket kwijt, kwijtgeraakt, te laat, vertraagd, vertraging,
            weken wachten, wacht al, wachten al, ~zit al, in de wacht, wachtrij, aan de lijn,
            uur wachten, lang wachten, verkeerde rekening, verkeerde factuur, rekening klopt niet,
            factuur klopt niet, te veel betaald, teveel betaald, te veel afgeschreven,
            dubbel afgeschreven, twee keer afgeschreven, geld terug, terugbetaling, storing,
            storingen, ligt eruit, ligt * eruit, ligt * * eruit, ligt er weer uit, ligt plat, doet het niet, doet het weer niet,
            werkt niet, werkt weer niet, werkt nog steeds niet, kapot, is stuk, gaat stuk,
            stuk gegaan, stukgegaan, defect, beschadigd, geen internet, geen bereik,
            geen verbinding, geen stroom, geen tv, onbeschoft, onvriendelijk, brutaal,
            grof behandeld, opgehangen, hing op, geen reactie, geen antwoord,
            niemand reageert, niet teruggebeld, nooit teruggebeld, teleurgesteld,
            teleurstellend, onacceptabel, schandalig, klacht, klachten, slechte service,
            slechte klantenservice, ontevreden, niet tevreden, ben het zat, spuugzat,
            strontzat, verkeerde artikel, verkeerd product, verkeerde bestelling, ~ontbreekt,
            foutmelding, crasht, loopt vast, kan niet inloggen, niet bereikbaar,
            dank je de koekoek, zonder internet, zonder stroom, weggegooid geld
        """),
        "question": phrases("""
            hoe * ik, hoe * je, verschil tussen, wat kost, wat zijn,
            hoe kan ik, hoe kun ik, hoe moet ik, hoe werkt, hoe lang, hoeveel, kan ik, kun je,
            kunnen jullie, kunt u, is het mogelijk, weet iemand, wanneer, waar kan ik,
            waar vind ik, hebben jullie, zijn jullie, vraag, vraagje, wat is, welke,
            openingstijden, mag ik, klopt het, hoe zit het, iemand een idee, graag hulp
        """),
        "praise": phrases("""
            ga zo door, zo hoort het, heerlijke, vriendelijke, veel beter, dikke merci,
            bedankt, dank je, dank u, dankjewel, dankuwel, dank jullie, top, super, geweldig,
            fantastisch, prima, goed geholpen, snel geholpen, fijn geholpen, tevreden,
            complimenten, compliment, chapeau, heel goed, goede service, topservice,
            top service, klasse, aanrader, vriendelijk geholpen, behulpzaam, dikke duim, hulde,
            toppers, netjes, snel geleverd, keurig, uitstekend, perfect, blij mee, held, helden
        """),
        "sarcasm": phrases("""
            stijlvol hoor, heerlijk hoor,
            lekker dan, nou lekker, bedankt hoor, top hoor, goed bezig, weer eens, alweer,
            voor de zoveelste keer, zoveelste keer, dank je de koekoek, geweldig weer, echt top,
            chapeau hoor, knap hoor, derde keer, weer, zoals altijd, zoals gewoonlijk
        """),
        "positive": phrases("""
            snelste,
            geregeld,
            goed, mooi, leuk, blij, fijn, gelukkig, heerlijk, prachtig, gaaf, tof, lief,
            genieten, opgelost, snel, handig, makkelijk, vriendelijk,
            gefeliciteerd, trots, mooie, goede, succes, welkom, eindelijk, genoten, lekker,
            grappig
        """),
        "negative": phrases("""
            slecht, slechte, boos, jammer, balen, vervelend, irritant, ergerlijk, waardeloos,
            waardeloze, rampzalig, drama, verschrikkelijk, triest, probleem, problemen, helaas,
            haat, hekel, belachelijk, bagger, treurig, zielig, woedend, gefrustreerd,
            dood, doden, oorlog, angst, bang, schande, onzin, leugen*, liegen, liegt, kwaad,
            wanhopig, zorgen, ziek, walgelijk
        """),
        "troll": phrases("""
            genieën, recordwinst*, bonussen, graai*,
            leuk verhaal, niemand koopt, word wakker, wakker worden mensen,
            laat me raden, copy-paste, schaamteloos, graaiers, zakkenvullers,
            zielig bedrijf*, ja ja tuurlijk, jaja tuurlijk, wie koopt er, stel je voor dat je,
            daar gaan we weer, in de reacties, ~slagveld,
            grap, lachertje, clowns, clown, clownsbedrijf, circus, poppenkast, iedereen weet,
            haha, hahaha, lol, failliet, boycot, amateurs, amateurclub, prutsers, beunhazen,
            slechtste bedrijf, wat een bedrijf, apenland, apenkooi, kneuzen, sukkels, mafkezen,
            zielig bedrijf, bananenrepubliek
        """),
        "abuse": phrases("""
            jullie zijn kanker*, zijn jullie kanker*, kankerhoer*, kankerjoch*, krijg de kanker,
            krijg de tering, krijg de tyfus, krijg de klere, jullie zijn vuilnis,
            jullie zijn * vuilnis, stuk vuilnis, zijn ratten, ratten zijn het, vuile ratten,
            jullie ratten, stelletje ratten, domme koe, stomme koe, dikke koe, =trut*, teef,
            vuile slet, sletten, imbeciel*, malloot, zakkenwasser*, klojo*, kutkop*, lulhannes,
            sodemieter op, donder op, val dood, tuig van de richel,
            hersendode, hersendood, hou je bek, houd je bek, kop dicht,
            moet opletten, kijk maar uit, pas maar op, terug naar hun eigen land,
            waar ze vandaan komen, smerig volk, vuil volk,
            fuck jullie, fuck you,
            ongedierte, parasieten, parasiet, tuig, uitschot, schorem,
            gespuis, hersenloze, hersenloos, onmens*, stelletje idioten,
            stelletje debielen,
            ga toch dood,
            idioot, idioten, debiel*, mongool, mongolen, klootzak*, =lul, eikel*,
            kankerlijer*, pleur op, rot op, flikker op, hoer, hoeren, hoerenzoon, sukkel,
            oetlul, randdebiel*, achterlijk*, stomme, dombo, loser*, schoft*, hufter*, tokkie*,
            kutwijf, teringlijer*, tyfuslijer*, minkukel*
        """),
        "profanity": phrases("""
            kut, kutzooi, kutbedrijf, =kanker, =kanker*, =tering, =tering*, =tyfus*, godverdomme,
            verdomme, godver*, shit, fuck, fucking, wtf, klote, kloteding, klotebedrijf,
            gvd, potverdorie
        """),
        "slur": phrases("""
            nikker*, flikker*, =mongool, kankermongool*, kutmarokkaan*, homo's, =homo, spast*
        """),
        "threat": phrases("""
            ik sloop hem, ik sloop je, ik sloop jullie, sloop ik hem, sloop ik je, ik sla je,
            ik sla hem, ik pak je, ik pak hem, ik maak hem af, maak ik hem af, als ik hem tegenkom,
            als ik je tegenkom, je bent dood, je bent er geweest, hij is er geweest,
            ik kom je halen, doodsteken, kapot slaan, ik ram,
            honkbalknuppel, honkbalknuppels,
            je kop in, zijn kop in, haar kop in,
            kop inslaan, sla ik hem, sla ik haar, afgeschoten,
            doodgeschoten, neerschieten, neergeschoten, kogel door, in de fik, in brand steken,
            van een brug, hoop dat je doodgaat, hoop dat jullie doodgaan, ik vermoord,
            vermoorden, neersteken, steek je neer, in elkaar trappen, breek je benen, benen breken,
            ik weet waar je woont, ik maak je af, je gaat eraan, jullie gaan eraan,
            in elkaar slaan, in elkaar rammen, ik steek, kapot maken, jullie kapot
        """),
        "spam": phrases("""
            bevestig je gegevens, bevestig uw gegevens, verifieer je account, traden, =trading,
            stuur me een bericht, je hebt gewonnen,
            like en abonneer, mijn nieuwe videoclip, ~check mijn,
            claim je prijs, claim jouw prijs, bent geselecteerd, je bent uitgekozen,
            echte volgers, meer volgers, koop volgers, volg voor volg, volg altijd terug,
            al mijn producten,
            per dag vanuit huis, stuur me een dm, gebruik code,
            geld verdienen, verdien geld, snel geld, thuis werken, bijverdienen, crypto, bitcoin,
            beleggen, investeer, volg mij, volg terug, volg voor volg, kortingscode, gebruik code,
            gebruik mijn code, check mijn profiel, link in bio, stuur me een dm, gratis iphone,
            win een, klik hier, per dag verdienen, passief inkomen
        """),
        "legal": phrases("""
            dagvaard*, kort geding, naar de telegraaf, journalist*, voor de rechter, juridisch*,
            advocat*, aangifte doen, aangifte gedaan,
            autoriteit persoonsgegevens,
            rechtsbijstand*, rechtszaal, de rechter,
            advocaat, advocaten, jurist, rechtsbijstand, aanklagen, aanklacht, aangifte,
            politie, rechter, rechtszaak, naar de rechter, juridische stappen, juridisch,
            =acm, consumentenbond, geschillencommissie, autoriteit consument, kifid, =radar,
            tros radar, naar kassa, de media, naar de media, de pers, =pers, journalist, journalisten, de krant,
            ingebrekestelling, sommatie, rechtbank, ombudsman, toezichthouder
        """),
        "fraud": phrases("""
            zakkenrollers, bestolen, beroofd, rovers, struikrovers, uitbuiters, schurken,
            geldklopperij, oplichters*,
            opgelicht,
            oplicht*, opgelicht, bedrieg*, bedrog, fraude*, frauduleus, dieven, dievenbende,
            oplichting, maffia, criminelen, crimineel, =scam*, afzetters, afzetterij, afgezet, zwendel*,
            geldwolven, boeven
        """),
        "negator": phrases("""
            niet, geen, nooit, niks, niets, zonder, nergens
        """),
    },
)
