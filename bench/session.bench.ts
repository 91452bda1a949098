/**
 * Session benchmark: one process drives two browser contexts (helper and sharer) against one server on loopback,
 * through the app's real screens. Prints consent → first decoded frame, frame rate, chat round trip and bitrate.
 */
import { existsSync } from 'node:fs';
import { chromium, type Page } from '@playwright/test';
import { startXvfb, type Xvfb } from '../agent/test-support/xvfb.ts';
import { CHROMIUM_ARGS, CHROMIUM_BASE_ARGS, findChromium, NO_BROWSER_HELP } from '../e2e/browser-path.ts';
import { ROSTER } from '../tests/fixtures/roster.ts';
import { pair, signIn } from './support/bench-people.ts';
import { percentile, startServerProcess } from './support/server-process.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const CHAT_MESSAGES = Number(process.env.BENCH_CHAT_MESSAGES ?? 1000);

// In-page scripts are passed as text: the TypeScript runner would otherwise add helpers the page does not have.

/** Records in the page the wall-clock time of the first frame a newly shown video element presents. */
function watchFirstFrame(helper: Page): Promise<void> {
  return helper.evaluate(`(() => {
    window.firstFrameAt = undefined;
    new MutationObserver(() => {
      const v = document.querySelector('video');
      if (v && !v.dataset.watched) {
        v.dataset.watched = '1';
        v.requestVideoFrameCallback(() => { window.firstFrameAt ??= Date.now(); });
      }
    }).observe(document.body, { childList: true, subtree: true });
  })()`);
}

/** Sends chat messages through the app's own form and times each until the other side's acknowledgement shows. */
const CHAT_LOOP = `(async (count) => {
  const box = document.querySelector('#chat-message');
  const form = box.form;
  // The chat's own log, in the chat panel: the page also has the announcements log.
  const log = form.closest('section').querySelector('[role="log"]');
  const results = [];
  for (let i = 0; i < count; i++) {
    // Messages are the list items with a time; ours is delivered once the newest of them says so.
    const messages = () => log.getElementsByTagName('time').length;
    const before = messages();
    const delivered = () => (messages() > before && log.lastElementChild.textContent.endsWith('Delivered') ? before + 1 : before);
    const start = performance.now();
    box.value = 'ping ' + i;
    box.dispatchEvent(new Event('input', { bubbles: true }));
    form.requestSubmit();
    await new Promise((resolve) => {
      if (delivered() > before) return resolve();
      const observer = new MutationObserver(() => {
        if (delivered() > before) { observer.disconnect(); resolve(); }
      });
      observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    results.push(performance.now() - start);
  }
  return results;
})`;

/** Collects the page's peer connections, so the benchmark can read their statistics from outside the app. */
const COLLECT_PEER_CONNECTIONS = `(() => {
  const Original = window.RTCPeerConnection;
  window.peerConnections = [];
  window.RTCPeerConnection = function (...args) {
    const pc = new Original(...args);
    window.peerConnections.push(pc);
    return pc;
  };
  window.RTCPeerConnection.prototype = Original.prototype;
})()`;

const RECEIVED_VIDEO_BYTES = `(async () => {
  let bytes = 0;
  for (const pc of window.peerConnections) {
    if (pc.connectionState === 'closed') continue;
    (await pc.getStats()).forEach((s) => {
      if (s.type === 'inbound-rtp' && s.kind === 'video') bytes += s.bytesReceived;
    });
  }
  return bytes;
})()`;

/** A virtual X display, if Xvfb is installed, for a headful sharer whose entire screen does not change. */
async function startVirtualDisplay(): Promise<Xvfb | undefined> {
  return existsSync('/usr/bin/Xvfb') ? startXvfb(97, '1280x720x24') : undefined;
}

/**
 * Received video bitrate while the sharer's screen is still: the sharer's Chromium runs headful on a virtual display
 * showing the app, and shares that entire screen. Without Xvfb it falls back to the animated fake source.
 */
