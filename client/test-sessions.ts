/** `/v1/test/voice`: throwaway test sessions, whose tools are skipped or mocked. */
import type { RequestOptions, Transport } from './transport.ts';
import type { StartTestSessionInput, TestMessageResponse, TestSession, TestSessionEnded } from './types.ts';

export function testSessionsApi(http: Transport) {
  const params = (sessionId: string) => ({ session_id: sessionId });
  return {
    /** The session id and the agent's greeting. */
    start: (body: StartTestSessionInput, options?: RequestOptions) => http.json<TestSession>('POST /v1/test/voice', { body, options }),
    /** An ended session answers `{ response: '', session_ended: true }`. */
    send: (sessionId: string, text: string, options?: RequestOptions) =>
      http.json<TestMessageResponse>('POST /v1/test/voice/{session_id}/message', { params: params(sessionId), body: { text }, options }),
    end: (sessionId: string, options?: RequestOptions) => http.json<TestSessionEnded>('DELETE /v1/test/voice/{session_id}', { params: params(sessionId), options }),
  };
}
