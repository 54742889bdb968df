import type { SeedRow } from './seed-data';
import type { SeededRandom } from '../../demo/seeded-random';
import { seedId, seedTime } from './seed-ids';

type OutreachInput = { key: string; tenantId: string; companies: SeedRow[]; emailAccounts: SeedRow[]; authorId: string; random: SeededRandom };

export type OutreachRows = { leads: SeedRow[]; templates: SeedRow[]; campaigns: SeedRow[]; inbox_messages: SeedRow[] };

const FIRST = ['Ava', 'Liam', 'Noah', 'Mia', 'Ethan', 'Zoe', 'Lucas', 'Isla', 'Mateo', 'Aria', 'Omar', 'Hana', 'Kenji', 'Sofia', 'Jonas', 'Amara', 'Felix', 'Lena', 'Diego', 'Ines'];
const LAST = ['Moreau', 'Fischer', 'Novak', 'Silva', 'Kowalski', 'Patel', 'Andersen', 'Nakamura', 'Duarte', 'Kim', 'Walsh', 'Mensah'];
const ORGS: Array<[string, string]> = [['Northwind Traders', 'northwind.example'], ['Globex', 'globex.example'], ['Initech', 'initech.example'], ['Umbrella Logistics', 'umbrella-logistics.example'], ['Vandelay Industries', 'vandelay.example'], ['Stark Freight', 'starkfreight.example'], ['Soylent Foods', 'soylent.example']];
const TITLES = ['Head of Marketing', 'VP Sales', 'Founder', 'Operations Manager', 'CTO', 'Procurement Lead'];
const LEAD_STATUSES = ['new', 'new', 'contacted', 'contacted', 'replied', 'interested', 'not_interested', 'bounced', 'unsubscribed'] as const;
const REPLIES = [
  ['Re: Quick question about {org}', 'Thanks for reaching out — can you send pricing for a team of 12?', 'positive'],
  ['Re: Quick question about {org}', 'Not the right time for us, maybe next quarter.', 'neutral'],
  ['Re: Following up', 'Please remove me from your list.', 'negative'],
  ['Re: Following up', 'Happy to chat. Does Thursday 10:00 work?', 'positive'],
] as const;

/** Leads, templates, campaigns and inbox messages of one tenant, consistent with its companies and accounts. */
export function buildOutreachRows(input: OutreachInput): OutreachRows {
  const { key, tenantId, companies, emailAccounts, authorId, random } = input;
  const id = (...parts: Array<string | number>) => seedId(key, ...parts);
  const row = (kind: string, n: number, createdDays: number): SeedRow => ({ tenant_id: tenantId, id: id(kind, n), created_at: seedTime(createdDays), updated_at: seedTime(createdDays + 1) });
  const companyId = (n: number) => companies[n % companies.length]?.id;

  const leads = Array.from({ length: 20 }, (_, n) => {
    const first = FIRST[(n + key.length) % FIRST.length] as string;
    const last = LAST[(n * 5 + key.length) % LAST.length] as string;
    const [org, orgDomain] = ORGS[n % ORGS.length] as [string, string];
    const status = random.pick(LEAD_STATUSES);
    return {
      ...row('lead', n, 5 + n), company_id: companyId(n), email: `${first}.${last}.${n}@${orgDomain}`.toLowerCase(), first_name: first, last_name: last,
      organization: org, job_title: random.pick(TITLES), phone: `+1-555-01${String(n).padStart(2, '0')}`, linkedin_url: `https://www.linkedin.com/in/${first}-${last}-${n}`.toLowerCase(),
      status, source: n % 4 === 0 ? 'form' : 'import', tags: n % 3 === 0 ? ['priority', 'q1'] : ['q1'], score: random.int(10, 95),
      last_contacted_at: status === 'new' ? null : seedTime(20 + n), unsubscribed_at: status === 'unsubscribed' ? seedTime(25 + n) : null,
    };
  });

  const templates = [
    ['Cold intro', 'Quick question about {{organization}}', 'outreach'],
    ['Follow-up #1', 'Following up', 'follow_up'],
    ['Monthly newsletter', 'What we shipped in {{month}}', 'newsletter'],
  ].map(([name, subject, category], n) => ({
    ...row('template', n, 4 + n), company_id: companyId(n), name, subject, category, created_by: authorId, is_archived: false,
    body_text: `Hi {{first_name}},\n\n${n === 0 ? 'I noticed {{organization}} is growing its team' : 'Circling back on my last note'} — worth a 15 minute call?\n\n{{sender_name}}`,
    body_html: `<p>Hi {{first_name}},</p><p>${n === 0 ? 'I noticed {{organization}} is growing its team' : 'Circling back on my last note'} — worth a 15 minute call?</p>`,
    variables: ['first_name', 'organization', 'sender_name'],
  }));

  const campaigns = [
    { name: 'Q1 cold outreach', status: 'running', started: 10, completed: null, sent: 180 },
    { name: 'December re-engagement', status: 'completed', started: -20, completed: -5, sent: 240 },
    { name: 'Spring launch announcement', status: 'draft', started: null, completed: null, sent: 0 },
  ].map((c, n) => ({
    ...row('campaign', n, n === 1 ? -25 : 6 + n), company_id: companyId(n), template_id: templates[n % 2]?.id, email_account_id: emailAccounts[n % emailAccounts.length]?.id,
    name: c.name, status: c.status, scheduled_at: c.started === null ? null : seedTime(c.started), started_at: c.started === null ? null : seedTime(c.started),
    completed_at: c.completed === null ? null : seedTime(c.completed), daily_limit: 60, sent_count: c.sent, open_count: Math.round(c.sent * 0.46),
    click_count: Math.round(c.sent * 0.08), reply_count: Math.round(c.sent * 0.05), bounce_count: Math.round(c.sent * 0.02), created_by: authorId,
  }));

  const inbox_messages = Array.from({ length: 16 }, (_, n) => {
    const lead = leads[n % leads.length] as SeedRow;
    const account = emailAccounts[n % emailAccounts.length] as SeedRow;
    const isInbound = n % 2 === 0;
    const [subject, body, sentiment] = REPLIES[n % REPLIES.length] as readonly [string, string, string];
    const thread = `<thread-${key}-${Math.floor(n / 2)}@penguinmails.example>`;
    return {
      ...row('inbox_message', n, 30 + n / 2), email_account_id: account.id, lead_id: lead.id, campaign_id: campaigns[0]?.id,
      message_id: `<${key}-${n}@${isInbound ? 'mail.example' : 'penguinmails.example'}>`, in_reply_to: isInbound ? null : `<${key}-${n - 1}@mail.example>`, thread_id: thread,
      direction: isInbound ? 'inbound' : 'outbound', folder: isInbound ? 'inbox' : 'sent', from_address: isInbound ? lead.email : account.email,
      from_name: isInbound ? `${String(lead.first_name)} ${String(lead.last_name)}` : account.display_name, to_addresses: [isInbound ? account.email : lead.email], cc_addresses: [],
      subject: subject.replace('{org}', String(lead.organization)), snippet: body.slice(0, 120), body_text: body, received_at: seedTime(30 + n / 2),
      read_at: n % 3 === 0 ? null : seedTime(30.2 + n / 2), is_starred: n % 5 === 0, labels: isInbound && sentiment === 'positive' ? ['hot'] : [], sentiment: isInbound ? sentiment : null,
    };
  });

  return { leads, templates, campaigns, inbox_messages };
}
