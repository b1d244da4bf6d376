/** GraphQL for people: who is signed in, their memberships, and whose email a viewer may read. */
import { Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../graphql/context';
import { ListBound } from '../../graphql/limits';
import { Membership } from '../organizations/membership.entity';
import { membershipsOf } from '../organizations/membership.service';
import { User } from './user.entity';
import { mayReadEmail } from './user.visibility';

@Resolver(() => User)
export class UserResolver {
  @Query(() => User, { nullable: true, description: 'The signed-in user; null without a token' })
  async viewer(@Ctx() ctx: HubContext): Promise<User | null> {
    return ctx.viewer.userId ? ctx.loaders.byId(User).load(ctx.viewer.userId) : null;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'Null unless you are this person, share an organization or a waiver request with them, or are state-agency staff',
  })
  async email(@Root() user: User, @Ctx() ctx: HubContext): Promise<string | null> {
    return (await mayReadEmail(ctx, user.id)) ? user.email : null;
  }

  @ListBound(20) // organizations one person belongs to: nothing caps them (the response bounds do)
  @FieldResolver(() => [Membership])
  memberships(@Root() user: User, @Ctx() ctx: HubContext): Promise<Membership[]> {
    return membershipsOf(ctx, user.id);
  }
}
