/**
 * Relay's Node interface; the global-id codec is `domain/global-id.ts`.
 * Entities extend `NodeEntity` (db) and declare `@ObjectType({ implements: Node })`.
 */
import { Field, ID, InterfaceType } from 'type-graphql';

@InterfaceType('Node', {
  description: 'An object with a global id, fetchable through `node(id:)`.',
  resolveType: (value: object) => value.constructor.name,
})
export abstract class Node {
  @Field(() => ID, { name: 'id', description: 'Opaque global id' })
  nodeId!: string;
}
