/**
 * Handles the messages of the page connected to the agent: every frame is checked (size, JSON, schema) before
 * anything else, then dispatched. Input goes through the gate just before it is applied, in order, via the
 * server's single queue; anything refused is answered with `agent.error` and logged.
 */
import {
  type AgentClientMessage,
  type AgentErrorCode,
  type AgentServerMessage,
  agentClientMessageSchema,
  MAX_AGENT_MESSAGE_BYTES,
} from '@remote-help/protocol/agent';
import type { RawData } from 'ws';
import { applyEvent } from './apply-event.ts';
import { type InputBackend, NotPossibleError } from './backends/backend.ts';
import type { GrantMemory } from './grant-memory.ts';
import type { GrantVerifier } from './grant-verifier.ts';
import type { InputGate } from './input-gate.ts';
import type { SerialQueue } from './input-queue.ts';
import type { AgentLog } from './log.ts';
import type { SignOut } from './sign-out.ts';

export interface AgentContext {
  gate: InputGate;
  grants: GrantMemory;
  queue: SerialQueue;
  verifyGrant: GrantVerifier;
  backend: InputBackend;
  /** null when no sign-out is configured or its program is missing. */
  signOut: SignOut | null;
  deviceId: string;
  version: string;
  log: AgentLog;
  now: () => number;
}

type InputMessage = Extract<AgentClientMessage, { type: 'agent.input' }>;

