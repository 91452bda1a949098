import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fileLogWriter } from './log-file.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('log file', () => {
  it('makes its folder and appends lines', () => {
    const dir = mkdtempSync(join(tmpdir(), 'agent-log-'));
    dirs.push(dir);
    const file = join(dir, 'remote-help-agent', 'agent.log');
    const write = fileLogWriter(file);
    write('one\n');
    write('two\n');
    expect(readFileSync(file, 'utf8')).toBe('one\ntwo\n');
    // A second start appends to what is there.
    fileLogWriter(file)('three\n');
    expect(readFileSync(file, 'utf8')).toBe('one\ntwo\nthree\n');
  });

  it('keeps the previous file as .old when it would grow past the limit', () => {
    const dir = mkdtempSync(join(tmpdir(), 'agent-log-'));
    dirs.push(dir);
    const file = join(dir, 'agent.log');
    const write = fileLogWriter(file, 10);
    write('12345\n');
    write('67890\n');
    expect(readFileSync(`${file}.old`, 'utf8')).toBe('12345\n');
    expect(readFileSync(file, 'utf8')).toBe('67890\n');
    write('abcdef\n');
    expect(readFileSync(`${file}.old`, 'utf8')).toBe('67890\n');
    expect(existsSync(file)).toBe(true);
  });
});
