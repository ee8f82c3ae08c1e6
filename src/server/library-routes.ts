import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { deleteAttachment, readAttachment, uploadAttachment } from '../hub/library/attachments.js';
import { createCollection, featuredItems, getCollection, listCollections, setFeatured, updateCollection } from '../hub/library/collections.js';
import type { Hub } from '../hub/platform/context.js';
import { archiveItem, compareVersions, createItem, deleteItem, getItem, itemVersions, libraryVocabulary, myItems, reviewItem, reviewQueue, submitItem, updateItem } from '../hub/library/library.js';
import { exportSearch, itemCitation, libraryFeed } from '../hub/library/library-outputs.js';
import { deleteSavedSearch, moreLikeThis, saveSearch, savedSearches, searchLibrary } from '../hub/library/library-search.js';
import { listTerms, saveTerm } from '../hub/taxonomy/taxonomy.js';
import { EditableTerm, SavedTerm, TermInput } from '../hub/taxonomy/contract.js';
import { AttachmentView, CollectionInput, CollectionPatch, CollectionSummary, CollectionView, ItemCard, ItemInput, ItemPatch, ItemView, LibraryQuery, LibraryResult, ReviewInput, SavedSearchInput, SavedSearchView, VersionComparison, VersionSummary, Vocabulary } from '../hub/library/contract.js';
import { NoContent, serviceChecked } from './service-checked.js';

type Api = FastifyInstance<any, any, any, any, ZodTypeProvider>;

const Id = z.object({ id: z.string().max(100) });
const Slug = z.object({ slug: z.string().max(100) });
const tags = ['library'];

/**
 * The library's routes: each parses its input, calls one hub function with the viewer, and answers.
 * Downloads carry headers that keep a file from running in the app's origin.
 */
