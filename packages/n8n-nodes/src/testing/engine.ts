/**
 * Runs this package's nodes inside the real n8n engine (n8n-core's WorkflowExecute, WebhookContext, HookContext),
 * with credentials handed over directly instead of n8n's encrypted store. Test support only.
 */
import {
  ICredentialsHelper,
  NodeHelpers,
  Workflow,
  createRunExecutionData,
  type ICredentialDataDecryptedObject,
  type ICredentialType,
  type IConnections,
  type IDataObject,
  type IHttpRequestOptions,
  type INode,
  type INodeExecutionData,
  type INodeType,
  type INodeTypes,
  type IRun,
  type IWebhookData,
  type IWebhookResponseData,
  type IWorkflowExecuteAdditionalData,
  type WorkflowExecuteMode,
} from 'n8n-workflow';
import { ExecutionLifecycleHooks, HookContext, WebhookContext, WorkflowExecute } from 'n8n-core';

export const PKG = 'n8n-nodes-smsfleet';

class Start implements INodeType {
  description = {
    displayName: 'Start',
    name: 'start',
    group: ['input'],
    version: 1,
    description: '',
    defaults: { name: 'Start' },
    inputs: ['main'],
    outputs: ['main'],
    properties: [],
  } as never;
  async execute(this: { getInputData(): INodeExecutionData[] }) {
    return [this.getInputData()];
  }
}

class NodeTypes implements INodeTypes {
  private readonly byType: Record<string, INodeType> = {};
  constructor(nodes: INodeType[]) {
    for (const n of [new Start(), ...nodes]) this.byType[`${PKG}.${n.description.name}`] = n;
  }
  getByName(type: string) {
    return this.byType[type]!;
  }
  getByNameAndVersion(type: string, version?: number) {
    const t = this.byType[type];
    if (!t) throw new Error(`Unknown node type ${type}`);
    return NodeHelpers.getVersionedNodeType(t, version);
  }
  getKnownTypes() {
    return {};
  }
}

class Credentials extends ICredentialsHelper {
  constructor(
    private readonly types: Record<string, ICredentialType>,
    private readonly data: Record<string, ICredentialDataDecryptedObject>,
  ) {
    super();
  }
  getParentTypes() {
    return [];
  }
  isCredentialUsableByNode() {
    return true;
  }
  getCredentialsProperties() {
    return [];
  }
  async preAuthentication() {
    return undefined;
  }
  async runPreAuthentication() {
    return undefined;
  }
  async getCredentials(): Promise<never> {
    throw new Error('not used');
  }
  async updateCredentials() {}
  async updateCredentialsOauthTokenData() {}
  async getDecrypted(_a: unknown, _n: unknown, type: string) {
    const d = this.data[type];
    if (!d) throw new Error(`No credentials ${type}`);
    return d;
  }
  async authenticate(credentials: ICredentialDataDecryptedObject, typeName: string, req: IHttpRequestOptions) {
    const auth = this.types[typeName]?.authenticate;
    if (auth && typeof auth !== 'function' && auth.type === 'generic') {
      const resolve = (v: string) =>
        v.replace(/^=/, '').replace(/\{\{\s*\$credentials\.(\w+)\s*\}\}/g, (_, k: string) => String(credentials[k]));
      for (const [outer, kv] of Object.entries(auth.properties)) {
        const target = ((req as unknown as Record<string, IDataObject>)[outer] ??= {});
        for (const [k, v] of Object.entries(kv as IDataObject)) target[k] = resolve(String(v));
      }
    }
    return req;
  }
}

/** The nodes and credentials a test runs with. */
export interface Engine {
  nodeTypes: NodeTypes;
  credentials: Credentials;
  webhookBaseUrl: string;
}

export function engine(
  nodes: INodeType[],
  credentialTypes: Record<string, ICredentialType>,
  data: Record<string, ICredentialDataDecryptedObject>,
  webhookBaseUrl = 'http://127.0.0.1/webhook',
): Engine {
  return { nodeTypes: new NodeTypes(nodes), credentials: new Credentials(credentialTypes, data), webhookBaseUrl };
}

function additionalData(
  env: Engine,
  hooks: ExecutionLifecycleHooks,
  executionId: string,
  extra: Partial<IWorkflowExecuteAdditionalData> = {},
) {
  return {
    hooks,
    credentialsHelper: env.credentials,
    executionId,
    userId: 'u1',
    currentNodeParameters: undefined,
    variables: {},
    restApiUrl: 'http://localhost/rest',
    instanceBaseUrl: 'http://localhost/',
    formWaitingBaseUrl: 'http://localhost/form-waiting',
    webhookBaseUrl: env.webhookBaseUrl,
    webhookWaitingBaseUrl: 'http://localhost/webhook-waiting',
    webhookTestBaseUrl: 'http://localhost/webhook-test',
    ...extra,
  } as unknown as IWorkflowExecuteAdditionalData;
}

