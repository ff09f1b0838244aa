import { listenLocal, readBody, sendJson } from './http-fake';

/** A Slack-style incoming webhook: records each JSON body; answers `status` (200 by default). */
export async function startWebhookFake() {
  const posts: { text: string; [k: string]: unknown }[] = [];
  let status = 200;
  const http = await listenLocal((req, res) => {
    void (async () => {
      const body = await readBody(req);
      if (status !== 200) return sendJson(res, status, { error: 'unavailable' });
      posts.push(JSON.parse(body) as { text: string });
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
    })();
  });
  return {
    url: `${http.url}/hooks/echopilot`,
    posts,
    answer(s: number) {
      status = s;
    },
    close: http.close,
  };
}
export type WebhookFake = Awaited<ReturnType<typeof startWebhookFake>>;
