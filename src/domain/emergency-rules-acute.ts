// The acute-danger rules (112), one category of the tables in emergency-patterns.ts.
import { type EmergencyRule, notAnAmount, THINGS } from './emergency-rule';

export const ACUTE_RULES: readonly EmergencyRule[] = [
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
];
