import type { LanguageLexicon } from './types.js';

// German word lists (Germany, Austria, Switzerland, chat spelling included) behind the rule cues (see types.ts).
// Separable verbs ("ich bring dich um", "ich stech dich ab", "ich knall dich ab") are listed by their joined forms
// (umbringen, abstechen, abgeknallt) and by the stems that are violent on their own (ersticht, erschieß); the loose
// stems "bring", "mach", "leg", "stech", "knall" and the loose particles "um", "ab", "kalt" are not violent alone.
// Left out on purpose because they are everyday words: "die" (the), "schlage"/"schlag" (vorschlagen, Schlagsahne),
// "Kugel" (a scoop of ice cream), "hängen" (abhängen), "brennen"/"anzünden" (candles), "Magazin", "Schuss" (a dash of milk).
export const de: LanguageLexicon = {
  violent:
    'töten töte tötest tötet getötet tötete töteten tötung tot tote toten tod todes ' +
    'umbringen umbringe umbringst umbringt umgebracht umbrachte umbrachten umzubringen umbring ' +
    'ermorden ermorde ermordest ermordet ermordete ermordeten mord morde morden mordet gemordet mörder mörderin ' +
    'abstechen abstech abgestochen abzustechen erstechen ersteche ersticht erstochen erstach erstechen ' +
    'abknallen abknall abknalle abgeknallt abzuknallen wegknallen weggeknallt ' +
    'erschießen erschieße erschieß erschießt erschossen erschoss erschossen erschießung erschießungen ' +
    'abschießen abgeschossen niederschießen niedergeschossen totschießen totgeschossen ' +
    'kaltmachen kaltgemacht kaltzumachen umlegen umgelegt umzulegen abmurksen abgemurkst ' +
    'aufhängen aufgehängt aufzuhängen aufknüpfen aufgeknüpft erhängen erhängt erhängte ' +
    'vergasen vergase vergast vergasung gaskammer gaskammern ' +
    'abschlachten abschlachte abgeschlachtet schlachten geschlachtet massakrieren massakriert massaker blutbad ' +
    'erwürgen erwürge erwürg erwürgt würgen gewürgt erdrosseln erdrosselt ' +
    'ertränken ertränke ertränkt ersäufen ersäuft ' +
    'enthaupten enthauptet köpfen köpfe geköpft ' +
    'hinrichten hingerichtet hinrichtung hinrichtungen exekutieren exekutiert exekution ' +
    'lynchen gelyncht lynchmob foltern foltere gefoltert folter ' +
    'vergewaltigen vergewaltige vergewaltigt vergewaltigung ' +
    'zusammenschlagen zusammengeschlagen zusammenzuschlagen totschlagen totgeschlagen totzuschlagen ' +
    'verprügeln verprügle verprügel verprügele verprügelt prügeln prügel geprügelt totprügeln totgeprügelt ' +
    'aufschlitzen aufgeschlitzt aufschlitz aufspießen niederstechen niedergestochen erdolchen erdolcht tottreten totgetreten ausradieren ausradiert aufgespießt ' +
    'verbrennen verbrenne verbrennt verbrannt abfackeln abgefackelt abfackel niederbrennen niedergebrannt abbrennen ' +
    'sprengen sprenge sprengt gesprengt hochjagen hochgejagt sprengsatz sprengstoff sprengung ' +
    'überfahren totfahren totgefahren ' +
    'ausrotten ausgerottet auszurotten ausrottung auslöschen ausgelöscht vernichten vernichtet vernichtung ' +
    'verrecken verreck verrecke verreckt krepieren krepier krepiert stirb sterben sterbt ' +
    'abmetzeln abgemetzelt niedermetzeln niedergemetzelt gemetzel ' +
    'kill kille killen gekillt ' +
    'messer messern messerangriff messerstecherei klinge pistole pistolen knarre knarren waffe waffen gewehr gewehre ' +
    'flinte schrotflinte kalaschnikow kalasch ak47 glock maschinengewehr munition patrone patronen ' +
    'bombe bomben granate granaten handgranate molotow molotowcocktail molli mollis ' +
    'strick galgen machete macheten axt äxte baseballschläger schlagring ' +
    'säure säureangriff kopfschuss genickschuss anschlag anschläge attentat attentäter ' +
    'amoklauf amokläufer terroranschlag leiche leichen blut blutig ' +
    'scheiterhaufen guillotine todesstrafe erschlagen erschlage erschlägt erschlug',
  objects:
    'level levels boss bosse endboss endgegner gegner gegnerteam mob mobs zombie zombies monster drache drachen ' +
    'runde runden match spiel spiele partie raid dungeon quest mission map lobby bot bots npc npcs ' +
    'prüfung prüfungen klausur klausuren klassenarbeit abi abitur referat präsentation hausaufgaben hausaufgabe ' +
    'hausarbeit bachelorarbeit masterarbeit vortrag test tests deadline projekt aufgabe aufgaben excel tabelle ' +
    'pizza döner burger pommes kuchen torte schnitzel currywurst nudeln lasagne eis chips nachtisch buffet frühstück ' +
    'tiramisu kebab dürüm salat bier kasten flasche weinflasche schnaps ' +
    'mücke mücken spinne spinnen fliege fliegen wespe wespen ameisen kakerlake kakerlaken unkraut zecke zecken ' +
    'drucker laptop rechner pc handy akku router wlan server bug bugs code software app lampe licht motor ' +
    'zeit langeweile stimmung party tanzfläche bude laden song lied lieder beat track solo auftritt bühne ' +
    'karaoke outfit look frisur wecker musik radio fernseher lautstärke video foto fotos playlist ' +
    'figur figuren bauer dame turm läufer springer könig karten kreuzworträtsel sudoku quiz ' +
    'ball tor elfmeter abwehr verteidigung keeper torwart tabelle liga saison training beintag workout ' +
    'hunger durst kater bauchweh kopfweh erkältung muskelkater steuererklärung wäsche bügelwäsche ' +
    'vorurteile klischees mythen gerüchte argumente',
  games:
    'fortnite minecraft fifa fc24 fc25 valorant warzone overwatch apex pubg gta cod callofduty roblox zelda pokemon ' +
    'tekken tetris csgo cs2 counterstrike league lol ranked pvp ingame gg eldenring darksouls diablo wow ' +
    'mariokart smash schach skat doppelkopf poker uno monopoly siedler catan kniffel ' +
    'fußball handball tischtennis tennis padel darts billard bowling paintball lasertag airsoft völkerball',
  figurative: [
    'ich lach mich tot',
    'lach mich tot',
    'lachmichtot',
    'ich lache mich tot',
    'totgelacht',
    'tot gelacht',
    'ich lach mich kaputt',
    'ich sterbe vor lachen',
    'sterbe vor lachen',
    'ich sterbe vor hunger',
    'sterbe vor hunger',
    'sterb vor hunger',
    'ich sterbe vor hitze',
    'ich sterbe',
    'ich sterb',
    'ich bin tot',
    'bin tot',
    'todmüde',
    'totmüde',
    'hundemüde',
    'zu tode gelangweilt',
    'zu tode erschrocken',
    'zu tode genervt',
    'die zeit totschlagen',
    'zeit totschlagen',
    'schlag mich tot',
    'das bringt mich um',
    'die hitze bringt mich um',
    'bringt mich noch um',
    'bringst mich um',
    'killt mich',
    'gekillt',
    'hat es gekillt',
    'hat abgeliefert',
    'für ein bier umbringen',
    'mordshunger',
    'mordsgaudi',
    'mords',
    'bombenstimmung',
    'bombenwetter',
    'bombe geschmeckt',
    'eingeschlagen wie eine bombe',
    'schieß los',
    'schieß mal los',
    'den vogel abgeschossen',
    'abgeschossen',
    'total abgeschossen',
    'voll abgeschossen',
    'ins schwarze getroffen',
    'schuss nach hinten',
    'mich trifft der schlag',
    'todschick',
    'todernst',
    'todsicher',
    'tödlich langweilig',
    'über meine leiche',
    'nur über meine leiche',
    'bude abreißen',
    'die bude abreißen',
    'laden abreißen',
    'ich explodier gleich',
    'ich platze',
    'mir platzt der kopf',
    'auf den tod nicht',
    'leiche im keller',
    'eine leiche im keller',
    'mausetot',
    'totgeschwiegen',
  ],
  negators: 'nicht nich nicht net ned nie niemals nimmer kein keine keinen keinem keiner keines niemand niemanden nichts nix weder noch ohne',
  scopeBreak: 'aber sondern oder wenn falls sonst weil denn dann doch ich wir also bis bevor außer damit sobald trotzdem',
  reported:
    'sagt sagte sagten gesagt sagen meinte meint behauptet behauptete behauptung erklärt erklärte erklärung ' +
    'schrieb schreibt geschrieben postete gepostet gepostet kommentiert kommentierte kommentar kommentare zitat zitiert zitierte ' +
    'gedroht drohte droht drohen drohung drohungen morddrohung morddrohungen bedroht bedrohte bedrohung bedrohungen ' +
    'zufolge nachrichten news meldung meldet meldete gemeldet melden zeitung zeitungen artikel bericht berichtet ' +
    'berichtete berichten tagesschau tagesthemen zdf ard ntv taz faz sz orf srf dpa reporter ' +
    'polizei polizist polizisten polizistin beamte beamten festgenommen festnahme verhaftet verhaftung ' +
    'festgesetzt tatverdächtige tatverdächtiger verdächtige verdächtiger mutmaßlich mutmaßliche mutmaßlicher ' +
    'ermittlungen ermittelt ermittler staatsanwaltschaft staatsanwalt anklage angeklagt angeklagte angeklagter ' +
    'gericht gerichts prozess urteil verurteilt verurteilte verurteilung richter richterin haft gefängnis knast bewährung ' +
    'opfer zeuge zeugen zeugin augenzeugen angehörige hinterbliebene trauer trauern gedenken gedenkt gedenkstätte ' +
    'widerlich ekelhaft abscheulich unfassbar unglaublich schrecklich furchtbar entsetzlich erschütternd verurteile verurteilen ' +
    'inakzeptabel schande schämen schämt widerwärtig traurig geschmacklos ' +
    'angezeigt anzeige anzeigen zeige gemeldet gesperrt sperren blockiert blockieren screenshot screenshots ' +
    'film filme kinofilm serie serien folge staffel roman romane buch bücher krimi tatort thriller horrorfilm ' +
    'kapitel geschichte geschichtsunterricht geschichtsbuch historiker doku dokumentation podcast theaterstück ' +
    'krieg kriege weltkrieg nazizeit ns holocaust shoah kz gedenktag museum unterricht ' +
    'lernen gelernt stauffenberg mittelalter römer',
  secondPerson:
    'du dich dir dein deine deinen deinem deiner deines ihr euch euer eure euren eurem eurer ' +
    'di dia disch disch dei deim dein haste biste wirste kannste machste bisch hesch dir dich dia',
  thirdPerson: 'er sie ihn ihm ihnen denen ihrer',
  possessive: 'dein deine deinen deinem deiner deines dei deim eure euren eurem seine seinen seinem seiner ihre ihren ihrem',
  body:
    'hals hälse kehle gurgel kopf köpfe schädel schädeldecke gesicht gesichter fresse maul schnauze visage birne rübe ' +
    'zähne zahn genick nacken beine bein arme arm knie kniescheiben kniescheibe rippen rippe kiefer nase finger ' +
    'augen auge rücken wirbelsäule bauch magen gedärme darm herz brust hände hand füße fuß eier ohren ohr ' +
    'hirn gehirn lunge knochen knöchel zunge leib körper kinn schläfe stirn kehlkopf',
  forms: {
    intent: [
      'ich werde',
      'ich werd',
      'ich wird',
      'werde ich',
      'werd ich',
      'i wer',
      'ich will',
      'ich komme',
      'ich komm',
      'ich hol mir',
      'ich mach dich',
      'ich mach euch',
      'isch mach disch',
      'i mach di',
      'ich bring dich',
      'ich bring euch',
      'ich stech dich',
      'ich knall dich',
      'ich knall euch',
      'ich schwöre',
      'ich schwör',
      'schwör',
      'wallah',
      'wallahi',
      'auf meine mutter',
      'wir werden',
      'wir kommen',
      'ich finde dich',
      'ich find dich',
      'ich krieg dich',
      'ich kriege dich',
      'ich zeig dir',
      'ich besorg mir',
      'ich hab mir',
      'wart nur',
      'warte nur ab',
      'bald ist es soweit',
      'morgen ist es soweit',
    ],
    second: [
      'du wirst',
      'du wirst es bereuen',
      'wirst du',
      'wirste',
      'ihr werdet',
      'du bist tot',
      'bist tot',
      'du bist so tot',
      'du bist dran',
      'bist dran',
      'ihr seid dran',
      'du bist der nächste',
      'du bist die nächste',
      'du bist als nächstes',
      'ihr seid die nächsten',
      'du bist fällig',
      'ihr seid fällig',
      'du bist geliefert',
      'du bist erledigt',
      'du wirst bezahlen',
      'das wirst du büßen',
      'das wirst du bereuen',
      'deine tage sind gezählt',
      'eure tage sind gezählt',
      'du hast nicht mehr lange',
      'dich krieg ich',
      'dich mach ich',
      'dich bring ich',
      'dich find ich',
      'sie werden',
    ],
    call: [
      'lasst uns',
      'lass uns',
      'jemand sollte',
      'jemand muss',
      'kann nicht mal jemand',
      'kann mal jemand',
      'wer kommt mit',
      'wer ist dabei',
      'wer macht mit',
      'wer hilft',
      'kommt alle',
      'auf gehts',
      'los gehts',
      'auf zu',
      'holt euch',
      'schnappt euch',
      'schnappt sie',
      'macht sie fertig',
      'macht sie platt',
      'bewaffnet euch',
      'zu den waffen',
      'zeit zu handeln',
      'es ist zeit',
      'wir müssen',
      'müssen wir',
      'jetzt oder nie',
      'worauf wartet ihr',
      'steht auf',
      'wehrt euch',
      'packt sie',
      'tut endlich was',
      'wer traut sich',
    ],
    normative: [
      'gehört',
      'gehören',
      'gehört aufgehängt',
      'gehören aufgehängt',
      'gehören alle',
      'gehört erschossen',
      'sollte man',
      'müsste man',
      'man sollte',
      'man müsste',
      'sollten alle',
      'sollte erschossen werden',
      'sollten erschossen werden',
      'muss weg',
      'müssen weg',
      'verdient den tod',
      'hat den tod verdient',
      'haben den tod verdient',
      'haben es verdient',
      'hat es verdient',
      'an die wand',
      'an die wand stellen',
      'an den galgen',
      'an den nächsten baum',
      'an die laterne',
      'todesstrafe',
      'standrechtlich',
      'kurzen prozess',
      'rübe ab',
      'kopf ab',
      'hätte man',
    ],
    wish: [
      'ich hoffe',
      'hoffe',
      'hoffentlich',
      'ich wünsche',
      'ich wünsch',
      'wünsche dir',
      'wünsch dir',
      'ich wünschte',
      'wär schön wenn',
      'wäre schön wenn',
      'wäre toll wenn',
      'möge',
      'mögest',
      'soll er doch',
      'soll sie doch',
      'sollen sie doch',
      'verreck',
      'verreck doch',
      'krepier',
      'stirb',
      'geh sterben',
      'fahr zur hölle',
      'würde feiern wenn',
      'ich würde feiern',
      'ich bete dass',
      'hätte ich gern',
      'ich würde mich freuen',
    ],
    elimination: [
      'ausrotten',
      'ausgerottet',
      'ausmerzen',
      'vernichten',
      'auslöschen',
      'vom erdboden',
      'von der landkarte',
      'weg mit',
      'alle weg',
      'raus mit',
      'säubern',
      'säuberung',
      'endlösung',
      'ungeziefer',
      'parasiten',
      'ratten',
      'ins gas',
      'vergasen',
      'die welt wäre besser ohne',
      'welt wäre besser ohne',
      'besser ohne',
      'bis auf den letzten',
      'keiner darf überleben',
      'keinen übrig lassen',
      'ausräuchern',
      'entsorgen',
      'beseitigen',
      'in den ofen',
      'ab in den ofen',
      'abschaum',
    ],
    veiled: [
      'ich weiß wo du wohnst',
      'ich weiss wo du wohnst',
      'weiß wo du wohnst',
      'wir wissen wo du wohnst',
      'ich weiß wo',
      'wäre doch schade wenn',
      'wär schade wenn',
      'wäre schade wenn',
      'pass auf dich auf',
      'pass gut auf',
      'pass bloß auf',
      'schau dich um',
      'guck dich um',
      'dreh dich um',
      'wir sehen uns',
      'man sieht sich',
      'man sieht sich immer zweimal',
      'letzte warnung',
      'deine letzte warnung',
      'du wurdest gewarnt',
      'sei gewarnt',
      'du bist gewarnt',
      'nicht mehr lange',
      'weihnachten nicht erleben',
      'wirst du nicht erleben',
      'schöne kinder',
      'schönes haus',
      'nette familie',
      'wäre blöd wenn',
      'unfälle passieren',
      'kann schnell gehen',
      'ich hab deine adresse',
      'wir finden dich',
      'wir kriegen dich',
      'nachts allein',
    ],
    place: [
      'stürmen',
      'stürmt',
      'wir stürmen',
      'alle hin',
      'treffpunkt',
      'treffen uns',
      'wir treffen uns',
      'am samstag',
      'am sechsten',
      'bringt waffen',
      'waffen mitbringen',
      'bringt was mit',
      'bringt benzin',
      'bewaffnet',
      'abfackeln',
      'niederbrennen',
      'anzünden',
      'vor der moschee',
      'vor der synagoge',
      'beim csd',
      'zum rathaus',
      'zum heim',
      'aufmischen',
      'platt machen',
      'auseinandernehmen',
      'kein stein auf dem anderen',
      'hochgehen lassen',
      'in die luft',
    ],
    glorify: [
      'held',
      'helden',
      'ein held',
      'mein held',
      'unser held',
      'ehrenmann',
      'ehrenfrau',
      'ehre',
      'respekt',
      'respekt an',
      'märtyrer',
      'legende',
      'legendär',
      'heilig',
      'heiliger',
      'vorbild',
      'gut gemacht',
      'saubere arbeit',
      'mehr davon',
      'mehr von sowas',
      'zu ende bringen',
      'das richtige getan',
      'getan was getan werden musste',
      'denkmal',
      'highscore',
      'endlich tut einer was',
      'endlich hat einer',
      'bravo',
      'nachahmer',
      'ruhm',
    ],
  },
  maskable:
    'töten tot umbringen abstechen abknallen erschießen vergasen aufhängen verrecken krepieren sterben mord ' +
    'hure fotze wichser schlampe ficken fick scheiße arschloch hurensohn nazi bombe schwuchtel kanake neger ' +
    'messer knarre kill killen schlachten',
};
