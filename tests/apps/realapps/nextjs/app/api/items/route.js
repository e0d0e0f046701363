import { NextResponse } from 'next/server';

const items = [
  { id: 1, name: 'anvil' },
  { id: 2, name: 'rope' },
];

export async function GET(request) {
  const { searchParams } = new URL(request.url);
  const name = searchParams.get('name');
  const found = name ? items.filter((i) => i.name === name) : items;
  return NextResponse.json({ items: found, count: found.length });
}

export async function POST(request) {
  let body;
  try {
    body = await request.json();
  } catch {
    return NextResponse.json({ error: 'invalid JSON' }, { status: 400 });
  }
  if (typeof body.name !== 'string' || !body.name.trim()) {
    return NextResponse.json({ error: 'name must be a non-empty string' }, { status: 422 });
  }
  const item = { id: items.length + 1, name: body.name.trim().toLowerCase() };
  return NextResponse.json({ created: item }, { status: 201, headers: { 'x-item-id': String(item.id) } });
}
