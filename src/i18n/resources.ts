import nlCommon from './nl/common.json';
import nlContent from './nl/content.json';
import nlEmergency from './nl/emergency.json';
import nlCards from './nl/cards.json';
import enCommon from './en/common.json';
import enContent from './en/content.json';
import enEmergency from './en/emergency.json';
import enCards from './en/cards.json';

/** Dutch is the source; English has the same keys (test/unit/i18n-parity.test.ts checks). */
export const RESOURCES = {
  nl: { common: nlCommon, content: nlContent, emergency: nlEmergency, cards: nlCards },
  en: { common: enCommon, content: enContent, emergency: enEmergency, cards: enCards },
} as const;

export const NAMESPACES = ['common', 'content', 'emergency', 'cards'] as const;
