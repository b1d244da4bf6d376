/** The documents feature's tables, for the ORM (`src/entities.ts`) and `documents.module.ts`. */
import { Document, DocumentContent } from './document.entity';

export const documentsEntities = [Document, DocumentContent];
