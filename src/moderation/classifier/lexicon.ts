/**
 * Word lists behind the rule cues. Written in natural spelling and normalised at
 * load, so they match text after the same normalisation (accents, doubled letters).
 */
import { normalise } from './normalise.js';

// Violence vocabulary (verbs in common inflections, and nouns that carry a threat).
const VIOLENT_EN =
  'kill kills killed killing murder murders murdered murdering shoot shoots shot shooting stab stabs stabbed stabbing hang hanged hanging lynch lynched strangle strangled choke choked behead beheaded decapitate slaughter slaughtered butcher butchered beat beating punch punched slap slapped hurt hurting harm harming burn burned burning bomb bombed bombing execute executed executing rape raped raping torture tortured smash smashed bash bashed gut gutted stomp stomped exterminate exterminated massacre massacred annihilate eliminate die dies dead death bleed bleeding bullet bullets knife knives gun guns strangling assassinate assassinated suffocate drown drowned gas gassed skin shank shanked curbstomp nuke choke choking smack smacked slapping kick kicked kicking stomp rope noose acid waterboard castrate castrated beaten beating punching stabbed hanging lynching shooting bleed bloody machete bat crowbar hammer axe';
const VIOLENT_FR =
  'tuer tue tues tué tuée tuer tuerai tuera tuerais tuerait tuez tuons buter bute butes buté buterai crever creve crevé crèveras égorger égorge égorgé égorgerai poignarder poignarde poignardé planter plante planté frapper frappe frappé frapperai taper tape tapé défoncer défonce défoncé tabasser tabasse tabassé cogner cogne massacrer massacre massacré exterminer extermine exterminé brûler brûle brûlé cramer crame pendre pendu pendus fusiller fusille fusillé abattre abats abattu étrangler étrangle étranglé éclater éclate éclaté exploser explose explosé casser casse cassé péter pète pété saigner saigne décapiter décapite décapité flinguer flingue flingué descendre descends lyncher lynché violer viole violé torturer torture torturé mort morte morts crève sang balle balles couteau flingue fusil lame noyer noyé gazer gazé supprimer supprime achever achève démolir démoli défigurer défiguré gifler gifle giflé raclée corde acide castrer noyer étrangler batte hache tabassez fusillez pendez tuez brûlez poignardez buter butez égorgez';

// Things (and games) that violent verbs are often aimed at without any threat.
const OBJECTS_EN =
  'level levels boss game games match round rounds exam test quiz presentation song songs track set gig show crowd stage time weeds plants battery phone printer laptop computer spider spiders mosquito mosquitoes fly flies ant ants roach zombie zombies enemies monsters monster dragon workout leg deadline interview competition beat joke pizza burger dinner diet beer traffic bug bugs server process task app lights engine mood vibe vibes bottle dance floor outfit look hair cake fire character characters npc npcs mob mobs creeper raid dungeon campaign quest tournament final finals karaoke speech essay code build tab tabs hoops hoop music radio tv noise sound volume photos photo pictures video scene lights';
const OBJECTS_FR =
  'niveau niveaux boss jeu jeux game games partie parties match manche exam examen exams partiel controle contrôle concert morceau son chanson scene scène zombie zombies monstre monstres moustique moustiques araignée araignées mouche mouches fourmi batterie temps ennui bug bugs serveur soirée piste pizza burger entrainement entraînement séance deadline projet dossier ordi ordinateur téléphone imprimante lumière lumières moteur ambiance ennemis ennemi dragon personnage perso donjon quête tournoi finale oral dissert dissertation copie gâteau tenue look karaoké réveil alarme musique radio télé bruit volume photos photo vidéo clip';

// Figurative uses: "killing it", "you kill me", "mort de rire".
const FIGURATIVE_EN = [
  'killing it',
  'killed it',
  'kill it',
  'kills me',
  'killing me',
  'killed me',
  'dying of laughter',
  'i am dead',
  'im dead',
  'i died',
  'dead tired',
  'kill time',
  'killing time',
  'to die for',
  'kill for a',
  'shoot me a',
  'shoot your shot',
  'beat the heat',
  'beat the traffic',
  'beat the odds',
  'beat you to it',
  'beat me to it',
  'kill two birds',
];
const FIGURATIVE_FR = [
  'mort de rire',
  'morte de rire',
  'mdr',
  'ptdr',
  'jpp',
  'tu me tues',
  'ca me tue',
  'ça me tue',
  'je suis mort',
  'je suis morte',
  'chui mort',
  'tuer le temps',
  'tuer le game',
  'tue le game',
  'a tué le game',
  'crevé de fatigue',
  'crevée de fatigue',
  'je suis crevé',
  'je suis crevée',
  'mourir de rire',
  // "nique tes morts": an insult about the dead relatives of the addressee, not a threat.
  'tes morts',
  'tes mort',
  'éclaté de rire',
  'explosé de rire',
];

