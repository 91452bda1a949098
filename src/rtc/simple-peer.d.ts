/**
 * The part of simple-peer the app uses, typed for the browser. DefinitelyTyped's types describe simple-peer as a
 * Node stream (`/// <reference types="node" />`), which would bring Node's globals (Buffer, process…) into the types
 * of the whole app; in the browser it is a WebRTC peer with an event emitter, and this is all the app asks of it.
 */
declare module 'simple-peer' {
  namespace SimplePeer {
    interface Options {
      initiator?: boolean;
      /** The label of the data channel simple-peer opens itself. */
      channelName?: string;
      config?: RTCConfiguration;
      streams?: MediaStream[];
      trickle?: boolean;
      /** Deliver string messages as strings rather than as bytes. */
      objectMode?: boolean;
    }

    type SignalData =
      | RTCSessionDescriptionInit
      | { type: 'candidate'; candidate: RTCIceCandidateInit }
      | { type: 'renegotiate'; renegotiate: true }
      | { type: 'transceiverRequest'; transceiverRequest: { kind: string; init?: RTCRtpTransceiverInit } };

    interface Instance {
      readonly destroyed: boolean;
      readonly connected: boolean;
      signal(data: SignalData): void;
      send(data: string | ArrayBuffer | ArrayBufferView | Blob): void;
      addStream(stream: MediaStream): void;
      /** A null track takes the sender's track away without renegotiating. */
      replaceTrack(oldTrack: MediaStreamTrack, newTrack: MediaStreamTrack | null, stream: MediaStream): void;
      destroy(error?: Error): void;
      on(event: 'connect' | 'close', listener: () => void): this;
      on(event: 'signal', listener: (data: SignalData) => void): this;
      on(event: 'data', listener: (data: string | Uint8Array) => void): this;
      on(event: 'stream', listener: (stream: MediaStream) => void): this;
      on(event: 'error', listener: (error: Error) => void): this;
    }
  }

  const SimplePeer: new (options?: SimplePeer.Options) => SimplePeer.Instance;
  export = SimplePeer;
}
