import nlCommon from './nl/common.json';
import nlContent from './nl/content.json';
import nlEmergency from './nl/emergency.json';
import nlCards from './nl/cards.json';
import nlReport from './nl/report.json';
import nlDelivery from './nl/delivery.json';
import nlTeam from './nl/team.json';
import nlTab from './nl/tab.json';
import nlCircles from './nl/circles.json';
import nlWebchat from './nl/webchat.json';
import enCommon from './en/common.json';
import enContent from './en/content.json';
import enEmergency from './en/emergency.json';
import enCards from './en/cards.json';
import enReport from './en/report.json';
import enDelivery from './en/delivery.json';
import enTeam from './en/team.json';
import enTab from './en/tab.json';
import enCircles from './en/circles.json';
import enWebchat from './en/webchat.json';

/** Dutch is the source; English has the same keys (test/unit/i18n.test.ts checks). */
export const RESOURCES = {
  nl: { common: nlCommon, content: nlContent, emergency: nlEmergency, cards: nlCards, report: nlReport, delivery: nlDelivery, team: nlTeam, tab: nlTab, circles: nlCircles, webchat: nlWebchat },
  en: { common: enCommon, content: enContent, emergency: enEmergency, cards: enCards, report: enReport, delivery: enDelivery, team: enTeam, tab: enTab, circles: enCircles, webchat: enWebchat },
} as const;

export const NAMESPACES = ['common', 'content', 'emergency', 'cards', 'report', 'delivery', 'team', 'tab', 'circles', 'webchat'] as const;
