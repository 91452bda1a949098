/** Connection quality for the helper's toolbar, read from WebRTC statistics. */
export interface ConnectionQuality {
  level: 'good' | 'fair' | 'poor';
  roundTripMs?: number;
  framesPerSecond?: number;
  lossPercent?: number;
}

interface InboundVideo {
  type: 'inbound-rtp';
  kind?: string;
  framesPerSecond?: number;
  packetsLost?: number;
  packetsReceived?: number;
}
interface CandidatePair {
  type: 'candidate-pair';
  state?: string;
  nominated?: boolean;
  currentRoundTripTime?: number;
}

export function qualityFrom(report: RTCStatsReport): ConnectionQuality {
  let rtt: number | undefined;
  let fps: number | undefined;
  let loss: number | undefined;
  report.forEach((s: { type: string }) => {
    if (s.type === 'candidate-pair') {
      const pair = s as CandidatePair;
      if (pair.state === 'succeeded' && pair.nominated && pair.currentRoundTripTime !== undefined) {
        rtt = pair.currentRoundTripTime * 1000;
      }
    } else if (s.type === 'inbound-rtp' && (s as InboundVideo).kind === 'video') {
      const v = s as InboundVideo;
      fps = v.framesPerSecond;
      const total = (v.packetsLost ?? 0) + (v.packetsReceived ?? 0);
      if (total > 0) loss = ((v.packetsLost ?? 0) / total) * 100;
    }
  });
  const level =
    (rtt ?? 0) > 300 || (loss ?? 0) > 5
      ? 'poor'
      : (rtt ?? 0) > 120 || (loss ?? 0) > 1 || (fps ?? 30) < 10
        ? 'fair'
        : 'good';
  return { level, roundTripMs: rtt, framesPerSecond: fps, lossPercent: loss };
}
