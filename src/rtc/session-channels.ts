/**
 * The data channels of a session, per side: each says what that side sends on it and what it accepts from the other
 * (protocol/peer-channels). A new channel message is added to the protocol's schema and is then typed on both sides.
 */
import {
  type ChatChannelMessage,
  type ControlChannelMessage,
  type ControlReply,
  chatChannelMessageSchema,
  controlChannelMessageSchema,
  controlReplySchema,
} from '@remote-help/protocol/peer-channels';
import type { ChannelSpec } from './typed-channel.ts';

/** Chat goes both ways alike. */
export const chatChannel: ChannelSpec<ChatChannelMessage, ChatChannelMessage> = {
  name: 'chat',
  incoming: chatChannelMessageSchema,
};

/** The helper sends input and the laser; it hears what the sharer's agent can reach. */
export const helperControlChannel: ChannelSpec<ControlChannelMessage, ControlReply> = {
  name: 'control',
  incoming: controlReplySchema,
};

/** The sharer takes input and the laser; it says what its agent can reach. */
export const sharerControlChannel: ChannelSpec<ControlReply, ControlChannelMessage> = {
  name: 'control',
  incoming: controlChannelMessageSchema,
};
