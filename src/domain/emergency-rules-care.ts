// The rules for medical worry (huisarts), worrying behaviour (0800 1205) and asking for the numbers.
import { BODY, type EmergencyRule } from './emergency-rule';

export const CARE_RULES: readonly EmergencyRule[] = [
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
