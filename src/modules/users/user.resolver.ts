/** GraphQL for people: who is signed in, and their memberships. */
import { Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../graphql/context';
import { ListBound } from '../../graphql/limits';
import { Membership } from '../organizations/membership.entity';
import { membershipsOf } from '../organizations/membership.service';
import { User } from './user.entity';

@Resolver(() => User)
export class UserResolver {
  @Query(() => User, { nullable: true, description: 'The signed-in user; null without a token' })
  async viewer(@Ctx() ctx: HubContext): Promise<User | null> {
    return ctx.viewer.userId ? ctx.loaders.byId(User).load(ctx.viewer.userId) : null;
  }

  @ListBound(20) // organizations one person belongs to: nothing caps them (the response bounds do)
  @FieldResolver(() => [Membership])
  memberships(@Root() user: User, @Ctx() ctx: HubContext): Promise<Membership[]> {
    return membershipsOf(ctx, user.id);
  }
}