// Negators. French "ne" alone is ambiguous in chat, so "pas"/"jamais" carry it.
const NEGATORS_EN = 'not never no nobody noone nothing neither nor refuse refused';
const NEGATORS_FR = 'jamais pas rien personne aucun aucune ni refuse';

// Reported, quoted, condemned or news speech.
const REPORTED_EN =
  'said says saying claimed claims threatened threatening threatens threat threats report reports reported reporting according news article headline police cops arrested arrest charged convicted sentenced trial court judge suspect alleged allegedly investigation journalist condemn condemns condemned condemning unacceptable disgusting shameful appalling victim victims witness witnesses tweeted wrote posted quote quoted quoting prosecutors prison jail jailed ban banned reply replied replies charges calling dm dms screenshot screenshotted breaking authorities officials documentary film movie novel book episode history historian historians war';
const REPORTED_FR =
  'dit disait disent dire déclaré déclare affirme affirmé selon menacé menace menaces menaçait menacer rapporte rapporté journal journaux info infos actu actualité police policiers gendarmes gendarmerie arrêté arrêtés interpellé interpellés condamné condamnés condamne condamner condamnons procès tribunal juge suspect suspects présumé enquête article reportage témoin témoins victime victimes inacceptable honteux honte scandaleux inadmissible écrit tweeté publié citation cité prison bannir bannis banni signalé signalez signaler plainte capture répondu réponse appeler appellent film roman livre épisode série histoire historien guerre';

// Intent markers: first person future, imperatives aimed at "you".
const INTENT_EN = [
  'i will',
  'i am going to',
  'i am gonna',
  'im going to',
  'going to',
  'we will',
  'we are going to',
  'i would',
  'i want to',
  'you will',
  'you are going to',
  'you are dead',
  'your dead',
  'watch your back',
  'i know where you live',
  'coming for you',
  'someone should',
  'somebody should',
  'should be',
  'deserve to',
  'deserves to',
  'need to be',
  'needs to be',
  'lets',
  'let us',
  'someone needs to',
  'somebody needs to',
  'i wish someone would',
  'i hope someone',
  'ought to',
  'needs a good',
  'go die',
  'i hope she dies',
  'i hope he dies',
];
const INTENT_FR = [
  'je vais',
  'on va',
  'nous allons',
  'je veux',
  'tu vas',
  'vous allez',
  'te es mort',
  'tes mort',
  'es mort',
  'fais gaffe',
  'faites gaffe',
  'je sais ou tu habites',
  'je sais ou tu vis',
  'il faut',
  'faut les',
  'faut le',
  'faut la',
  'faudrait',
  'devrait',
  'devraient',
  'mérite de',
  'méritent de',
  'je te',
  'on te',
  'je vous',
  'on vous',
  'on devrait',
  'tu merites',
  'faut tous',
  'on va te retrouver',
  'tu vas prendre',
];

const words = (list: string): Set<string> =>
  new Set(
    list
      .split(/\s+/)
      .map((w) => normalise(w))
      .filter((w) => w.length > 0 && !w.includes(' ')),
  );
// Phrases indexed by their first token, so matching costs one map lookup per token.
const phrases = (list: string[]): Map<string, string[][]> => {
  const index = new Map<string, string[][]>();
  for (const p of list.map((x) => normalise(x).split(' '))) {
    const first = p[0];
    if (!first) continue;
    index.set(first, [...(index.get(first) ?? []), p]);
  }
  return index;
};

// Body parts after a second-person possessive: "break your arms", "te péter les dents".
const BODY_EN = 'neck arms arm legs leg face teeth skull throat tongue head knees knee ribs jaw nose fingers spine eyes';
const BODY_FR = 'cou bras jambes jambe gueule tête dents crâne gorge langue genoux genou côtes mâchoire nez doigts colonne yeux chevilles';
export const BODY = words(`${BODY_EN} ${BODY_FR}`);
// Games and sports named in a post: violent verbs there are about play.
const GAMES_LIST =
  'mario kart fortnite valorant minecraft warzone overwatch apex pubg fifa chess échecs smash zelda pokemon tekken tetris csgo counterstrike league ranked pvp ingame gg ping pong tennis badminton monopoly uno belote poker';
export const GAMES = words(GAMES_LIST);
export const VIOLENT = words(`${VIOLENT_EN} ${VIOLENT_FR}`);
export const OBJECTS = words(`${OBJECTS_EN} ${OBJECTS_FR}`);
export const NEGATORS = words(`${NEGATORS_EN} ${NEGATORS_FR}`);
export const REPORTED = words(`${REPORTED_EN} ${REPORTED_FR}`);
export const FIGURATIVE = phrases([...FIGURATIVE_EN, ...FIGURATIVE_FR]);
export const INTENT = phrases([...INTENT_EN, ...INTENT_FR]);
