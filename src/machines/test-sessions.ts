/** Sessions and identity cards for machine tests. */
import type { IdentityCard, Mode, Session } from '@remote-help/protocol/domain';

export const testCard = (id: string): IdentityCard => ({
  id,
  name: id,
  jobTitle: '',
  company: '',
  photo: 'data:image/svg+xml;base64,',
  domain: 'contoso.test',
  domainVerified: true,
});

export const testSession = (permittedModes: Mode[]): Session => ({
  id: 's1',
  helper: testCard('h'),
  sharer: testCard('s'),
  permittedModes,
  startedAt: '2026-01-01T00:00:00Z',
  chatDisabled: false,
  device: null,
});
