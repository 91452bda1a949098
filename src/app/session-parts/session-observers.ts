/** What every live session reports of its machine: its states to the diagnostics log, its mode changes as activity. */
import { recordDiagnostic } from '../../diagnostics/diagnostics-log.ts';
import type { ActivityReporter } from '../activity-reporter.ts';

interface ObservedActor {
  subscribe(listener: (snapshot: { value: unknown; context: { mode: string; endReason?: string } }) => void): unknown;
}

/** Each change of a session machine's state and mode goes to the diagnostics log (states and modes only). */
export function recordStates(sessionId: string, actor: ObservedActor): void {
  let last = '';
  actor.subscribe((snapshot) => {
    const state = JSON.stringify(snapshot.value);
    const line = `${state} ${snapshot.context.mode}`;
    if (line === last) return;
    last = line;
    recordDiagnostic('session.state', {
      session: sessionId,
      state,
      mode: snapshot.context.mode,
      endReason: snapshot.context.endReason,
    });
  });
}

/** A change of mode is activity in the session (spec 4.10: idle timeout). */
export function reportModeChanges(actor: ObservedActor, activity: ActivityReporter): void {
  let mode: string | undefined;
  actor.subscribe((snapshot) => {
    if (mode !== undefined && snapshot.context.mode !== mode) activity.activity();
    mode = snapshot.context.mode;
  });
}
