import {
  CAMPAIGN_NAMES, EMAIL_PROVIDERS, EPOCH_END, EPOCH_START, FIRST_NAMES, INDUSTRIES, JOB_TITLES, LAST_NAMES, LEAD_SOURCES, LEAD_STATUSES,
  PLANS, PROSPECT_COMPANIES, SENDING_SERVICES, SNIPPETS, SUBJECTS, type DemoDoc,
} from './demo-catalog';
import type { SeededRandom } from './seeded-random';

/** One organization of the demo store. */
export type DemoTenant = { key: string; name: string; domain: string; country: string };

/** Every document of one tenant, per collection, in insert order. */
export type TenantRecords = Record<
  'tenants' | 'users' | 'team-members' | 'companies' | 'payments' | 'domains' | 'company-settings' | 'email-accounts' | 'leads' | 'campaigns' | 'templates' | 'inbox-messages' | 'email-services',
  DemoDoc[]
>;

const DAY = 86_400_000;
const slug = (text: string) => text.toLowerCase().normalize('NFD').replace(/[^a-z0-9]+/g, '');

/**
 * Build one tenant's application data, each document carrying `tenantId` (the legacy key, e.g.
 * `org_acme`; the tenant document carries its own key). Documents point at each other by legacy
 * `_id` (`userId`, `companyId`, `templateId`, `campaignId`, `leadId`, `emailAccountId`, `domainId`),
 * so a migration has real references to keep. Values are realistic: emails, domains, amounts as
 * numbers, Dates, statuses, unicode names and texts.
 */