async function staticScreenBitrate(origin: string, executablePath: string): Promise<{ kbps: number; source: string }> {
  const display = await startVirtualDisplay();
  const helperBrowser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  const sharerBrowser = display
    ? await chromium.launch({
        executablePath,
        headless: false,
        env: { ...process.env, DISPLAY: display.display },
        args: [
          ...CHROMIUM_BASE_ARGS,
          '--auto-select-desktop-capture-source=Entire screen',
          '--window-position=0,0',
          '--window-size=1280,720',
        ],
      })
    : helperBrowser;
  try {
    const helper = await signIn(helperBrowser, origin, ROSTER.megan.email);
    await helper.addInitScript(COLLECT_PEER_CONNECTIONS);
    await helper.reload();
    await helper.getByRole('button', { name: 'Sign out' }).waitFor();
    const sharer = await signIn(sharerBrowser, origin, ROSTER.diego.email);
    await pair(helper, sharer);
    await helper.getByRole('button', { name: 'Request screen sharing' }).click();
    await sharer.getByRole('button', { name: 'Allow screen sharing' }).click();
    await helper.getByLabel('Screen of Diego Santos').waitFor();
    // Let the encoder settle on the picture first.
    await helper.waitForTimeout(3000);
    const b0 = (await helper.evaluate(RECEIVED_VIDEO_BYTES)) as number;
    const t0 = Date.now();
    await helper.waitForTimeout(5000);
    const b1 = (await helper.evaluate(RECEIVED_VIDEO_BYTES)) as number;
    const kbps = ((b1 - b0) * 8) / ((Date.now() - t0) / 1000) / 1000;
    return { kbps, source: display ? 'still 1280×720 Xvfb screen' : 'animated fake source: Xvfb not installed' };
  } finally {
    await helperBrowser.close();
    if (sharerBrowser !== helperBrowser) await sharerBrowser.close();
    await display?.stop();
  }
}

export async function sessionBenchmark(): Promise<void> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(NO_BROWSER_HELP);
  const server = await startServerProcess(8191, { RATE_LIMIT_PER_MINUTE: '100000' });
  const browser = await chromium.launch({
    executablePath,
    args: CHROMIUM_ARGS,
  });
  try {
    const helper = await signIn(browser, server.origin, ROSTER.alex.email);
    const sharer = await signIn(browser, server.origin, ROSTER.adele.email);
    await pair(helper, sharer);
    await helper.getByRole('button', { name: 'Request screen sharing' }).waitFor();

    const consentToFrame: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      await watchFirstFrame(helper);
      await helper.getByRole('button', { name: 'Request screen sharing' }).click();
      const allow = sharer.getByRole('button', { name: 'Allow screen sharing' });
      await allow.waitFor();
      const clickedAt = Date.now();
      await allow.click();
      let frameAt: number | undefined;
      for (let tries = 0; frameAt === undefined && tries < 1500; tries++) {
        frameAt = (await helper.evaluate('window.firstFrameAt')) as number | undefined;
        if (frameAt === undefined) await helper.waitForTimeout(20);
      }
      if (frameAt === undefined) throw new Error(`no frame arrived in 30 s (run ${run})`);
      consentToFrame.push(frameAt - clickedAt);
      if (run < RUNS - 1) {
        await sharer.getByRole('button', { name: 'Stop sharing' }).click();
        await helper.getByRole('button', { name: 'Request screen sharing' }).waitFor();
      }
    }
    consentToFrame.sort((a, b) => a - b);

    const video = helper.getByLabel('Screen of Adele Vance');
    const frames = () => video.evaluate((v) => (v as HTMLVideoElement).getVideoPlaybackQuality().totalVideoFrames);
    const width = () => video.evaluate((v) => (v as HTMLVideoElement).videoWidth);
    const f0 = await frames();
    const t0 = Date.now();
    await helper.waitForTimeout(5000);
    const fps = ((await frames()) - f0) / ((Date.now() - t0) / 1000);

    // Chat round trip through the app: type, send, wait until the sharer's acknowledgement marks it Delivered.
    const rtts = (await helper.evaluate(`${CHAT_LOOP}(${CHAT_MESSAGES})`)) as number[];
    rtts.sort((a, b) => a - b);

    console.log('\n## Session (two browser contexts, one server, loopback; fake screen source)');
    console.log(
      `consent → first frame median     ${percentile(consentToFrame, 50).toFixed(0)} ms   (target < 600 ms; ${RUNS} runs)`,
    );
    console.log(`consent → first frame p95        ${percentile(consentToFrame, 95).toFixed(0)} ms`);
    console.log(`frames per second over 5 s       ${fps.toFixed(1)}   (video ${await width()} px wide)`);
    console.log(
      `chat round trip p50              ${percentile(rtts, 50).toFixed(2)} ms   (${CHAT_MESSAGES} messages, video flowing)`,
    );
    console.log(`chat round trip p99              ${percentile(rtts, 99).toFixed(2)} ms   (target < 10 ms)`);
    // The still-screen measurement uses browsers of its own; this one stops first so it takes no CPU from them.
    await browser.close();
    const still = await staticScreenBitrate(server.origin, executablePath);
    console.log(
      `video bitrate, static screen     ${still.kbps.toFixed(0)} kbit/s   (target < 150 kbit/s; ${still.source})`,
    );
  } finally {
    await browser.close();
    await server.stop();
  }
}
