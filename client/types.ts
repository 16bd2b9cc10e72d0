/**
 * The request and answer shapes of the client, each named after the zod schema the server
 * validates with and builds its OpenAPI document from. Imported as types only: they cost a
 * consumer's bundle nothing, and no schema (nor zod) runs in the client.
 *
 * Bodies are `z.input` (fields with a server default may be left out); answers are
 * `z.output`; query strings are the parsed query (`limit` a number, not a string).
 */
import type { z } from 'zod';
import type { createAgentSchema, updateAgentSchema } from '../shared/agent-schema.ts';
import type { replyConfigSchema, simulationConfigSchema, toolConfigSchema } from '../shared/api/agent-test-config.ts';
import type {
  batchRunsSchema,
  coverageQuerySchema,
  startAgentRunsSchema,
  startRunSchema,
  statsQuerySchema,
  testRunListSchema,
  testRunPageSchema,
  runListQuerySchema,
  testCoverageSchema,
  testRunSchema,
  testStatsSchema,
} from '../shared/api/agent-test-runs-api.ts';
import type {
  agentTestListSchema,
  agentTestPageSchema,
  agentTestSchema,
  attachmentsSchema,
  createFolderSchema,
  createTestSchema,
  folderListSchema,
  folderSchema,
  testFromCallSchema,
  testListQuerySchema,
  updateFolderSchema,
  updateTestSchema,
} from '../shared/api/agent-tests-api.ts';
import type {
  agentListSchema,
  agentSchema,
  agentVersionListSchema,
  agentVersionSchema,
  publishRequestSchema,
  visitorSecretSchema,
  visitorSecretStatusSchema,
} from '../shared/api/agents-api.ts';
import type {
  callDetailSchema,
  callBranchesSchema,
  callFilterSchema,
  callListQuerySchema,
  callListSchema,
  callSchema,
  callStatusResponseSchema,
  callSummarySchema,
  debugLinkSchema,
  debugLogSchema,
  gatherRequestSchema,
  gatherSchema,
  operatorMessageRequestSchema,
  operatorMessageResponseSchema,
  transferRequestSchema,
  transferResponseSchema,
} from '../shared/api/calls-api.ts';
import type { problemDetailSchema } from '../shared/api/errors.ts';
import type {
  claimRequestSchema,
  handBackRequestSchema,
  handBackResponseSchema,
  inboxEntrySchema,
  inboxReplyRequestSchema,
  inboxReplySchema,
  inboxResponseSchema,
} from '../shared/api/inbox-api.ts';
import type { createSavedReplySchema, savedReplyListSchema, savedReplySchema, updateSavedReplySchema } from '../shared/api/saved-replies-api.ts';
import type { pageQuerySchema } from '../shared/api/pagination.ts';
import type { replayListQuerySchema, replayPageSchema, replaySchema, startReplaySchema } from '../shared/api/replays-api.ts';
import type { startTestSessionSchema, testMessageResponseSchema, testSessionEndedSchema, testSessionSchema } from '../shared/api/test-sessions-api.ts';
import type {
  appendMessageRequestSchema,
  assistantReplySchema,
  chatMessageSchema,
  createRunRequestSchema,
  feedbackSchema,
  gatherInputRequestSchema,
  messageStateSchema,
  messageTurnSchema,
  pushedEventSchema,
  rewindRequestSchema,
  runMessageSchema,
  runSchema,
} from '../shared/api/text-chat-api.ts';
import type { auditEntrySchema, auditLogPageSchema, auditLogQuerySchema } from '../shared/api/audit-log-api.ts';
import type { erasureRequestSchema, erasureResultSchema, retentionSchema } from '../shared/api/erasure-api.ts';
import type {
  callDeliveriesSchema,
  createdWebhookSchema,
  createWebhookSchema,
  deliveryDetailSchema,
  deliveryLogQuerySchema,
  deliveryLogSchema,
  rotateSecretSchema,
  updateWebhookSchema,
  webhookListSchema,
  webhookSchema,
} from '../shared/api/webhooks-api.ts';
import type { updateWorkspaceSettingsSchema, workspaceSettingsSchema } from '../shared/api/workspace-settings-api.ts';
import type { workflowDefinitionSchema } from '../shared/workflow-schema.ts';
import type { agentTemplateListSchema } from '../shared/api/agent-templates-api.ts';
import type {
  apiKeyListSchema,
  apiKeySchema,
  createApiKeySchema,
  createdApiKeySchema,
  createdUserSchema,
  createUserSchema,
  updateUserSchema,
  userListSchema,
  userSchema,
} from '../shared/api/auth-api.ts';
import type {
  createKnowledgeBaseSchema,
  documentInputSchema,
  knowledgeBaseListSchema,
  knowledgeBaseSchema,
  knowledgeDocumentDetailSchema,
  knowledgeDocumentListSchema,
  knowledgeDocumentSchema,
  knowledgeSearchQuerySchema,
  knowledgeSearchResultSchema,
  updateKnowledgeBaseSchema,
} from '../shared/api/knowledge-bases-api.ts';
import type { createdShareLinkSchema, sharedSessionSchema, shareLinkListSchema, shareLinkSchema } from '../shared/api/share-links-api.ts';

