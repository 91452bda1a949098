/**
 * The sharer's side of control: takes the helper's input from the control channel and hands it to the agent only
 * while this page's session machine is in full control — the page's own consent check, on top of the agent's. It
 * keeps the agent told of the mode at once (so switching to view only stops input already on its way), fetches the
 * server's grant when the sharer allows full control or elevation, and renews it before it expires.
 */
import type { AgentClientMessage } from '@remote-help/protocol/agent';
import type { AgentCapabilities, ControlChannelMessage } from '@remote-help/protocol/peer-channels';
import { type Accessor, createSignal } from 'solid-js';
import { agentCapabilitiesOf } from '../agent/agent-capabilities.ts';
import type { AgentLink, AgentStatus } from '../agent/agent-link.ts';
import { recordDiagnostic } from '../diagnostics/diagnostics-log.ts';
import type { ApiClient } from '../net/api-client.ts';

interface MachineView {
  mode: 'none' | 'view' | 'control';
  elevation: 'none' | 'requested' | 'granted';
  done: boolean;
}

/** What the session machine hears from control: whether the agent can take input, and that elevation was used. */
export type SharerControlEvent = { type: 'agent.status'; ready: boolean } | { type: 'agent.elevatedUsed' };

export interface SharerControl {
  /** Every event for the session machine; the agent's current readiness first. */
  onEvent(listener: (event: SharerControlEvent) => void): () => void;
  /** A message from the helper's control channel (already validated). */
  receive(message: ControlChannelMessage): void;
  /** The session machine's current state, after each change. */
  update(view: MachineView): void;
  /** Runs the agent's sign-out for this session; resolves once the agent reports it done. */
  signOut(): Promise<void>;
  /** The picture now shared (undefined when none): the agent learns its size, to know which monitor it shows. */
  setCapture(stream: MediaStream | undefined): void;
  laser: Accessor<{ x: number; y: number } | undefined>;
  agentStatus: Accessor<AgentStatus>;
  /** What the agent can reach beyond ordinary windows; null while unknown. */
  agentCapabilities: Accessor<AgentCapabilities | null>;
  dispose(): void;
}

type CaptureSize = Extract<AgentClientMessage, { type: 'agent.capture' }>['size'];

function captureSizeOf(stream: MediaStream | undefined): CaptureSize {
  const settings = stream?.getVideoTracks()[0]?.getSettings();
  if (!settings?.width || !settings.height) return null;
  return { width: Math.round(settings.width), height: Math.round(settings.height) };
}

const SIGN_OUT_TIMEOUT_MS = 15_000;

export function createSharerControl(deps: { sessionId: string; agent: AgentLink; api: ApiClient }): SharerControl {
  const { sessionId, agent, api } = deps;
  const listeners = new Set<(event: SharerControlEvent) => void>();
  const emit = (event: SharerControlEvent) => {
    for (const l of listeners) l(event);
  };
  const [laser, setLaser] = createSignal<{ x: number; y: number }>();
  const [agentStatus, setAgentStatus] = createSignal<AgentStatus>(agent.status());
  let view: MachineView = { mode: 'none', elevation: 'none', done: false };
  let grantedModes = '';
  let renewTimer: ReturnType<typeof setTimeout> | undefined;
  let pendingSignOut: { resolve: () => void; reject: (e: Error) => void } | undefined;
  let captureSize: CaptureSize = null;
  const sendCapture = () => agent.send({ type: 'agent.capture', size: captureSize });

  const modesWanted = (): ('control' | 'elevation')[] =>
    view.elevation === 'granted' ? ['control', 'elevation'] : ['control'];

  async function grant(): Promise<void> {
    const status = agent.status();
    if (status.kind !== 'connected' || view.mode !== 'control') return;
    const modes = modesWanted();
    grantedModes = modes.join(' ');
    try {
      const { token, expiresAt } = await api.agentGrant(sessionId, status.info.device, modes);
      if (view.mode !== 'control') return;
      agent.send({ type: 'agent.grant', token });
      clearTimeout(renewTimer);
      // Renew at four fifths of its life, so input never meets an expired grant.
      const life = Date.parse(expiresAt) - Date.now();
      renewTimer = setTimeout(() => void grant(), Math.max(5_000, life * 0.8));
    } catch (error) {
      grantedModes = '';
      recordDiagnostic('agent.grant_failed', { code: (error as { code?: string }).code ?? 'unknown' });
    }
  }

  const sendMode = () => agent.send({ type: 'agent.mode', sessionId, mode: view.mode });

  const offStatus = agent.onStatus((status) => {
    setAgentStatus(status);
    emit({ type: 'agent.status', ready: status.kind === 'connected' });
    if (status.kind === 'connected' && captureSize) sendCapture();
    if (status.kind === 'connected' && view.mode === 'control') {
      grantedModes = '';
      sendMode();
      void grant();
    }
  });

  const offMessages = agent.onMessage((message) => {
    if (message.type === 'agent.elevatedUsed' && message.sessionId === sessionId) emit({ type: 'agent.elevatedUsed' });
    if (message.type === 'agent.signedOut' && message.sessionId === sessionId) {
      pendingSignOut?.resolve();
      pendingSignOut = undefined;
    }
    if (message.type === 'agent.error' && message.code === 'sign_out_failed') {
      pendingSignOut?.reject(new Error(message.message));
      pendingSignOut = undefined;
    }
  });

  return {
    onEvent(listener) {
      listeners.add(listener);
      listener({ type: 'agent.status', ready: agent.status().kind === 'connected' });
      return () => {
        listeners.delete(listener);
      };
    },
    receive(message) {
      if (message.type === 'control.input') {
        // Consent lives here: outside full control nothing the helper sends reaches the agent.
        if (view.mode !== 'control') return;
        agent.send({ type: 'agent.input', sessionId, seq: message.seq, event: message.event });
      } else if (message.type === 'laser.move') {
        setLaser({ x: message.x, y: message.y });
        agent.send({ type: 'agent.laser', sessionId, x: message.x, y: message.y, visible: true });
      } else {
        setLaser(undefined);
        agent.send({ type: 'agent.laser', sessionId, x: 0, y: 0, visible: false });
      }
    },
    update(next) {
      const before = view;
      view = next;
      if (next.done) {
        if (!before.done) agent.send({ type: 'agent.end', sessionId });
        clearTimeout(renewTimer);
        setLaser(undefined);
        return;
      }
      if (next.mode !== before.mode) sendMode();
      if (next.mode !== 'control') {
        clearTimeout(renewTimer);
        grantedModes = '';
        return;
      }
      if (modesWanted().join(' ') !== grantedModes) void grant();
    },
    signOut() {
      return new Promise<void>((resolve, reject) => {
        if (!agent.send({ type: 'agent.signOut', sessionId })) {
          reject(new Error('The control agent is not connected.'));
          return;
        }
        const timer = setTimeout(() => reject(new Error('The control agent did not answer.')), SIGN_OUT_TIMEOUT_MS);
        pendingSignOut = {
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
          reject: (e) => {
            clearTimeout(timer);
            reject(e);
          },
        };
      });
    },
    setCapture(stream) {
      captureSize = captureSizeOf(stream);
      sendCapture();
    },
    laser,
    agentStatus,
    agentCapabilities: () => agentCapabilitiesOf(agentStatus()),
    dispose() {
      clearTimeout(renewTimer);
      offStatus();
      offMessages();
      listeners.clear();
    },
  };
}