export async function registerLibraryRoutes(api: Api, hub: Hub): Promise<void> {
  api.get('/library/vocabulary', { schema: { tags, summary: 'Item types, states, facets and the evidence rubric', response: { 200: Vocabulary } } }, async () => libraryVocabulary());
  api.get('/library', { schema: { tags, summary: 'Search published items (full text + facets, with counts and snippets)', querystring: LibraryQuery, response: { 200: LibraryResult } } }, async (request) =>
    searchLibrary(hub, request.viewer, request.query),
  );
  api.get('/library/export', { schema: { tags, summary: 'Every result of a search (up to 10,000) as CSV or JSON', querystring: LibraryQuery.extend({ format: z.enum(['csv', 'json']).default('csv') }) } }, async (request, reply) => {
    const { format, ...query } = request.query;
    const text = await exportSearch(hub, request.viewer, query, format);
    return reply
      .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="library.${format}"`)
      .send(text);
  });
  api.get('/library/featured', { schema: { tags, summary: 'Items featured on the home page', response: { 200: z.array(ItemCard) } } }, async (request) => featuredItems(hub, request.viewer));
  api.put('/library/featured/:id', { schema: { tags, summary: 'Feature a published item on the home page (curators)', params: Id, response: { 200: z.array(ItemCard) } } }, async (request) => setFeatured(hub, request.viewer, request.params.id, true));
  api.delete('/library/featured/:id', { schema: { tags, summary: 'Stop featuring an item (curators)', params: Id, response: { 200: z.array(ItemCard) } } }, async (request) => setFeatured(hub, request.viewer, request.params.id, false));
  api.get('/library/queue', { schema: { tags, summary: 'Submitted items awaiting a decision (curators)', response: { 200: z.array(ItemCard) } } }, async (request) => reviewQueue(hub, request.viewer));
  api.get('/library/mine', { schema: { tags, summary: 'My items, in every state', response: { 200: z.array(ItemCard) } } }, async (request) => myItems(hub, request.viewer));

  api.post('/library/items', { schema: { tags, summary: 'Write a new item (a draft)', body: serviceChecked(ItemInput), response: { 201: ItemView } } }, async (request, reply) => reply.status(201).send(await createItem(hub, request.viewer, request.body)));
  api.get('/library/items/:id', { schema: { tags, summary: 'An item (published, or the viewer’s own, or one they curate)', params: Id, response: { 200: ItemView } } }, async (request) => getItem(hub, request.viewer, request.params.id));
  api.patch('/library/items/:id', { schema: { tags, summary: 'Edit an item (a new version)', params: Id, body: serviceChecked(ItemPatch), response: { 200: ItemView } } }, async (request) => updateItem(hub, request.viewer, request.params.id, request.body));
  api.delete('/library/items/:id', { schema: { tags, summary: 'Delete a draft (its author) or any item (administrators)', params: Id, response: { 204: NoContent } } }, async (request, reply) => {
    await deleteItem(hub, request.viewer, request.params.id);
    return reply.status(204).send(null);
  });
  api.post('/library/items/:id/submit', { schema: { tags, summary: 'Send a draft to the curators', params: Id, response: { 200: ItemView } } }, async (request) => submitItem(hub, request.viewer, request.params.id));
  api.post('/library/items/:id/review', { schema: { tags, summary: 'Accept (publish), request changes or decline, with a reason (curators)', params: Id, body: serviceChecked(ReviewInput), response: { 200: ItemView } } }, async (request) =>
    reviewItem(hub, request.viewer, request.params.id, request.body),
  );
  api.post('/library/items/:id/archive', { schema: { tags, summary: 'Archive a published item (curators)', params: Id, response: { 200: ItemView } } }, async (request) => archiveItem(hub, request.viewer, request.params.id, true));
  api.post('/library/items/:id/restore', { schema: { tags, summary: 'Publish an archived item again (curators)', params: Id, response: { 200: ItemView } } }, async (request) => archiveItem(hub, request.viewer, request.params.id, false));
  api.get('/library/items/:id/versions', { schema: { tags, summary: 'The versions of an item', params: Id, response: { 200: z.array(VersionSummary) } } }, async (request) => itemVersions(hub, request.viewer, request.params.id));
  api.get('/library/items/:id/compare', { schema: { tags, summary: 'What changed between two versions', params: Id, querystring: z.object({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) }), response: { 200: VersionComparison } } }, async (request) =>
    compareVersions(hub, request.viewer, request.params.id, request.query.from, request.query.to),
  );
  api.get('/library/items/:id/similar', { schema: { tags, summary: 'More like this', params: Id, response: { 200: z.array(ItemCard) } } }, async (request) => moreLikeThis(hub, request.viewer, request.params.id));
  api.get('/library/items/:id/citation', { schema: { tags, summary: 'The item as BibTeX or RIS', params: Id, querystring: z.object({ format: z.enum(['bibtex', 'ris']).default('bibtex') }) } }, async (request, reply) => {
    const text = await itemCitation(hub, request.viewer, request.params.id, request.query.format);
    const bib = request.query.format === 'bibtex';
    return reply
      .type(bib ? 'application/x-bibtex; charset=utf-8' : 'application/x-research-info-systems; charset=utf-8')
      .header('content-disposition', `attachment; filename="item.${bib ? 'bib' : 'ris'}"`)
      .send(text);
  });

  // files: the body is the file itself (any content type is read as bytes; the type is sniffed)
  await api.register(async (plain) => {
    const files = plain.withTypeProvider<ZodTypeProvider>();
    files.removeAllContentTypeParsers();
    files.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: hub.uploadLimit }, (_req, body, done) => done(null, body));
    files.post('/library/items/:id/attachments', { bodyLimit: hub.uploadLimit, schema: { tags, summary: 'Upload a file (the request body; ?filename=…)', params: Id, querystring: z.object({ filename: z.string().min(1).max(500) }), response: { 201: AttachmentView } } }, async (request, reply) => {
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      return reply.status(201).send(await uploadAttachment(hub, request.viewer, request.params.id, request.query.filename, body));
    });
  });
  api.get('/library/attachments/:id', { schema: { tags, summary: 'Download a file', params: Id } }, async (request, reply) => {
    const file = await readAttachment(hub, request.viewer, request.params.id);
    const inline = file.mediaType.startsWith('image/') && file.mediaType !== 'image/svg+xml';
    return reply
      .type(file.mediaType)
      .header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename="${file.filename.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, max-age=300')
      .send(file.bytes);
  });
  api.delete('/library/attachments/:id', { schema: { tags, summary: 'Remove a file', params: Id, response: { 204: NoContent } } }, async (request, reply) => {
    await deleteAttachment(hub, request.viewer, request.params.id);
    return reply.status(204).send(null);
  });

  // collections
  api.get('/library/collections', { schema: { tags, summary: 'Collections and communities', response: { 200: z.array(CollectionSummary) } } }, async (request) => listCollections(hub, request.viewer));
  api.post('/library/collections', { schema: { tags, summary: 'Create a collection (curators)', body: serviceChecked(CollectionInput), response: { 201: CollectionView } } }, async (request, reply) => reply.status(201).send(await createCollection(hub, request.viewer, request.body)));
  api.get('/library/collections/:slug', { schema: { tags, summary: 'A collection and its items in order', params: Slug, response: { 200: CollectionView } } }, async (request) => getCollection(hub, request.viewer, request.params.slug));
  api.patch('/library/collections/:slug', { schema: { tags, summary: 'Edit a collection, order its items (its curators)', params: Slug, body: serviceChecked(CollectionPatch), response: { 200: CollectionView } } }, async (request) =>
    updateCollection(hub, request.viewer, request.params.slug, request.body),
  );

  // feeds
  const feedType = (format: 'atom' | 'rss') => (format === 'rss' ? 'application/rss+xml; charset=utf-8' : 'application/atom+xml; charset=utf-8');
  const Format = z.object({ format: z.enum(['atom', 'rss']) });
  api.get('/library/feeds/library.:format', { schema: { tags, summary: 'The newest items (Atom or RSS)', params: Format } }, async (request, reply) =>
    reply.type(feedType(request.params.format)).send(await libraryFeed(hub, request.viewer, { kind: 'library' }, request.params.format)),
  );
  api.get('/library/feeds/collections/:slug.:format', { schema: { tags, summary: 'A collection’s items (Atom or RSS)', params: Format.extend({ slug: z.string().max(100) }) } }, async (request, reply) =>
    reply.type(feedType(request.params.format)).send(await libraryFeed(hub, request.viewer, { kind: 'collection', slug: request.params.slug }, request.params.format)),
  );
  api.get('/library/feeds/themes/:code.:format', { schema: { tags, summary: 'A theme’s newest items (Atom or RSS)', params: Format.extend({ code: z.string().max(100) }) } }, async (request, reply) =>
    reply.type(feedType(request.params.format)).send(await libraryFeed(hub, request.viewer, { kind: 'theme', code: request.params.code }, request.params.format)),
  );

  // saved searches and taxonomies
  api.get('/me/saved-searches', { schema: { tags, summary: 'My saved searches', response: { 200: z.array(SavedSearchView) } } }, async (request) => savedSearches(hub, request.viewer));
  api.post('/me/saved-searches', { schema: { tags, summary: 'Follow a search', body: serviceChecked(SavedSearchInput), response: { 201: SavedSearchView } } }, async (request, reply) => reply.status(201).send(await saveSearch(hub, request.viewer, request.body)));
  api.delete('/me/saved-searches/:id', { schema: { tags, summary: 'Stop following a search', params: Id, response: { 204: NoContent } } }, async (request, reply) => {
    await deleteSavedSearch(hub, request.viewer, request.params.id);
    return reply.status(204).send(null);
  });
  api.get('/taxonomies/:taxonomy/terms', { schema: { tags: ['reference'], summary: 'Every term of theme, technology or audience, retired ones included, with its use (curators)', params: z.object({ taxonomy: z.string().max(40) }), response: { 200: z.array(EditableTerm) } } }, async (request) =>
    listTerms(hub, request.viewer, request.params.taxonomy),
  );
  api.put('/taxonomies/:taxonomy/terms', { schema: { tags: ['reference'], summary: 'Add, rename or retire a term of theme, technology or audience (curators)', params: z.object({ taxonomy: z.string().max(40) }), body: serviceChecked(TermInput), response: { 200: SavedTerm } } }, async (request) =>
    saveTerm(hub, request.viewer, request.params.taxonomy, request.body),
  );
}
