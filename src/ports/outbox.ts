/**
 * The delivery outbox: durable messages that hold ids and codes only, where they go, and what one
 * delivery attempt came to. Signals and call circles both queue here; one worker delivers them
 * (ADR 0005, ADR 0010).
 */

/** Where a message goes. Teams channel links, webhooks and mail are configured per signaalpunt. */
export type DeliveryTarget =
  | { kind: 'teams'; signaalpuntId: string }
  | { kind: 'teamsThread'; signaalpuntId: string; signalId: string }
  | { kind: 'reporter'; chatKey: string }
  /** A personal chat of a call-circle coordinator or member (belcirkels). */
  | { kind: 'chat'; chatKey: string }
  | { kind: 'webhook'; signaalpuntId: string; url: string }
  | { kind: 'mail'; signaalpuntId: string; to: string };

/** Every kind of outbox message (a list, so tests can check that each one is covered). */
export const OUTBOX_KINDS = [
  /** A new signal: a new thread with the team card in the linked channel (or webhook/mail). */
  'signal.new',
  /** The team card changed (status): update it in place. */
  'signal.cardUpdate',
  /** A reply in the signal's thread (overdue reminder). */
  'signal.threadReply',
  /** A short message to the reporter's own chat (claimed, closed): no personal details. */
  'reporter.notify',
  /** Call circles: the text is rendered at send time from the circle store (ids only here). */
  'circle.reminder',
  'circle.escalation',
  'circle.allClear',
  'circle.missed',
  'circle.weekly',
  /** Tells a coordinator that another circle message could not be delivered. */
  'circle.notSent',
  'circle.notice',
] as const;

export type OutboxKind = (typeof OUTBOX_KINDS)[number];

export type OutboxStatus = 'pending' | 'sent' | 'undeliverable';

/**
 * A durable message. It holds ids and codes only; the text is rendered at send time from the
 * stored (encrypted) signal, so personal data is never copied into the outbox.
 */
export interface OutboxMessage {
  id: string;
  /** Unique per logical send (for example `signal.new:<signalId>:teams`): enqueueing twice is a no-op. */
  idempotencyKey: string;
  kind: OutboxKind;
  target: DeliveryTarget;
  /** Ids and codes only, e.g. { signalId, messageKey }. */
  payload: Record<string, string | number | boolean>;
  status: OutboxStatus;
  attempts: number;
  createdAt: string;
  nextAttemptAt: string;
  sentAt?: string;
  /** Error code of the last failure (never a message body). */
  lastError?: string;
  /** What the connector returned (activity id, thread conversation id), for later updates. */
  result?: { activityId?: string; conversationId?: string };
  /**
   * Set on disk before a send that cannot be repeated safely, cleared with its outcome. Still set
   * at the next attempt: the previous one ended without an answer (a kill, a timeout), so this
   * send may be a repeat (issue 13).
   */
  sendingSince?: string;
  /**
   * An attempt found `sendingSince` still set: an earlier send got no answer and may have arrived.
   * Unlike `sendingSince` it stays after a later answer (a 429 proves only that that attempt made
   * nothing), so every later send of this message says it may be a repeat (issue 13).
   */
  mayRepeat?: true;
}

/** Where a signal's team card was posted (a delivered `signal.new` to Teams), for later card updates and thread replies. */
export interface CardPost {
  signaalpuntId: string;
  conversationId: string;
  activityId?: string;
}

export interface Outbox {
  enqueue(messages: OutboxMessage[]): Promise<void>;
  /** Pending messages whose time has come, oldest first. */
  due(now: Date, limit: number): Promise<OutboxMessage[]>;
  get(id: string): Promise<OutboxMessage | undefined>;
  findByKey(idempotencyKey: string): Promise<OutboxMessage | undefined>;
  markSent(id: string, at: Date, result?: OutboxMessage['result']): Promise<void>;
  /** Records on disk that a send is about to start (see `OutboxMessage.sendingSince`). */
  markSending(id: string, at: Date): Promise<void>;
  markRetry(id: string, nextAttemptAt: Date, errorCode: string): Promise<void>;
  markUndeliverable(id: string, errorCode: string): Promise<void>;
  /** Puts undeliverable messages for a signaalpunt back in the queue (after its link is fixed). */
  requeue(signaalpuntId: string, now: Date): Promise<number>;
  list(status?: OutboxStatus): Promise<OutboxMessage[]>;
  /** Where the team card of a signal was posted; still known after its sent messages are pruned. */
  cardPosts(signalId: string): Promise<CardPost[]>;
}

