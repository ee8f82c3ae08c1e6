import { marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

/**
 * Markdown to HTML with only harmless tags and http(s)/mailto links. Headings start at h3 (the page has its
 * h1 and h2): `#` and `##` become h3, `#####` and `######` h4.
 */
export function renderMarkdown(markdown: string): string {
  const html = marked.parse(markdown, { async: false, gfm: true, breaks: true }) as string;
  return sanitizeHtml(html, {
    allowedTags: ['p', 'br', 'strong', 'em', 'a', 'ul', 'ol', 'li', 'blockquote', 'code', 'pre', 'h3', 'h4', 'table', 'thead', 'tbody', 'tr', 'th', 'td'],
    allowedAttributes: { a: ['href', 'title', 'rel', 'target'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow noopener', target: '_blank' }), h1: 'h3', h2: 'h3', h5: 'h4', h6: 'h4' },
  });
}
