/** The devices part of the API (spec 3.2, 5.1, 5.2): enrollment, the device list, compliance and remote launch. */

import {
  type Device,
  type DeviceQuery,
  deviceListSchema,
  deviceSchema,
  type EnrolledDevice,
  type EnrollmentToken,
  enrolledDeviceSchema,
  enrollmentTokenSchema,
  type Launch,
  launchSchema,
} from '@remote-help/protocol/devices';
import type { Compliance, Session } from '@remote-help/protocol/domain';
import { redeemResponseSchema } from '@remote-help/protocol/pairing';
import type { DeviceIdentity } from '../devices/device-identity.ts';
import { ApiRequestError, request, type TokenSource } from './api-client.ts';

const path = (id: string) => `/api/devices/${encodeURIComponent(id)}`;

export function makeDeviceApi(token: TokenSource, identity: DeviceIdentity) {
  /** Answers to a launch prove this device; an app that is not enrolled cannot have been asked. */
  const credential = () => {
    const device = identity.get();
    if (!device) throw new ApiRequestError('launch_unknown', 'This device is not enrolled.');
    return { id: device.id, secret: device.secret };
  };
  return {
    createEnrollmentToken: (multiUse: boolean): Promise<EnrollmentToken> =>
      request(enrollmentTokenSchema, '/api/devices/enrollment-tokens', {
        method: 'POST',
        token,
        body: JSON.stringify({ multiUse }),
      }),
    /** Enrolls this device and keeps its identity. */
    enroll: async (enrollToken: string, name: string, os: string): Promise<EnrolledDevice> => {
      const device = await request(enrolledDeviceSchema, '/api/devices/enroll', {
        method: 'POST',
        token,
        body: JSON.stringify({ token: enrollToken, name, os }),
      });
      identity.set(device);
      return device;
    },
    list: async (query: DeviceQuery): Promise<Device[]> => {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) if (v) params.set(k, v);
      return (await request(deviceListSchema, `/api/devices?${params}`, { token })).devices;
    },
    get: (id: string): Promise<Device> => request(deviceSchema, path(id), { token }),
    setCompliance: async (id: string, compliance: Compliance): Promise<void> => {
      await request(undefined, `${path(id)}/compliance`, {
        method: 'PUT',
        token,
        body: JSON.stringify({ compliance }),
      });
    },
    launch: (id: string): Promise<Launch> => request(launchSchema, `${path(id)}/launch`, { method: 'POST', token }),
    acceptLaunch: async (launchId: string): Promise<Session> =>
      (
        await request(redeemResponseSchema, `/api/launches/${encodeURIComponent(launchId)}/accept`, {
          method: 'POST',
          token,
          body: JSON.stringify({ device: credential() }),
        })
      ).session,
    declineLaunch: async (launchId: string): Promise<void> => {
      await request(undefined, `/api/launches/${encodeURIComponent(launchId)}/decline`, {
        method: 'POST',
        token,
        body: JSON.stringify({ device: credential() }),
      });
    },
  };
}

export type DeviceApi = ReturnType<typeof makeDeviceApi>;
