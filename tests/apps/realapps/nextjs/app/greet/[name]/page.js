import { headers } from 'next/headers';
import { createHash } from 'node:crypto';

// Server-rendered on every request from the request itself: the route
// parameter, the query string, a request header, and a digest computed here.
export default async function Greet({ params, searchParams }) {
  const { name } = await params;
  const query = await searchParams;
  const h = await headers();
  const times = Math.min(Number(query.times) || 1, 5);
  const digest = createHash('sha256').update(name).digest('hex').slice(0, 12);
  await new Promise((resolve) => setTimeout(resolve, 5));
  return (
    <main id="out">
      <h1>{`Hello, ${decodeURIComponent(name)}!`.repeat(times)}</h1>
      <p id="agent">{h.get('x-test-client') || 'no client header'}</p>
      <p id="digest">{digest}</p>
      <ul>
        {Object.keys(query).sort().map((k) => (
          <li key={k}>{`${k}=${query[k]}`}</li>
        ))}
      </ul>
    </main>
  );
}
