/** `npm run token -- <email>`: prints a signed bearer token for a user (dev and tests). */
import { signToken } from '../auth/tokens';
import { normalizeEmail, User } from '../modules/users/user.entity';
import { runScript } from './shared';

runScript('token', async ({ config, orm }) => {
  const email = process.argv[2];
  if (!email || !email.includes('@')) throw new Error('usage: npm run token -- <email> [expiry, e.g. 12h]');
  if (config.auth.mode !== 'secret') throw new Error('tokens are issued by the OIDC provider when JWT_JWKS_URL is set');
  if (!(await orm.em.fork().findOne(User, { email: normalizeEmail(email) }))) throw new Error(`no user has the email ${normalizeEmail(email)}`);
  console.log(await signToken(config.auth.secret, { sub: normalizeEmail(email), email: normalizeEmail(email) }, process.argv[3] ?? '12h'));
});
