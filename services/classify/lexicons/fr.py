"""French lexicon."""

from services.classify.lexicons.base import LanguageLexicon, phrases, words

LEXICON = LanguageLexicon(
    language="fr",
    stopwords=words(
        "le la les un une des et est je tu il elle nous vous ils ne pas de du au aux en à pour "
        "avec sur dans que qui quoi ce cette mon ma mes votre vos mais ou où comment pourquoi "
        "quand plus très suis été sont on me moi j' l' d' n' c' qu' s' m' toujours rien "
        "encore depuis ai avez fait faire"
    ),
    phrases={
        "complaint": phrases("""
            coupure d'internet, coupure internet,
            pas d'eau, pas d'eau chaude, pas de chauffage, tjrs rien, tjs rien, ~hausse de prix,
            de pire en pire, appelez ça de la qualité, fichues, fichu, raccroch*, min d'attente,
            j'attendrais,
            bloqué, bloquée, suspendu, coupé, fissuré*, arrivé froid, annulé, annulée, a doublé,
            personne ne sait, coincé, coincée, manquait, renouvelé automatiquement, sans rappel,
            sans le moindre rappel, sans prévenir, que dalle, je vous paie pour,
            impossible de payer, refusé, refusée, fuite, rayé, cabossé, moisi,
            ~sous la pluie, ~trempé, ne vient pas, jamais venu, pas venu, pas passé, ont disparu,
            a disparu, disparu, déconnecté, se déconnecte, coupe sans arrêt, m'a ignoré,
            m'a ignorée, ignoré, levé les yeux au ciel, pourquoi on me facture,
            pourquoi je dois payer, pourquoi vous m'avez, frais de résiliation, déplacé,
            annulé mon, =plante, ça plante,
            pas livré, pas été livré, jamais livré, pas reçu, jamais reçu, toujours pas,
            toujours rien, toujours en attente, en retard, retard, retardé, colis perdu,
            perdu mon colis, j'attends, attends depuis, en attente depuis, heures d'attente,
            mauvaise facture, facture erronée, erreur de facturation, facturé deux fois,
            prélevé deux fois, trop facturé, trop payé, remboursement, me rembourser, panne,
            en panne, coupure, ne marche pas, marche pas, ne fonctionne pas, fonctionne pas,
            fonctionne plus, marche plus, cassé, cassée, défectueux, défectueuse, abîmé,
            endommagé, pas d'internet, plus d'internet, pas de réseau, plus de réseau,
            pas de connexion, impoli, impolie, désagréable, malpoli, raccroché,
            aucune réponse, pas de réponse, personne ne répond, jamais rappelé, déçu, déçue,
            décevant, inadmissible, inacceptable, honteux, scandaleux, scandale, réclamation,
            plainte, mauvais service, service client nul, mécontent, mécontente,
            pas satisfait, insatisfait, ras le bol, marre, mauvais article, mauvaise taille,
            ~manquant, bug, beug, message d'erreur, impossible de me connecter,
            merci pour rien, injoignable, argent jeté
        """),
        "question": phrases("""
            =comment, c'est quoi, quelle est, quel est, différence entre,
            comment puis-je, comment je peux, comment faire, comment fonctionne, est-ce que,
            est-ce qu', puis-je, pouvez-vous, pourriez-vous, peut-on, est-il possible, quand,
            où puis-je, où trouver, avez-vous, y a-t-il, quelqu'un sait, horaires,
            heures d'ouverture, question, petite question, combien, savez-vous, je voudrais savoir
        """),
        "praise": phrases("""
            continuez comme ça, continuez, c'est comme ça qu'il faut, bien meilleur, délicieux,
            délicieuse,
            merci, merci beaucoup, merci bien, super, génial, top, excellent, parfait, bravo,
            formidable, ravi, ravie, satisfait, très satisfait, content, contente,
            livraison rapide, efficace, sympa, aimable, serviable, au top, je recommande,
            recommande, félicitations, chapeau, adore, j'adore, merveilleux, impeccable,
            nickel, service au top, mille mercis
        """),
        "sarcasm": phrases("""
            j'adore être, la classe,
            merci pour rien, bravo encore, encore une fois, encore, comme d'habitude,
            pour la troisième fois, troisième fois, bien joué, quelle surprise, vraiment génial,
            trop fort, félicitations
        """),
        "positive": phrases("""
            le plus rapide, bonnes, vraiment bon,
            réglé,
            bien, bon, bonne, heureux, heureuse, cool, joli, belle, beau, aime, plaisir,
            chouette, résolu, rapide, simple, facile,
            bonheur, joie, magnifique, j'aime, meilleur, bonne journée, hâte, trop bien,
            drôle, fier, fière, belle journée
        """),
        "negative": phrases("""
            mauvais, mauvaise, triste, énervé, énervée, énervant, agacé, nul, nulle, horrible,
            terrible, catastrophe, catastrophique, problème, problèmes, déteste, dommage,
            malheureusement, pénible, lamentable, pire, ridicule, honte, furieux, furieuse,
            mort, morts, guerre, peur, tristesse, faux, mensonge*, menteur*, haine, grave,
            dégoûté, fatigué, malade, colère, dégueulasse, honteux
        """),
        "troll": phrases("""
            les génies, bénéfice record, bénéfices records, clown*,
            belle histoire, personne n'achète, réveillez-vous,
            laissez-moi deviner, laisse-moi deviner, copier-coller, sans vergogne, se gaver,
            pathétique*, petite entreprise, mais oui bien sûr, oui bien sûr, qui achète encore,
            imaginez payer, imaginez utiliser, c'est reparti, les commentaires, ~carnage,
            blague, une blague, clowns, clown, cirque, tout le monde sait, haha, hahaha, mdr,
            ptdr, lol, faillite, boycott, amateurs, guignols, branquignols, bande de rigolos,
            rigolos, risible, boîte de clowns, pitoyable, minables
        """),
        "abuse": phrases("""
            grosse vache, vieille vache, sale vache, vous êtes des rats, bande de rats,
            vous êtes des déchets, sale pourriture, bande de pourris, salaud*, salopard*,
            charogne*, casse-toi, cassez-vous, va crever, allez crever, ntm, =fdp, =tg,
            je vous emmerde, enfoiré*, batard*, encule*, pétasse*, grognasse*,
            sans cerveau, ferme-la, fermez-la, ta gueule,
            faire gaffe, gare à lui, gare à vous, renvoyés chez eux, rentrez chez vous,
            retournez dans votre pays, sale engeance,
            bande de parasites, sales rats,
            vermine, racaille, sans cervelle,
            sous-homme*, bande d'abrutis, bande de cons,
            crevez, porcs,
            connard*, connasse*, =con, =cons, conne, conard*, enculé*, salope*, pute, putes,
            fils de pute, ta gueule, fermez-la, ferme ta gueule, va te faire foutre,
            allez vous faire foutre, crétin*, débile*, abruti*, idiot, idiots, imbécile*,
            bâtard*, ordure*, raclure*, trou du cul, nique ta mère, niquez, =nique, sous-merde*,
            bouffon*, tocard*, teubé*, clochard*
        """),
        "profanity": phrases("""
            putain, merde, bordel, chier, fait chier, wtf, fuck, fucking, de merde, =zut
        """),
        "slur": phrases("""
            =pd, pédé*, bougnoul*, négro*, tapette*, =gogol*, =mongol*, attardé*, youpin*,
            bicot*
        """),
        "threat": phrases("""
            je vais te défoncer, je vais vous défoncer, je vais le défoncer, le défoncer,
            te défoncer, vous défoncer, je vais le buter, le buter, te buter, vous buter, tabass*,
            vous êtes morts, t'es mort, un homme mort, je vais te retrouver,
            batte de baseball,
            défonce la gueule, défoncer la gueule, péter la gueule, mérite une balle,
            une balle dans, fusiller, =cramer, incendier, mettre le feu, foutre le feu,
            vous jeter, je vais le tuer, je vais vous buter, égorger, poignarder,
            casser les jambes,
            je sais où tu habites, je vais te tuer, vous tuer, crever, brûler vos,
            casser la gueule, vous allez le regretter, tu vas le regretter, je vais vous retrouver
        """),
        "spam": phrases("""
            confirmez vos coordonnées, confirme tes coordonnées, vérifiez votre compte, =trading,
            en tradant, écris-moi sur, vous avez gagné,
            likez et abonnez-vous, mon nouveau clip, allez voir mon,
            récupère ton cadeau, récupérez votre cadeau, as été sélectionné, avez été sélectionné,
            tu as gagné,
            vrais abonnés, plus d'abonnés, acheter des abonnés, un follow pour un follow,
            tous mes produits,
            par jour depuis chez vous, envoyez-moi un dm,
            gagner de l'argent, argent facile, travail à domicile, revenu passif, crypto,
            bitcoin, investir, investissement, suivez-moi, suivez moi, abonnez-vous,
            follow for follow, code promo, mon code, utilisez le code, code de réduction,
            lien en bio, lien dans ma bio, voir mon profil, écrivez-moi en privé,
            iphone gratuit, concours, cliquez ici
        """),
        "legal": phrases("""
            plainte, porté plainte, saisir la justice, saisis la justice, saisir le médiateur,
            devant le juge, procès, flics, les flics, commissariat, au journal, aux journaux,
            contacter la presse, conciliateur, litige, ouvrir un litige, juridique*, avocat*,
            =cnil,
            capital sur m6, envoyé spécial, complément d'enquête,
            avocat, avocate, avocats, porter plainte, porte plainte, plainte contre vous,
            déposer plainte, déposé plainte, police, gendarmerie, tribunal, en justice, la justice,
            poursuivre en justice, poursuites, poursuites judiciaires, action en justice,
            mise en demeure, dgccrf, ufc, que choisir, ufc que choisir, 60 millions,
            médiateur, signal conso, signalconso, arcep, presse, journaliste*, les médias,
            aux médias, huissier
        """),
        "fraud": phrases("""
            voleur*, vous nous volez, m'a volé, bandits, truands, filous, mafieux, racket*,
            magouill*, arnaqu*,
            escroc*, escroquerie*, arnaque*, arnaqueur*, arnaqué*, voleurs, voleur,
            bande de voleurs, vous m'avez volé, fraude, frauduleux, frauduleuse, malhonnête*,
            =scam*, escrocs, mafia, brigands
        """),
        "negator": phrases("""
            pas, jamais, rien, aucun, aucune, sans, ni
        """),
    },
)
