import type { Runtime } from './runtime';

/** The battery and network a phone reports with its heartbeat. */
export interface PhoneVitals {
  /** Percent, 0..100. */
  batteryLevel: number;
  charging: boolean;
}

/** What a {@link PhoneHeartbeat} reads of its phone and tells its gateway layer. */
export interface HeartbeatHost {
  isOnline(): boolean;
  isDozing(): boolean;
  lastSeenAt(): number;
  hooks: {
    ping?(vitals: PhoneVitals): void;
    heartbeatChanged?(beating: boolean, at: number, lastSeen: number): void;
  };
}

/**
 * A phone's heartbeat: sms-gate's `system:ping` every `pingIntervalMs` of sim time while online and awake, carrying
 * the battery and network as the app's health checks do; and the fault of a heartbeat that stops (the app killed by
 * a battery saver, say) while the phone stays online. httpSMS's server notices a stopped heartbeat itself and says so
 * (`phone.heartbeat.offline` / `.online`, fired here at once rather than after the server's own check interval).
 */
export class PhoneHeartbeat {
  private beating = true;
  private vitals: PhoneVitals = { batteryLevel: 87, charging: false };

  constructor(
    private readonly rt: Runtime,
    private readonly host: HeartbeatHost,
  ) {}

  /** Whether the heartbeat runs. */
  isBeating(): boolean {
    return this.beating;
  }

  /** Stop (`false`) or restart the heartbeat. */
  setBeating(beating: boolean): void {
    if (beating === this.beating) return;
    this.beating = beating;
    this.host.hooks.heartbeatChanged?.(beating, this.rt.now(), this.host.lastSeenAt());
  }

  /** Set what the next pings report. */
  setVitals(v: Partial<PhoneVitals>): void {
    this.vitals = { ...this.vitals, ...v };
  }

  /** The loop of pings, until the runtime closes. */
  async loop(): Promise<void> {
    while (await this.rt.sleep(this.rt.timing.pingIntervalMs)) {
      if (this.beating && this.host.isOnline() && !this.host.isDozing()) this.host.hooks.ping?.({ ...this.vitals });
    }
  }
}

/** The `payload` of an sms-gate `system:ping`: the app's health document (docs features/health.md). */
export function smsGatePingPayload(v: PhoneVitals): Record<string, unknown> {
  const check = (description: string, observedUnit: string, observedValue: number, status = 'pass') => ({
    description,
    observedUnit,
    observedValue,
    status,
  });
  return {
    health: {
      checks: {
        'messages:failed': check('Failed messages for last hour', 'messages', 0),
        'connection:status': check('Internet connection status', 'Yes/No', 1),
        'connection:transport': check('Network transport type', 'flags', 2),
        'connection:cellular': check('Cellular network type', 'index', 4),
        'battery:level': check(
          'Battery level in percent',
          'percent',
          v.batteryLevel,
          v.batteryLevel < 10 ? 'fail' : v.batteryLevel < 25 ? 'warn' : 'pass',
        ),
        'battery:charging': check('Is the phone charging?', 'flags', v.charging ? 5 : 0),
      },
      releaseId: 1,
      status: 'pass',
      version: '1.0.0',
    },
  };
}
