/**
 * Last lines of defence for the server process. Every promise is meant to be handled where it is made; one that is
 * not is a bug, and Node would end the process for it — taking every live session with it. Instead it is logged at
 * the highest level, loudly, and the server carries on.
 */
export interface FatalLog {
  fatal(details: object, message: string): void;
}

export function guardProcess(log: FatalLog, on: NodeJS.Process = process): void {
  on.on('unhandledRejection', (reason) => {
    log.fatal({ err: reason }, 'UNHANDLED PROMISE REJECTION (a bug: the server carries on, but report this)');
  });
}
