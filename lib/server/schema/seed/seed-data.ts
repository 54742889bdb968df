import type { TenantTable } from '../schema-migrations';
import { buildOutreachRows } from './seed-outreach-data';
import { createSeededRandom, type SeededRandom } from '../../demo/seeded-random';
import { seedDate, seedId, seedTime } from './seed-ids';

/** One row for a tenant table: column name → value (JSON-compatible; timestamps as ISO strings). */
export type SeedRow = { tenant_id: string; id: string } & Record<string, unknown>;

export type SeedUser = { id: string; email: string; name: string; given_name: string; family_name: string };

export type TenantSeed = {
  key: string;
  tenant: { id: string; name: string };
  tenantUsers: Array<{ tenant_id: string; user_id: string; email: string; roles: string[] }>;
  rows: Record<TenantTable, SeedRow[]>;
};

export type SeedData = { users: SeedUser[]; tenants: TenantSeed[] };

type TenantSpec = { key: string; name: string; domain: string; client: string; clientDomain: string };

const TENANTS: TenantSpec[] = [
  { key: 'arctic', name: 'Arctic Outreach Co.', domain: 'arctic-outreach.example', client: 'Fjord Coffee Roasters', clientDomain: 'fjordcoffee.example' },
  { key: 'blueice', name: 'Blue Ice Agency', domain: 'blueice-agency.example', client: 'Polar Fitness Studios', clientDomain: 'polarfit.example' },
  { key: 'emperor', name: 'Emperor Growth Labs', domain: 'emperor-growth.example', client: 'Krill & Co. Seafood', clientDomain: 'krillco.example' },
];

const STAFF: Array<[string, string]> = [['Maya', 'Lindqvist'], ['Tomás', 'Herrera'], ['Aiko', 'Tanaka'], ['Jonah', 'Okafor'], ['Priya', 'Raman'], ['Lars', 'Eriksen'], ['Nadia', 'Haddad'], ['Owen', 'Byrne'], ['Sofia', 'Rossi']];
const ROLES = ['owner', 'admin', 'member'] as const;

/** A consultant who belongs to the first two tenants: users.users is shared, membership is per tenant. */
const CONSULTANT = { key: 'consultant', given: 'Quinn', family: 'Adeyemi', email: 'quinn@penguin-consulting.example' };

function user(given: string, family: string, email: string, key: string): SeedUser {
  return { id: seedId('user', key), email, name: `${given} ${family}`, given_name: given, family_name: family };
}

function base(tenantId: string, id: string, createdDays: number): SeedRow {
  return { tenant_id: tenantId, id, created_at: seedTime(createdDays), updated_at: seedTime(createdDays + 2) };
}