export type { ErrorCode } from '../shared/error-codes.ts';

/** One problem of a refused request: `body.content` and what is wrong with it. */
export type ProblemDetail = z.output<typeof problemDetailSchema>;

// Agents
export type Agent = z.output<typeof agentSchema>;
export type AgentPage = z.output<typeof agentListSchema>;
export type CreateAgentInput = z.input<typeof createAgentSchema>;
export type UpdateAgentInput = z.input<typeof updateAgentSchema>;
export type Workflow = z.input<typeof workflowDefinitionSchema>;
export type AgentVersion = z.output<typeof agentVersionSchema>;
export type AgentVersionList = z.output<typeof agentVersionListSchema>;
export type AgentTemplateList = z.output<typeof agentTemplateListSchema>;
export type PublishInput = z.input<typeof publishRequestSchema>;
export type PageQuery = Partial<z.output<typeof pageQuerySchema>>;
export type VisitorSecret = z.output<typeof visitorSecretSchema>;
export type VisitorSecretStatus = z.output<typeof visitorSecretStatusSchema>;

// Agent tests, folders and runs
export type AgentTest = z.output<typeof agentTestSchema>;
export type AgentTestList = z.output<typeof agentTestListSchema>;
export type AgentTestPage = z.output<typeof agentTestPageSchema>;
export type TestListQuery = Partial<z.output<typeof testListQuerySchema>>;
/** A test's `config` is checked against its `type`: the union says which config goes with which. */
export type TypedTestConfigInput =
  | { type: 'reply'; config: z.input<typeof replyConfigSchema> }
  | { type: 'tool'; config: z.input<typeof toolConfigSchema> }
  | { type: 'simulation'; config: z.input<typeof simulationConfigSchema> };
export type CreateTestInput = Omit<z.input<typeof createTestSchema>, 'type' | 'config'> & TypedTestConfigInput;
export type UpdateTestInput = Omit<z.input<typeof updateTestSchema>, 'type' | 'config'> & Partial<TypedTestConfigInput>;
export type TestFromCallInput = z.input<typeof testFromCallSchema>;
export type Attachments = z.output<typeof attachmentsSchema>;
export type Folder = z.output<typeof folderSchema>;
export type FolderList = z.output<typeof folderListSchema>;
export type CreateFolderInput = z.input<typeof createFolderSchema>;
export type UpdateFolderInput = z.input<typeof updateFolderSchema>;
export type TestRun = z.output<typeof testRunSchema>;
export type TestRunList = z.output<typeof testRunListSchema>;
export type TestRunPage = z.output<typeof testRunPageSchema>;
export type RunListQuery = Partial<z.output<typeof runListQuerySchema>>;
export type StartRunInput = z.input<typeof startRunSchema>;
export type StartAgentRunsInput = z.input<typeof startAgentRunsSchema>;
export type BatchRunsInput = z.input<typeof batchRunsSchema>;
export type TestStats = z.output<typeof testStatsSchema>;
export type TestStatsQuery = Partial<z.output<typeof statsQuerySchema>>;
export type TestCoverage = z.output<typeof testCoverageSchema>;
export type TestCoverageQuery = z.input<typeof coverageQuerySchema>;

// Replays
export type Replay = z.output<typeof replaySchema>;
export type ReplayPage = z.output<typeof replayPageSchema>;
export type ReplayListQuery = z.input<typeof replayListQuerySchema>;
export type StartReplayInput = z.input<typeof startReplaySchema>;

// Test sessions
export type StartTestSessionInput = z.input<typeof startTestSessionSchema>;
export type TestSession = z.output<typeof testSessionSchema>;
export type TestMessageResponse = z.output<typeof testMessageResponseSchema>;
export type TestSessionEnded = z.output<typeof testSessionEndedSchema>;

// Calls
export type Call = z.output<typeof callSchema>;
export type CallPage = z.output<typeof callListSchema>;
export type CallDetail = z.output<typeof callDetailSchema>;
export type CallBranches = z.output<typeof callBranchesSchema>;
export type CallFilter = Partial<z.output<typeof callFilterSchema>>;
export type CallListQuery = Partial<z.output<typeof callListQuerySchema>>;
export type CallSummary = z.output<typeof callSummarySchema>;
export type CallStatus = z.output<typeof callStatusResponseSchema>;
export type CallDeliveries = z.output<typeof callDeliveriesSchema>;
export type DebugLink = z.output<typeof debugLinkSchema>;
export type DebugLog = z.output<typeof debugLogSchema>;
export type TransferInput = z.input<typeof transferRequestSchema>;
export type Transfer = z.output<typeof transferResponseSchema>;
export type OperatorMessageInput = z.input<typeof operatorMessageRequestSchema>;
export type OperatorMessage = z.output<typeof operatorMessageResponseSchema>;
export type GatherInput = z.input<typeof gatherRequestSchema>;
export type Gather = z.output<typeof gatherSchema>;

