/** The legacy NeDB reader: list a directory, scan a collection (pass 1), read its live documents (pass 2), profile fields. */
export { listCollections, type CollectionFile, type LegacyDirectory, type SkippedEntry, type UnreadableFile } from './list-collections';
export { openLegacyFile, type FileIdentity, type OpenedLegacyFile } from './open-legacy-file';
export { scanCollection } from './scan-collection';
export { readLiveDocumentBatches, readLiveDocuments } from './read-live-documents';
export { createFieldProfiler, profileCollection, profileDocuments, type DocumentProfile, type FieldProfile, type FieldProfiler, type FieldType } from './profile-documents';
export type { LegacyDocument } from './nedb-deserialize';
export type * from './types';
