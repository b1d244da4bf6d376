/**
 * The documents feature's public API for other features: attach uploads
 * inside a write transaction, list what is attached, register who may read
 * the documents attached to a target type. (The `Document` GraphQL type's
 * resolver is schema.ts's to list; uploads and downloads are HTTP.)
 */
export { Document, DocumentContent } from './document.entity';
export { DocumentPurpose } from './document.enums';
export { attachDocuments, attachedDocuments, MAX_DOCUMENTS_PER_TARGET, type DocumentTarget } from './document.service';
export { registerDocumentReaders, type DocumentReadRule } from './document.readers';
export { PostgresDocumentStore, DocumentTooLargeError, type DocumentStore } from './document.store';
export { documentNodes } from './document.nodes';
