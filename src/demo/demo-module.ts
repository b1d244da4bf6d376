/** The shape of a demo learning module, shared by both halves of the catalogue (learning-catalog*.ts) and the learning seed. */
import type { Zone } from '../domain/enums';
import type { Audience, DeliveryFormat } from '../modules/learning/learning.enums';

export interface DemoModule {
  key: string;
  publisher: string;
  title: string;
  summary: string;
  /** Markdown outline items; the body is built from them. */
  outline: string[];
  competencies: string[];
  audiences: Audience[];
  format: DeliveryFormat;
  hours: number;
  zones: Zone[];
  requires?: string[];
  /** Never published yet. */
  draft?: boolean;
  /** A newer version being edited while this one stays public. */
  nextEdition?: { title?: string; summary?: string; outline?: string[] };
}
