/** One audit trail entry as the console and the API show it. */
export type AuditRecord = {
  id: number;
  at: string;
  actorEmail: string | null;
  actorKind: string;
  action: string;
  target: string | null;
  params: Record<string, unknown>;
  outcome: 'success' | 'failure' | 'denied';
  status: number | null;
  clientAddress: string | null;
  requestId: string | null;
};