export function workflow(env: Engine, nodes: INode[], connections: IConnections = {}, staticData: IDataObject = {}) {
  return new Workflow({
    id: 'wf-test',
    name: 'test workflow',
    nodes,
    connections,
    nodeTypes: env.nodeTypes,
    active: false,
    settings: { executionOrder: 'v1' },
    staticData,
  });
}

/** Execute a workflow from `startNode` with `input`, as the engine does; resolves with the run. */
export async function runWorkflow(
  env: Engine,
  opts: {
    nodes: INode[];
    connections: IConnections;
    startNode: string;
    input: INodeExecutionData[];
    executionId?: string;
    mode?: WorkflowExecuteMode;
  },
): Promise<IRun> {
  const wf = workflow(env, opts.nodes, opts.connections);
  const mode = opts.mode ?? 'trigger';
  const executionId = opts.executionId ?? 'exec-1';
  const hooks = new ExecutionLifecycleHooks(mode, executionId, {
    id: wf.id,
    name: 'test',
    nodes: opts.nodes,
    connections: opts.connections,
    active: false,
    settings: {},
    activeVersionId: null,
    isArchived: false,
    createdAt: new Date(),
    updatedAt: new Date(),
  } as never);
  let resolveRun!: (r: IRun) => void;
  const done = new Promise<IRun>((r) => {
    resolveRun = r;
  });
  hooks.addHandler('workflowExecuteAfter', (run: IRun) => resolveRun(run));
  const data = createRunExecutionData({
    executionData: {
      nodeExecutionStack: [{ node: wf.getNode(opts.startNode)!, data: { main: [opts.input] }, source: null }],
    },
  });
  await new WorkflowExecute(additionalData(env, hooks, executionId), mode, data).processRunExecutionData(wf);
  return done;
}

/** A trigger's webhookMethods through the real HookContext, on shared static data. */
export function hookMethods(env: Engine, nodes: INode[], nodeName: string, staticData: IDataObject) {
  const wf = workflow(env, nodes, {}, staticData);
  const node = wf.getNode(nodeName)!;
  const type = env.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
  const ctx = new HookContext(
    wf,
    node,
    additionalData(env, new ExecutionLifecycleHooks('trigger', 'x', {} as never), 'x'),
    'trigger',
    'activate',
  );
  const m = type.webhookMethods!.default!;
  return {
    workflow: wf,
    checkExists: () => m.checkExists!.call(ctx),
    create: () => m.create!.call(ctx),
    delete: () => m.delete!.call(ctx),
  };
}

/** A real HTTP request delivered to a trigger's webhook() through the real WebhookContext. */
export async function deliverToWebhook(
  env: Engine,
  opts: {
    nodes: INode[];
    nodeName: string;
    staticData: IDataObject;
    headers: Record<string, string | string[] | undefined>;
    rawBody: string;
  },
) {
  const wf = workflow(env, opts.nodes, {}, opts.staticData);
  const node = wf.getNode(opts.nodeName)!;
  const type = env.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
  const res = {
    statusCode: 200,
    sent: undefined as unknown,
    status(c: number) {
      this.statusCode = c;
      return this;
    },
    send(b: unknown) {
      this.sent = b;
      return this;
    },
    end() {
      return this;
    },
    json(b: unknown) {
      this.sent = b;
      return this;
    },
  };
  const headers = Object.fromEntries(Object.entries(opts.headers).map(([k, v]) => [k.toLowerCase(), v]));
  let body: unknown;
  try {
    body = JSON.parse(opts.rawBody);
  } catch {
    body = {};
  }
  const req = {
    method: 'POST',
    body,
    headers,
    query: {},
    params: {},
    rawBody: Buffer.from(opts.rawBody),
    header: (n: string) => headers[n.toLowerCase()],
  };
  const ad = additionalData(env, new ExecutionLifecycleHooks('webhook', 'x', {} as never), 'x', {
    httpRequest: req as never,
    httpResponse: res as never,
  });
  const webhookData = {
    httpMethod: 'POST',
    node: node.name,
    path: 'webhook',
    workflowId: wf.id,
    webhookDescription: type.description.webhooks![0],
    workflowExecuteAdditionalData: ad,
  } as unknown as IWebhookData;
  const ctx = new WebhookContext(wf, node, ad, 'webhook', webhookData, [], null);
  const response = (await type.webhook!.call(ctx)) as IWebhookResponseData;
  return { response, res };
}
