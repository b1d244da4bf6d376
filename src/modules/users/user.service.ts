/** People: find by email, invite new ones by email. */
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { normalizeEmail, User } from './user.entity';

/** The user with this email, created (invited) when there is none. */
export async function findOrInviteUser(em: EntityManager, email: string, displayName?: string | null): Promise<User> {
  const normalized = normalizeEmail(email);
  const existing = await em.findOne(User, { email: normalized });
  if (existing) return existing;
  await em
    .createQueryBuilder(User)
    .insert({ id: randomUUID(), email: normalized, displayName: displayName?.trim() || normalized.split('@')[0] })
    .onConflict('email')
    .ignore()
    .execute();
  return em.findOneOrFail(User, { email: normalized });
}