export function buildTenantRecords(random: SeededRandom, tenant: DemoTenant): TenantRecords {
  const tenantId = tenant.key;
  const since = random.date(EPOCH_START, EPOCH_START + 180 * DAY);
  const plan = random.pick(PLANS);
  const person = () => ({ first: random.pick(FIRST_NAMES), last: random.pick(LAST_NAMES) });
  const when = () => random.date(since.getTime(), EPOCH_END);

  const tenants: DemoDoc[] = [{
    _id: random.id(), tenantId, name: tenant.name, slug: tenantId.slice(4), plan: plan.plan,
    status: random.pick(['active', 'active', 'trial']), billingEmail: `billing@${tenant.domain}`, country: tenant.country,
    settings: { timezone: random.pick(['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Tokyo']), locale: random.pick(['en', 'de', 'fr', 'ja']) },
    createdAt: since,
  }];
  const users: DemoDoc[] = Array.from({ length: random.int(4, 8) }, (_, index) => {
    const { first, last } = person();
    return {
      _id: random.id(), tenantId, email: `${slug(first)}.${slug(last)}${index}@${tenant.domain}`, firstName: first, lastName: last,
      role: index === 0 ? 'owner' : random.pick(['admin', 'member', 'member']), status: random.pick(['active', 'active', 'invited']),
      createdAt: when(), lastSeenAt: when(),
    };
  });
  const owner = users[0] as DemoDoc;
  const teamMembers: DemoDoc[] = users.map((user) => ({
    _id: random.id(), tenantId, userId: user._id, teamName: random.pick(['Sales', 'Marketing', 'Success']), role: user.role === 'owner' ? 'lead' : 'member',
    invitedBy: owner._id, joinedAt: user.createdAt,
  }));
  const companies: DemoDoc[] = random.sample(PROSPECT_COMPANIES, random.int(10, 16)).map((name) => ({
    _id: random.id(), tenantId, name, domain: `${slug(name)}.example`, industry: random.pick(INDUSTRIES), size: random.pick([10, 50, 200, 1000, 5000]),
    country: random.pick(['US', 'DE', 'FR', 'GB', 'JP', 'BR', 'IN']), ownerId: random.pick(users)._id, createdAt: when(),
  }));
  const payments: DemoDoc[] = Array.from({ length: random.int(8, 14) }, (_, month) => ({
    _id: random.id(), tenantId, invoiceNumber: `INV-${tenantId.slice(4).toUpperCase()}-${String(month + 1).padStart(4, '0')}`,
    amount: plan.amount + random.pick([0, 0, 0, random.amount(5, 60)]), currency: random.pick(['USD', 'USD', 'EUR']),
    status: random.pick(['paid', 'paid', 'paid', 'failed']), method: random.pick(['card', 'sepa']), userId: owner._id,
    paidAt: new Date(since.getTime() + month * 30 * DAY),
  }));
  const domains: DemoDoc[] = ['mail', 'outreach', 'news'].slice(0, random.int(2, 3)).map((prefix) => ({
    _id: random.id(), tenantId, domain: `${prefix}.${tenant.domain}`, verified: random.chance(0.8),
    dkim: { selector: `pm${random.int(1, 9)}`, status: random.pick(['valid', 'pending']) }, spf: random.pick(['pass', 'softfail']), createdAt: when(),
  }));
  const settings: DemoDoc[] = [{
    _id: random.id(), tenantId, companyName: tenant.name, timezone: (tenants[0] as DemoDoc & { settings: { timezone: string } }).settings.timezone,
    sendingLimits: { daily: random.pick([200, 500, 1000]), hourly: random.pick([20, 50, 100]) },
    branding: { primaryColor: `#${random.chars('0123456789abcdef', 6)}`, logoUrl: `https://cdn.${tenant.domain}/logo.png` },
    features: { warmup: random.chance(0.7), abTesting: random.chance(0.5), aiReplies: random.chance(0.3) },
    updatedAt: when(),
  }];
  const accounts: DemoDoc[] = Array.from({ length: random.int(2, 5) }, (_, index) => {
    const domain = random.pick(domains);
    return {
      _id: random.id(), tenantId, email: `${random.pick(['sales', 'hello', 'team', 'founders'])}${index}@${domain.domain as string}`,
      provider: random.pick(EMAIL_PROVIDERS), domainId: domain._id, dailyLimit: random.pick([50, 100, 200]),
      warmupStatus: random.pick(['warming', 'ready', 'paused']), smtp: { host: `smtp.${tenant.domain}`, port: random.pick([465, 587]) },
      connectedAt: when(),
    };
  });
  const templates: DemoDoc[] = Array.from({ length: random.int(3, 6) }, (_, index) => ({
    _id: random.id(), tenantId, name: `Template ${index + 1}`, subject: random.pick(SUBJECTS),
    body: `<p>Hi {{firstName}},</p><p>${random.pick(SNIPPETS)}</p><p>— ${owner.firstName as string}</p>`,
    variables: ['firstName', 'company'], createdBy: random.pick(users)._id, createdAt: when(),
  }));
  const leads: DemoDoc[] = Array.from({ length: random.int(200, 300) }, (_, index) => {
    const { first, last } = person();
    const company = random.pick(companies);
    const status = random.pick(LEAD_STATUSES);
    return {
      _id: random.id(), tenantId, email: `${slug(first)}.${slug(last)}${index}@${company.domain as string}`, firstName: first, lastName: last,
      companyId: company._id, title: random.pick(JOB_TITLES), status, ...(status === 'unsubscribed' ? { unsubscribedAt: when() } : {}), score: random.int(0, 100),
      tags: random.sample(['vip', 'q3', 'webinar', 'enterprise', 'smb'], random.int(0, 2)), source: random.pick(LEAD_SOURCES),
      phone: random.chance(0.4) ? `+1 555 ${random.int(100, 999)} ${random.int(1000, 9999)}` : null, createdAt: when(),
    };
  });
  const campaigns: DemoDoc[] = random.sample(CAMPAIGN_NAMES, random.int(4, 7)).map((name) => ({
    _id: random.id(), tenantId, name, status: random.pick(['draft', 'running', 'paused', 'completed']), templateId: random.pick(templates)._id,
    emailAccountIds: random.sample(accounts, random.int(1, 2)).map((account) => account._id), createdBy: random.pick(users)._id,
    schedule: { startAt: when(), timezone: 'UTC', days: ['mon', 'tue', 'wed', 'thu'] },
    stats: { sent: random.int(0, 2000), opened: random.int(0, 900), replied: random.int(0, 80), bounced: random.int(0, 30) }, createdAt: when(),
  }));
  const messages: DemoDoc[] = Array.from({ length: random.int(60, 120) }, () => {
    const campaign = random.pick(campaigns);
    return {
      _id: random.id(), tenantId, campaignId: campaign._id, leadId: random.pick(leads)._id, emailAccountId: random.pick(accounts)._id,
      direction: random.pick(['inbound', 'outbound', 'outbound']), subject: random.pick(SUBJECTS), snippet: random.pick(SNIPPETS),
      read: random.chance(0.5), labels: random.sample(['interested', 'ooo', 'bounce', 'follow-up'], random.int(0, 2)), receivedAt: when(),
    };
  });
  const services: DemoDoc[] = random.sample(SENDING_SERVICES, random.int(1, 2)).map((provider) => ({
    _id: random.id(), tenantId, provider, apiKeyLast4: random.chars('0123456789abcdef', 4), region: random.pick(['us-east-1', 'eu-west-1']),
    status: random.pick(['active', 'active', 'error']), createdAt: when(),
  }));
  return {
    tenants, users, 'team-members': teamMembers, companies, payments, domains, 'company-settings': settings, 'email-accounts': accounts,
    leads, campaigns, templates, 'inbox-messages': messages, 'email-services': services,
  };
}
