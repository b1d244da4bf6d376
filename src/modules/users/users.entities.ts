/** The users feature's tables, for the ORM (`src/entities.ts`) and `users.module.ts`. */
import { User } from './user.entity';

export const usersEntities = [User];
