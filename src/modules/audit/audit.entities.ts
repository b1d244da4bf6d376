/** The audit trail's table, for the ORM (`src/entities.ts`) and `audit.module.ts`. */
import { AuditEvent } from './audit-event.entity';

export const auditEntities = [AuditEvent];
