/**
 * Every persisted entity, for the ORM: the hub (app.ts, main.ts), the CLI, the
 * migrations and the tests' global setup. Built from each feature's
 * `<feature>.entities.ts`, so it loads entities only, never a resolver; the
 * feature modules (`<feature>.module.ts`, listed in schema.ts) reuse the same
 * arrays, and test/graphql/feature-modules.test.ts keeps the two lists in step.
 */
import 'reflect-metadata';
import { NodeEntity } from './db/base.entity';
import { auditEntities } from './modules/audit/audit.entities';
import { learningEntities } from './modules/learning/learning.entities';
import { organizationsEntities } from './modules/organizations/organizations.entities';
import { partnershipsEntities } from './modules/partnerships/partnerships.entities';
import { usersEntities } from './modules/users/users.entities';
import { waiversEntities } from './modules/waivers/waivers.entities';
import { notificationsEntities } from './modules/notifications/notifications.entities';
import { documentsEntities } from './modules/documents/documents.entities';
import { applicationsEntities } from './modules/applications/applications.entities';

export const entities = [
  NodeEntity,
  ...usersEntities,
  ...organizationsEntities,
  ...auditEntities,
  ...learningEntities,
  ...partnershipsEntities,
  ...waiversEntities,
  ...notificationsEntities,
  ...documentsEntities,
  ...applicationsEntities,
];
