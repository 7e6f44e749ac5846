/**
 * The pattern tables behind `detectEmergency` (emergency.ts). Data only: to teach the bot a new
 * phrasing, add a pattern here and a line to test/fixtures/emergency-phrases.json.
 *
 * Pattern syntax: one pattern per string, steps separated by spaces. Words are normalised the same
 * way as the user's text (lowercase, no diacritics, runs of 3+ letters cut to 2, no apostrophes).
 *   word        the token is exactly this word
 *   ~word       also with one typo (Damerau-Levenshtein <= 1); only for words of 5+ letters
 *   word*       the token starts with this stem (`~stem*`: the start may hold one typo)
 *   *word       the token ends with this (street names: `*straat`)
 *   #           any number
 *   a|b         either word
 *   step?       this step may be missing
 *   ..          up to 4 other tokens, never across the end of a sentence
 *   !a|b        the next token is none of these (zero width)
 *   $           end of the sentence or message (zero width)
 */

/** Most urgent first: the order `kinds` are reported in and numbers are shown in. */
export const EMERGENCY_KINDS = ['acute', 'suicide', 'abuse', 'medical', 'worry', 'general'] as const;
export type EmergencyKind = (typeof EMERGENCY_KINDS)[number];

export interface EmergencyRule {
  /** Stable id, safe to log (never the user's text). */
  id: string;
  kinds: readonly EmergencyKind[];
  /** Any of these patterns fires the rule. */
  any: readonly string[];
  /** Not when one of these matches overlapping the hit ("112 euro", "de knop reageert niet"). */
  unless?: readonly string[];
  /** Not when a negation ("geen", "niet", "no", "not") stands up to 3 tokens before the hit ("geen nood"). */
  negatable?: boolean;
  /** Not when the message says it is over ("nu gaat het beter") or long ago ("een jaar geleden"). */
  pastable?: boolean;
  /** Not when the message says it is over; "long ago" alone does not cancel (acute events). */
  recoverable?: boolean;
}

// A number in text is an emergency number unless it is clearly an amount, a measure or an address.
const UNITS =
  'euro|eur|euros|cent|dollar|dollars|pond|pound|pounds|procent|percent|km|kilometer|meter|m|kilo|kg|gram|' +
  'jaar|jaren|dagen|weken|uur|minuten|keer|mensen|stuks|leden|huizen|woningen|gevallen|paginas|punten|' +
  'years|days|weeks|hours|minutes|times|people|members|homes|cases|pages|points|x';
const PLACES =
  'euro|eur|dollar|huisnummer|kamer|bus|buslijn|lijn|pagina|blz|page|room|flat|appartement|apartment|' +
  'postbus|route|artikel|code|kost|kostte|costs|cost|totaal|total|betaald|paid|' +
  '*straat|*laan|*weg|*plein|*dijk|*kade|*gracht|*singel|*hof|*pad|*steeg|*dreef|*street|*road|*lane|*avenue';
const notAnAmount = (n: string): string[] => [`${n} ${UNITS}`, `${PLACES} ${n}`, `op|huis nummer|nr ${n}`];

const FAMILY =
  'man|vrouw|partner|zoon|dochter|vader|moeder|schoonzoon|schoondochter|kleinzoon|kleindochter|verzorger|' +
  'mantelzorger|vriend|vriendin|husband|wife|son|daughter|father|mother|carer|caregiver|boyfriend|girlfriend';
/** Who gets hit: a pronoun or a family member. "She hit her head" is a fall, not abuse. */
const VICTIM = `haar|hem|mij|me|ze|hen|ons|her|him|them|us|kinderen|kind|kids|children|${FAMILY}`;
const OWNER = 'zijn|haar|mijn|zn|mn|de|his|her|my|the';
const BODY =
  'hoofd|head|knie|knee|arm|been|leg|elleboog|elbow|teen|toe|hand|voet|foot|rug|back|heup|hip|enkel|ankle|pols|wrist|' +
  'feelings';
const HITS_NL = 'slaat|sloeg|schopt|schopte|stompt|knijpt|trapt|mept|slaan|schoppen';
const HITS_EN =
  'hits|hit|hitting|hurts|hurt|hurting|beats|beat|beating|kicks|kicked|kicking|punches|punched|slaps|slapped|' +
  'chokes|choked|strangles|strangled';
