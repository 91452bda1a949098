/** The seeded development directory of spec 2.3: two tenants, seven people, the built-in roles. */
import type { Permission } from '@remote-help/protocol/domain';

export interface SeedTenant {
  id: string;
  name: string;
  verifiedDomains: string[];
}
export interface SeedUser {
  id: string;
  tenantId: string;
  email: string;
  name: string;
  jobTitle: string;
  roles: string[];
}
export interface BuiltInRole {
  id: string;
  name: string;
  permissions: Permission[];
}

export const CONTOSO_ID = '6f0c2a51-3d7e-4c1b-9a0e-5b8f1e2d4c01';
export const FABRIKAM_ID = '9b4e7d22-8a15-4f36-b2c9-0d6a3e5f7b02';

export const SEED_TENANTS: SeedTenant[] = [
  { id: CONTOSO_ID, name: 'Contoso Ltd.', verifiedDomains: ['contoso.test'] },
  { id: FABRIKAM_ID, name: 'Fabrikam Inc.', verifiedDomains: ['fabrikam.test'] },
];

const operator: Permission[] = ['viewScreen', 'takeFullControl', 'launchSession', 'readDevices'];
export const BUILT_IN_ROLES: BuiltInRole[] = [
  { id: 'role-screen-viewer', name: 'Screen Viewer', permissions: ['viewScreen'] },
  { id: 'role-help-desk-operator', name: 'Help Desk Operator', permissions: operator },
  { id: 'role-help-desk-elevated', name: 'Help Desk Elevated', permissions: [...operator, 'elevation'] },
  {
    id: 'role-remote-help-administrator',
    name: 'Remote Help Administrator',
    permissions: ['manageRemoteHelp', 'readReports', 'readDevices'],
  },
];

export const SEED_USERS: SeedUser[] = [
  {
    id: 'a1e7c0de-0001-4000-8000-000000000001',
    tenantId: CONTOSO_ID,
    email: 'alex.helper@contoso.test',
    name: 'Alex Rivera',
    jobTitle: 'IT Support Engineer',
    roles: ['role-help-desk-operator'],
  },
  {
    id: 'a1e7c0de-0002-4000-8000-000000000002',
    tenantId: CONTOSO_ID,
    email: 'megan.elevated@contoso.test',
    name: 'Megan Brooks',
    jobTitle: 'Senior Support Engineer',
    roles: ['role-help-desk-elevated'],
  },
  {
    id: 'a1e7c0de-0003-4000-8000-000000000003',
    tenantId: CONTOSO_ID,
    email: 'lee.viewer@contoso.test',
    name: 'Lee Park',
    jobTitle: 'Service Desk Trainee',
    roles: ['role-screen-viewer'],
  },
  {
    id: 'a1e7c0de-0004-4000-8000-000000000004',
    tenantId: CONTOSO_ID,
    email: 'isaiah.admin@contoso.test',
    name: 'Isaiah Lang',
    jobTitle: 'IT Administrator',
    roles: ['role-remote-help-administrator'],
  },
  {
    id: 'a1e7c0de-0005-4000-8000-000000000005',
    tenantId: CONTOSO_ID,
    email: 'adele.sharer@contoso.test',
    name: 'Adele Vance',
    jobTitle: 'Retail Manager',
    roles: [],
  },
  {
    id: 'a1e7c0de-0006-4000-8000-000000000006',
    tenantId: CONTOSO_ID,
    email: 'diego.sharer@contoso.test',
    name: 'Diego Santos',
    jobTitle: 'HR Manager',
    roles: [],
  },
  {
    id: 'a1e7c0de-0007-4000-8000-000000000007',
    tenantId: FABRIKAM_ID,
    email: 'pat.outsider@fabrikam.test',
    name: 'Pat Kim',
    jobTitle: 'Consultant',
    roles: [],
  },
];
