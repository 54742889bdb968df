import { EPOCH_END, LEAD_STATUSES, PLANS, type DemoDoc, type DemoOperation } from './demo-catalog';
import type { TenantRecords } from './build-tenant-records';
import type { SeededRandom } from './seeded-random';

const DAY = 86_400_000;

/**
 * The round of updates and removes applied after the inserts, so the files keep superseded versions
 * and tombstones the way a long-running PenguinMails process leaves them: lead statuses move (some
 * twice), campaigns send and change status, messages get read, users log in, a payment is refunded,
 * one tenant upgrades; some leads and messages are purged, a team member leaves, an email account is
 * disconnected, and a domain is removed then re-added with the same `_id`.
 */
export function buildTenantHistory(random: SeededRandom, records: TenantRecords, tenantIndex: number): DemoOperation[] {
  const operations: DemoOperation[] = [];
  const update = (collection: string, doc: DemoDoc, change: Record<string, unknown>) => operations.push({ op: 'update', collection, id: doc._id, update: change });
  const remove = (collection: string, doc: DemoDoc) => operations.push({ op: 'remove', collection, id: doc._id });
  const recent = () => random.date(EPOCH_END - 30 * DAY, EPOCH_END);

  for (const lead of records.leads) {
    if (random.chance(0.25)) {
      const status = random.pick(LEAD_STATUSES);
      update('leads', lead, { $set: { status, lastContactedAt: recent(), ...(status === 'unsubscribed' ? { unsubscribedAt: recent() } : {}) } });
    }
    if (random.chance(0.05)) update('leads', lead, { $set: { score: random.int(0, 100) }, $addToSet: { tags: 'rescored' } });
  }
  // A data problem the target refuses: unsubscribed without a date (leads' CHECK constraint). The
  // migration quarantines these with the database's reason.
  if (tenantIndex === 0) {
    for (const lead of records.leads.slice(0, 2)) update('leads', lead, { $set: { status: 'unsubscribed' }, $unset: { unsubscribedAt: true } });
  }
  for (const campaign of records.campaigns) {
    if (campaign.status === 'draft') update('campaigns', campaign, { $set: { status: 'running', launchedAt: recent() } });
    update('campaigns', campaign, { $inc: { 'stats.sent': random.int(10, 200), 'stats.opened': random.int(0, 50), 'stats.replied': random.int(0, 5) } });
  }
  for (const message of records['inbox-messages']) {
    if (message.read === false && random.chance(0.4)) update('inbox-messages', message, { $set: { read: true } });
  }
  for (const user of records.users.slice(0, 3)) update('users', user, { $set: { lastSeenAt: recent() } });
  const failed = records.payments.find((payment) => payment.status === 'failed') ?? records.payments[0];
  if (failed) update('payments', failed, { $set: { status: 'refunded', refundedAt: recent() } });
  const tenant = records.tenants[0] as DemoDoc;
  if (tenantIndex % 3 === 1) {
    update('tenants', tenant, { $set: { plan: (PLANS[2] as (typeof PLANS)[number]).plan, status: 'active' } });
  }

  for (const lead of records.leads) if (random.chance(0.05)) remove('leads', lead);
  for (const message of records['inbox-messages']) if (random.chance(0.05)) remove('inbox-messages', message);
  const leaving = records['team-members'][records['team-members'].length - 1];
  if (leaving && records['team-members'].length > 1) remove('team-members', leaving);
  const disconnected = records['email-accounts'][records['email-accounts'].length - 1];
  if (disconnected && records['email-accounts'].length > 2) remove('email-accounts', disconnected);
  const domain = records.domains[0];
  if (domain) {
    remove('domains', domain);
    operations.push({ op: 'insert', collection: 'domains', docs: [{ ...domain, verified: false, readdedAt: recent() }] });
  }
  return operations;
}
