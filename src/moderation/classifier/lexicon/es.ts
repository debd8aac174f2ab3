import type { LanguageLexicon } from './types.js';

// Spanish word lists behind the rule cues (see types.ts for what each list is for), for Spain and Latin America alike
// (Mexican, Rioplatense, Caribbean and Andean slang included). Verbs are listed in the forms people write: infinitive,
// present, preterite, future, conditional, subjunctive and imperative, with the clitics glued on (matarte, mátalos,
// mátenlo, apuñalándolo); accents do not matter, the lexicon is normalised like posts are.
// Left out on purpose because they collide with everyday words: "tirar" (to throw, "tira" a strip), "cortar" (cooking,
// breaking up), "romper"/"partir"/"destrozar"/"machacar" without a person clitic (broken phones, crushing a rival),
// "cargar" (charging a phone), "colgar" (hanging up, uploading a photo), "volar" (flying), "pinchar" (a DJ, a puncture,
// clicking), "pegar" (pasting, "me pega"), "eliminar" (deleting, being knocked out), "ejecutar" (running a program),
// "hostia"/"leches" (everyday expletives in Spain), "hacha" ("es un hacha": an expert), "veneno", "bate" (whisking
// eggs), "granada" (the city, the fruit), "plomo" (a bore), "fierro", "gasolina", "mate" and "mates" (the drink,
// maths in Spain).
export const es: LanguageLexicon = {
  violent:
    '2376 matarte matarlo matarla matarlos matarlas matarle matarles mataros matarnos matándote matándolo matándola matándolos matándolas ' +
    'matándole matándoles matalo matala matalos matalas matale matales matenlo matenla matenlos matenlas matenles matadlos matadlas matadle ' +
    'matar mato matas mata matamos matáis matan maté mató mataron mataste mataré matarás matará mataremos matarán mataría matarías mataríamos ' +
    'matarían maten matemos matad matado matada matados matadas matando matá asesinarte asesinarlo asesinarla asesinarlos asesinarlas asesinarle ' +
    'asesinarles asesinaros asesinarnos asesinándote asesinándolo asesinándola asesinándolos asesinándolas asesinándole asesinándoles asesinalo ' +
    'asesinala asesinalos asesinalas asesinale asesinales asesinenlo asesinenla asesinenlos asesinenlas asesinenles asesinadlos asesinadlas ' +
    'asesinadle asesinar asesino asesinas asesina asesinamos asesináis asesinan asesiné asesinó asesinaron asesinaste asesinaré asesinarás ' +
    'asesinará asesinaremos asesinarán asesinaría asesinarías asesinaríamos asesinarían asesinen asesinemos asesinad asesinado asesinada ' +
    'asesinados asesinadas asesinando asesiná apuñalarte apuñalarlo apuñalarla apuñalarlos apuñalarlas apuñalarle apuñalarles apuñalaros ' +
    'apuñalarnos apuñalándote apuñalándolo apuñalándola apuñalándolos apuñalándolas apuñalándole apuñalándoles apuñalalo apuñalala apuñalalos ' +
    'apuñalalas apuñalale apuñalales apuñalenlo apuñalenla apuñalenlos apuñalenlas apuñalenles apuñaladlos apuñaladlas apuñaladle apuñalar ' +
    'apuñalo apuñalas apuñala apuñalamos apuñaláis apuñalan apuñalé apuñaló apuñalaron apuñalaste apuñalaré apuñalarás apuñalará apuñalaremos ' +
    'apuñalarán apuñalaría apuñalarías apuñalaríamos apuñalarían apuñalen apuñalemos apuñalad apuñalado apuñalada apuñalados apuñaladas ' +
    'apuñalando apuñalá acuchillarte acuchillarlo acuchillarla acuchillarlos acuchillarlas acuchillarle acuchillarles acuchillaros acuchillarnos ' +
    'acuchillándote acuchillándolo acuchillándola acuchillándolos acuchillándolas acuchillándole acuchillándoles acuchillalo acuchillala ' +
    'acuchillalos acuchillalas acuchillale acuchillales acuchillenlo acuchillenla acuchillenlos acuchillenlas acuchillenles acuchilladlos ' +
    'acuchilladlas acuchilladle acuchillar acuchillo acuchillas acuchilla acuchillamos acuchilláis acuchillan acuchillé acuchilló acuchillaron ' +
    'acuchillaste acuchillaré acuchillarás acuchillará acuchillaremos acuchillarán acuchillaría acuchillarías acuchillaríamos acuchillarían ' +
    'acuchillen acuchillemos acuchillad acuchillado acuchillada acuchillados acuchilladas acuchillando acuchillá degollarte degollarlo ' +
    'degollarla degollarlos degollarlas degollarle degollarles degollaros degollarnos degollándote degollándolo degollándola degollándolos ' +
    'degollándolas degollándole degollándoles degüellalo degüellala degüellalos degüellalas degüellale degüellales degollenlo degollenla ' +
    'degollenlos degollenlas degollenles degolladlos degolladlas degolladle degollar degüello degüellas degüella degollamos degolláis degüellan ' +
    'degollé degolló degollaron degollaste degollaré degollarás degollará degollaremos degollarán degollaría degollarías degollaríamos ' +
    'degollarían degollen degollemos degollad degollado degollada degollados degolladas degollando degollá degüellen fusilarte fusilarlo ' +
    'fusilarla fusilarlos fusilarlas fusilarle fusilarles fusilaros fusilarnos fusilándote fusilándolo fusilándola fusilándolos fusilándolas ' +
    'fusilándole fusilándoles fusilalo fusilala fusilalos fusilalas fusilale fusilales fusilenlo fusilenla fusilenlos fusilenlas fusilenles ' +
    'fusiladlos fusiladlas fusiladle fusilar fusilo fusilas fusila fusilamos fusiláis fusilan fusilé fusiló fusilaron fusilaste fusilaré ' +
    'fusilarás fusilará fusilaremos fusilarán fusilaría fusilarías fusilaríamos fusilarían fusilen fusilemos fusilad fusilado fusilada fusilados ' +
    'fusiladas fusilando fusilá ahorcarte ahorcarlo ahorcarla ahorcarlos ahorcarlas ahorcarle ahorcarles ahorcaros ahorcarnos ahorcándote ' +
    'ahorcándolo ahorcándola ahorcándolos ahorcándolas ahorcándole ahorcándoles ahorcalo ahorcala ahorcalos ahorcalas ahorcale ahorcales ' +
    'ahorquenlo ahorquenla ahorquenlos ahorquenlas ahorquenles ahorcadlos ahorcadlas ahorcadle ahorcar ahorco ahorcas ahorca ahorcamos ahorcáis ' +
    'ahorcan ahorcé ahorcó ahorcaron ahorcaste ahorcaré ahorcarás ahorcará ahorcaremos ahorcarán ahorcaría ahorcarías ahorcaríamos ahorcarían ' +
    'ahorquen ahorquemos ahorcad ahorcado ahorcada ahorcados ahorcadas ahorcando ahorcá lincharte lincharlo lincharla lincharlos lincharlas ' +
    'lincharle lincharles lincharos lincharnos linchándote linchándolo linchándola linchándolos linchándolas linchándole linchándoles linchalo ' +
    'linchala linchalos linchalas linchale linchales linchenlo linchenla linchenlos linchenlas linchenles linchadlos linchadlas linchadle ' +
    'linchar lincho linchas lincha linchamos lincháis linchan linché linchó lincharon linchaste lincharé lincharás linchará lincharemos ' +
    'lincharán lincharía lincharías lincharíamos lincharían linchen linchemos linchad linchado linchada linchados linchadas linchando linchá ' +
    'lapidarte lapidarlo lapidarla lapidarlos lapidarlas lapidarle lapidarles lapidaros lapidarnos lapidándote lapidándolo lapidándola ' +
    'lapidándolos lapidándolas lapidándole lapidándoles lapidalo lapidala lapidalos lapidalas lapidale lapidales lapidenlo lapidenla lapidenlos ' +
    'lapidenlas lapidenles lapidadlos lapidadlas lapidadle lapidar lapido lapidas lapida lapidamos lapidáis lapidan lapidé lapidó lapidaron ' +
    'lapidaste lapidaré lapidarás lapidará lapidaremos lapidarán lapidaría lapidarías lapidaríamos lapidarían lapiden lapidemos lapidad lapidado ' +
    'lapidada lapidados lapidadas lapidando lapidá descuartizarte descuartizarlo descuartizarla descuartizarlos descuartizarlas descuartizarle ' +
    'descuartizarles descuartizaros descuartizarnos descuartizándote descuartizándolo descuartizándola descuartizándolos descuartizándolas ' +
    'descuartizándole descuartizándoles descuartizalo descuartizala descuartizalos descuartizalas descuartizale descuartizales descuarticenlo ' +
    'descuarticenla descuarticenlos descuarticenlas descuarticenles descuartizadlos descuartizadlas descuartizadle descuartizar descuartizo ' +
    'descuartizas descuartiza descuartizamos descuartizáis descuartizan descuartizé descuartizó descuartizaron descuartizaste descuartizaré ' +
    'descuartizarás descuartizará descuartizaremos descuartizarán descuartizaría descuartizarías descuartizaríamos descuartizarían descuarticen ' +
    'descuarticemos descuartizad descuartizado descuartizada descuartizados descuartizadas descuartizando descuartizá destriparte destriparlo ' +
    'destriparla destriparlos destriparlas destriparle destriparles destriparos destriparnos destripándote destripándolo destripándola ' +
    'destripándolos destripándolas destripándole destripándoles destripalo destripala destripalos destripalas destripale destripales destripenlo ' +
    'destripenla destripenlos destripenlas destripenles destripadlos destripadlas destripadle destripar destripo destripas destripa destripamos ' +
    'destripáis destripan destripé destripó destriparon destripaste destriparé destriparás destripará destriparemos destriparán destriparía ' +
    'destriparías destriparíamos destriparían destripen destripemos destripad destripado destripada destripados destripadas destripando destripá ' +
    'estrangularte estrangularlo estrangularla estrangularlos estrangularlas estrangularle estrangularles estrangularos estrangularnos ' +
    'estrangulándote estrangulándolo estrangulándola estrangulándolos estrangulándolas estrangulándole estrangulándoles estrangulalo ' +
    'estrangulala estrangulalos estrangulalas estrangulale estrangulales estrangulenlo estrangulenla estrangulenlos estrangulenlas ' +
    'estrangulenles estranguladlos estranguladlas estranguladle estrangular estrangulo estrangulas estrangula estrangulamos estranguláis ' +
    'estrangulan estrangulé estranguló estrangularon estrangulaste estrangularé estrangularás estrangulará estrangularemos estrangularán ' +
    'estrangularía estrangularías estrangularíamos estrangularían estrangulen estrangulemos estrangulad estrangulado estrangulada estrangulados ' +
    'estranguladas estrangulando estrangulá asfixiarte asfixiarlo asfixiarla asfixiarlos asfixiarlas asfixiarle asfixiarles asfixiaros ' +
    'asfixiarnos asfixiándote asfixiándolo asfixiándola asfixiándolos asfixiándolas asfixiándole asfixiándoles asfixialo asfixiala asfixialos ' +
    'asfixialas asfixiale asfixiales asfixienlo asfixienla asfixienlos asfixienlas asfixienles asfixiadlos asfixiadlas asfixiadle asfixiar ' +
    'asfixio asfixias asfixia asfixiamos asfixiáis asfixian asfixié asfixió asfixiaron asfixiaste asfixiaré asfixiarás asfixiará asfixiaremos ' +
    'asfixiarán asfixiaría asfixiarías asfixiaríamos asfixiarían asfixien asfixiemos asfixiad asfixiado asfixiada asfixiados asfixiadas ' +
    'asfixiando asfixiá envenenarte envenenarlo envenenarla envenenarlos envenenarlas envenenarle envenenarles envenenaros envenenarnos ' +
    'envenenándote envenenándolo envenenándola envenenándolos envenenándolas envenenándole envenenándoles envenenalo envenenala envenenalos ' +
    'envenenalas envenenale envenenales envenenenlo envenenenla envenenenlos envenenenlas envenenenles envenenadlos envenenadlas envenenadle ' +
    'envenenar enveneno envenenas envenena envenenamos envenenáis envenenan envenené envenenó envenenaron envenenaste envenenaré envenenarás ' +
    'envenenará envenenaremos envenenarán envenenaría envenenarías envenenaríamos envenenarían envenenen envenenemos envenenad envenenado ' +
    'envenenada envenenados envenenadas envenenando envenená atropellarte atropellarlo atropellarla atropellarlos atropellarlas atropellarle ' +
    'atropellarles atropellaros atropellarnos atropellándote atropellándolo atropellándola atropellándolos atropellándolas atropellándole ' +
    'atropellándoles atropellalo atropellala atropellalos atropellalas atropellale atropellales atropellenlo atropellenla atropellenlos ' +
    'atropellenlas atropellenles atropelladlos atropelladlas atropelladle atropellar atropello atropellas atropella atropellamos atropelláis ' +
    'atropellan atropellé atropelló atropellaron atropellaste atropellaré atropellarás atropellará atropellaremos atropellarán atropellaría ' +
    'atropellarías atropellaríamos atropellarían atropellen atropellemos atropellad atropellado atropellada atropellados atropelladas ' +
    'atropellando atropellá exterminarte exterminarlo exterminarla exterminarlos exterminarlas exterminarle exterminarles exterminaros ' +
    'exterminarnos exterminándote exterminándolo exterminándola exterminándolos exterminándolas exterminándole exterminándoles exterminalo ' +
    'exterminala exterminalos exterminalas exterminale exterminales exterminenlo exterminenla exterminenlos exterminenlas exterminenles ' +
    'exterminadlos exterminadlas exterminadle exterminar extermino exterminas extermina exterminamos extermináis exterminan exterminé exterminó ' +
    'exterminaron exterminaste exterminaré exterminarás exterminará exterminaremos exterminarán exterminaría exterminarías exterminaríamos ' +
    'exterminarían exterminen exterminemos exterminad exterminado exterminada exterminados exterminadas exterminando exterminá aniquilarte ' +
    'aniquilarlo aniquilarla aniquilarlos aniquilarlas aniquilarle aniquilarles aniquilaros aniquilarnos aniquilándote aniquilándolo ' +
    'aniquilándola aniquilándolos aniquilándolas aniquilándole aniquilándoles aniquilalo aniquilala aniquilalos aniquilalas aniquilale ' +
    'aniquilales aniquilenlo aniquilenla aniquilenlos aniquilenlas aniquilenles aniquiladlos aniquiladlas aniquiladle aniquilar aniquilo ' +
    'aniquilas aniquila aniquilamos aniquiláis aniquilan aniquilé aniquiló aniquilaron aniquilaste aniquilaré aniquilarás aniquilará ' +
    'aniquilaremos aniquilarán aniquilaría aniquilarías aniquilaríamos aniquilarían aniquilen aniquilemos aniquilad aniquilado aniquilada ' +
    'aniquilados aniquiladas aniquilando aniquilá masacrarte masacrarlo masacrarla masacrarlos masacrarlas masacrarle masacrarles masacraros ' +
    'masacrarnos masacrándote masacrándolo masacrándola masacrándolos masacrándolas masacrándole masacrándoles masacralo masacrala masacralos ' +
    'masacralas masacrale masacrales masacrenlo masacrenla masacrenlos masacrenlas masacrenles masacradlos masacradlas masacradle masacrar ' +
    'masacro masacras masacra masacramos masacráis masacran masacré masacró masacraron masacraste masacraré masacrarás masacrará masacraremos ' +
    'masacrarán masacraría masacrarías masacraríamos masacrarían masacren masacremos masacrad masacrado masacrada masacrados masacradas ' +
    'masacrando masacrá baleado baleada baleados balearon baleen reventarte reventarlo reventarla reventarlos reventarlas reventarle reventarles ' +
    'reventaros reventarnos reventándote reventándolo reventándola reventándolos reventándolas reventándole reventándoles revientalo revientala ' +
    'revientalos revientalas revientale revientales reventenlo reventenla reventenlos reventenlas reventenles reventadlos reventadlas reventadle ' +
    'reventar reviento revientas revienta reventamos reventáis revientan reventé reventó reventaron reventaste reventaré reventarás reventará ' +
    'reventaremos reventarán reventaría reventarías reventaríamos reventarían reventen reventemos reventad reventado reventada reventados ' +
    'reventadas reventando reventá quemarte quemarlo quemarla quemarlos quemarlas quemarle quemarles quemaros quemarnos quemándote quemándolo ' +
    'quemándola quemándolos quemándolas quemándole quemándoles quemalo quemala quemalos quemalas quemale quemales quemenlo quemenla quemenlos ' +
    'quemenlas quemenles quemadlos quemadlas quemadle quemar quemo quemas quema quemamos quemáis queman quemé quemó quemaron quemaste quemaré ' +
    'quemarás quemará quemaremos quemarán quemaría quemarías quemaríamos quemarían quemen quememos quemad quemado quemada quemados quemadas ' +
    'quemando quemá incendiarte incendiarlo incendiarla incendiarlos incendiarlas incendiarle incendiarles incendiaros incendiarnos ' +
    'incendiándote incendiándolo incendiándola incendiándolos incendiándolas incendiándole incendiándoles incendialo incendiala incendialos ' +
    'incendialas incendiale incendiales incendienlo incendienla incendienlos incendienlas incendienles incendiadlos incendiadlas incendiadle ' +
    'incendiar incendio incendias incendia incendiamos incendiáis incendian incendié incendió incendiaron incendiaste incendiaré incendiarás ' +
    'incendiará incendiaremos incendiarán incendiaría incendiarías incendiaríamos incendiarían incendien incendiemos incendiad incendiado ' +
    'incendiada incendiados incendiadas incendiando incendiá apalearte apalearlo apalearla apalearlos apalearlas apalearle apalearles apalearos ' +
    'apalearnos apaleándote apaleándolo apaleándola apaleándolos apaleándolas apaleándole apaleándoles apalealo apaleala apalealos apalealas ' +
    'apaleale apaleales apaleenlo apaleenla apaleenlos apaleenlas apaleenles apaleadlos apaleadlas apaleadle apalear apaleo apaleas apalea ' +
    'apaleamos apaleáis apalean apaleé apaleó apalearon apaleaste apalearé apalearás apaleará apalearemos apalearán apalearía apalearías ' +
    'apalearíamos apalearían apaleen apaleemos apalead apaleado apaleada apaleados apaleadas apaleando apaleá golpearte golpearlo golpearla ' +
    'golpearlos golpearlas golpearle golpearles golpearos golpearnos golpeándote golpeándolo golpeándola golpeándolos golpeándolas golpeándole ' +
    'golpeándoles golpealo golpeala golpealos golpealas golpeale golpeales golpeenlo golpeenla golpeenlos golpeenlas golpeenles golpeadlos ' +
    'golpeadlas golpeadle golpear golpeo golpeas golpea golpeamos golpeáis golpean golpeé golpeó golpearon golpeaste golpearé golpearás golpeará ' +
    'golpearemos golpearán golpearía golpearías golpearíamos golpearían golpeen golpeemos golpead golpeado golpeada golpeados golpeadas ' +
    'golpeando golpeá torturarte torturarlo torturarla torturarlos torturarlas torturarle torturarles torturaros torturarnos torturándote ' +
    'torturándolo torturándola torturándolos torturándolas torturándole torturándoles torturalo torturala torturalos torturalas torturale ' +
    'torturales torturenlo torturenla torturenlos torturenlas torturenles torturadlos torturadlas torturadle torturar torturo torturas ' +
    'torturamos torturáis torturan torturé torturó torturaron torturaste torturaré torturarás torturará torturaremos torturarán torturaría ' +
    'torturarías torturaríamos torturarían torturen torturemos torturad torturado torturada torturados torturadas torturando torturá violarte ' +
    'violarlo violarla violarlos violarlas violarle violarles violaros violarnos violándote violándolo violándola violándolos violándolas ' +
    'violándole violándoles violalo violala violalos violalas violale violales violenlo violenla violenlos violenlas violenles violadlos ' +
    'violadlas violadle violar violo violas viola violamos violáis violan violé violó violaron violaste violaré violarás violará violaremos ' +
    'violarán violaría violarías violaríamos violarían violen violemos violad violado violada violados violadas violando violá castrarte ' +
    'castrarlo castrarla castrarlos castrarlas castrarle castrarles castraros castrarnos castrándote castrándolo castrándola castrándolos ' +
    'castrándolas castrándole castrándoles castralo castrala castralos castralas castrale castrales castrenlo castrenla castrenlos castrenlas ' +
    'castrenles castradlos castradlas castradle castrar castro castras castra castramos castráis castran castré castró castraron castraste ' +
    'castraré castrarás castrará castraremos castrarán castraría castrarías castraríamos castrarían castren castremos castrad castrado castrada ' +
    'castrados castradas castrando castrá mutilarte mutilarlo mutilarla mutilarlos mutilarlas mutilarle mutilarles mutilaros mutilarnos ' +
    'mutilándote mutilándolo mutilándola mutilándolos mutilándolas mutilándole mutilándoles mutilalo mutilala mutilalos mutilalas mutilale ' +
    'mutilales mutilenlo mutilenla mutilenlos mutilenlas mutilenles mutiladlos mutiladlas mutiladle mutilar mutilo mutilas mutila mutilamos ' +
    'mutiláis mutilan mutilé mutiló mutilaron mutilaste mutilaré mutilarás mutilará mutilaremos mutilarán mutilaría mutilarías mutilaríamos ' +
    'mutilarían mutilen mutilemos mutilad mutilado mutilada mutilados mutiladas mutilando mutilá decapitarte decapitarlo decapitarla ' +
    'decapitarlos decapitarlas decapitarle decapitarles decapitaros decapitarnos decapitándote decapitándolo decapitándola decapitándolos ' +
    'decapitándolas decapitándole decapitándoles decapitalo decapitala decapitalos decapitalas decapitale decapitales decapitenlo decapitenla ' +
    'decapitenlos decapitenlas decapitenles decapitadlos decapitadlas decapitadle decapitar decapito decapitas decapita decapitamos decapitáis ' +
    'decapitan decapité decapitó decapitaron decapitaste decapitaré decapitarás decapitará decapitaremos decapitarán decapitaría decapitarías ' +
    'decapitaríamos decapitarían decapiten decapitemos decapitad decapitado decapitada decapitados decapitadas decapitando decapitá acribillarte ' +
    'acribillarlo acribillarla acribillarlos acribillarlas acribillarle acribillarles acribillaros acribillarnos acribillándote acribillándolo ' +
    'acribillándola acribillándolos acribillándolas acribillándole acribillándoles acribillalo acribillala acribillalos acribillalas acribillale ' +
    'acribillales acribillenlo acribillenla acribillenlos acribillenlas acribillenles acribilladlos acribilladlas acribilladle acribillar ' +
    'acribillo acribillas acribilla acribillamos acribilláis acribillan acribillé acribilló acribillaron acribillaste acribillaré acribillarás ' +
    'acribillará acribillaremos acribillarán acribillaría acribillarías acribillaríamos acribillarían acribillen acribillemos acribillad ' +
    'acribillado acribillada acribillados acribilladas acribillando acribillá dinamitarte dinamitarlo dinamitarla dinamitarlos dinamitarlas ' +
    'dinamitarle dinamitarles dinamitaros dinamitarnos dinamitándote dinamitándolo dinamitándola dinamitándolos dinamitándolas dinamitándole ' +
    'dinamitándoles dinamitalo dinamitala dinamitalos dinamitalas dinamitale dinamitales dinamitenlo dinamitenla dinamitenlos dinamitenlas ' +
    'dinamitenles dinamitadlos dinamitadlas dinamitadle dinamitar dinamito dinamitas dinamita dinamitamos dinamitáis dinamitan dinamité dinamitó ' +
    'dinamitaron dinamitaste dinamitaré dinamitarás dinamitará dinamitaremos dinamitarán dinamitaría dinamitarías dinamitaríamos dinamitarían ' +
    'dinamiten dinamitemos dinamitad dinamitado dinamitada dinamitados dinamitadas dinamitando dinamitá bombardearte bombardearlo bombardearla ' +
    'bombardearlos bombardearlas bombardearle bombardearles bombardearos bombardearnos bombardeándote bombardeándolo bombardeándola ' +
    'bombardeándolos bombardeándolas bombardeándole bombardeándoles bombardealo bombardeala bombardealos bombardealas bombardeale bombardeales ' +
    'bombardeenlo bombardeenla bombardeenlos bombardeenlas bombardeenles bombardeadlos bombardeadlas bombardeadle bombardear bombardeo ' +
    'bombardeas bombardea bombardeamos bombardeáis bombardean bombardeé bombardeó bombardearon bombardeaste bombardearé bombardearás bombardeará ' +
    'bombardearemos bombardearán bombardearía bombardearías bombardearíamos bombardearían bombardeen bombardeemos bombardead bombardeado ' +
    'bombardeada bombardeados bombardeadas bombardeando bombardeá gasearte gasearlo gasearla gasearlos gasearlas gasearle gasearles gasearos ' +
    'gasearnos gaseándote gaseándolo gaseándola gaseándolos gaseándolas gaseándole gaseándoles gasealo gaseala gasealos gasealas gaseale ' +
    'gaseales gaseenlo gaseenla gaseenlos gaseenlas gaseenles gaseadlos gaseadlas gaseadle gasear gaseo gaseas gasea gaseamos gaseáis gasean ' +
    'gaseé gaseó gasearon gaseaste gasearé gasearás gaseará gasearemos gasearán gasearía gasearías gasearíamos gasearían gaseen gaseemos gasead ' +
    'gaseado gaseada gaseados gaseadas gaseando gaseá dispararte dispararlo dispararla dispararlos dispararlas dispararle dispararles dispararos ' +
    'dispararnos disparándote disparándolo disparándola disparándolos disparándolas disparándole disparándoles disparalo disparala disparalos ' +
    'disparalas disparale disparales disparenlo disparenla disparenlos disparenlas disparenles disparadlos disparadlas disparadle disparar ' +
    'disparo disparas dispara disparamos disparáis disparan disparé disparó dispararon disparaste dispararé dispararás disparará dispararemos ' +
    'dispararán dispararía dispararías dispararíamos dispararían disparen disparemos disparad disparado disparada disparados disparadas ' +
    'disparando dispará ajusticiarte ajusticiarlo ajusticiarla ajusticiarlos ajusticiarlas ajusticiarle ajusticiarles ajusticiaros ajusticiarnos ' +
    'ajusticiándote ajusticiándolo ajusticiándola ajusticiándolos ajusticiándolas ajusticiándole ajusticiándoles ajusticialo ajusticiala ' +
    'ajusticialos ajusticialas ajusticiale ajusticiales ajusticienlo ajusticienla ajusticienlos ajusticienlas ajusticienles ajusticiadlos ' +
    'ajusticiadlas ajusticiadle ajusticiar ajusticio ajusticias ajusticia ajusticiamos ajusticiáis ajustician ajusticié ajustició ajusticiaron ' +
    'ajusticiaste ajusticiaré ajusticiarás ajusticiará ajusticiaremos ajusticiarán ajusticiaría ajusticiarías ajusticiaríamos ajusticiarían ' +
    'ajusticien ajusticiemos ajusticiad ajusticiado ajusticiada ajusticiados ajusticiadas ajusticiando ajusticiá tirotearte tirotearlo ' +
    'tirotearla tirotearlos tirotearlas tirotearle tirotearles tirotearos tirotearnos tiroteándote tiroteándolo tiroteándola tiroteándolos ' +
    'tiroteándolas tiroteándole tiroteándoles tirotealo tiroteala tirotealos tirotealas tiroteale tiroteales tiroteenlo tiroteenla tiroteenlos ' +
    'tiroteenlas tiroteenles tiroteadlos tiroteadlas tiroteadle tirotear tiroteo tiroteas tirotea tiroteamos tiroteáis tirotean tiroteé tiroteó ' +
    'tirotearon tiroteaste tirotearé tirotearás tiroteará tirotearemos tirotearán tirotearía tirotearías tirotearíamos tirotearían tiroteen ' +
    'tiroteemos tirotead tiroteado tiroteada tiroteados tiroteadas tiroteando tiroteá apedrearte apedrearlo apedrearla apedrearlos apedrearlas ' +
    'apedrearle apedrearles apedrearos apedrearnos apedreándote apedreándolo apedreándola apedreándolos apedreándolas apedreándole apedreándoles ' +
    'apedrealo apedreala apedrealos apedrealas apedreale apedreales apedreenlo apedreenla apedreenlos apedreenlas apedreenles apedreadlos ' +
    'apedreadlas apedreadle apedrear apedreo apedreas apedrea apedreamos apedreáis apedrean apedreé apedreó apedrearon apedreaste apedrearé ' +
    'apedrearás apedreará apedrearemos apedrearán apedrearía apedrearías apedrearíamos apedrearían apedreen apedreemos apedread apedreado ' +
    'apedreada apedreados apedreadas apedreando apedreá erradicarte erradicarlo erradicarla erradicarlos erradicarlas erradicarle erradicarles ' +
    'erradicaros erradicarnos erradicándote erradicándolo erradicándola erradicándolos erradicándolas erradicándole erradicándoles erradicalo ' +
    'erradicala erradicalos erradicalas erradicale erradicales erradiquenlo erradiquenla erradiquenlos erradiquenlas erradiquenles erradicadlos ' +
    'erradicadlas erradicadle erradicar erradico erradicas erradica erradicamos erradicáis erradican erradicé erradicó erradicaron erradicaste ' +
    'erradicaré erradicarás erradicará erradicaremos erradicarán erradicaría erradicarías erradicaríamos erradicarían erradiquen erradiquemos ' +
    'erradicad erradicado erradicada erradicados erradicadas erradicando erradicá herir hiero hieres hiere herirte herirlo herirla herirlos ' +
    'herido herida heridos heridas herirá hiriendo abatir abatido abatida abatidos abatirlo abatirlos abatieron morir muere mueres mueren muera ' +
    'mueras mueran morirás morirá morirán moriréis morirías morirían moriría muérete muéranse moríos murió murieron moriste muriendo muerto ' +
    'muerta muertos muertas muerte muertes desangrar desangrarte desangrarse desangrado desangrada prenderte prenderle prenderles cadáver ' +
    'cadáveres sangre pistola pistolas armas armado armados fusil fusiles escopeta escopetas rifles metralleta metralletas ametralladora ' +
    'cuchillo cuchillos navaja navajas machete machetes bates bala balas balazo balazos tiro tiros disparos bomba bombas explosivo explosivos ' +
    'granadas molotov soga sogas horca horcas guillotina paredón hoguera masacre masacres matanza matanzas tiroteos balacera balaceras genocidio ' +
    'atentado atentados asesinato asesinatos asesinos homicidio apuñalamiento puñalada puñaladas cuchillada cuchilladas navajazo navajazos ' +
    'machetazo machetazos paliza palizas golpiza madriza madrizas putiza putizas vergazos plomazo plomazos kalashnikov glock fusca chumbo ' +
    'chumbos cuetazo ácido acido verdugo linchamiento linchamientos fusilamiento fusilamientos ahorcamiento exterminio aniquilación decapitación ' +
    'violación violaciones violador violadores sicario sicarios matón matones francotirador kamikaze terrorista terroristas matarile ' +
    'estrangulamiento hachazo hachazos martillazo martillazos pedrada pedradas puñetazo puñetazos degüéllenlo degüéllalo degüéllenlos ' +
    'cuelguen ahorquen fusilen maten quemen linchen degüellen apuñalen revienten mueran',
  objects:
    'jefazo boss nivel niveles partida partidas juego juegos videojuego misión misiones mazmorra mazmorras raid ronda rondas oleada oleadas mapa torneo ' +
    'zombi zombis zombies monstruo monstruos dragón dragones bot bots npc bicho bichos rival rivales ' +
    'mosquito mosquitos mosca moscas cucaracha cucarachas araña arañas hormiga hormigas avispa avispas polilla polillas pulgas garrapatas ' +
    'malas hierbas maleza plantas césped ' +
    'examen exámenes parcial parciales final finales selectividad evau tarea tareas deberes trabajo curro chamba proyecto informe reunión reuniones presentación ' +
    'excel powerpoint impresora ordenador compu computadora portátil móvil celular batería wifi router bug bugs código servidor app aplicación ' +
    'pizza pizzas hamburguesa hamburguesas tacos taco burrito burritos paella tortilla empanadas empanada asado helado pastel tarta bizcocho ' +
    'birra birras cerveza cervezas chela chelas botella vino cubata cubatas chupitos litrona pollo costillas churros nachos palomitas chuches chocolate nutella ' +
    'cena comida plato postre buffet bocata bocadillo sándwich arepas arepa tamales pozole ceviche milanesa fernet ' +
    'canción canciones tema temazo concierto escenario pista coreo coreografía karaoke solo riff disco álbum playlist ' +
    'tiempo aburrimiento silencio calor frío resaca alarma despertador lunes dieta grasa calorías entreno gimnasio gym abdominales sentadillas ' +
    'vela velas fuego barbacoa cigarro cigarrillo porro leña',
  games:
    'fortnite valorant minecraft warzone lol dota fifa fc gta cod roblox pokemon mario zelda tekken tetris csgo diablo skyrim eldenring hearthstone overwatch apex pubg ' +
    'fútbol futbol fulbo baloncesto basket básquet tenis pádel padel balonmano ajedrez parchís mus dominó póker truco uno',
  figurative: [
    'me muero de risa',
    'me muero de la risa',
    'muerto de risa',
    'muerta de risa',
    'me mori de risa',
    'me morí',
    'me muero',
    'me mueroo',
    'me muerooo',
    'jajaja me muero',
    'me muero de hambre',
    'me muero de sed',
    'me muero de sueño',
    'me muero de calor',
    'me muero de frío',
    'me muero de ganas',
    'me muero de vergüenza',
    'me muero de amor',
    'me muero por',
    'muerto de hambre',
    'muerta de hambre',
    'muerto de cansancio',
    'muerta de cansancio',
    'muerto de sueño',
    'muerta de sueño',
    'muerto de miedo',
    'muerta de miedo',
    'muerto de frío',
    'muerta de frío',
    'muerto de calor',
    'muerta de calor',
    'muerto de envidia',
    'muerta de envidia',
    'estoy muerto',
    'estoy muerta',
    'toy muerto',
    'toy muerta',
    'me mata',
    'me matas',
    'me mataste',
    'me estás matando',
    'me estas matando',
    'me están matando',
    'me está matando',
    'el calor me mata',
    'este calor me mata',
    'me matan los pies',
    'me mata la espalda',
    'me mata de risa',
    'matar el tiempo',
    'matando el tiempo',
    'para matar el tiempo',
    'matar dos pájaros de un tiro',
    'dos pájaros de un tiro',
    'mataría por',
    'mataria por',
    'mato por',
    'matar por un',
    'me mato a estudiar',
    'matarse a estudiar',
    'matándome a estudiar',
    'me mato trabajando',
    'matarse trabajando',
    'me maté en el gym',
    'me he matado a',
    'que me maten si',
    'mátenme',
    'matenme',
    'que alguien me mate',
    'mátame camión',
    'mátame',
    'me pego un tiro',
    'pegarme un tiro',
    'me quiero morir',
    'me quiero pegar un tiro',
    'me cago en tus muertos',
    'me cago en sus muertos',
    'tus muertos',
    'tus muertos pisados',
    'me cago en la leche',
    'ni muerto',
    'ni muerta',
    'hasta la muerte',
    'de muerte',
    'está de muerte',
    'esta de muerte',
    'un frío de muerte',
    'un calor de muerte',
    'aburrido de muerte',
    'a muerte',
    'muerte súbita',
    'punto muerto',
    'horas muertas',
    'tiempo muerto',
    'la rompió',
    'la rompe',
    'la rompiste',
    'la rompimos',
    'romperla',
    'rompiéndola',
    'rompiendola',
    'lo está rompiendo',
    'lo petó',
    'lo peta',
    'lo petaste',
    'petarlo',
    'lo está petando',
    'es la bomba',
    'una bomba',
    'bombazo',
    'está bomba',
    'esta bomba',
    'me parto',
    'me parto de risa',
    'me rompe el corazón',
    'me rompió el corazón',
    'estoy quemado',
    'estoy quemada',
    'quemar calorías',
    'quemar grasa',
    'se me quemó',
    'se quemó',
    'al tiro',
    'tiro libre',
    'tiro de esquina',
    'tiro a puerta',
    'a tiro de piedra',
    'ni a tiros',
    'salió el tiro por la culata',
    'el tiro por la culata',
    'disparar preguntas',
    'revienta la taquilla',
    'reventar la taquilla',
    'reventó la taquilla',
    'está que revienta',
    'estoy que reviento',
    'lleno a reventar',
    'a reventar',
    'matar la sed',
    'me mataron con el precio',
    'me matan de risa',
    'arma de doble filo',
    'a quemarropa',
    'bala perdida',
    'como una bala',
    'una bala',
    'a sangre fría',
    'se me hiela la sangre',
    'sangre fría',
    'me hierve la sangre',
    'muerto de la risa',
    'matarse de risa',
  ],
  negators: 'no nunca jamás nadie ninguno ninguna ningún ni tampoco nada sin nah nel nop noo nop nunk nuncaa',
  scopeBreak: 'pero sino si o u y e porque aunque cuando mientras entonces pues luego además así excepto salvo sólo solo hasta',
  reported:
    'dijo dice dicen decía decían decir declaró declara declaraciones afirma afirmó afirmaba según amenazó amenaza amenazas amenazaba amenazar amenazando amenazado amenazada ' +
    'escribió escribe escrito escribir comentó comenta comentario comentarios mensaje mensajes md dm privado tuiteó tuit tweet publicó publicado publica posteó ' +
    'contestó respondió respuesta gritó gritaba soltó contó contaba confesó confiesa negó admitió admite asegura aseguró sostiene relata relató cita citado citando ' +
    'noticia noticias periódico diario telediario informativo informa informó reportaje artículo periodista periodistas prensa medios agencia efe rtve redacción titular titulares urgente directo ' +
    'policía policías poli guardia civil mossos ertzaintza carabineros gendarmería agentes agente patrulla comisaría detenido detenida detenidos detenidas detuvo detienen arrestado arrestada arrestados arresto ' +
    'condenado condenada condenados condena condenar condenamos condeno condenable juicio tribunal tribunales juez jueza jueces juzgado juzgada fiscal fiscalía abogado abogada sentencia sentenciado ' +
    'sospechoso sospechosa sospechosos presunto presunta presuntos investigación investiga investigan investigado imputado imputada acusado acusada acusados cárcel prisión preso presos penal ' +
    'testigo testigos víctima víctimas herido heridos fallecido fallecida fallecidos falleció superviviente supervivientes sobreviviente sobrevivientes familiares ' +
    'inaceptable vergonzoso vergonzosa vergüenza escandaloso escándalo intolerable inadmisible asqueroso asquerosa repugnante lamentable horrible horroroso terrible espantoso atroz deleznable indignante indignación repudio repudiamos rechazo rechazamos ' +
    'denuncia denuncié denunciado denunciada denunciar denuncien denunciad denunciamos reportado reportada reporté reportar reporten reportadlo reportenlo bloqueado bloqueada bloqueé bloquear ' +
    'captura capturas pantallazo pantallazos moderador moderadores moderación borrado borrada borraron suspendido suspendida baneado baneada ' +
    'condolencias homenaje luto duelo memoria memorial aniversario recuerdo descansen ' +
    'película películas peli pelis cine serie series temporada capítulo capítulos episodio episodios novela novelas libro libros cuento cuentos autor autora escritor escritora ' +
    'personaje personajes protagonista villano villana trama escena escenas guion thriller terror manga anime cómic cómics teatro obra tragedia letra rapero corrido corridos narcocorrido narcocorridos netflix tráiler documental documentales ficción ' +
    'historia histórico histórica historiador historiadora guerra guerras batalla batallas soldado soldados ejército ejércitos tropas invasión conquista conquistadores siglo medieval imperio emperador rey reina revolución ' +
    'dictadura dictador franquismo franco posguerra fusilados fosas holocausto shoah nazis nazi auschwitz inquisición museo profe profesor profesora clase asignatura lección examen temario',
  secondPerson: 'te tú ti tus contigo usted ustedes vos os vosotros vosotras tuyo tuya tuyos tuyas vuestro vuestra vuestros vuestras',
  thirdPerson: 'él ella ellos ellas lo la los las le les',
  possessive: 'tu tus su sus vuestra vuestro vuestras vuestros la el los las',
  body:
    'cara cabeza cuello garganta pierna piernas brazo brazos dientes diente cráneo lengua rodilla rodillas costillas mandíbula nariz dedos dedo ojos ojo espalda pecho corazón cerebro sesos ' +
    'tripas estómago panza barriga huevos pelotas jeta careto hocico morro trompa mano manos pie pies tobillo tobillos muñeca muñecas hombro hombros nuca frente sien venas vena hueso huesos ' +
    'pescuezo gaznate boca labios mejilla mejillas oreja orejas pelo cuerpo culo cabezota cogote riñones hígado',
  forms: {
    intent: [
      'voy a',
      'vy a',
      'boy a',
      'te voy a',
      'te boy a',
      'tvoy a',
      'lo voy a',
      'la voy a',
      'los voy a',
      'las voy a',
      'les voy a',
      'os voy a',
      'vamos a',
      'te vamos a',
      'los vamos a',
      'voy pa',
      'voy para alla',
      'ya voy',
      'voy a ir',
      'pienso',
      'pienso ir',
      'estoy por',
      'me voy a encargar',
      'me encargo yo',
      'yo me encargo',
      'con mis propias manos',
      'con mis manos',
      'yo mismo',
      'yo misma',
      'te juro que',
      'te juro',
      'lo juro',
      'juro que',
      'te lo juro',
      'por mi madre',
      'x mi madre',
      'te prometo',
      'tengo una pistola',
      'tengo un cuchillo',
      'tengo una navaja',
      'tengo un arma',
      'me compré un',
      'mañana mismo',
      'esta noche',
      'te busco',
      'te voy a buscar',
      'te encuentro',
    ],
    second: [
      'vas a',
      'bas a',
      'te vas a',
      'van a',
      'vais a',
      'os vais a',
      'vas a morir',
      'vas a pagar',
      'me las vas a pagar',
      'me la vas a pagar',
      'me las pagarás',
      'vas a ver',
      'ya verás',
      'te vas a enterar',
      'te vas a arrepentir',
      'vas a acabar como',
      'vas a terminar como',
      'vas a terminar',
      'no vas a llegar',
      'no llegas a',
      'no llegas al',
      'no vas a ver',
      'eres el siguiente',
      'eres la siguiente',
      'sos el siguiente',
      'sos la siguiente',
      'eres el próximo',
      'eres la próxima',
      'estás muerto',
      'estás muerta',
      'tas muerto',
      'tas muerta',
      'sos boleta',
      'eres hombre muerto',
      'eres mujer muerta',
      'tus días están contados',
      'tienes los días contados',
      'te quedan pocos días',
      'te llegará tu hora',
      'te llegó la hora',
      'te va a llegar',
      'reza lo que sepas',
      'despídete de',
      'disfruta mientras puedas',
      'prepárate',
      'prepárense',
      'preparaos',
      'te lo mereces',
      'te lo has buscado',
      'te lo buscaste',
    ],
    call: [
      'hay que',
      'hay q',
      'ay que',
      'habría que',
      'vamos a',
      'vamos todos',
      'vamos a por',
      'a por ellos',
      'a x ellos',
      'a por él',
      'a por ella',
      'venga vamos',
      'dale',
      'vengan',
      'venid',
      'vayan',
      'id a',
      'vayamos',
      'salgamos',
      'quién se apunta',
      'quién viene',
      'quién me acompaña',
      'quién se anima',
      'alguien que',
      'que alguien',
      'alguien debería',
      'alguien tiene que',
      'alguien se anima',
      'todos a',
      'a las armas',
      'agarren',
      'agarrad',
      'cojan',
      'coged',
      'traigan',
      'traed',
      'búsquenlo',
      'buscadlo',
      'encuéntrenlo',
      'es hora de',
      'ya es hora de',
      'tenemos que',
      'debemos',
      'hagámoslo',
      'a qué esperamos',
      'qué esperamos',
      'organicémonos',
    ],
    normative: [
      'debería',
      'deberían',
      'debería ser',
      'deberían ser',
      'deberían estar',
      'merece',
      'merecen',
      'se merece',
      'se merecen',
      'merecería',
      'merecerían',
      'tendría que',
      'tendrían que',
      'tiene que morir',
      'tienen que morir',
      'no merece vivir',
      'no merecen vivir',
      'no merece respirar',
      'no merecen respirar',
      'no tiene derecho a vivir',
      'no tienen derecho a vivir',
      'al paredón',
      'paredón',
      'pena de muerte',
      'a la horca',
      'la horca',
      'la única solución',
      'única solución',
      'lo que se merecen',
      'lo que se merece',
      'que los cuelguen',
      'que lo cuelguen',
      'que la cuelguen',
      'que los fusilen',
      'que lo fusilen',
      'que los maten',
      'que lo maten',
      'que la maten',
      'un tiro en la nuca',
      'contra la pared',
      'habría que colgarlos',
      'se lo tiene merecido',
      'se lo tienen merecido',
    ],
    wish: [
      'ojalá',
      'ojala que',
      'ojala q',
      'ojalá te',
      'ojalá se',
      'ojalá le',
      'ojalá les',
      'ojalá alguien',
      'espero que',
      'espero q',
      'esperemos que',
      'que se muera',
      'que se mueran',
      'que te mueras',
      'que te mueras ya',
      'que revientes',
      'que revienten',
      'que te pudras',
      'que se pudran',
      'me encantaría ver',
      'me gustaría ver',
      'me encantaria ver',
      'quiero ver',
      'quisiera ver',
      'sueño con',
      'sueño con ver',
      'rezo para que',
      'pido a dios que',
      'dios quiera que',
      'ya quiero ver',
      'no veo la hora',
      'cuento los días',
      'pagaría por ver',
      'daría lo que fuera por ver',
      'sería lindo que',
      'sería bonito que',
      'muérete',
      'muéranse',
      'a ver si alguien',
      'a ver si de una vez',
      'ojalá fuera verdad',
    ],
    elimination: [
      'acabar con',
      'acabar con todos',
      'acabar con ellos',
      'hay que acabar con',
      'deshacerse de',
      'deshacernos de',
      'librarnos de',
      'borrar del mapa',
      'borrarlos del mapa',
      'exterminarlos',
      'erradicarlos',
      'limpieza',
      'limpieza étnica',
      'limpiar el país',
      'limpiar españa',
      'limpiar las calles',
      'limpiar el barrio',
      'ni uno',
      'ni uno más',
      'ni uno solo',
      'que no quede ni uno',
      'no debe quedar ni uno',
      'uno por uno',
      'hasta el último',
      'todos y cada uno',
      'solución final',
      'plaga',
      'alimañas',
      'ratas',
      'cucarachas',
      'parásitos',
      'escoria',
      'sobran',
      'estaría mejor sin',
      'mejor sin ellos',
      'no deberían existir',
      'no tendrían que existir',
      'que desaparezcan',
      'hacerlos desaparecer',
      'purga',
      'raza inferior',
    ],
    veiled: [
      'sé dónde vives',
      'se donde vives',
      'sabemos dónde vives',
      'sé dónde trabajas',
      'sabemos dónde trabajas',
      'sé dónde estudias',
      'sé a qué colegio',
      'sé a qué cole',
      'conozco tu dirección',
      'tengo tu dirección',
      'ten cuidado',
      'ten mucho cuidado',
      'cuidadito',
      'cuidado con lo que',
      'sería una pena que',
      'sería una lástima que',
      'los accidentes pasan',
      'un accidente lo tiene cualquiera',
      'nunca se sabe',
      'uno nunca sabe',
      'estás avisado',
      'estás avisada',
      'quedas avisado',
      'último aviso',
      'mira detrás de ti',
      'cuida tus espaldas',
      'cuídate las espaldas',
      'nos vemos pronto',
      'ya nos veremos',
      'ya hablaremos',
      'no vas a ver la navidad',
      'bonita familia',
      'linda familia',
      'bonita casa',
      'tus hijos',
      'tus hijas',
      'yo que tú',
      'yo q tu',
      'te conviene',
      'duerme con un ojo abierto',
      'te estamos vigilando',
      'te estoy vigilando',
      'sabemos quién eres',
      'algo te puede pasar',
      'te podría pasar algo',
      'te espero a la salida',
      'te espero afuera',
      'si no te callas',
      'si sigues así',
      'tú sabrás',
    ],
    place: [
      'nos vemos en',
      'nos vemos frente',
      'quedamos en',
      'quedamos delante',
      'punto de encuentro',
      'concentración',
      'todos a la',
      'todos al',
      'todos frente',
      'vamos a la',
      'vamos al',
      'el sábado',
      'el domingo',
      'el 6',
      'mañana a las',
      'venid armados',
      'vengan armados',
      'traigan palos',
      'traed palos',
      'con palos',
      'bidones',
      'cócteles molotov',
      'molotovs',
      'prenderle fuego',
      'meterle fuego',
      'quemar la',
      'quemar el',
      'asaltar',
      'asaltemos',
      'tomar el',
      'rodear',
      'rodeemos',
      'bloquear las salidas',
      'que no salga nadie',
      'cerrar las puertas',
      'durante la misa',
      'durante el rezo',
      'en el desfile',
      'en la marcha',
      'en el orgullo',
      'en la manifestación',
      'a la mezquita',
      'a la sinagoga',
      'al ayuntamiento',
      'al congreso',
      'cuando esté lleno',
      'cuando esté llena',
    ],
    glorify: [
      'héroe',
      'un héroe',
      'todo un héroe',
      'nuestro héroe',
      'mártir',
      'mártires',
      'leyenda',
      'una leyenda',
      'ídolo',
      'mi ídolo',
      'bravo',
      'bien hecho',
      'bien merecido',
      'se lo merecían',
      'se lo buscaron',
      'respeto',
      'respeto al',
      'todo mi respeto',
      'gloria a',
      'honor a',
      'hizo lo que había que hacer',
      'hizo lo que tenía que hacer',
      'hizo lo correcto',
      'terminar el trabajo',
      'terminar lo que empezó',
      'acabar el trabajo',
      'faltan más',
      'hacen falta más',
      'necesitamos más como',
      'más como él',
      'ojalá hubiera más',
      'que cunda el ejemplo',
      'ejemplo a seguir',
      'gracias a él',
      'nuevo récord',
      'una estatua',
      'santo',
      'se hizo justicia',
      'justicia divina',
    ],
  },
  maskable:
    'matar mato mata muere muerte muerto puta puto mierda joder coño cabrón maricón marica violar violo sudaca moro moros perra zorra gilipollas pendejo culero matarte degollar ahorcar quemar fusilar negro negros panchito',
};
