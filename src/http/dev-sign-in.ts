/**
 * "Sign in as" for development: `GET /dev/users` lists the demo people and
 * `POST /dev/token {email}` signs a token for an existing user. Mounted only
 * while the printed dev secret is in use (never in production, never with a
 * real JWT_SECRET or an OIDC provider): anyone could sign such tokens anyway.
 */
import express, { type Router } from 'express';
import type { Config } from '../config';
import type { Orm } from '../db/orm';
import { signToken } from '../auth/tokens';
import { DEMO_USERS } from '../demo/network';
import { normalizeEmail, User } from '../modules/users/user.entity';

/** How long a dev token lasts. */
const DEV_TOKEN_HOURS = 12;

/** True when the hub signs with the published dev secret (and so may hand out tokens). */
export function devSignInEnabled(config: Config): boolean {
  return !config.production && config.auth.mode === 'secret' && config.auth.secretIsDefault;
}

function refuse(res: express.Response, status: number, code: string, message: string): void {
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
}

export function devSignInRouter(config: Config, orm: Orm): Router {
  const router = express.Router();
  if (config.auth.mode !== 'secret') return router;
  const secret = config.auth.secret;

  router.get('/dev/users', async (_req, res) => {
    const present = await orm.em.fork().find(User, { email: { $in: DEMO_USERS.map((user) => user.email) } }, { fields: ['email'] });
    const emails = new Set(present.map((user) => user.email));
    res.json({ users: DEMO_USERS.filter((user) => emails.has(user.email)).map(({ email, displayName, about }) => ({ email, displayName, about })) });
  });

  router.post('/dev/token', express.json({ limit: 4096 }), async (req, res) => {
    const given = (req.body as { email?: unknown } | undefined)?.email;
    if (typeof given !== 'string' || !given.includes('@') || given.length > 320) {
      return refuse(res, 400, 'BAD_USER_INPUT', 'Send {"email": "<an existing user\'s email>"}');
    }
    const email = normalizeEmail(given);
    if (!(await orm.em.fork().findOne(User, { email }, { fields: ['id'] }))) {
      return refuse(res, 404, 'NOT_FOUND', `No user has the email ${email}`);
    }
    const token = await signToken(secret, { sub: email, email }, `${DEV_TOKEN_HOURS}h`);
    res.json({ token, expiresAt: new Date(Date.now() + DEV_TOKEN_HOURS * 3_600_000).toISOString() });
  });
  return router;
}
