import { Template } from 'adaptivecards-templating';

/** A card as plain JSON; the dialogs wrap it as an attachment (no botbuilder types here). */
export type AdaptiveCard = Record<string, unknown>;

export type { HelpNumberId } from '../src/domain/emergency';

/**
 * Binds a template to its data. Every `${...}` must resolve: templating leaves an unbound
 * expression in the card as literal text, so a missing field fails here instead of showing users "${x}".
 */
export function expandTemplate(template: object, data: object): AdaptiveCard {
  const card = new Template(template).expand({ $root: data }) as AdaptiveCard;
  const json = JSON.stringify(card);
  const unbound = /\$\{[^}]*\}/.exec(json);
  if (unbound) throw new Error(`card template left ${unbound[0]} unbound`);
  return card;
}
