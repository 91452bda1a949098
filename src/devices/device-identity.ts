/**
 * The enrolled device's identity (spec 5.1), kept by the installed app on this device: enrollment happens once, and
 * every later start proves the device with it. Only its id and name are ever shown; the secret goes to the server.
 */
import { type EnrolledDevice, enrolledDeviceSchema } from '@remote-help/protocol/devices';

const KEY = 'remote-help.device';

export interface DeviceIdentity {
  get(): EnrolledDevice | undefined;
  set(device: EnrolledDevice): void;
}

export function makeDeviceIdentity(storage: Pick<Storage, 'getItem' | 'setItem'> = localStorage): DeviceIdentity {
  return {
    get() {
      const raw = storage.getItem(KEY);
      if (!raw) return undefined;
      try {
        const parsed = enrolledDeviceSchema.safeParse(JSON.parse(raw));
        return parsed.success ? parsed.data : undefined;
      } catch {
        return undefined;
      }
    },
    set(device) {
      storage.setItem(KEY, JSON.stringify(device));
    },
  };
}

/** What the browser says of its operating system, for the device record. */
export function describeOs(nav: Navigator = navigator): string {
  const data = (nav as Navigator & { userAgentData?: { platform?: string } }).userAgentData;
  return (data?.platform || nav.platform || 'Unknown').slice(0, 100);
}
