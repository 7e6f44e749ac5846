import type { CircleUseCaseDeps } from './circle-access';
import { CircleAdministration } from './circle-admin';
import { CircleRounds } from './circle-rounds';
import type { CirclesPort } from './circles.types';

export type { CircleUseCaseDeps } from './circle-access';

/**
 * The call-circle use cases as the dialogs call them, one port: the administration
 * (./circle-admin.ts) and today's round (./circle-rounds.ts). Personal data stays in the store
 * and the returned views; logs get ids.
 */
export class Circles implements CirclesPort {
  private readonly admin: CircleAdministration;
  private readonly rounds: CircleRounds;

  constructor(deps: CircleUseCaseDeps) {
    this.admin = new CircleAdministration(deps);
    this.rounds = new CircleRounds(deps);
  }

  create(...args: Parameters<CirclesPort['create']>) {
    return this.admin.create(...args);
  }
  listFor(...args: Parameters<CirclesPort['listFor']>) {
    return this.admin.listFor(...args);
  }
  view(...args: Parameters<CirclesPort['view']>) {
    return this.admin.view(...args);
  }
  edit(...args: Parameters<CirclesPort['edit']>) {
    return this.admin.edit(...args);
  }
  remove(...args: Parameters<CirclesPort['remove']>) {
    return this.admin.remove(...args);
  }
  invite(...args: Parameters<CirclesPort['invite']>) {
    return this.admin.invite(...args);
  }
  join(...args: Parameters<CirclesPort['join']>) {
    return this.admin.join(...args);
  }
  decideCoordinator(...args: Parameters<CirclesPort['decideCoordinator']>) {
    return this.admin.decideCoordinator(...args);
  }
  memberToday(...args: Parameters<CirclesPort['memberToday']>) {
    return this.rounds.memberToday(...args);
  }
  checkIn(...args: Parameters<CirclesPort['checkIn']>) {
    return this.rounds.checkIn(...args);
  }
  reportNotReached(...args: Parameters<CirclesPort['reportNotReached']>) {
    return this.rounds.reportNotReached(...args);
  }
  closeRound(...args: Parameters<CirclesPort['closeRound']>) {
    return this.rounds.closeRound(...args);
  }
  alertNotice(...args: Parameters<CirclesPort['alertNotice']>) {
    return this.rounds.alertNotice(...args);
  }
  acknowledge(...args: Parameters<CirclesPort['acknowledge']>) {
    return this.rounds.acknowledge(...args);
  }
  resolve(...args: Parameters<CirclesPort['resolve']>) {
    return this.rounds.resolve(...args);
  }
}
