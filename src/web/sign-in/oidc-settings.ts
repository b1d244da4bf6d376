/** The OIDC provider the hub names in the page (<meta> tags), or null when it names none. */
export interface OidcSettings {
  authority: string;
  clientId: string;
}

export function oidcSettings(): OidcSettings | null {
  const read = (name: string) => document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content;
  const authority = read('cnz-oidc-authority');
  const clientId = read('cnz-oidc-client-id');
  return authority && clientId ? { authority, clientId } : null;
}
