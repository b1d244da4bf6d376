/** Why a document is attached to what it is attached to. */
import { registerEnumType } from 'type-graphql';

export enum DocumentPurpose {
  WAIVER_EVIDENCE = 'WAIVER_EVIDENCE',
  LEARNING_EVIDENCE = 'LEARNING_EVIDENCE',
  APPLICATION_EVIDENCE = 'APPLICATION_EVIDENCE',
  LETTER_OF_SUPPORT = 'LETTER_OF_SUPPORT',
  BOARD_RESOLUTION = 'BOARD_RESOLUTION',
}

registerEnumType(DocumentPurpose, {
  name: 'DocumentPurpose',
  description: 'Why a document is attached: evidence for a waiver or a learning completion, evidence or a letter for a zone application, a board resolution',
});