/** "Leven" with its usual typos. Not fuzzy: "geven", "leren", "lezen" are one letter away. */
const LIFE = 'leven|leve|lven|levn|lefen|leeven';
const THINGS =
  'knop|bot|app|scherm|kaart|website|site|link|computer|laptop|telefoon|pagina|formulier|systeem|teams|chat|' +
  'programma|menu|button|screen|card|page|form|system';

export const RULES: readonly EmergencyRule[] = [
  // ------------------------------------------------------------------ acute danger: 112
  { id: 'number-112', kinds: ['acute'], any: ['112'], unless: notAnAmount('112') },
  {
    id: 'danger',
    kinds: ['acute'],
    negatable: true,
    any: [
      '~gevaar', '~levensgevaar*', 'levensbedreigend*', 'gevaarlijke situatie', 'is gevaarlijk', 'danger',
      'dangerous situation', 'life threatening', 'lifethreatening',
    ],
  },
  {
    id: 'emergency-word',
    kinds: ['acute'],
    negatable: true,
    any: [
      '~noodgeval*', '~noodsituatie*', 'nood', 'spoed', '~spoedeisend*', '~acuut', 'acute', 'emergency',
      'emergencies', 'urgent',
    ],
    unless: [
      'geval van nood', 'nood .. aan', 'spoedeisende hulp .. gewerkt|werkt|werkte|werken|werkzaam',
      'work|worked|works|working .. nurse|doctor|paramedic .. emergency', 'hoge nood',
      'in case of emergency|emergencies', 'emergency number*|contact*',
    ],
  },
  {
    id: 'unresponsive',
    kinds: ['acute', 'medical'],
    any: [
      '~bewusteloos', 'buiten ~bewustzijn',
      'reageert|reageerd|reageerde|reageren bijna|haast|amper|helemaal? niet|nergens|nauwelijks',
      'niet meer? ~aanspreekbaar', 'krijg|krijgen|kreeg geen contact|reactie meer? met|van hem|haar',
      'beweegt|bewoog niet meer? $', 'beweegt|bewoog niet meer? en|maar|ademt|reageert', 'isnt|not|wasnt moving $',
      'isnt|not|wasnt moving and|or', 'wakker te krijgen', 'wordt|werd|word niet meer? wakker', 'in elkaar gezakt',
      'zakt|zakte .. in elkaar', 'ineengezakt', 'unresponsive', '~unconscious',
      'not|isnt|wasnt|doesnt responding|respond', 'not responsive', 'passed out', 'collapsed',
      'wont|doesnt|cant|couldnt wake up', 'not waking up', 'wont wake',
    ],
    unless: [
      `${THINGS} .. reageert|reageerd|reageerde|reageren|responding|respond|responsive`,
      'niet|nergens op .. bericht*|mail*|app|appje*|brief|brieven|sms*|whatsapp|telefoon|voicemail|email|' +
        'uitnodiging*|vraag|vragen',
      'respond* to .. message*|mail*|email*|text*|letter*|call|calls|invitation*|question*',
    ],
  },
  {
    id: 'on-the-floor',
    kinds: ['acute', 'medical'],
    any: [
      'ligt|lag|liggen|lagen .. op de grond|vloer', 'op de grond|vloer .. ligt|liggen|gevonden|aangetroffen',
      'vond|vonden|trof|troffen .. op de grond|vloer', 'kan|kon|komt|kwam niet meer? overeind|opstaan|omhoog',
      'lying|lies|laying|is|was|found .. on the floor|ground', 'cant|couldnt get up', 'can|could not get up',
      'unable to get up', 'been on the floor|ground',
      'hij|ze|zij|mevrouw|meneer|buurman|buurvrouw|he|she|hes|shes ligt|lag|been|lying|lies|lay .. badkamer|gang|' +
        'trap|tuin|toilet|wc|douche|bathroom|hallway|stairs|garden|toilet|shower',
    ],
    unless: [
      'post|brieven|kranten|reclame|folders|spullen|rommel|afval|kleren|troep|bladeren ligt|liggen|lag',
      'mail|post|letters|newspapers|rubbish|trash|clothes|leaves|stuff is|was|lying|lies',
    ],
  },
  {
    id: 'breathing',
    kinds: ['acute', 'medical'],
    any: [
      'ademt|ademde heel|erg|zo|bijna|amper|haast? niet|nauwelijks|moeilijk|raar|zwaar|vreemd|snel',
      'ademt|adem .. niet meer', 'geen adem', 'krijgt|kreeg geen lucht|adem', 'kan|kon niet ademen', '~ademhaling',
      'heel|erg|zo|zeer|ernstig benauwd', 'loopt blauw aan', 'blauw aangelopen', 'turning|turned|going blue',
      'stikt|stikken|stikte', 'not|isnt|wasnt breathing', 'stopped breathing', 'cant|couldnt breathe|breath',
      'struggling to breathe', 'choking',
    ],
  },
  {
    id: 'heart-stroke',
    kinds: ['acute', 'medical'],
    recoverable: true,
    any: [
      'pijn op de borst', '~hartaanval', '~hartinfarct', '~hartstilstand', 'reanim*', 'chest pain*',
      'pain in .. chest', 'heart attack', 'cardiac arrest', 'cpr', 'aed', '~beroerte', '~herseninfarct',
      '~hersenbloeding', 'tia', 'scheve mond', 'hangende mondhoek', 'mond hangt', 'hangt|zakt|zit|zakte|hing scheef',
      'kan|kon niet meer? praten', 'praat heel|erg|zo|ineens? onduidelijk|raar|dubbel|vreemd|wartaal',
      'cant move .. arm|leg|side|face', 'kan .. arm|been|kant .. niet meer? bewegen',
      'speech is|sounds .. slurred|weird|strange|odd', '~verlamd', 'stroke', 'slurred', 'face droop*',
      'drooping face', 'cant speak', 'paralysed|paralyzed',
    ],
  },
  {
    id: 'bleeding-seizure',
    kinds: ['acute', 'medical'],
    recoverable: true,
    any: [
      'bloedt|bloeden|bloedde .. veel|erg|hevig|flink|stopt', 'veel bloed', 'plas bloed', 'niet op met bloeden',
      'bloeding|bloeden .. stopt|houdt niet', 'bloed overal', '~bloeding', 'hoest|braakt|spuugt bloed', 'bleeding',
      'lots of blood', 'coughing|vomiting blood', 'epileptische aanval', '~epileptisch', 'stuip*', 'schokt|schokken',
      'seizure*', 'convuls*', 'having a fit',
    ],
  },
  {
    id: 'overdose',
    kinds: ['acute', 'suicide', 'medical'],
    any: [
      '~overdosis', 'overdose*',
      'te|teveel veel? pillen|medicijnen|tabletten|slaappillen .. ingenomen|geslikt|genomen',
      'alle|al zijn|haar|mijn? pillen|medicijnen|tabletten .. ingenomen|geslikt|genomen|opgegeten',
      'pot|potje|doos|doosje|strip|strips|hele .. pillen|slaappillen|tabletten|medicijnen',
      'pillen|slaappillen|tabletten geslikt', 'took|swallowed|taken all|too .. pills|tablets|medication|medicine',
      'swallowed .. pills|tablets', 'too many pills|tablets',
    ],
  },
  {
    id: 'fire-gas-poison',
    kinds: ['acute'],
    any: [
      'er is brand', 'in brand', 'het brandt', 'bel|bellen|belt|gebeld .. brandweer',
      'brandweer .. bellen|gebeld|komen|nodig', 'rookmelder', 'veel rook', 'rook komt uit', 'komt rook uit',
      'rook uit het|de raam|huis|woning|dak|deur|keuken', 'smoke coming|from', 'gaslucht', '~gaslek',
      'ruik|ruikt|rook gas', '~vergiftig*', 'poison*', 'on fire', 'there is a fire', 'house fire', 'fire in',
      'smell gas', 'gas leak', 'smoke alarm', 'fire brigade|department',
    ],
  },
  {
    id: 'threat-weapon',
    kinds: ['acute'],
    any: [
      'met een mes|wapen|pistool|vuurwapen', 'mes|wapen|pistool .. dreigt|zwaait|bedreigt', '~bedreig*',
      'dreigt .. te vermoorden|doden|slaan|steken|schieten', 'dreigt hem|haar|mij|me|iemand|ons|met', '~vermoord*',
      'doodmaken|doodslaan|neersteken|neergestoken|gestoken|doodgestoken', 'dood maken|slaan',
      'wil|gaat|dreigt hem|haar|mij|me|iemand .. iets|wat aandoen|aandoet',
      'wil|gaat|dreigt hem|haar|mij|me|iemand .. iets|wat aan te doen', 'knife|gun|weapon',
      'stab|stabbed|stabbing|shoot|shooting', 'threaten*',
      'kill|murder her|him|me|them|us|you|someone|somebody|his|my', 'going to hurt her|him|me|them|someone|somebody',
    ],
  },
  {
    id: 'emergency-services',
    kinds: ['acute'],
    any: [
      '~ambulance', '~ziekenwagen', 'bel|bellen|belt|belde|gebeld .. politie', 'politie .. bellen|gebeld|nodig|komen',
      'call|called|calling .. police|cops', 'police .. needed|now|come', 'paramedic*',
      'wordt|is|zijn|worden|raakte|geraakt vermist', 'vermist sinds', 'onvindbaar', 'gone|went|reported missing',
      'missing person', 'wandered off|away', 'wordt ingebroken', 'inbreker*', 'breaking|broke|break in|into',
      'roept|roepen|riep|roepend om hulp', 'om hulp roept|roepen|riep|roepend|schreeuwt|schreeuwen', 'hulpgeroep',
      'calling|calls|screaming|screams|shouting|shouts for help', 'burglar*', 'niet open .. niet op',
      'niet op .. niet open', 'doesnt|didnt answer .. door|phone .. door|phone',
    ],
    unless: [
      'werkte|werkt|gewerkt|werken|werkzaam .. ambulance|politie|brandweer', 'ambulance|politie .. gewerkt|werkte',
      'works|worked|working .. ambulance|ambulances|police',
    ],
  },

  // ------------------------------------------------------------------ suicidal thoughts: 113
  { id: 'number-113', kinds: ['suicide'], any: ['113', '0800 0113', '08000113'], unless: notAnAmount('113') },
  {
    id: 'suicide-words',
    kinds: ['suicide'],
    any: [
      '~zelfmoord*', '~suicid*', '~zelfdoding*', '~doodswens*', '~doodsgedachte*', '~levensmoe*', '~zelfbeschadig*',
      '~afscheidsbrief*', 'zelf moord*', 'suicide note', 'goodbye letter|note', 'selfharm*', 'self harm*',
    ],
  },
  {
    id: 'wants-to-die',
    kinds: ['suicide'],
    any: [
      'wil|wilt|wou|willen|wilde .. dood', 'dood willen|wil', 'was|ware ik|hij|ze|zij maar dood', 'beter|liever dood',
      `wil|wilt|wilde|willen|wou ik|hij|ze|zij|u? niet meer? ${LIFE}`, `niet meer willen ${LIFE}`,
      `klaar met .. ${LIFE}`, `geen zin meer in .. ${LIFE}`, `geen zin .. te ${LIFE}`,
      `${LIFE} heeft .. geen zin|nut`, `${LIFE} .. geen zin|nut meer`,
      'er nu|vandaag|vanavond|echt|zelf? een? eind|einde aan', `eind|einde aan .. ${LIFE}`,
      `uit het ${LIFE} te? stappen|stapt|gaan|gestapt`, `stap|stapt|stappen|stapte uit het ${LIFE}`,
      `van het ${LIFE} beroven`, 'van kant maken',
      'zich|zichzelf|mezelf|mijzelf|me|mij .. iets|wat aandoen|aandoe|aandoet',
      'zich|zichzelf|mezelf|mijzelf|me|mij .. iets|wat aan te? doen',
      'snijdt|snijden|snijd|krast zich|zichzelf|mezelf|me', 'zich|zichzelf|mezelf|me ophangen|ophangt|verhangen',
      'wil|wilt|kan|kunnen|willen niet meer verder !met', 'ik|hij|ze|zij kan|wil niet meer $',
      'voor mij|hem|haar hoeft het niet meer', `${LIFE} .. niet meer hoeft|hoeven`, `${LIFE} .. hoeft niet meer`,
      'niet meer wakker worden', 'nooit meer wakker', 'er niet meer wil|wilt|willen zijn',
      'dat|omdat ik|hij|ze|zij niet meer wil|kan $', 'niemand .. zou|zal .. missen',
      'ziet|zie|zien .. niet meer zitten !met', 'niet meer ziet|zie|zien zitten !met',
      'wil|wilt|willen er niet meer zijn|wezen', 'iets doms|stoms',
      'pillen|medicijnen|tabletten|slaappillen .. gespaard|verzameld|opgespaard', 'afscheid .. van iedereen',
      'spullen .. weggegeven|weggeeft', 'er een punt achter',
      'zin|wil|wilt|willen|wens|liefst .. dood te gaan|doodgaan', 'het|praat|praten|heeft over doodgaan|zelfdoding',
      'zich|zichzelf|mezelf|mijzelf .. doden|ombrengen', 'zich|zichzelf|mezelf|mijzelf om te brengen',
    ],
    unless: ['de|zijn|haar|zn|mijn dood', 'wil|wilt|wou niet dood', 'wakker worden van'],
  },
  {
    id: 'wants-to-die-en',
    kinds: ['suicide'],
    any: [
      'kill|killing|hurt|hurting|harm|harming myself|himself|herself|themselves',
      'end|ending|take|taking|took my|his|her|their own? life', 'end|ending it all', 'end it $',
      'want|wants|wanted|wanna to? die', 'dont|doesnt want to live|be', 'do|does not want to live|be',
      'no reason to live', 'nothing to live for', 'better off dead', 'wish .. dead', 'not worth living',
      'tired of living', 'cutting herself|himself|myself', 'hang|hanging himself|herself|myself', 'cant go on $',
      'cant go on anymore|like', 'cant take it anymore', 'better off without me|him|her|them',
      'feel|feels like dying', 'want|wants to be dead', 'said goodbye to everyone',
      'giving|gave|gives away .. things|belongings|possessions', 'want|wants it .. to be over',
      'dont|doesnt want to wake up !early|at|before', 'do|does not want to wake up !early|at|before',
    ],
  },
  {
    id: 'jump',
    kinds: ['acute', 'suicide'],
    any: [
      'springen|springt|sprong|spring .. brug|dak|flat|balkon|trein|raam|viaduct', 'voor de trein',
      'van|voor|uit|op|af .. brug|dak|flat|balkon|trein|raam|viaduct .. springen|springt|spring|sprong',
      'op het spoor', 'staat op .. dak|brug|balkon|rand', 'jump|jumps|jumping .. bridge|roof|building|train|window',
      'on the edge of .. roof|bridge',
    ],
  },

  // ------------------------------------------------------------------ abuse, neglect, domestic violence: Veilig Thuis
  {
    id: 'veilig-thuis',
    kinds: ['abuse'],
    any: [
      'veilig thuis', '0800 2000', '08002000', 'onveilig thuis', 'niet veilig thuis|bij', 'not safe at home',
      'unsafe at home', 'doesnt|dont feel safe',
    ],
    unless: ['me|mij|zich|ons|je veilig thuis'],
  },
  {
    id: 'abuse-words',
    kinds: ['abuse'],
    any: [
      '~mishandel*', '~ouderenmishandel*', 'misbruik|misbruikt|misbruiken', '~verkracht*', 'aanrand*',
      'seksueel|seksuele .. misbruik|geweld|overschrijdend|intimidatie', '~uitbuiting', 'uitgebuit',
      'abuse|abused|abusing|abusive|abuser', 'rape|raped|raping|rapist', 'molest*', 'exploited|exploitation',
      'blauwe plekken', 'bruises|bruised', 'intimid*', 'vernedert|vernederd|kleineert', 'uitgescholden',
      'scheldt .. uit',
    ],
    unless: ['alcohol|drug|drugs|substance|drank|middelen abuse|misbruik'],
  },
  // Not fuzzy: "geveld" (door de griep) is one letter away.
  {
    id: 'violence',
    kinds: ['abuse'],
    negatable: true,
    any: ['geweld|gewelt|geweldt|gewld|gweld|gewelds', '~gewelddadig*', 'violence', 'violent'],
    unless: [
      'film|films|serie|series|*serie|*series|*film|*films|tv|boek|nieuws|training|cursus|lezing|workshop|movie|' +
        'movies|show|book|news .. geweld|gewelddadig|gewelddadige|violence|violent',
    ],
  },
  {
    id: 'hitting',
    kinds: ['abuse'],
    any: [
      `${HITS_NL} ${OWNER}? ${VICTIM}`,
      `dat|als|omdat|of|die|wanneer .. ${VICTIM} .. ${HITS_NL}|mishandelt`,
      'geslagen|geschopt|gestompt|getrapt|geknepen',
      'wordt|werd|worden .. bedreigd|opgesloten|vastgebonden|verwaarloosd|misbruikt',
      `${HITS_EN} ${OWNER}? ${VICTIM}`,
      'beaten|beaten up', 'was|got|gets|is|being|been hit|kicked|slapped|punched|beaten',
      'sluit|sloot haar|hem .. op', 'zit|zat opgesloten', 'houdt|hield .. opgesloten',
      'laat|liet .. zonder eten|drinken|zorg',
    ],
    unless: [
      `${OWNER} ${BODY}`, 'hit by a|the|een car|bus|auto|bike|fiets',
      'it|this|that|which|*ness|*ing hurts|hurt|hurting',
    ],
  },
  {
    id: 'neglect',
    kinds: ['abuse'],
    any: [
      '~verwaarlozing', 'verwaarloost haar|hem|zijn|zn|de', 'krijgt geen|niet genoeg? eten|drinken|zorg',
      'vastgebonden', 'neglect', 'neglected', 'neglecting', 'locked up|in',
    ],
    unless: [
      'verwaarloosd|verwaarloosde tuin|balkon|ramen|huis|woning|gevel',
      'neglected garden|balcony|windows|house|home|yard|appearance|lawn|plants', 'self neglect',
      'garden|balcony|windows|house|home|yard|lawn|plants|tuin|balkon|ramen .. neglected|verwaarloosd',
    ],
  },
  {
    id: 'afraid-or-robbed',
    kinds: ['abuse'],
    any: [
      `bang voor|van .. ${FAMILY}`, 'bang voor|van hem|haar $', 'bang voor|van hem|haar en|omdat|want|als',
      `afraid|scared|frightened of .. ${FAMILY}`, 'afraid|scared|frightened of him',
      'afraid|scared|frightened of her $', 'schreeuwt|scheldt|tiert .. tegen|naar haar|hem',
      'screams|yells|shouts at her|him', 'pushes|pushed|shoves|shoved her|him|me around',
      'geen|niet genoeg eten|drinken|zorg .. krijgt|kreeg', 'steelt|stal|stelen .. geld|pinpas|bankpas|pensioen',
      'geld .. afgepakt|gestolen|afhandig', 'pakt|pakte .. geld|pinpas|bankpas|pensioen .. af',
      'financieel .. misbruik|uitgebuit', 'steals|stealing|stole .. money|pension|card',
      'takes|took her|his money|pension',
    ],
  },

  // ------------------------------------------------------------------ medical worry: huisarts or huisartsenpost
  {
    id: 'sudden-confusion',
    kinds: ['acute', 'medical'],
    any: ['plotseling|ineens|opeens|plots|suddenly .. ~verward|confused|war'],
  },
  {
    id: 'confused',
    kinds: ['medical', 'worry'],
    pastable: true,
    any: [
      '~verward', 'in de war', '~gedesorienteerd', '~desorientatie', 'weet niet .. waar ze|hij|zij is', 'confused',
      'disorient*', 'delier|delirium', 'doesnt know where',
    ],
    unless: [
      'ik ben|raak|raakte|was|word|werd .. verward|war', 'i am|was|get|got|feel|m .. confused', 'im|iam .. confused',
      'verward|confused door|by|over|about .. menu|bot|knop|kaart|vraag|formulier|app|site|question|card|button|form',
    ],
  },
  {
    id: 'fall',
    kinds: ['medical'],
    pastable: true,
    any: [
      'gevallen', 'flauwgevallen', 'omgevallen', '~gestruikeld', 'onderuitgegaan', 'onderuit gegaan',
      'viel|valt flauw|neer|om', 'viel|valt van de|het', 'viel|valt op de grond|vloer',
      'valt steeds|vaak|regelmatig|telkens|herhaaldelijk !uit|weg|tegen|mee|op|af',
      'hij|ze|zij|mevrouw|meneer valt|viel $', 'fell', 'has|have|had|shes|hes fallen', 'had|has|took a fall',
      'keeps falling', 'fainted', `${BODY} gebroken|breken|verzwikt|gekneusd`, `broke|broken .. ${BODY}`,
      'kan|kon niet meer? lopen|staan !zonder|without|met|ver|lang|goed',
    ],
    unless: [
      '# gevallen', 'slaap|stil|toon|boot gevallen', 'gevallen voor',
      'sommige|alle|beide|deze|die|veel|zulke|andere|meeste|enkele|bepaalde|welke|de|ernstige gevallen',
      'fell asleep|apart|behind|short|through|for', 'fell in love',
    ],
  },
  {
    id: 'ill-pain',
    kinds: ['medical'],
    pastable: true,
    any: [
      'veel|erge|ernstige|heftige|hevige|vreselijke|ondraaglijke|zoveel|enorme|verschrikkelijke pijn|*pijn',
      'pijn .. heel erg', 'erg|heel|ernstig|zwaar|zo ziek', 'doodziek', 'hoge koorts', '~uitgedroogd', '~onwel',
      'bloedt|bloedde', 'braakt|spuugt|overgeeft .. steeds|aldoor', 'eet|drinkt|dronk niets|niks|nauwelijks',
      'eet|drinkt niet meer', 'eet|drinkt .. al dagen niet|niets|niks',
      'eet en drinkt niet|niets|niks|nauwelijks|slecht', 'dagen .. niet|niks|niets|nauwelijks gegeten|gedronken',
      'hit|stootte|stoot her|his|haar|zijn hoofd|head', 'hoofd gestoten', 'head injury', 'hoofdwond',
      'medicijnen|medicatie|insuline .. niet meer? in', 'vergeet .. medicijnen|medicatie|insuline',
      'severe|terrible|unbearable|awful pain', 'in a lot of pain', 'in pain', 'very|seriously|really|so ill|sick',
      'high fever|temperature', 'dehydrated', 'unwell', 'not eating|drinking', 'hasnt eaten|drunk',
      'stopped eating|drinking', 'not taking .. medication|pills|insulin', 'vomiting',
    ],
    unless: ['sick of', 'sick and tired'],
  },
  {
    id: 'doctor',
    kinds: ['medical'],
    any: [
      '~huisartsenpost', 'moet|moeten .. huisarts|dokter|arts .. bellen|komen|halen', 'huisarts|dokter|arts nodig',
      'huisarts|dokter|arts .. nu|meteen|direct', 'bel|bellen de? huisarts|dokter|arts !voor|om|morgen',
      'need|needs|call|calling|get a|the? doctor|gp', 'doctor .. needed|now|urgently', 'out of hours',
      'naar de eerste? hulp|seh',
    ],
  },

  // ------------------------------------------------------------------ worrying behaviour, not acute: 0800 1205
  { id: 'number-1205', kinds: ['worry'], any: ['0800 1205', '08001205'] },
  {
    id: 'worrying-behaviour',
    kinds: ['worry'],
    any: [
      '~zorgwekkend*', 'vreemd|raar|bizar|verontrustend|zorgelijk gedrag',
      'gedrag is|wordt .. zorgelijk|vreemd|raar|verontrustend|bizar',
      'behaviour|behavior is|has|seems .. worrying|strange|odd|erratic|concerning|alarming',
      'gedraagt zich .. vreemd|vreemder|raar|raarder|gek|agressief|verward', 'schreeuwt|tiert .. op straat',
      'who|that|which arent there', 'who|that|which are not there', 'hoort stemmen', 'die er niet zijn|is|waren',
      'things that are not|arent there', '~paranoide', '~paranoia', '~psychose', '~psychotisch', '~achtervolgd',
      '~agressief', '~agressie', 'grote|ernstige|serieuze zorgen', 'heel|erg|zeer ernstig? ongerust',
      'stank|stinkt .. woning|huis|uit', '~vervuild*', '~vervuiling', 'volgestouwd',
      'vol met|volgestouwd .. afval|vuilnis|rommel|troep|vuil', 'stinkt enorm|vreselijk|verschrikkelijk|erg',
      '~verzamelwoede', 'zelfverwaarlozing', 'verwaarloost zichzelf', 'zwerft|dwaalt', 'doet al .. niet open',
      'worrying|strange|weird|odd|erratic|bizarre|disturbing behaviour|behavior',
      'behaving|behaves|acting|acts .. strange|strangely|weird|weirdly|odd|oddly|erratically|crazy|aggressive|' +
        'aggressively',
      'hears|hearing voices', 'paranoid', 'psychotic', 'psychosis', 'aggressive', 'aggression',
      'very|really|seriously|deeply worried', 'hoarding', 'squalor', 'wanders|wandering', 'self neglect',
      'selfneglect',
    ],
    unless: ['zorgen over|om .. geld|financien|geldzaken|kosten|rekeningen|schulden'],
  },

  // ------------------------------------------------------------------ asks for the numbers: show them all
  {
    id: 'asks-for-numbers',
    kinds: ['general'],
    any: [
      '~noodnummer*', '~alarmnummer*', '~hulpnummer*', 'geval van nood', 'in case of emergency|emergencies',
      'emergency number*', 'crisisdienst', 'crisislijn', 'helpline', 'help line', 'wie moet ik bellen !voor|over|om',
      'who should|do i call !for|about',
    ],
  },
];