/**
 * Where a store keeps outbox messages written in the same atomic write as the change that made
 * them, until the relay has moved them into the outbox (ADR 0010). On PostgreSQL a change and its
 * outbox rows are one transaction: nothing waits, `pendingRelay()` is empty.
 */
export interface StagedMessages {
  /** Messages saved with a change that are not yet in the outbox (read-only; do not change them). */
  pendingRelay(): OutboxMessage[];
  /** The outbox has these messages now: remove them from staging. */
  relayed(ids: string[]): Promise<void>;
}

/** What one delivery attempt came to. */
export type DeliveryResult =
  | { ok: true; activityId?: string; conversationId?: string }
  | {
      ok: false;
      /** Stable code: HTTP_429, HTTP_403, NETWORK, TIMEOUT, NOT_LINKED, ... */
      code: string;
      retryable: boolean;
      /** From a Retry-After header. */
      retryAfterMs?: number;
      /** 403 MessageWritesBlocked / bot removed: the link is broken. */
      linkBroken?: boolean;
    };

/** Sends one outbox message to its target. Implementations: Teams, webhook, mail. */
export interface DeliveryChannel {
  deliver(message: OutboxMessage): Promise<DeliveryResult>;
}

/** What the worker needs to know about a route besides its handler. */
export interface RouteTraits {
  /** Goes through the Bot Connector: shares the app's Teams tenant limit and is classified by `ProactiveSender`. */
  teams: boolean;
  /**
   * Marked on disk (`sendingSince`) before the send: it makes something new in a chat (a thread, a
   * reply, a notice), so after a kill the next attempt must know it may be a repeat. A card update
   * replaces a card in place and costs no extra write; webhooks carry their own idempotency key.
   */
  marksSending: boolean;
  /** Goes through a signaalpunt's channel link: a new link can fix its failure (`Outbox.requeue`). */
  viaLink: boolean;
}

/**
 * Every way an outbox message is delivered, and the one table of what each means. The worker holds
 * one handler per route (`OutboxWorkerOptions.handlers`); `routeOf` is the only place that decides
 * a message's route, so a new kind of message gets one row here and one handler there.
 */
export const OUTBOX_ROUTES = {
  /** `signal.new` to a linked Teams channel: a new thread with the team card. */
  'teams.newThread': { teams: true, marksSending: true, viaLink: true },
  /** `signal.cardUpdate`: the team card updated in place wherever it was posted. */
  'teams.cardUpdate': { teams: true, marksSending: false, viaLink: true },
  /** `signal.threadReply`: a reply in the signal's thread (overdue, maximum age). */
  'teams.threadReply': { teams: true, marksSending: true, viaLink: true },
  /** `reporter.notify`: a short notice in the reporter's own chat. */
  'reporter.notice': { teams: true, marksSending: true, viaLink: false },
  /** `circle.*`: a call-circle message in a coordinator's or member's personal chat. */
  'circle.chat': { teams: true, marksSending: true, viaLink: false },
  /** `signal.new` to a signaalpunt's webhook. */
  webhook: { teams: false, marksSending: false, viaLink: false },
  /** `signal.new` to a signaalpunt's mailbox. */
  mail: { teams: false, marksSending: false, viaLink: false },
} as const satisfies Record<string, RouteTraits>;

export type OutboxRoute = keyof typeof OUTBOX_ROUTES;

/** The routes that go through the Bot Connector (Teams and Web Chat). */
export type TeamsRoute = { [R in OutboxRoute]: (typeof OUTBOX_ROUTES)[R]['teams'] extends true ? R : never }[OutboxRoute];
export const TEAMS_ROUTES = (Object.keys(OUTBOX_ROUTES) as OutboxRoute[]).filter((r): r is TeamsRoute => OUTBOX_ROUTES[r].teams);

/**
 * Which handler delivers a message: by its target, and for a signal's thread by its kind.
 * Undefined for a target this version does not know (a message written by a newer version).
 */
export function routeOf(m: Pick<OutboxMessage, 'kind' | 'target'>): OutboxRoute | undefined {
  switch (m.target.kind) {
    case 'teams':
      return 'teams.newThread';
    case 'teamsThread':
      return m.kind === 'signal.cardUpdate' ? 'teams.cardUpdate' : 'teams.threadReply';
    case 'reporter':
      return 'reporter.notice';
    case 'chat':
      return 'circle.chat';
    case 'webhook':
    case 'mail':
      return m.target.kind;
    default:
      return undefined;
  }
}

/** What a message's route means; nothing at all for a target this version does not know. */
export function routeTraits(m: Pick<OutboxMessage, 'kind' | 'target'>): RouteTraits {
  const route = routeOf(m);
  return route ? OUTBOX_ROUTES[route] : { teams: false, marksSending: false, viaLink: false };
}
