/**
 * The audit trail: who changed what. Its mutation middleware
 * (`audit.middleware.ts`) wraps every feature's mutations, so schema.ts
 * applies it to the built schema rather than this module declaring it.
 */
import type { FeatureModule } from '../../graphql/feature-module';
import { auditEntities } from './audit.entities';
import { AuditResolver } from './audit.resolver';

export const auditModule: FeatureModule = {
  name: 'audit',
  entities: auditEntities,
  resolvers: [AuditResolver],
  policyRules: ['audit.read'],
};
