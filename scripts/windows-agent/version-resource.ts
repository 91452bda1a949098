/**
 * Gives the Windows program its own identity: a version resource (what Explorer's Details tab, Intune's file
 * detection rule and `(Get-Item …).VersionInfo` read) and the app's icon, in place of node.exe's. node.exe's
 * Authenticode signature is dropped: it would no longer match; sign the finished program in your release
 * pipeline (signtool or osslsigncode) if your devices require it.
 */
import { Data, NtExecutable, NtExecutableResource, Resource } from 'resedit';

export interface ProgramIdentity {
  /** x.y.z from agent/package.json. */
  version: string;
  description: string;
  productName: string;
  originalFilename: string;
  /** An icon as PNG bytes (at most 256×256), stored as a PNG-compressed icon. */
  iconPng?: { bytes: Buffer; width: number; height: number };
}

const LANG_EN_US = 1033;
const CODEPAGE_UNICODE = 1200;
const MAIN_ICON_GROUP = 1;

function versionParts(version: string): [number, number, number, number] {
  const match = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!match) throw new Error(`not a version: ${version}`);
  return [Number(match[1]), Number(match[2]), Number(match[3]), 0];
}

export function withIdentity(executable: Buffer, identity: ProgramIdentity): Buffer {
  const exe = NtExecutable.from(executable, { ignoreCert: true });
  const resources = NtExecutableResource.from(exe);
  // node.exe's own version block names Node.js: replaced, not amended.
  resources.entries = resources.entries.filter((entry) => entry.type !== 16);
  const info = Resource.VersionInfo.createEmpty();
  info.lang = LANG_EN_US;
  const [major, minor, patch, build] = versionParts(identity.version);
  info.setFileVersion(major, minor, patch, build, LANG_EN_US);
  info.setProductVersion(major, minor, patch, build, LANG_EN_US);
  const dotted = `${major}.${minor}.${patch}.${build}`;
  info.setStringValues(
    { lang: LANG_EN_US, codepage: CODEPAGE_UNICODE },
    {
      FileDescription: identity.description,
      ProductName: identity.productName,
      OriginalFilename: identity.originalFilename,
      InternalName: identity.originalFilename.replace(/\.exe$/i, ''),
      FileVersion: dotted,
      ProductVersion: identity.version,
    },
  );
  info.outputToResourceEntries(resources.entries);
  if (identity.iconPng) {
    const { bytes, width, height } = identity.iconPng;
    const icon = Data.RawIconItem.from(bytes, width, height, 32);
    const groups = Resource.IconGroupEntry.fromEntries(resources.entries);
    const groupId = groups[0]?.id ?? MAIN_ICON_GROUP;
    const lang = groups[0]?.lang ?? LANG_EN_US;
    Resource.IconGroupEntry.replaceIconsForResource(resources.entries, groupId, lang, [icon]);
  }
  resources.outputResource(exe);
  return Buffer.from(exe.generate());
}

/** The program without its Authenticode signature, which any change would break (postject warns about it). */
export function withoutSignature(executable: Buffer): Buffer {
  return Buffer.from(NtExecutable.from(executable, { ignoreCert: true }).generate());
}

/** The version strings back from a program, to check a build (and for tests). */
export function readIdentity(executable: Buffer): { fileVersion: string; productVersion: string; description: string } {
  const exe = NtExecutable.from(executable, { ignoreCert: true });
  const [info] = Resource.VersionInfo.fromEntries(NtExecutableResource.from(exe).entries);
  if (!info) throw new Error('no version resource');
  const strings = info.getStringValues({ lang: LANG_EN_US, codepage: CODEPAGE_UNICODE });
  const f = info.fixedInfo;
  const high = (n: number) => Math.floor(n / 0x10000);
  const low = (n: number) => n % 0x10000;
  return {
    fileVersion: `${high(f.fileVersionMS)}.${low(f.fileVersionMS)}.${high(f.fileVersionLS)}.${low(f.fileVersionLS)}`,
    productVersion: strings.ProductVersion ?? '',
    description: strings.FileDescription ?? '',
  };
}
