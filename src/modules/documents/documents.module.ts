/** Documents: streamed uploads kept in PostgreSQL, attached to what other features own, downloaded by who may read that. */
import type { FeatureModule } from '../../graphql/feature-module';
import { documentNodes } from './document.nodes';
import { DocumentResolver } from './document.resolver';
import { documentsEntities } from './documents.entities';

export const documentsModule: FeatureModule = {
  name: 'documents',
  entities: documentsEntities,
  resolvers: [DocumentResolver],
  nodeTypes: documentNodes,
  policyRules: ['document.upload', 'document.read', 'document.attach'],
};
