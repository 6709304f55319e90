/**
 * The URL reflects what is open (accessibility and habits), in the hash so that
 * `vite preview` and any static host serve every route from index.html:
 *   #/                 the groups list
 *   #/new              a new group (#/new?example=NAME: that example; #/new?from=ID: a copy;
 *                      #/new?link=PAYLOAD: a shared link's spec and seed, share-link.ts)
 *   #/group/ID         one group
 *   #/race             an algorithm race (#/race?objective=branin&seed=1&budget=30&algorithms=bo,random:
 *                      that race's settings, views/race-view.ts)
 * Hash changes are history entries, so reload, back and forward work without a router.
 */
export type Route =
  | { readonly view: 'groups' }
  | { readonly view: 'new'; readonly example?: string; readonly from?: string; readonly link?: string }
  | { readonly view: 'group'; readonly id: string }
  | { readonly view: 'race'; readonly query: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '');
  const [where = '', query = ''] = path.split('?', 2);
  const parts = where.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'group' && parts[1]) return { view: 'group', id: parts[1] };
  if (parts[0] === 'race') return { view: 'race', query };
  if (parts[0] === 'new') {
    const q = new URLSearchParams(query);
    const example = q.get('example') ?? undefined;
    const from = q.get('from') ?? undefined;
    // An empty link= is kept (not dropped) so that the view says the link is empty.
    const link = q.get('link') ?? undefined;
    return { view: 'new', ...(example && { example }), ...(from && { from }), ...(link !== undefined && { link }) };
  }
  return { view: 'groups' };
}

export function routeHash(route: Route): string {
  switch (route.view) {
    case 'groups':
      return '#/';
    case 'group':
      return `#/group/${encodeURIComponent(route.id)}`;
    case 'race':
      return route.query ? `#/race?${route.query}` : '#/race';
    case 'new': {
      const q = new URLSearchParams();
      if (route.example) q.set('example', route.example);
      if (route.from) q.set('from', route.from);
      if (route.link !== undefined) q.set('link', route.link);
      const s = q.toString();
      return s ? `#/new?${s}` : '#/new';
    }
  }
}
