import { headers } from 'next/headers';

// Throws after an await, while rendering a dynamic page: Next answers 500.
export default async function Boom() {
  await headers();
  await new Promise((resolve) => setTimeout(resolve, 5));
  throw new Error('boom from an async page');
}
