/** The devices part of the API (spec 3.2, 5.1, 5.2): enrollment, the device list, compliance and remote launch. */
import type { Device, DeviceQuery, EnrolledDevice, EnrollmentToken, Launch } from '@remote-help/protocol/devices';
import type { Compliance, Session } from '@remote-help/protocol/domain';
import { HTTP_API } from '@remote-help/protocol/http-api';
import type { DeviceIdentity } from '../devices/device-identity.ts';
import { ApiRequestError, call, type TokenSource } from './http-call.ts';

const API = HTTP_API.devices;

export function makeDeviceApi(token: TokenSource, identity: DeviceIdentity) {
  /** Answers to a launch prove this device; an app that is not enrolled cannot have been asked. */
  const credential = () => {
    const device = identity.get();
    if (!device) throw new ApiRequestError('launch_unknown', 'This device is not enrolled.');
    return { id: device.id, secret: device.secret };
  };
  return {
    createEnrollmentToken: (multiUse: boolean): Promise<EnrollmentToken> =>
      call(API.createEnrollmentToken, { body: { multiUse } }, token),
    /** Enrolls this device and keeps its identity. */
    enroll: async (enrollToken: string, name: string, os: string): Promise<EnrolledDevice> => {
      const device = await call(API.enroll, { body: { token: enrollToken, name, os } }, token);
      identity.set(device);
      return device;
    },
    list: async (query: DeviceQuery): Promise<Device[]> => (await call(API.list, { query }, token)).devices,
    get: (id: string): Promise<Device> => call(API.get, { params: { id } }, token),
    setCompliance: (id: string, compliance: Compliance): Promise<void> =>
      call(API.setCompliance, { params: { id }, body: { compliance } }, token),
    launch: (id: string): Promise<Launch> => call(API.launch, { params: { id } }, token),
    acceptLaunch: async (launchId: string): Promise<Session> =>
      (await call(API.acceptLaunch, { params: { id: launchId }, body: { device: credential() } }, token)).session,
    declineLaunch: (launchId: string): Promise<void> =>
      call(API.declineLaunch, { params: { id: launchId }, body: { device: credential() } }, token),
  };
}

export type DeviceApi = ReturnType<typeof makeDeviceApi>;
