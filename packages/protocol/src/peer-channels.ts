/**
 * The data channels of the peer connection between helper and sharer (never via the server): chat, and the helper's
 * control input and laser pointer; a message too big for one data-channel message travels in frames.
 */
import { z } from 'zod';

export const MAX_CHAT_CHARACTERS = 4000;
/** Characters as people count them (code points), not UTF-16 units: an emoji is one character. */
export const characterCount = (text: string) => Array.from(text).length;

// ---------------------------------------------------------------- chat

export const chatChannelMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('chat.message'),
    id: z.string().min(1).max(64),
    text: z
      .string()
      .min(1)
      .refine((t) => characterCount(t) <= MAX_CHAT_CHARACTERS, 'too long'),
    sentAt: z.number(),
  }),
  z.object({ type: z.literal('chat.ack'), id: z.string().min(1).max(64) }),
]);
export type ChatChannelMessage = z.infer<typeof chatChannelMessageSchema>;

/** One piece of a message sent over a data channel in several frames (see src/rtc/frames.ts). */
export const frameSchema = z.object({
  f: z.number().int().nonnegative(),
  i: z.number().int().nonnegative(),
  n: z.number().int().positive().max(64),
  d: z.string(),
});
export type Frame = z.infer<typeof frameSchema>;

// ---------------------------------------------------------------- control: helper → sharer

/** A position on the shared screen: 0..1 of its width and height, whatever the sizes of the two displays. */
export const screenFractionSchema = z.number().min(0).max(1);

const MAX_CONTROL_TEXT_CHARACTERS = 256;

/** Keys the helper's browser keeps for itself, sent from the menu instead. */
const keyComboSchema = z.enum(['ctrlAltDelete', 'meta', 'altTab', 'altF4', 'ctrlShiftEscape', 'printScreen']);
export type KeyCombo = z.infer<typeof keyComboSchema>;

const pointerButtonSchema = z.enum(['left', 'middle', 'right']);
export type PointerButton = z.infer<typeof pointerButtonSchema>;

export const controlEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('pointer.move'), x: screenFractionSchema, y: screenFractionSchema }),
  z.object({
    type: z.literal('pointer.button'),
    x: screenFractionSchema,
    y: screenFractionSchema,
    button: pointerButtonSchema,
    down: z.boolean(),
  }),
  z.object({
    type: z.literal('pointer.wheel'),
    x: screenFractionSchema,
    y: screenFractionSchema,
    dx: z.number().int().min(-20).max(20),
    dy: z.number().int().min(-20).max(20),
  }),
  /** A key by its physical position (KeyboardEvent.code); modifiers are keys of their own (ShiftLeft, ControlLeft…). */
  z.object({
    type: z.literal('key'),
    code: z.string().regex(/^[A-Za-z0-9]{1,24}$/),
    down: z.boolean(),
  }),
  /** Text as typed on the helper's side, in any script: arrives as these characters whatever the sharer's layout. */
  z.object({
    type: z.literal('text'),
    text: z
      .string()
      .min(1)
      .refine((t) => characterCount(t) <= MAX_CONTROL_TEXT_CHARACTERS, 'too long'),
  }),
  z.object({ type: z.literal('key.combo'), combo: keyComboSchema }),
]);
export type ControlEvent = z.infer<typeof controlEventSchema>;

export const controlChannelMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('control.input'), seq: z.number().int().nonnegative(), event: controlEventSchema }),
  z.object({ type: z.literal('laser.move'), x: screenFractionSchema, y: screenFractionSchema }),
  z.object({ type: z.literal('laser.hide') }),
]);
export type ControlChannelMessage = z.infer<typeof controlChannelMessageSchema>;

/**
 * What the sharer's control agent can reach beyond ordinary windows. On Windows a program running as the signed-in
 * user cannot reach the secure desktop (UAC prompts) or send Ctrl+Alt+Del; only the agent's service could.
 */
export const agentCapabilitiesSchema = z.object({
  /** Administrator prompts: the helper can answer them through the agent. */
  adminPrompts: z.boolean(),
  /** Ctrl+Alt+Del reaches the system. */
  ctrlAltDelete: z.boolean(),
  /** The agent's platform backend, e.g. 'x11' or 'windows'. */
  backend: z.string().max(32),
});
export type AgentCapabilities = z.infer<typeof agentCapabilitiesSchema>;

/** Control channel, sharer → helper: what the sharer's agent can do, so the helper is told before trying. */
export const controlReplySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('control.capabilities'), capabilities: agentCapabilitiesSchema.nullable() }),
]);
export type ControlReply = z.infer<typeof controlReplySchema>;
