/**
 * Input latency of full control (spec 6): the helper's pointer event → the event seen by a page on the sharer's real
 * (virtual) display, through the app, the data channel, the sharer's page, the agent and X. Also the agent's own
 * injection time. Needs Xvfb; prints what it could not measure otherwise.
 */
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { X11Backend } from '../agent/src/backends/x11.ts';
import { measureInjectionTiming } from '../agent/src/injection-timing.ts';
import { startXvfb } from '../agent/test-support/xvfb.ts';
import { CHROMIUM_ARGS, findChromium } from '../e2e/browser-path.ts';
import { SCREEN, startDesktop } from '../e2e/desktop.ts';
import { ROSTER } from '../tests/fixtures/roster.ts';
import { pair, signIn } from './support/bench-people.ts';
import { percentile, startServerProcess } from './support/server-process.ts';

const EVENTS = Number(process.env.BENCH_INPUT_EVENTS ?? 500);
const AGENT_PORT = 47702;

const RECORD_MOVES = `(() => {
  window.__moves = [];
  document.addEventListener('pointermove', (e) => window.__moves.push(performance.timeOrigin + performance.now()), true);
})()`;

async function agentInjection(): Promise<void> {
  const xvfb = await startXvfb(96);
  const backend = await X11Backend.open({ display: xvfb.display });
  try {
    const timing = await measureInjectionTiming(backend, 1000);
    console.log(
      `  agent injection (XTest on Xvfb, 1000 each): pointer move median ${timing.pointerMove.medianMs.toFixed(3)} ms, p99 ${timing.pointerMove.p99Ms.toFixed(3)} ms; key press median ${timing.keyPress.medianMs.toFixed(3)} ms, p99 ${timing.keyPress.p99Ms.toFixed(3)} ms`,
    );
  } finally {
    await backend.close();
    await xvfb.stop();
  }
}

export async function inputBenchmark(): Promise<void> {
  console.log('\n# Full-control input (helper headless, sharer headful on Xvfb, agent, loopback)');
  if (!existsSync('/usr/bin/Xvfb')) {
    console.log('  not measured: Xvfb is not installed');
    return;
  }
  await agentInjection();

  const server = await startServerProcess(8193, { AGENT_PORT: String(AGENT_PORT), RATE_LIMIT_PER_MINUTE: '100000' });
  const desktop = await startDesktop(97, server.origin, AGENT_PORT);
  const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
  try {
    // A tall window, so the whole shared screen is in view without scrolling.
    const helper = await signIn(browser, server.origin, ROSTER.alex.email, { width: 1280, height: 1000 });
    const sharer = await signIn(desktop.browser, server.origin, ROSTER.diego.email);
    await pair(helper, sharer);
    await sharer.getByText('Control agent: connected').waitFor();

    const target = await sharer.context().newPage();
    await target.setContent('<body style="margin:0;height:100vh;background:#fff"></body>');
    await target.evaluate(RECORD_MOVES);
    await helper.getByRole('button', { name: 'Request full control' }).click();
    await sharer.getByRole('button', { name: 'Allow full control' }).click();
    await helper.getByText('Mode: Full control').waitFor();
    const surface = helper.getByLabel('Control the screen of Diego Santos');
    await surface.waitFor();
    // Positions are taken from the picture, so it must be showing.
    await helper.waitForFunction(`document.querySelector('video')?.getVideoPlaybackQuality().totalVideoFrames > 0`);
    await helper.evaluate(RECORD_MOVES);
    await surface.scrollIntoViewIfNeeded();
    const box = await surface.boundingBox();
    if (!box) throw new Error('no screen to control');

    for (let i = 0; i < EVENTS; i += 1) {
      // Alternate between two places so that every move is a real change of position on the sharer's screen.
      const x = box.x + box.width * (i % 2 ? 0.3 : 0.6);
      const y = box.y + box.height * 0.5;
      await helper.mouse.move(x, y);
      const want = i + 1;
      await target.waitForFunction(`window.__moves.length >= ${want}`, undefined, { polling: 'raf' });
    }
    const sent = (await helper.evaluate('window.__moves')) as number[];
    const seen = (await target.evaluate('window.__moves')) as number[];
    const latencies = seen.slice(0, EVENTS).map((t, i) => t - (sent[i] ?? t));
    const sorted = [...latencies].sort((a, b) => a - b);
    console.log(
      `  helper pointer event → seen by a page on the sharer's display (${EVENTS} moves, screen ${SCREEN.width}×${SCREEN.height}): median ${percentile(sorted, 0.5).toFixed(1)} ms, p99 ${percentile(sorted, 0.99).toFixed(1)} ms (target p99 < 10 ms: ${percentile(sorted, 0.99) < 10 ? 'met' : 'NOT met'}); moves are sent at most once per 16 ms`,
    );
  } finally {
    await browser.close();
    await desktop.close();
    await server.stop();
  }
}
