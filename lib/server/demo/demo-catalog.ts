/** Fixed vocabulary of the demo PenguinMails legacy store (names, domains, statuses, texts). */

export type DemoDoc = { _id: string } & Record<string, unknown>;

/** One write against a collection, applied in order through the real NeDB library. */
export type DemoOperation =
  | { op: 'insert'; collection: string; docs: DemoDoc[] }
  | { op: 'update'; collection: string; id: string; update: Record<string, unknown> }
  | { op: 'remove'; collection: string; id: string };

/** Every collection the demo writes, admin ones first (the order files are created in). */
export const DEMO_COLLECTIONS = [
  'admin-users',
  'admin-roles',
  'permission-atoms',
  'permission-audit-logs',
  'tenants',
  'users',
  'team-members',
  'companies',
  'payments',
  'domains',
  'company-settings',
  'email-accounts',
  'leads',
  'campaigns',
  'templates',
  'inbox-messages',
  'email-services',
] as const;

/** Demo time window: 2023-01-01 … 2025-06-30 (UTC). Fixed, so output never depends on the clock. */
export const EPOCH_START = Date.UTC(2023, 0, 1);
export const EPOCH_END = Date.UTC(2025, 5, 30);

export const ORGANIZATIONS = [
  { key: 'org_acme', name: 'Acme Corp', domain: 'acme.test', country: 'US' },
  { key: 'org_globex', name: 'Globex GmbH', domain: 'globex.test', country: 'DE' },
  { key: 'org_initech', name: 'Initech Ltd', domain: 'initech.test', country: 'GB' },
  { key: 'org_umbrella', name: 'Umbrella SAS', domain: 'umbrella.test', country: 'FR' },
  { key: 'org_hooli', name: 'Hooli 株式会社', domain: 'hooli.test', country: 'JP' },
  { key: 'org_stark', name: 'Stark Industries', domain: 'stark.test', country: 'US' },
  { key: 'org_wayne', name: 'Wayne Enterprises', domain: 'wayne.test', country: 'US' },
  { key: 'org_tyrell', name: 'Tyrell Corporation', domain: 'tyrell.test', country: 'CA' },
] as const;

export const FIRST_NAMES = ['Ana', 'Ben', 'Chloé', 'Dmitri', 'Emma', 'Farah', 'Giulia', 'Hiro', 'Ines', 'Jonas', 'Kwame', 'Lena', 'Mateo', 'Noor', 'Olga', 'Priya', 'Quentin', 'Rosa', 'Sven', 'Tomás', 'Yuki', 'Zoë'] as const;
export const LAST_NAMES = ['Almeida', 'Brown', 'Chen', 'Dubois', 'Eriksen', 'Fischer', 'García', 'Haddad', 'Ivanova', 'Jensen', 'Kowalski', 'López', 'Müller', 'Nakamura', 'Okafor', 'Petrov', 'Rossi', 'Schmidt', 'Tanaka', 'Wójcik'] as const;
export const PROSPECT_COMPANIES = ['Northwind', 'Contoso', 'Fabrikam', 'Litware', 'Proseware', 'Adatum', 'Tailspin', 'Woodgrove', 'Lucerne', 'Margie Travel', 'Blue Yonder', 'Coho Winery', 'Alpine Ski', 'Fourth Coffee', 'Wingtip Toys', 'Trey Research'] as const;
export const INDUSTRIES = ['SaaS', 'E-commerce', 'Fintech', 'Healthcare', 'Logistics', 'Education', 'Manufacturing', 'Agency'] as const;
export const JOB_TITLES = ['CEO', 'CTO', 'Head of Sales', 'Marketing Manager', 'VP Growth', 'Founder', 'Sales Director', 'Operations Lead'] as const;
export const LEAD_STATUSES = ['new', 'contacted', 'replied', 'interested', 'bounced', 'unsubscribed'] as const;
export const LEAD_SOURCES = ['csv-import', 'api', 'manual', 'linkedin', 'webinar'] as const;
export const CAMPAIGN_NAMES = ['Q3 Outbound', 'Webinar follow-up', 'Re-engagement', 'Product launch 🚀', 'Partner intro', 'Holiday promo', 'Cold outreach DACH', 'Founders series'] as const;
export const SUBJECTS = ['Quick question', 'Idea for {{company}}', 'Re: pricing', 'Following up', 'Can we talk Thursday?', 'Ваше предложение', '会议安排', 'שאלה קצרה', 'Your deliverability 📬'] as const;
export const SNIPPETS = [
  'Thanks for reaching out, could you send more details?',
  'Not interested at the moment, please remove me.',
  "Let's schedule a call next week — Tuesday works.",
  'Ich bin bis Montag nicht im Büro.',
  'Merci, je reviens vers vous rapidement.',
  'ありがとうございます。検討します。',
  'شكرا لك، سأعود إليك قريبا',
] as const;
export const EMAIL_PROVIDERS = ['gmail', 'outlook', 'smtp'] as const;
export const SENDING_SERVICES = ['sendgrid', 'ses', 'postmark', 'mailgun'] as const;
export const PLANS = [
  { plan: 'starter', amount: 49 },
  { plan: 'growth', amount: 149 },
  { plan: 'scale', amount: 499 },
] as const;
export const PERMISSION_RESOURCES = ['tenants', 'users', 'billing', 'campaigns', 'domains', 'audit-logs', 'migration', 'settings'] as const;
export const PERMISSION_ACTIONS = ['read', 'write', 'delete'] as const;
export const ROLE_NAMES = ['Super Admin', 'Support', 'Billing', 'Read-only'] as const;

/** A bcrypt-looking hash (`$2b$10$` + 53 characters of bcrypt's alphabet); never a real password's. */
export const BCRYPT_ALPHABET = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
