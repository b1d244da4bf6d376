/**
 * Sign-in at the OIDC provider with oidc-client-ts: the authorization-code
 * flow with PKCE; the access token becomes the hub's bearer token. Loaded
 * only when the user signs in this way.
 */
import { UserManager, WebStorageStateStore } from 'oidc-client-ts';
import type { OidcSettings } from './oidc-settings';

export const CALLBACK_PATH = '/auth/callback';

export function userManager(settings: OidcSettings): UserManager {
  return new UserManager({
    authority: settings.authority,
    client_id: settings.clientId,
    redirect_uri: `${window.location.origin}${CALLBACK_PATH}`,
    response_type: 'code',
    scope: 'openid email',
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
    stateStore: new WebStorageStateStore({ store: window.sessionStorage }),
    automaticSilentRenew: false,
    loadUserInfo: false,
  });
}

/** Sends the browser to the provider's sign-in page. */
export async function startOidcSignIn(settings: OidcSettings): Promise<void> {
  await userManager(settings).signinRedirect();
}

/** Completes the flow on the callback page: the access token. */
export async function finishOidcSignIn(settings: OidcSettings): Promise<string> {
  const user = await userManager(settings).signinRedirectCallback();
  return user.access_token;
}
