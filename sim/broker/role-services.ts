// Which services run in which role, and the two role transitions (§4.4):
// a master runs the schedule service (and, classic, the HA master side); a
// slave runs SlaveSynchronize (and, classic, the HA client). changeToSlave
// and changeToMaster switch them, set brokerId and role, and register with
// every NameServer oneway (no result used).
// Models [R4 BC] changeToSlave / changeToMaster / handleSlaveSynchronize.
import type { BrokerCore } from './broker-core.js';
import type { HaMaster } from './ha-master.js';
import type { HaSlave } from './ha-slave.js';
import type { RegisterService } from './register-service.js';
import type { ScheduleService } from './schedule-service.js';
import type { SendProcessor } from './send-processor.js';
import type { SlaveSynchronize } from './slave-sync.js';

export interface RoleDeps {
  readonly register: RegisterService;
  readonly send: SendProcessor;
  readonly schedule: ScheduleService;
  readonly slaveSync: SlaveSynchronize;
  readonly haMaster: HaMaster;
  readonly haSlave: HaSlave;
}

export class BrokerRoleServices {
  constructor(
    private readonly core: BrokerCore,
    private readonly d: RoleDeps,
  ) {}

  /** Classic mode at start: the configured role's services. */
  applyClassicRole(): void {
    const core = this.core;
    core.emit({
      kind: 'broker.role',
      broker: core.name,
      brokerName: core.config.brokerName,
      brokerId: core.brokerId,
      role: core.role,
      reason: 'configured (classic master/slave, no automatic failover)',
    });
    if (core.role === 'SLAVE') {
      this.d.haSlave.start();
      this.d.slaveSync.start();
    } else {
      this.d.haMaster.start();
      this.d.schedule.start();
    }
  }

  /** [R4 BC changeToSlave]: id, role SLAVE, schedule off, SlaveSynchronize on, oneway registration. */
  changeToSlave(brokerId: number, reason: string): void {
    this.d.schedule.stop();
    this.core.setRole(brokerId, 'SLAVE', reason);
    // [R4 BC handleSlaveSynchronize]: cancel the sync task, forget the master (it is learned again from
    // the next registration result), and reschedule (3 s, then every 10 s): no syncing from an old leader.
    this.d.slaveSync.stop();
    this.core.masterAddr = null;
    this.d.slaveSync.start();
    this.d.register.registerOneway();
  }

  /** [R4 BC changeToMaster]: SlaveSynchronize off, schedule on, id 0, SYNC_MASTER, oneway registration. */
  changeToMaster(reason: string): void {
    this.d.slaveSync.stop();
    this.core.masterAddr = null;
    this.d.schedule.start();
    this.core.setRole(0, 'SYNC_MASTER', reason);
    this.d.register.registerOneway();
  }
}
