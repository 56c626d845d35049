"""English lexicon."""

from services.classify.lexicons.base import LanguageLexicon, phrases, words

LEXICON = LanguageLexicon(
    language="en",
    stopwords=words(
        "the a an and or but is are was were be been to of in on at for with my your you i me "
        "we our it this that have has had do does did can will would what why how when where "
        "there they them just so very from by about get got still yet any im i'm it's don't "
        "you're i've can't isn't"
    ),
    phrases={
        "complaint": phrases("""
            internet is down, is down again, cut off my,
            no water, no hot water, no heating, stil nothing, still nothin, ~price increase,
            only gets worse, getting worse, call this quality, wait * hours, waiting * hours,
            blocked, locked out, suspended, cut off, cracked, arrived cold, cancelled, canceled,
            doubled, nobody can explain, no one can explain, can't pay, cannot pay, stuck at,
            stranded, auto-renewed, automatically renewed, without a reminder,
            without any reminder, without a single reminder, without warning, still nothing,
            fuck all, what am i paying, what am i even paying, declined, rejected, leaking,
            scratched, dented, mouldy, moldy, ~missing, not what i ordered,
            ~soaked, left outside, left my parcel, left my package, hasn't shown up,
            didn't show up, never showed up, no-show, no show, are gone, is gone, disappeared,
            vanished, logged me out, drops out, keeps dropping, cuts out, keeps disconnecting,
            ignored me, rolled her eyes, rolled his eyes, why have i been charged,
            why was i charged, why am i being charged, why do i have to pay, cancellation fee,
            got moved, rescheduled, cancelled my appointment,
            ~late, delayed, ~delay, still waiting, still not, still no, still hasn't, still haven't,
            never arrived, never received, never got, hasn't arrived, has not arrived,
            not arrived, not delivered, wasn't delivered, didn't arrive, not received,
            where is my, where's my, lost my, lost package, ~missing, wrong item, wrong order,
            damaged, arrived broken, weeks late, days late, no delivery,
            wrong bill, overcharged, charged twice, double charged, billed twice, charged me,
            wrong amount, refund, money back, hidden fees, incorrect bill, bill is wrong,
            outage, down again, is down, are down, went down, app down, site down,
            not working, doesn't work, does not work, isn't working, stopped working,
            won't load, keeps crashing, crashed, crashes, no internet, no signal, no service,
            no connection, disconnected, ~error, glitch, can't log in, cannot log in,
            rude, unfriendly, unhelpful, hung up, hung up on me, nobody helped, no one helped,
            terrible service, awful service, worst service, poor service, bad service,
            broken, ~broke, defective, faulty, fell apart, poor quality,
            on hold, been waiting, waited for, waiting for hours, hours on the phone,
            no response, no reply, no answer, nobody answers, ignoring me, ignored,
            never called back, never got back,
            disappointed, disappointing, unacceptable, fed up, sick of, not happy, unhappy,
            complaint, thanks for nothing, useless service, cancelled my, waste of money
        """),
        "question": phrases("""
            whats, what are, difference between, how does, how do you,
            can i, can you, could you, could i, how do i, how can i, how to, how long, how much,
            is it possible, do you, does anyone, are you, is there, are there, when will,
            when do, when does, when are, what time, where can i, where do i, what is, what's,
            which, any idea, anyone know, wondering, will you, do you have, opening hours,
            may i, should i, help me
        """),
        "praise": phrases("""
            keep it up, keep up the good work, that's how it should be, delicious, friendly,
            so much better, much better,
            thank you, thanks, thx, ty, great service, amazing, awesome, love, love it,
            excellent, fantastic, well done, good job, great job, helpful, quick response,
            fast delivery, super fast, highly recommend, recommend, perfect, brilliant, kudos,
            shout out, appreciate, appreciated, great, happy with, satisfied, wonderful,
            friendly staff, lovely, best service, the best, best customer service, best ever, superb, outstanding, cheers
        """),
        "sarcasm": phrases("""
            love being, classy,
            thanks a lot, thanks for nothing, yeah right, oh great, just great, great job,
            way to go, so much for, as always, as usual, once again, again, third time,
            every single time, nice one, love how, love it when, bravo
        """),
        "positive": phrases("""
            quickest, fastest, seriously good,
            good, nice, happy, glad, cool, yay, wow, beautiful, enjoy*, fun, pleased, smooth,
            easy, quick, fast, solved, fixed, works now, sorted,
            excited, congrats, congratulations, proud, funny, blessed, favorite, favourite, lucky,
            cute, sweet, good luck, well deserved, fuck yeah, hell yeah
        """),
        "negative": phrases("""
            bad, sad, angry, hate, annoyed, annoying, frustrat*, upset, poor, sucks, problem*,
            issue*, never again, shame, terrible, awful, horrible, worst, useless, ridiculous,
            pathetic, disgrac*, joke, nightmare, furious, mess,
            sorry, died, dead, death, killed, fear, scared, worried, sick, hurt, pain, crying,
            fail*, wrong, disgusting, evil, liar*, corrupt, tragic, sucked
        """),
        "troll": phrases("""
            who still buys, who * still buys, who the hell still, who the fuck still, who * still uses, who in their right mind,
            imagine being, geniuses, record profit*, enjoy your bonus*, clown*,
            cool story, nobody's buying, nobody buys, wake up people, sheeple,
            let me guess, copy-paste, copy paste, shameless, fat cats,
            pathetic little, yeah sure, sure jan, who even, who still shops, imagine paying,
            imagine using, imagine still, here we go again, comment section, ~bloodbath,
            is a joke, a joke, joke of a company, clowns, clown, clown show, circus,
            everyone knows, lol, lmao, lmfao, haha, hahaha, rofl, go bankrupt, bankrupt,
            boycott, worst company, pathetic company, who even uses, nobody uses, amateurs,
            amateur hour, muppets, dinosaurs, you guys suck, this company sucks, you suck,
            laughing stock, cope, ratio
        """),
        "abuse": phrases("""
            fuk u, fuk you, fuck u, f u, stfu, gtfo, go fuck yourself, go fuck yourselves,
            get fucked, eat shit, screw u, cretin*, halfwit*, dimwit*, numpty, numpties, tosser*,
            bellend*, knobhead*, arsehole*, motherfucker*, son of a bitch, sons of bitches,
            stupid cow, dumb cow, fat cow, silly cow, useless cow, =slag, =slags, skank*, whore*,
            pond scum, you're garbage, you are garbage, you're trash, you are trash,
            are absolute garbage, are absolute trash, human garbage, garbage humans,
            vile creatures,
            braindead, brain dead, shut your mouth, shut your face,
            watch himself, watch yourself, watch yourselves, better watch out,
            back where they came from, go back to your country, filth,
            =parasites, =parasite, you rats, dirty rats,
            vermin, filthy animals, you animals, subhuman*,
            scumbag*, lowlife*, waste of oxygen, brainless, degenerate*, human trash,
            absolute trash,
            pigs, die you,
            idiot, idiots, moron, morons, stupid, dumb, imbecile*, scum, bitch*, asshole*,
            bastard*, dickhead*, wanker*, cunt*, fuck you, fuck off, screw you, go to hell,
            shut up, piece of shit, losers, loser, =go die, kill yourself, kys, pigs, dumbass*,
            jerk*, prick*, twat*, douche*
        """),
        "profanity": phrases("""
            fuck, fucking, fucked, fck, shit, shitty, wtf, damn, crap, crappy, bullshit,
            ffs, the hell, goddamn, bloody, piss, pissed
        """),
        "slur": phrases("""
            =retard*, faggot*, fag, fags, tranny, nigger*, nigga*, kike*, spastic*, spaz
        """),
        "threat": phrases("""
            ill kill, i'll wreck, ill wreck, gonna wreck, wreck him, wreck you, wreck her,
            beat the shit out, knock your teeth, knock his teeth, you're dead, ur dead,
            you are dead, dead meat, see him outside, see you outside, catch you outside,
            catch him outside, meet me outside, i'll find you, slash your tyres, slash your tires,
            smash his, smash your,
            baseball bat, bringing a knife,
            smash your face, smash his face, smash her face, should be shot,
            deserve to be shot, deserves to be shot, put a bullet, shoot them,
            set fire to, torch the, torch that, torch your, burn it down, burn the place,
            jump off a bridge, hope you die, hope they die, i'll kill, gonna kill, kill them,
            stab you, stab them, break your legs, punch your, punch him,
            punch her,
            kill you, i know where you live, burn down, beat you up, you'll regret,
            watch your back, gonna hurt, i will find you, shoot you, blow up your
        """),
        "spam": phrases("""
            confirm your details, verify your account, trading from, day trading, message me on,
            you've won, you have won,
            like and subscribe, my new music video, my new video,
            claim your prize, claim your reward, been selected, you have been selected,
            real followers, buy followers, more followers, followers at, all my products,
            off all my,
            a day from home, dm me, use code,
            earn money, make money, work from home, passive income, crypto, bitcoin,
            btc, forex, investment opportunity, invest with, follow for follow, f4f,
            follow back, follow me, check my profile, check out my, link in bio, dm me,
            promo code, discount code, use code, use my code, coupon, free iphone, giveaway,
            click here, sign up now, onlyfans, sugar daddy, whatsapp, telegram, per day from
        """),
        "legal": phrases("""
            lawyer up, lawyering up, lawyered up, my lawyer, my lawyers, my solicitor,
            see u in court, =sue you, =sue u, =suing you, citizens advice, police report, the cops,
            call the cops, reported you to, reporting you to, report you to, filed a report,
            local paper, the papers, local news, =reporter, =reporters, =cma, advertising standards,
            section 75, consumer rights, litigation, legal proceedings,
            =ico, information commissioner, data protection authority,
            rip off britain, financial ombudsman,
            lawyer, lawyers, attorney, solicitor, =sue, =suing, =sued, lawsuit, legal action,
            take legal, see you in court, to court, small claims, police, report you, report this to,
            trading standards, ombudsman, ftc, bbb, better business bureau, consumer protection,
            regulator, ofcom, ofgem, fca, journalist, journalists, the press, go to the press,
            the media, newspaper, watchdog, class action, chargeback, legal steps
        """),
        "fraud": phrases("""
            scamm*, crook*, con men, conmen, con artist*, shyster*, swindl*, robbed me, robbing,
            robbers, extort*, legalised theft, legalized theft, thieving,
            ripped me off, rip off, ripoff,
            scam, scams, scammer*, scammed, fraud*, thieves, thief, stealing, stole my money,
            con artists, crooks, criminals, daylight robbery, theft
        """),
        "negator": phrases("""
            not, no, never, don't, doesn't, didn't, isn't, wasn't, aren't, won't, can't,
            cannot, nothing, hardly, without
        """),
    },
)
