import type { HelpNumberId } from './template';

/**
 * Numbers that can be dialled from a tap, shared by every feature's cards (the help numbers card,
 * a call circle's alert); the text of each help line comes from `emergency:numbers.<id>`.
 */
export const DIAL: Readonly<Partial<Record<HelpNumberId, { display: string; tel: string }>>> = {
  acute112: { display: '112', tel: 'tel:112' },
  suicide113: { display: '0800 0113', tel: 'tel:08000113' },
  veiligThuis: { display: '0800 2000', tel: 'tel:08002000' },
  zorgwekkend: { display: '0800 1205', tel: 'tel:08001205' },
  luisterlijn: { display: '088 0767 000', tel: 'tel:0880767000' },
};
