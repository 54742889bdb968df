/** Whether `text` names `secret`: short ones (a host name like `vm`) only as a whole word. */
export function mentions(text: string, secret: string): boolean {
  if (secret.length >= 6) return text.includes(secret);
  return new RegExp(`(?<![\\w.-])${secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`, 'i').test(text);
}

/** The visible text of an HTML page (scripts and tags removed), for scanning what a reader sees. */
export const visibleText = (html: string) => html.replace(/<script[\s\S]*?<\/script>/g, ' ').replace(/<[^>]+>/g, ' ');
