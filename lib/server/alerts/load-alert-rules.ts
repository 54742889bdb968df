import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { getEnv, type Env } from '../config/env';
import { AlertRuleSchema, type AlertRule } from './alert-rule';
import { builtInRules } from './built-in-rules';

/**
 * The alert rules file (`FERRY_ALERT_RULES_FILE`, JSON): rules in seed 003's shape with declarative
 * conditions, and built-in rules to switch off. A rule named like a built-in replaces it.
 */
export const AlertRulesFileSchema = z.strictObject({
  rules: z.array(AlertRuleSchema).max(100).default([]),
  disable: z.array(z.string()).max(100).default([]),
});

export type LoadedRule = AlertRule & { source: 'built-in' | 'config' };
export type LoadedRules = { rules: LoadedRule[]; error: string | null };

let cache: { file: string; size: number; mtimeMs: number; parsed: z.infer<typeof AlertRulesFileSchema> } | undefined;

function readFile(file: string): z.infer<typeof AlertRulesFileSchema> {
  const absolute = path.resolve(file);
  const stat = fs.statSync(absolute);
  if (cache && cache.file === absolute && cache.size === stat.size && cache.mtimeMs === stat.mtimeMs) return cache.parsed;
  const parsed = AlertRulesFileSchema.safeParse(JSON.parse(fs.readFileSync(absolute, 'utf8')));
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '));
  cache = { file: absolute, size: stat.size, mtimeMs: stat.mtimeMs, parsed: parsed.data };
  return parsed.data;
}

/**
 * The rules the monitor evaluates: the built-in ones (the shadow rule at FERRY_ADAPTER_MAX_MISMATCH_RATE)
 * merged with the configuration file's. A file that cannot be read or has mistakes leaves the built-in
 * rules working and says why in `error` (shown on the Health page); it is read again when it changes.
 */
export function loadAlertRules(env: Env = getEnv()): LoadedRules {
  const builtIn: LoadedRule[] = builtInRules(env.FERRY_ADAPTER_MAX_MISMATCH_RATE).map((r) => ({ ...r, source: 'built-in' }));
  if (!env.FERRY_ALERT_RULES_FILE) return { rules: builtIn, error: null };
  try {
    const file = readFile(env.FERRY_ALERT_RULES_FILE);
    const configured = new Map(file.rules.map((r) => [r.name, { ...r, source: 'config' as const }]));
    const rules = [...builtIn.filter((r) => !configured.has(r.name) && !file.disable.includes(r.name)), ...configured.values()];
    return { rules, error: null };
  } catch (error) {
    return { rules: builtIn, error: `Alert rules file ${env.FERRY_ALERT_RULES_FILE} not used: ${(error as Error).message}` };
  }
}