// The operator inbox
export type Inbox = z.output<typeof inboxResponseSchema>;
export type InboxEntry = z.output<typeof inboxEntrySchema>;
export type ClaimInput = z.input<typeof claimRequestSchema>;
export type InboxReplyInput = z.input<typeof inboxReplyRequestSchema>;
export type InboxReply = z.output<typeof inboxReplySchema>;
export type HandBackInput = z.input<typeof handBackRequestSchema>;
export type HandBack = z.output<typeof handBackResponseSchema>;
export type SavedReply = z.output<typeof savedReplySchema>;
export type SavedReplyList = z.output<typeof savedReplyListSchema>;
export type CreateSavedReplyInput = z.input<typeof createSavedReplySchema>;
export type UpdateSavedReplyInput = z.input<typeof updateSavedReplySchema>;

// Erasure and retention
export type ErasureInput = z.input<typeof erasureRequestSchema>;
export type ErasureResult = z.output<typeof erasureResultSchema>;
export type Retention = z.output<typeof retentionSchema>;
export type AuditEntry = z.output<typeof auditEntrySchema>;
export type AuditLogPage = z.output<typeof auditLogPageSchema>;
export type AuditLogQuery = Partial<z.output<typeof auditLogQuerySchema>>;

// Webhooks
export type Webhook = z.output<typeof webhookSchema>;
export type CreatedWebhook = z.output<typeof createdWebhookSchema>;
export type WebhookList = z.output<typeof webhookListSchema>;
export type CreateWebhookInput = z.input<typeof createWebhookSchema>;
export type UpdateWebhookInput = z.input<typeof updateWebhookSchema>;
export type WorkspaceSettings = z.output<typeof workspaceSettingsSchema>;
export type WorkspaceSettingsInput = z.input<typeof updateWorkspaceSettingsSchema>;
export type RotateSecretInput = z.input<typeof rotateSecretSchema>;
export type WebhookDelivery = z.output<typeof deliveryDetailSchema>;
export type WebhookDeliveryPage = z.output<typeof deliveryLogSchema>;
export type WebhookDeliveryQuery = Partial<z.output<typeof deliveryLogQuerySchema>>;

// Text chat
export type Run = z.output<typeof runSchema>;
export type ChatMessage = z.output<typeof chatMessageSchema>;
/** A message of a run read with an API key: an agent's message carries `turn` and `state`. */
export type RunMessage = z.output<typeof runMessageSchema>;
export type MessageTurn = z.output<typeof messageTurnSchema>;
export type MessageState = z.output<typeof messageStateSchema>;
export type AssistantReply = z.output<typeof assistantReplySchema>;
export type StartChatInput = z.input<typeof createRunRequestSchema>;
export type SendMessageInput = z.input<typeof appendMessageRequestSchema>;
export type RewindInput = z.input<typeof rewindRequestSchema> & { expected_revision?: number };
export type FeedbackInput = z.input<typeof feedbackSchema>;
export type GatherAnswerInput = z.input<typeof gatherInputRequestSchema>;
/** An event pushed on a conversation's `/events` stream, with the `id` to resume after. */
export type PushedEvent = z.output<typeof pushedEventSchema> & { id?: string };
/** What a streamed turn yields: text as it is produced, then the one assistant message. */
export type TurnEvent = { type: 'delta'; text: string } | { type: 'message'; message: AssistantReply };

// People and keys
export type User = z.output<typeof userSchema>;
export type UserList = z.output<typeof userListSchema>;
export type CreateUserInput = z.input<typeof createUserSchema>;
export type CreatedUser = z.output<typeof createdUserSchema>;
export type UpdateUserInput = z.input<typeof updateUserSchema>;
export type ApiKey = z.output<typeof apiKeySchema>;
export type ApiKeyList = z.output<typeof apiKeyListSchema>;
export type CreateApiKeyInput = z.input<typeof createApiKeySchema>;
export type CreatedApiKey = z.output<typeof createdApiKeySchema>;

// Knowledge bases
export type KnowledgeBase = z.output<typeof knowledgeBaseSchema>;
export type KnowledgeBaseList = z.output<typeof knowledgeBaseListSchema>;
export type CreateKnowledgeBaseInput = z.input<typeof createKnowledgeBaseSchema>;
export type UpdateKnowledgeBaseInput = z.input<typeof updateKnowledgeBaseSchema>;
export type KnowledgeDocument = z.output<typeof knowledgeDocumentSchema>;
export type KnowledgeDocumentDetail = z.output<typeof knowledgeDocumentDetailSchema>;
export type KnowledgeDocumentList = z.output<typeof knowledgeDocumentListSchema>;
export type KnowledgeDocumentInput = z.input<typeof documentInputSchema>;
export type KnowledgeSearchQuery = z.input<typeof knowledgeSearchQuerySchema>;
export type KnowledgeSearchResult = z.output<typeof knowledgeSearchResultSchema>;

// Share links
export type ShareLink = z.output<typeof shareLinkSchema>;
export type ShareLinkList = z.output<typeof shareLinkListSchema>;
export type CreatedShareLink = z.output<typeof createdShareLinkSchema>;
export type SharedSession = z.output<typeof sharedSessionSchema>;
