import { z } from 'zod';

export const LevelSchema = z.union([z.literal(1), z.literal(2), z.literal(3)]);

export const EmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .regex(/^[^@\s]+@[^@\s]+$/, 'must be an email address');

/** Passwords: long rather than clever. */
export const PasswordSchema = z.string().min(12, 'must be at least 12 characters').max(200);

export const CreateUserInputSchema = z.strictObject({
  email: EmailSchema,
  name: z.string().trim().min(1).max(200),
  level: LevelSchema,
  password: PasswordSchema,
});
export type CreateUserInput = z.infer<typeof CreateUserInputSchema>;

export const UpdateUserInputSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    level: LevelSchema.optional(),
    disabled: z.boolean().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'nothing to change');
export type UpdateUserInput = z.infer<typeof UpdateUserInputSchema>;

export type ConsoleUser = {
  id: string;
  email: string;
  name: string;
  level: 1 | 2 | 3;
  disabled: boolean;
  createdAt: string;
  lastLoginAt: string | null;
};

export type Me = { id: string; email: string; name: string; level: 1 | 2 | 3; via: 'session' | 'token' };
