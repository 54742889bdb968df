import type { ValidationSummary } from '@/lib/shared/contracts/validation';
import { Badge } from '../ui/badge';
import { verdictWords } from './verdict-words';

/** A validation's verdict as a badge (Runs, Overview, history). */
export function VerdictBadge({ validation, testId }: { validation: ValidationSummary; testId?: string }) {
  const words = verdictWords(validation);
  return (
    <span data-testid={testId} data-verdict={validation.state === 'completed' ? (validation.overall ? 'safe' : 'unsafe') : validation.state}>
      <Badge tone={words.tone}>{words.title}</Badge>
    </span>
  );
}
