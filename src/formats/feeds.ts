import { esc } from './gexf.js';

/** A feed of library items: Atom 1.0 (RFC 4287) or RSS 2.0. */
export interface FeedEntry {
  id: string;
  title: string;
  summary: string;
  url: string;
  authors: string[];
  updated: string;
  published: string | null;
  categories: string[];
}

export interface Feed {
  title: string;
  /** The page the feed follows. */
  link: string;
  /** The feed's own address. */
  self: string;
  updated: string;
  entries: FeedEntry[];
}

export function toAtom(f: Feed): string {
  const entries = f.entries.map(
    (e) => `  <entry>
    <id>${esc(e.url)}</id>
    <title>${esc(e.title)}</title>
    <link rel="alternate" type="text/html" href="${esc(e.url)}"/>
    <updated>${esc(e.updated)}</updated>
${e.published ? `    <published>${esc(e.published)}</published>\n` : ''}${e.authors.map((a) => `    <author><name>${esc(a)}</name></author>\n`).join('')}${e.categories.map((c) => `    <category term="${esc(c)}"/>\n`).join('')}    <summary type="text">${esc(e.summary)}</summary>
  </entry>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${esc(f.self)}</id>
  <title>${esc(f.title)}</title>
  <link rel="self" type="application/atom+xml" href="${esc(f.self)}"/>
  <link rel="alternate" type="text/html" href="${esc(f.link)}"/>
  <updated>${esc(f.updated)}</updated>
  <author><name>Proximity</name></author>
${entries.join('\n')}
</feed>
`;
}

/** RFC 822 dates, as RSS 2.0 wants them. */
const rfc822 = (iso: string) => new Date(iso).toUTCString();

export function toRss(f: Feed): string {
  const items = f.entries.map(
    (e) => `    <item>
      <title>${esc(e.title)}</title>
      <link>${esc(e.url)}</link>
      <guid isPermaLink="true">${esc(e.url)}</guid>
      <pubDate>${rfc822(e.published ?? e.updated)}</pubDate>
${e.authors.length ? `      <dc:creator>${esc(e.authors.join(', '))}</dc:creator>\n` : ''}${e.categories.map((c) => `      <category>${esc(c)}</category>\n`).join('')}      <description>${esc(e.summary)}</description>
    </item>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>${esc(f.title)}</title>
    <link>${esc(f.link)}</link>
    <description>${esc(f.title)}</description>
    <atom:link href="${esc(f.self)}" rel="self" type="application/rss+xml"/>
    <lastBuildDate>${rfc822(f.updated)}</lastBuildDate>
${items.join('\n')}
  </channel>
</rss>
`;
}