function buildCoreRows(spec: TenantSpec, tenantId: string, members: SeedUser[], random: SeededRandom): Omit<Record<TenantTable, SeedRow[]>, 'leads' | 'templates' | 'campaigns' | 'inbox_messages'> {
  const id = (...parts: Array<string | number>) => seedId(spec.key, ...parts);
  const companies = [
    { ...base(tenantId, id('company', 0), 0), name: spec.name, website: `https://${spec.domain}`, industry: 'Marketing services', size: '11-50', status: 'active' },
    { ...base(tenantId, id('company', 1), 3), name: spec.client, website: `https://${spec.clientDomain}`, industry: 'Consumer goods', size: '51-200', status: 'active' },
  ];
  const team_members = members.map((m, i) => ({
    ...base(tenantId, id('team_member', i), i), user_id: m.id, company_id: companies[0]?.id, role: ROLES[Math.min(i, 2)],
    status: 'active', title: ['Founder', 'Head of Growth', 'SDR', 'Outreach consultant'][i] ?? 'SDR',
    invited_at: seedTime(i), joined_at: seedTime(i + 0.5), last_active_at: seedTime(60 + i),
  }));
  const company_settings = companies.map((c, i) => ({
    ...base(tenantId, id('company_settings', i), i * 3), company_id: c.id, timezone: ['Europe/Oslo', 'America/New_York', 'Asia/Tokyo'][i % 3],
    locale: 'en-US', daily_send_limit: 400 + i * 200, track_opens: true, track_clicks: i === 0, sending_days: [1, 2, 3, 4, 5],
    send_window_start: '08:30:00', send_window_end: '17:30:00', unsubscribe_footer: `You are receiving this because you spoke with ${c.name}. Reply STOP to opt out.`,
    preferences: { weeklyDigest: true, replyDetection: 'ai' },
  }));
  const payments = companies.flatMap((c, ci) =>
    [0, 1, 2].map((month) => {
      const status = month === 2 && ci === 1 ? 'pending' : random.next() < 0.1 ? 'failed' : 'succeeded';
      return {
        ...base(tenantId, id('payment', ci, month), 30 * month + 1), company_id: c.id, amount_cents: ci === 0 ? 9900 : 24900 + month * 500, currency: 'USD', status,
        method: ci === 0 ? 'card' : 'bank_transfer', provider: 'stripe', provider_payment_id: `pi_${spec.key}_${ci}_${month}`,
        invoice_number: `INV-${spec.key.toUpperCase()}-${2026_01 + month}-${ci}`, description: `${ci === 0 ? 'Growth' : 'Agency'} plan, month ${month + 1}`,
        period_start: seedDate(30 * month), period_end: seedDate(30 * month + 29), paid_at: status === 'succeeded' ? seedTime(30 * month + 1.2) : null,
      };
    }),
  );
  const domains = [spec.domain, `mail.${spec.clientDomain}`].map((name, i) => ({
    ...base(tenantId, id('domain', i), 1 + i), company_id: companies[i]?.id, name, status: 'verified', spf_verified: true, dkim_verified: true,
    dmarc_verified: i === 0, dkim_selector: 'pm1', verified_at: seedTime(2 + i), last_checked_at: seedTime(58),
  }));
  const email_services = [
    { ...base(tenantId, id('email_service', 0), 1), name: 'Primary SMTP', provider: 'smtp', status: 'active', is_default: true, smtp_host: `smtp.${spec.domain}`, smtp_port: 587, config: { tls: 'starttls' }, credentials_ref: `vault://penguinmails/${spec.key}/smtp` },
    { ...base(tenantId, id('email_service', 1), 4), name: 'SendGrid (bulk)', provider: 'sendgrid', status: 'active', is_default: false, config: { ipPool: 'shared' }, credentials_ref: `vault://penguinmails/${spec.key}/sendgrid` },
  ];
  const mailboxes = ['hello', 'maya', 'sales', 'team'];
  const email_accounts = mailboxes.map((box, i) => {
    const domain = domains[i % 2] as SeedRow;
    return {
      ...base(tenantId, id('email_account', i), 2 + i), company_id: domain.company_id, domain_id: domain.id, email_service_id: email_services[i % 2]?.id,
      email: `${box}@${String(domain.name)}`, display_name: `${box[0]?.toUpperCase()}${box.slice(1)} at ${i % 2 === 0 ? spec.name : spec.client}`,
      status: i === 3 ? 'warming_up' : 'active', daily_send_limit: 40 + 10 * i, warmup_enabled: i === 3, reputation_score: 80 + random.int(0, 19), last_synced_at: seedTime(60),
    };
  });
  return { companies, team_members, company_settings, payments, domains, email_services, email_accounts };
}

/**
 * The development data set: three tenants, their users (one shared by two tenants) and rows in all 11
 * tenant tables that reference each other consistently. Pure and deterministic: identical on every call.
 */
export function buildSeedData(): SeedData {
  const consultant = user(CONSULTANT.given, CONSULTANT.family, CONSULTANT.email, CONSULTANT.key);
  const users: SeedUser[] = [consultant];
  const tenants = TENANTS.map((spec, t) => {
    const random = createSeededRandom(1000 + t);
    const tenantId = seedId('tenant', spec.key);
    const staff = STAFF.slice(t * 3, t * 3 + 3).map(([given, family]) =>
      user(given, family, `${given.toLowerCase().normalize('NFD').replace(/[^a-z]/g, '')}@${spec.domain}`, `${spec.key}:${given}`));
    users.push(...staff);
    const members = t < 2 ? [...staff, consultant] : staff;
    const core = buildCoreRows(spec, tenantId, members, random);
    const outreach = buildOutreachRows({ key: spec.key, tenantId, companies: core.companies, emailAccounts: core.email_accounts, authorId: staff[0]?.id ?? consultant.id, random });
    return {
      key: spec.key,
      tenant: { id: tenantId, name: spec.name },
      tenantUsers: members.map((m, i) => ({ tenant_id: tenantId, user_id: m.id, email: m.email, roles: [ROLES[Math.min(i, 2)] as string] })),
      rows: { ...core, ...outreach },
    };
  });
  return { users, tenants };
}
