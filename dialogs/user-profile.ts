import type { Locale } from '../src/ports/translator';
import type { Sign } from '../src/domain/signs';

/** User state: remembered per user across conversations. */
export const PROFILE_PROPERTY = 'profile';
export interface UserProfile {
  language?: Locale;
}

/** Conversation state shared by the dialogs: what was observed with "Signalen herkennen". */
export const OBSERVATION_PROPERTY = 'observation';
export interface Observation {
  signs: Sign[];
}
