import { answerUnknownEndpoint } from '@/lib/server/http/answer-unknown-endpoint';

export const dynamic = 'force-dynamic';

// GET|HEAD|OPTIONS|POST|PUT|PATCH|DELETE /api and /api/<no such endpoint> — 404 with the error envelope (more specific routes win)
export {
  answerUnknownEndpoint as GET,
  answerUnknownEndpoint as HEAD,
  answerUnknownEndpoint as OPTIONS,
  answerUnknownEndpoint as POST,
  answerUnknownEndpoint as PUT,
  answerUnknownEndpoint as PATCH,
  answerUnknownEndpoint as DELETE,
};
