import type { Circle, CircleMember, Coordinator, CoordinatorCandidate } from '../../domain/circles/circle';
import type { Logger } from '../../ports/logger';
import type { Cipher } from '../../ports/signals';
import type { CircleSchedule } from '../../ports/circles';
import { copyOf } from './batched-file';

/**
 * A call circle as both circle stores (lowdb and PostgreSQL) keep it: the schedule in the clear,
 * each person's details sealed on their own with the person's id inside the seal, so a sealed
 * value moved to another person is refused when it is opened.
 */
type StoredMember = Omit<CircleMember, 'firstName' | 'phone' | 'keyHolder'> & { sealed: string };
type StoredCoordinator = Omit<Coordinator, 'name'> & { sealed: string };
/** Waiting for a coordinator's approval; names sealed like the coordinators' (issue 11). */
type StoredCandidate = Omit<CoordinatorCandidate, 'name'> & { sealed: string };
export type StoredCircle = Omit<Circle, 'members' | 'coordinators' | 'candidates'> & {
  members: StoredMember[];
  coordinators: StoredCoordinator[];
  candidates?: StoredCandidate[];
};

/** Which circles each chat takes part in (coordinator or member). */
export function chatIndexOf(circles: Iterable<StoredCircle>): Map<string, Set<string>> {
  const index = new Map<string, Set<string>>();
  const add = (chatKey: string | undefined, id: string) => {
    if (chatKey) index.set(chatKey, (index.get(chatKey) ?? new Set<string>()).add(id));
  };
  for (const c of circles) {
    for (const k of c.coordinators) add(k.chatKey, c.id);
    for (const m of c.members) add(m.chatKey, c.id);
  }
  return index;
}

/** The clear part the scheduler needs, without opening any seal. */
export function scheduleOf(stored: StoredCircle): CircleSchedule {
  const { members, coordinators, candidates: _candidates, ...clear } = stored;
  return {
    ...copyOf(clear),
    members: members.map(({ sealed: _sealed, ...m }) => copyOf(m)),
    coordinators: coordinators.map(({ sealed: _sealed, ...c }) => copyOf(c)),
  };
}

export function sealCircle(cipher: Cipher, circle: Circle): StoredCircle {
  const { members, coordinators, candidates, ...clear } = copyOf(circle);
  const sealName = <T extends { chatKey: string; name: string }>({ name, ...rest }: T) => ({ ...rest, sealed: cipher.encrypt(JSON.stringify({ id: rest.chatKey, name })) });
  return {
    ...clear,
    ...(candidates?.length ? { candidates: candidates.map(sealName) } : {}),
    members: members.map(({ firstName, phone, keyHolder, ...rest }) => ({
      ...rest,
      sealed: cipher.encrypt(JSON.stringify({ id: rest.id, firstName, phone, keyHolder })),
    })),
    coordinators: coordinators.map(sealName),
  };
}

/** @throws CipherError DECRYPT_FAILED when the key is wrong or a value was changed; CIRCLE_UNREADABLE when a seal belongs to someone else. */
export function openCircle(cipher: Cipher, logger: Logger, stored: StoredCircle): Circle {
  const { members, coordinators, candidates, ...clear } = stored;
  const unseal = <T>(sealed: string, id: string): T => {
    const part = JSON.parse(cipher.decrypt(sealed)) as T & { id: string };
    if (part.id !== id) {
      logger.error({ code: 'CIRCLE_UNREADABLE', circleId: stored.id }, 'sealed details belong to someone else');
      throw Object.assign(new Error(`The sealed details of circle ${stored.id} belong to someone else.`), { code: 'CIRCLE_UNREADABLE' });
    }
    return part;
  };
  const openName = <T extends { chatKey: string; sealed: string }>({ sealed, ...c }: T) => ({ ...copyOf(c), name: unseal<{ name: string }>(sealed, c.chatKey).name });
  return {
    ...copyOf(clear),
    members: members.map(({ sealed, ...m }) => {
      const p = unseal<Pick<CircleMember, 'firstName' | 'phone' | 'keyHolder'>>(sealed, m.id);
      return { ...copyOf(m), firstName: p.firstName, phone: p.phone, keyHolder: p.keyHolder };
    }),
    coordinators: coordinators.map(openName),
    ...(candidates?.length ? { candidates: candidates.map(openName) } : {}),
  };
}
