/** Every stored object: a uuid primary key, created/updated times, a global id. */
import { randomUUID } from 'node:crypto';
import { Entity, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { toGlobalId } from '../domain/global-id';

@Entity({ abstract: true })
export abstract class NodeEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'timestamptz', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();

  /** The Relay global id (GraphQL field `id`). */
  get nodeId(): string & Opt {
    return toGlobalId(this.constructor.name, this.id);
  }
}