/** The protocol caps messages at 500 characters. */
function messageText(text: string): string {
  return text.length > 500 ? `${text.slice(0, 497)}...` : text;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/** The seq of an input event that failed validation, so the page can still tell which one it was. */
function seqOf(value: unknown): number | undefined {
  if (typeof value !== 'object' || value === null || !('seq' in value)) return undefined;
  const seq = value.seq;
  return typeof seq === 'number' && Number.isInteger(seq) && seq >= 0 ? seq : undefined;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

type ParsedFrame = { ok: true; message: AgentClientMessage } | { ok: false; reason: string; seq?: number };

/** Size, then JSON, then the schema: nothing unchecked gets further than this. */
function parseFrame(data: RawData, isBinary: boolean): ParsedFrame {
  const bytes = toBuffer(data);
  if (isBinary) return { ok: false, reason: 'Messages must be JSON text frames.' };
  if (bytes.byteLength > MAX_AGENT_MESSAGE_BYTES) {
    return { ok: false, reason: `Message too large (limit ${MAX_AGENT_MESSAGE_BYTES} bytes).` };
  }
  const json = parseJson(bytes.toString('utf8'));
  if (!json.ok) return { ok: false, reason: 'Message is not JSON.' };
  const parsed = agentClientMessageSchema.safeParse(json.value);
  if (parsed.success) return { ok: true, message: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? ` at ${issue.path.map(String).join('.')}` : '';
  return { ok: false, reason: `Message is not valid${where}: ${issue?.message ?? 'unknown'}.`, seq: seqOf(json.value) };
}

export class AgentConnection {
  private closed = false;

  constructor(
    private readonly ctx: AgentContext,
    private readonly send: (message: AgentServerMessage) => void,
  ) {}

  handleFrame(data: RawData, isBinary: boolean): void {
    if (this.closed) return;
    const frame = parseFrame(data, isBinary);
    if (!frame.ok) {
      this.refuse('invalid_message', frame.reason, frame.seq);
      return;
    }
    try {
      this.handle(frame.message);
    } catch (e) {
      // A failing backend (say, the X server went away) must not take the agent down with an uncaught error.
      this.refuse('injection_failed', errorText(e));
    }
  }

  /** The page went away: nothing more is sent, and whatever it held down is let go. */
  close(): void {
    this.closed = true;
    this.releaseInput();
  }

  private handle(message: AgentClientMessage): void {
    switch (message.type) {
      case 'agent.hello':
        this.send(this.info());
        break;
      case 'agent.grant':
        // Queued, so input sent right after the grant waits for it to be checked rather than being refused.
        this.enqueue(() => this.acceptGrant(message.token));
        break;
      case 'agent.mode':
        // Applied at once, not queued: events already waiting are then checked against the new mode.
        this.ctx.gate.setMode(message.sessionId, message.mode);
        if (message.mode !== 'control') this.releaseInput();
        break;
      case 'agent.input':
        this.enqueueInput(message);
        break;
      case 'agent.laser':
        // Validated by the schema; drawing the pointer over the desktop is a later step.
        break;
      case 'agent.signOut':
        this.enqueue(() => this.runSignOut(message.sessionId));
        break;
      case 'agent.end':
        // Remembered, so no grant for it — not even one never handed over — is accepted again.
        this.ctx.grants.sessionEnded(message.sessionId, this.ctx.now());
        if (this.ctx.gate.end(message.sessionId)) this.ctx.log.info(`grant for session ${message.sessionId} ended`);
        this.releaseInput();
        break;
      case 'agent.capture':
        // Only says which part of the desktop positions refer to; it applies no input, so it needs no grant.
        this.ctx.backend.useCaptureSize(message.size);
        break;
    }
  }

  private info(): AgentServerMessage {
    return {
      type: 'agent.info',
      version: this.ctx.version,
      device: this.ctx.deviceId,
      backend: this.ctx.backend.name,
      screen: this.ctx.backend.screenSize(),
      canSignOut: this.ctx.signOut !== null,
      capabilities: this.ctx.backend.capabilities,
    };
  }

  private enqueue(run: () => Promise<void>, seq?: number, coalescible = false): void {
    if (!this.ctx.queue.push({ run, coalescible })) {
      this.refuse('injection_failed', 'Too many events are waiting; this one was dropped.', seq);
    }
  }

  private enqueueInput(message: InputMessage): void {
    this.enqueue(() => this.applyInput(message), message.seq, message.event.type === 'pointer.move');
  }

  /** Queued behind any waiting input, so a key-down already queued is released too. */
  private releaseInput(): void {
    this.ctx.queue.push({ essential: true, run: () => this.ctx.backend.releaseAll() });
  }

  private async acceptGrant(token: string): Promise<void> {
    const result = await this.ctx.verifyGrant(token);
    if (!result.ok) return this.refuse(result.code, result.reason);
    const { grant } = result;
    const fresh = this.ctx.grants.check(grant, this.ctx.now());
    if (!fresh.ok) return this.refuse(fresh.code, `${fresh.reason} (grant ${grant.grantId})`);
    this.ctx.grants.accepted(grant, this.ctx.now());
    this.ctx.gate.setGrant(grant);
    const expiresAt = new Date(grant.expiresAt).toISOString();
    this.ctx.log.info(
      `grant ${grant.grantId} accepted: session ${grant.sessionId}, modes ${grant.modes.join('+')}, until ${expiresAt}`,
    );
    this.send({ type: 'agent.granted', sessionId: grant.sessionId, modes: grant.modes, expiresAt });
  }

  private async applyInput({ sessionId, seq, event }: InputMessage): Promise<void> {
    const decision = this.ctx.gate.check(sessionId, this.ctx.now());
    if (!decision.ok) {
      this.refuse(decision.code, decision.reason, seq);
      // Control is not active (e.g. the grant ran out mid-drag): the matching key-up would be refused too, so
      // nothing may stay held down.
      return this.ctx.backend.releaseAll();
    }
    try {
      await applyEvent(this.ctx.backend, event);
    } catch (e) {
      return this.refuse(e instanceof NotPossibleError ? 'not_possible' : 'injection_failed', errorText(e), seq);
    }
    if (this.ctx.gate.markApplied(sessionId)) {
      this.ctx.log.info(`elevated input applied in session ${sessionId}`);
      this.send({ type: 'agent.elevatedUsed', sessionId });
    }
  }

  private async runSignOut(sessionId: string): Promise<void> {
    const decision = this.ctx.gate.checkSignOut(sessionId);
    if (!decision.ok) return this.refuse(decision.code, decision.reason);
    if (!this.ctx.signOut) return this.refuse('sign_out_failed', 'No sign-out is configured on this computer.');
    // Nothing stays pressed on the lock screen or the next session.
    await this.ctx.backend.releaseAll();
    try {
      await this.ctx.signOut();
    } catch (e) {
      return this.refuse('sign_out_failed', errorText(e));
    }
    this.ctx.gate.signedOut(sessionId);
    this.ctx.log.info(`signed out after elevated help in session ${sessionId}`);
    this.send({ type: 'agent.signedOut', sessionId });
  }

  private refuse(code: AgentErrorCode, reason: string, seq?: number): void {
    this.ctx.log.refusal(code, seq === undefined ? reason : `${reason} (event ${seq})`);
    if (this.closed) return;
    this.send({ type: 'agent.error', code, message: messageText(reason), ...(seq === undefined ? {} : { seq }) });
  }
}
