import { describe, expect, it } from 'vitest';
import { en } from '../i18n/catalogues/en.ts';
import { sharingTitleKey } from './sharing-indicator.ts';

describe('the sharing indication in the title', () => {
  it('says viewed in view only, controlled in full control, and nothing when nothing is shared', () => {
    expect(sharingTitleKey('view')).toBe('sharerStatus.titleViewed');
    expect(sharingTitleKey('control')).toBe('sharerStatus.titleControlled');
    expect(sharingTitleKey('none')).toBeUndefined();
  });

  it('keeps the page’s own title in both', () => {
    expect(en.sharerStatus.titleViewed).toContain('{{ title }}');
    expect(en.sharerStatus.titleControlled).toContain('{{ title }}');
  });
});
