// The demo store's mapping file: MAPPING_FILE points here when Ferry runs on its generated demo data.
// A mapping file is data (JSON, or TypeScript like this one with a default export); only types may be
// imported. Anything not mapped keeps the zero-config default: admin collections go to
// admin_documents, the others to app_documents, each tenant by its `tenantId`.
import type { MappingFile } from '../mapping/mapping-schema';

const mapping: MappingFile = {
  adminCollections: { prefixes: ['admin-', 'permission-'], names: [] },
  tenantField: 'tenantId',
  withoutTenant: 'quarantine',
  // Nile tenants get the organization's name instead of its legacy key.
  tenantNames: { collection: 'tenants', keyField: 'tenantId', nameField: 'name' },
  collections: {
    // Two collections land in typed tables of the PenguinMails schema (npm run db:migrate); every field
    // not listed here is kept in the table's `extra` jsonb column.
    companies: {
      table: 'companies',
      columns: {
        name: { from: 'name', type: 'text', required: true, transform: 'trim' },
        industry: { from: 'industry', type: 'text' },
        created_at: { from: 'createdAt', type: 'timestamptz' },
      },
    },
    leads: {
      table: 'leads',
      columns: {
        email: { from: 'email', type: 'text', required: true, transform: 'lowercase' },
        first_name: { from: 'firstName', type: 'text' },
        last_name: { from: 'lastName', type: 'text' },
        job_title: { from: 'title', type: 'text' },
        phone: { from: 'phone', type: 'text' },
        status: { from: 'status', type: 'text' },
        score: { from: 'score', type: 'integer' },
        tags: { from: 'tags', type: 'text[]' },
        company_id: { from: 'companyId', type: 'ref', collection: 'companies' },
        unsubscribed_at: { from: 'unsubscribedAt', type: 'timestamptz' },
        created_at: { from: 'createdAt', type: 'timestamptz' },
      },
    },
  },
};

export default mapping;
