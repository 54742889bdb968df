import { z } from 'zod';

export const CreateTokenInputSchema = z.strictObject({
  name: z.string().trim().min(1, 'give the token a name').max(100),
});
export type CreateTokenInput = z.infer<typeof CreateTokenInputSchema>;

export type ApiToken = {
  id: string;
  name: string;
  /** The first characters of the token, enough to recognise it; the token itself is never stored. */
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

/** Returned once, at creation: the only time the secret exists outside the caller's hands. */
export type CreatedApiToken = ApiToken & { token: string };
