/** `/v1/agents`: agents, their workflow versions and publishing. */
import { paginate, type Paginated } from './paginate.ts';
import type { RequestOptions, Transport } from './transport.ts';
import type {
  Agent,
  AgentPage,
  AgentTemplateList,
  AgentVersion,
  AgentVersionList,
  CreateAgentInput,
  PageQuery,
  PublishInput,
  UpdateAgentInput,
  VisitorSecret,
  VisitorSecretStatus,
  Workflow,
} from './types.ts';

/** An agent's public id (`agent_xxxxxxxx`) or its integer id. */
export type AgentId = string | number;

export function agentsApi(http: Transport) {
  const page = (query: PageQuery = {}, options?: RequestOptions) => http.json<AgentPage>('GET /v1/agents', { query, options });
  return {
    /** Every agent, newest first, following the cursor page by page (`limit` is the page size). */
    list: (query: PageQuery = {}, options?: RequestOptions): Paginated<Agent> =>
      paginate(http, 'GET /v1/agents', (after) => page({ ...query, after }, options), (answer) => answer.agents, query.after),
    /** One page of agents, as the API answers it. */
    page,
    /** A `workflow` given here becomes version 1, published. */
    create: (body: CreateAgentInput, options?: RequestOptions) => http.json<Agent>('POST /v1/agents', { body, options }),
    /** An agent JSON file (config + workflow), as `parley agents import` reads it. */
    import: (body: CreateAgentInput, options?: RequestOptions) => http.json<Agent>('POST /v1/agents/import', { body, options }),
    /** The agent with its published workflow. */
    get: (id: AgentId, options?: RequestOptions) => http.json<Agent>('GET /v1/agents/{id}', { params: { id }, options }),
    update: (id: AgentId, patch: UpdateAgentInput, options?: RequestOptions) => http.json<Agent>('PATCH /v1/agents/{id}', { params: { id }, body: patch, options }),
    /** Its calls stay readable. */
    delete: (id: AgentId, options?: RequestOptions) => http.none('DELETE /v1/agents/{id}', { params: { id }, options }),
    /** Saves a new draft version; sessions keep the published one until `publish`. */
    saveWorkflow: (id: AgentId, workflow: Workflow, options?: RequestOptions) => http.json<AgentVersion>('PUT /v1/agents/{id}/workflow', { params: { id }, body: workflow, options }),
    /** Publishes the latest version, or `{ version }`. */
    publish: (id: AgentId, body?: PublishInput, options?: RequestOptions) => http.json<Agent>('POST /v1/agents/{id}/publish', { params: { id }, body, options }),
    /** Workflow versions, newest first. */
    versions: (id: AgentId, options?: RequestOptions) => http.json<AgentVersionList>('GET /v1/agents/{id}/versions', { params: { id }, options }),
    /** Whether the agent has a visitor secret (never the secret). */
    visitorSecret: (id: AgentId, options?: RequestOptions) => http.json<VisitorSecretStatus>('GET /v1/agents/{id}/visitor-secret', { params: { id }, options }),
    /** A new visitor secret, shown only in this answer; the previous one stops verifying now. */
    rotateVisitorSecret: (id: AgentId, options?: RequestOptions) => http.json<VisitorSecret>('POST /v1/agents/{id}/visitor-secret', { params: { id }, options }),
    /** Remove the visitor secret: no visitor verifies until a new one is made. */
    deleteVisitorSecret: (id: AgentId, options?: RequestOptions) => http.none('DELETE /v1/agents/{id}/visitor-secret', { params: { id }, options }),
    /** The demo agents, each a body for `create`. */
    templates: (options?: RequestOptions) => http.json<AgentTemplateList>('GET /v1/agent-templates', { options }),
  };
}