/** A message made only of these words, with at least one core word, is a bare call for help. */
export const HELP_CORE = [
  'help', 'hulp', 'nood', 'noodgeval', 'spoed', 'sos', 'emergency', 'urgent', 'acuut', 'mayday', 'alarm',
];
export const HELP_FILLERS = [
  'ik', 'i', 'me', 'mij', 'heb', 'have', 'need', 'nodig', 'please', 'pls', 'plz', 'alsjeblieft', 'alstublieft', 'aub',
  'asap', 'nu', 'now', 'wil', 'wilt', 'want', 'snel', 'quick', 'quickly', 'dringend', 'iemand', 'someone', 'somebody',
  'anyone', 'kan', 'can', 'oh', 'o', 'god', 'we', 'wij', 'hier', 'here', 'is', 'het', 'dit', 'this', 'it', 'een', 'a',
  'svp', 'us', 'ons', 'er',
];

/** Cancels a `negatable` hit when it stands up to 3 tokens before it. */
export const NEGATIONS = [
  'geen', 'niet', 'no', 'not', 'zonder', 'without', 'nooit', 'never', 'niks', 'isnt', 'arent', 'wasnt', 'dont',
  'doesnt',
];

/** The message says a `pastable` event is over. */
export const RECOVERED = [
  'gaat|ging het? nu|weer|inmiddels|alweer|gelukkig? beter|goed', 'is|was weer|inmiddels|nu beter', '~hersteld',
  '~opgeknapt', 'weer thuis', 'is|shes|hes better|fine|ok|okay|good now', 'is|shes|hes fine', 'recovered',
  'doing|feeling better',
];
/** The message places a `pastable` event long ago ... */
export const LONG_AGO = [
  'jaar|jaren|maand|maanden|week|weken|tijdje|tijd|lang|poos|poosje geleden',
  'vorig|vorige jaar|maand|week|zomer|winter', 'vroeger', 'al jaren|maanden', 'years|months|weeks|while|long ago',
  'for years|months', 'last year|month|week|summer|winter', 'in the past',
];
/** ... unless it is still going on. */
export const STILL = ['nog steeds|altijd', 'still', 'sindsdien', 'since then', 'opnieuw', 'again'];

/** With suicide or abuse, these make it acute too ("hij slaat haar nu"). */
export const HAPPENING_NOW = [
  'nu', 'meteen', 'op dit moment', 'vanavond', 'vannacht', 'right now', 'tonight', 'at the moment',
];

/** Whole-token typo fixes, applied after normalising. */
export const TYPOS: Readonly<Record<string, string>> = {
  hy: 'hij', zy: 'zij', nie: 'niet', nit: 'niet', zn: 'zijn', mn: 'mijn', gn: 'geen', cannot: 'cant',
  hellp: 'help', heelp: 'help', helpp: 'help', hepl: 'help', halp: 'help', hlp: 'help', helup: 'help',
  hellup: 'help', hlep: 'help', hullp: 'hulp', hupl: 'hulp', hlup: 'hulp', huulp: 'hulp',
};
