// The small part of oidc-provider 9 (an untyped ES module) that the embedded IdP uses.
declare module "oidc-provider" {
  import type { IncomingMessage, ServerResponse } from "node:http";

  export interface AccountClaims {
    sub: string;
    [claim: string]: unknown;
  }

  export interface Account {
    accountId: string;
    claims(use: string, scope: string): Promise<AccountClaims> | AccountClaims;
  }

  export interface ClientLike {
    clientId: string;
    grantTypeAllowed(grantType: string): boolean;
  }

  export interface GrantInstance {
    addOIDCScope(scope: string): void;
    addOIDCClaims(claims: readonly string[]): void;
    save(): Promise<string>;
  }

  export interface GrantConstructor {
    new (init: { accountId: string; clientId: string }): GrantInstance;
    find(id: string): Promise<GrantInstance | undefined>;
  }

  export interface ProviderContext {
    oidc: {
      client?: ClientLike;
      session?: { accountId?: string; grantIdFor(clientId: string): string | undefined };
      result?: { consent?: { grantId?: string } };
      provider: Provider;
      route?: string;
    };
  }

  export interface InteractionDetails {
    uid: string;
    prompt: { name: string; details: Record<string, unknown> };
    params: Record<string, unknown>;
    grantId?: string;
    session?: { accountId?: string };
  }

  export interface Configuration {
    clients: readonly Record<string, unknown>[];
    jwks: { keys: readonly Record<string, unknown>[] };
    cookies: { keys: readonly string[]; long?: Record<string, unknown>; short?: Record<string, unknown> };
    claims: Record<string, readonly string[]>;
    scopes?: readonly string[];
    conformIdTokenClaims: boolean;
    findAccount(ctx: ProviderContext, sub: string): Promise<Account | undefined>;
    loadExistingGrant(ctx: ProviderContext): Promise<GrantInstance | undefined>;
    issueRefreshToken(ctx: ProviderContext, client: ClientLike): Promise<boolean>;
    interactions: { url(ctx: ProviderContext, interaction: { uid: string }): string };
    features: Record<string, unknown>;
    pkce?: { required(ctx: ProviderContext, client: ClientLike): boolean };
    ttl: Record<string, number>;
    renderError(ctx: KoaContext, out: Record<string, string>, error: Error): Promise<void>;
  }

  export interface KoaContext {
    type: string;
    body: string;
    status: number;
    host: string;
    set(name: string, value: string): void;
    oidc?: { client?: { clientId: string; clientName?: string } };
  }

  export class Provider {
    constructor(issuer: string, configuration: Configuration);
    Grant: GrantConstructor;
    proxy: boolean;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>;
    interactionFinished(
      req: IncomingMessage,
      res: ServerResponse,
      result: Record<string, unknown>,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>;
    on(event: string, listener: (...args: unknown[]) => void): void;
  }
  export default Provider;
}
