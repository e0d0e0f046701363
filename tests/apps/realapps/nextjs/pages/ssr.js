import { useState } from 'react';

// The pages router: getServerSideProps on every request (method, URL,
// a header) and a client component that hydrates in the browser.
export async function getServerSideProps({ req, query }) {
  await new Promise((resolve) => setTimeout(resolve, 5));
  if (query.missing) return { notFound: true };
  if (query.go) return { redirect: { destination: `/greet/${query.go}`, permanent: false } };
  return {
    props: {
      method: req.method,
      url: req.url,
      lang: req.headers['accept-language'] || 'none',
    },
  };
}

export default function Ssr({ method, url, lang }) {
  const [n, setN] = useState(0);
  return (
    <main id="out">
      <p id="req">{`${method} ${url} ${lang}`}</p>
      <button onClick={() => setN(n + 1)}>{`clicked ${n}`}</button>
    </main>
  );
}
