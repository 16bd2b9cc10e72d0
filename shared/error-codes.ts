/**
 * Every error code Parley answers with, its HTTP status and what it means: the one
 * catalogue domain errors take their `code` from. Domain code throws a code and never a
 * status; the HTTP layer maps the code to its status once (server/http/error-handler.ts),
 * for JSON answers, SSE `error` events and the sessions API's `{success:false}` envelope.
 */
export type ErrorStatus = 400 | 401 | 403 | 404 | 405 | 409 | 413 | 415 | 422 | 429 | 500 | 502 | 503;

interface CatalogueEntry {
  status: ErrorStatus;
  description: string;
}

export const errorCatalogue = {
  // The request itself.
  bad_request: { status: 400, description: 'The request is malformed.' },
  invalid_request: { status: 400, description: 'A field of the request is missing or invalid; the message names it.' },
  invalid_text: { status: 400, description: 'A text contains a NUL character.' },
  invalid_value: { status: 400, description: 'A value is out of range or nested too deeply.' },
  json_too_deep: { status: 400, description: 'The JSON body is nested too deeply.' },
  too_many_runs: { status: 400, description: 'The run asks for more attempts or tests than one run may hold.' },
  text_required: { status: 400, description: 'A message needs a non-empty text.' },
  unsupported_session_type: { status: 400, description: 'The sessions API only starts "agent_chat" sessions.' },
  invalid_message_index: { status: 400, description: 'The message index does not name a message the operation applies to.' },
  invalid_webhook_url: { status: 400, description: 'The webhook URL is not an allowed public https address.' },
  invalid_workflow: { status: 400, description: 'The workflow definition cannot be compiled; the message names the node at fault.' },
  invalid_node: { status: 400, description: "The node is not a node of the conversation's workflow; the message lists the ones that are." },
  not_a_test_session: { status: 400, description: 'The session is not a test session.' },
  folder_too_deep: { status: 400, description: 'Test folders nest too deeply.' },
  folder_cycle: { status: 400, description: 'A test folder cannot be moved into itself.' },
  invalid_document: { status: 400, description: 'An uploaded document cannot be read as the type it claims (a PDF that is not one, text that is not UTF-8, no text at all).' },
  unsupported_document_type: { status: 415, description: 'An upload that is not plain text, Markdown, HTML or PDF.' },
  invalid_token: { status: 400, description: 'The set-password link is unknown, used or expired: ask an admin for a new one.' },
  unauthorized: { status: 401, description: 'Missing or invalid credentials.' },
  invalid_credentials: { status: 401, description: 'The e-mail or the password is wrong (the answer does not say which).' },
  forbidden: { status: 403, description: "The caller's role may not do this; the message names the role needed." },
  csrf_failed: { status: 403, description: 'A cookie-authenticated write without the session\'s x-csrf-token, or from another site.' },
  origin_not_allowed: { status: 403, description: "The page's origin is not in the agent's widget allowed_origins." },
  edit_not_allowed: { status: 403, description: "The agent's widget does not let visitors edit their earlier messages (widget.allow_edits)." },
  not_found: { status: 404, description: 'The resource does not exist or is not yours.' },
  method_not_allowed: { status: 405, description: 'The path exists, but not with this method.' },
  payload_too_large: { status: 413, description: 'The request body is too large.' },
  unsupported_media_type: { status: 415, description: 'The body is not JSON.' },
  rate_limited: { status: 429, description: 'Too many requests; retry after the Retry-After header.' },
  too_many_streams: { status: 429, description: 'Too many event streams are open.' },
  too_many_attempts: { status: 429, description: 'Too many failed sign-ins for this account or from this address; retry after the Retry-After header.' },
  // The state the request meets.
  conflict: { status: 409, description: 'The request conflicts with the current state.' },
  revision_conflict: { status: 409, description: 'The session changed since it was read; reload it and retry.' },
  session_not_active: { status: 409, description: "The session's lifecycle does not allow the operation (ended or transferred)." },
  agent_not_published: { status: 409, description: 'The agent has no published workflow.' },
  agent_deleted: { status: 409, description: 'The agent has been deleted.' },
  already_published: { status: 409, description: 'This version is already published.' },
  nothing_to_publish: { status: 409, description: 'There is no draft to publish.' },
  already_with_agent: { status: 409, description: 'The call is already with that agent.' },
  call_in_progress: { status: 409, description: 'The call is still in progress.' },
  call_not_in_progress: { status: 409, description: 'The call has ended.' },
  call_transferred: { status: 409, description: 'The call is already transferred.' },
  call_not_with_human: { status: 409, description: 'The call is not transferred to a human.' },
  already_claimed: { status: 409, description: 'Another operator has claimed the conversation; the message names them.' },
  not_claimed: { status: 409, description: 'Claim the conversation in the inbox before answering it.' },
  gather_in_progress: { status: 409, description: 'A gather is already active for this call.' },
  no_active_gather: { status: 409, description: 'No gather is active for this call.' },
  folder_not_empty: { status: 409, description: 'The folder still holds tests or folders.' },
  user_exists: { status: 409, description: 'The workspace already has a user with this e-mail.' },
  last_admin: { status: 409, description: 'The workspace would have no admin who can sign in left.' },
  owner_attachment: { status: 409, description: 'The resource is attached to something that must be detached first.' },
  workflow_loop: { status: 422, description: "The workflow ran in circles without waiting for the user: the agent's definition is at fault." },
  // The server's side.
  internal_error: { status: 500, description: 'Something went wrong on our side.' },
  workflow_failed: { status: 500, description: 'The workflow failed while running.' },
  invalid_snapshot: { status: 500, description: 'A stored workflow state does not belong to the workflow.' },
  transfer_failed: { status: 502, description: 'The destination agent could not start.' },
  shutting_down: { status: 503, description: 'The server is shutting down; retry on another instance.' },
  widget_not_built: { status: 503, description: 'The widget bundle is not built.' },
  console_not_built: { status: 503, description: 'The console is not built.' },
} as const satisfies Record<string, CatalogueEntry>;

export type ErrorCode = keyof typeof errorCatalogue;

/** The codes whose status is `S`: what a helper such as `conflict(message, code)` accepts. */
export type ErrorCodeWithStatus<S extends ErrorStatus> = { [C in ErrorCode]: (typeof errorCatalogue)[C]['status'] extends S ? C : never }[ErrorCode];

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(errorCatalogue, code);
}
