// Shared by the benchmark scripts.

/// Signs in as a demo user (the official unless told); returns the session cookie.
export async function signIn(base, who = 'official') {
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `email=${who}%40demo.ioc.vn&password=demo-${who}-2024`,
    redirect: 'manual',
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
  if (!cookie) throw new Error(`sign-in failed: ${login.status}`);
  return cookie;
}

/// The p-th percentile of sorted numbers.
export const pct = (xs, p) => xs[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];
