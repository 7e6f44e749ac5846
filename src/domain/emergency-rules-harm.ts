// The rules about harm to oneself (113) or by others (Veilig Thuis), one category of emergency-patterns.ts.
import { BODY, type EmergencyRule, FAMILY, HITS_EN, HITS_NL, LIFE, notAnAmount, OWNER, VICTIM } from './emergency-rule';

export const HARM_RULES: readonly EmergencyRule[] = [
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
];
