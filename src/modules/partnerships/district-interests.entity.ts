/** The essential employability skills a district wants real-world learning for (drives recommendations). */
import { Entity, OneToOne, type Opt, Property, type Rel } from '@mikro-orm/core';
import { NodeEntity } from '../../db/base.entity';
import { Organization } from '../organizations/organization.entity';

@Entity({ tableName: 'district_skill_interests' })
export class DistrictSkillInterests extends NodeEntity {
  @OneToOne(() => Organization, { owner: true, deleteRule: 'cascade', unique: 'district_skill_interests_district_unique' })
  district!: Rel<Organization>;

  /** Normalized tags, as on opportunities. */
  @Property({ type: 'text[]' })
  skills: string[] & Opt = [];
}
