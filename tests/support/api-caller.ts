/** Calls the API as one of the signed-in test people, and pairs two of them with a security code. */
export function makeApiCaller(origin: () => string, tokens: Record<string, string>) {
  const api = (who: string, method: string, path: string, body?: unknown) =>
    fetch(`${origin()}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${tokens[who]}`,
        // No content type without a body: the server refuses an empty JSON body.
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  /** The helper makes a code, the sharer redeems it; the redemption's answer, whatever it is. */
  const redeem = async (helper: string, sharer: string): Promise<Response> => {
    const { code } = (await (await api(helper, 'POST', '/api/codes')).json()) as { code: string };
    return api(sharer, 'POST', '/api/codes/redeem', { code });
  };

  /** Pairs the two and returns the session's id; a refusal fails the test with the server's answer. */
  const pair = async (helper: string, sharer: string): Promise<string> => {
    const body = (await (await redeem(helper, sharer)).json()) as { session?: { id: string } };
    if (!body.session) throw new Error(`pairing failed: ${JSON.stringify(body)}`);
    return body.session.id;
  };

  const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

  return { api, redeem, pair, errorCode };
}
