/** The professional-learning vocabulary: the educator continuum, delivery, lifecycle. */
import { registerEnumType } from 'type-graphql';

/** A place on the educator continuum. */
export enum Audience {
  PRESERVICE = 'PRESERVICE',
  NEW_EDUCATOR = 'NEW_EDUCATOR',
  VETERAN_EDUCATOR = 'VETERAN_EDUCATOR',
  SCHOOL_LEADER = 'SCHOOL_LEADER',
}

export enum DeliveryFormat {
  IN_PERSON = 'IN_PERSON',
  VIRTUAL = 'VIRTUAL',
  HYBRID = 'HYBRID',
  SELF_PACED = 'SELF_PACED',
}

/** A module's lifecycle: what the public sees of it. */
export enum ModuleStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  ARCHIVED = 'ARCHIVED',
}

/** One version's place in a module's history. */
export enum ModuleVersionStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  SUPERSEDED = 'SUPERSEDED',
}

registerEnumType(Audience, {
  name: 'Audience',
  description: 'A place on the educator continuum, from preservice to school leader',
  valuesConfig: {
    PRESERVICE: { description: 'Teacher candidates in preparation programs' },
    NEW_EDUCATOR: { description: 'Educators in their first years' },
    VETERAN_EDUCATOR: { description: 'Experienced classroom educators' },
    SCHOOL_LEADER: { description: 'Principals, instructional coaches and district leaders' },
  },
});
registerEnumType(DeliveryFormat, { name: 'DeliveryFormat', description: 'How a learning module is delivered' });
registerEnumType(ModuleStatus, {
  name: 'ModuleStatus',
  description: "A learning module's lifecycle",
  valuesConfig: {
    DRAFT: { description: 'Never published: visible only to members of the publisher' },
    PUBLISHED: { description: 'Public: found by search and discovery' },
    ARCHIVED: { description: 'Hidden from discovery, still resolvable by id' },
  },
});
registerEnumType(ModuleVersionStatus, {
  name: 'ModuleVersionStatus',
  description: "A version's place in a module's history",
  valuesConfig: {
    DRAFT: { description: 'Being edited; visible only to members of the publisher' },
    PUBLISHED: { description: 'The version the public sees now (immutable)' },
    SUPERSEDED: { description: 'Published before a newer version (immutable)' },
  },
});
