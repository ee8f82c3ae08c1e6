import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NoContent } from './service-checked.js';
import { toCsv } from '../formats/output.js';
import { analysisJob, cancelAnalysisJob, closeAnalysisPool, exportGraph, GRAPH_FORMATS, reportResponse, runAnalysis, submitAnalysisJob } from '../hub/analyses/analyses.js';
import { stopJobQueue } from '../hub/platform/jobs.js';
import { JobView, NETWORK_ANALYSES, REGION_ANALYSES, ReportResponse } from '../hub/analyses/contract.js';
import { DatasetList, DatasetPatch, DatasetUpload, DatasetVersionUpload, DatasetView } from '../hub/datasets/contract.js';
import { deleteDataset, getDataset, listDatasets, updateDataset, uploadDataset, uploadVersion } from '../hub/datasets/datasets.js';
import type { Hub } from '../hub/platform/context.js';

type Api = FastifyInstance<any, any, any, any, ZodTypeProvider>;

const Ref = z.object({ dataset: z.string().min(1).max(100) });
const DESCRIPTIONS: Record<string, string> = {
  catalogue: "The data set's regions and activities, with their names, labels and groups, and its years",
  specialisation: "A region's top activities by RCA or by size",
  opportunities: "A region's ranked diversification opportunities, each with the strengths it builds on (strategy or weights)",
  pswot: 'Every activity of a region as strength, weakness, opportunity, possible entrant or threat',
  target: "A region's position for target activities: density, related strengths and gaps, the best-placed regions",
  partners: "Regions whose strengths cover a region's gaps for a target, each explained",
  similar: 'Regions with the most similar RCA profiles',
  complexity: 'ECI, reflections, fitness, COI, coherence, flexibility per region, or PCI per activity',
  variety: 'Entropy, related and unrelated variety, Herfindahl and Krugman per region; Gini and Hoover per activity',
  space: 'The activity space: maximum spanning tree plus strong links (nodes as rows, links in meta.links)',
  clusters: 'Clusters of related activities and their strength in each region',
  relatedness: 'Relatedness between every ordered pair of activities',
  dynamics: 'The relatedness principle over a panel, or its entries, exits and growth',
  comparison: 'Regions side by side: size, diversity, ECI and COI with ranks, top specialisations',
  graph: 'The graph for drawing: nodes with degree, betweenness, community and attributes; ties in meta.edges',
  metrics: 'Per-node degree, strength, betweenness, closeness, PageRank, core, constraint, effective size, community',
  communities: 'Each node\'s community (Leiden or Louvain; modularity or CPM)',
  brokerage: 'Gould–Fernandez brokerage roles and E–I indices across the groups of an attribute',
  diversity: 'Diversity of each unit over subject fields: Shannon, Simpson, Hill, Rao–Stirling, DIV',
  proximities: "Boschma's five proximities between two actors",
  spectrum: 'How far each pair of disciplines has progressed along the cross-disciplinary spectrum',
  describe: 'Descriptive bibliometrics (as bibliometrix)',
  themes: "The thematic map: keyword themes by Callon centrality and density",
};

/**
 * The data sets and the analyses: each route parses its input, calls one hub function with the viewer, and answers.
 * Every analysis has its own route, so the OpenAPI document shows its options; all answer with one report shape.
 */
export async function registerAnalysesRoutes(api: Api, hub: Hub): Promise<void> {
  const tags = ['datasets'];
  // base64 makes four bytes of three: room for the upload limit, with the JSON around it
  const uploadBody = Math.ceil(hub.uploadLimit * 1.4) + 64 * 1024;
  api.get('/datasets', { schema: { tags, summary: 'The data sets the viewer may see', response: { 200: DatasetList } } }, async (request) => listDatasets(hub, request.viewer));
  api.post('/datasets', { bodyLimit: uploadBody, schema: { tags, summary: 'Upload a data set (files in base64); read in full before anything is stored', body: DatasetUpload, response: { 201: DatasetView } } }, async (request, reply) =>
    reply.status(201).send(await uploadDataset(hub, request.viewer, request.body)),
  );
  api.get('/datasets/:dataset', { schema: { tags, summary: 'A data set, by id or slug', params: Ref, response: { 200: DatasetView } } }, async (request) => getDataset(hub, request.viewer, request.params.dataset));
  api.patch('/datasets/:dataset', { schema: { tags, summary: 'Edit title, source, licence, description or visibility', params: Ref, body: DatasetPatch, response: { 200: DatasetView } } }, async (request) =>
    updateDataset(hub, request.viewer, request.params.dataset, request.body),
  );
  api.post('/datasets/:dataset/versions', { bodyLimit: uploadBody, schema: { tags, summary: 'Upload a new version of the files', params: Ref, body: DatasetVersionUpload, response: { 201: DatasetView } } }, async (request, reply) =>
    reply.status(201).send(await uploadVersion(hub, request.viewer, request.params.dataset, request.body)),
  );
  api.delete('/datasets/:dataset', { schema: { tags, summary: 'Delete a data set and its files', params: Ref, response: { 204: NoContent } } }, async (request, reply) => {
    await deleteDataset(hub, request.viewer, request.params.dataset);
    return reply.status(204).send(null);
  });
  api.get('/datasets/:dataset/graph.:format', { schema: { tags: ['analyses'], summary: 'The graph of a records data set for Gephi (gexf, graphml) or VOSviewer (vos)', params: Ref.extend({ format: z.enum(GRAPH_FORMATS) }), querystring: NETWORK_ANALYSES.graph } }, async (request, reply) => {
    const x = await exportGraph(hub, request.viewer, request.params.dataset, request.params.format, request.query);
    return reply.type(x.mediaType).header('content-disposition', `attachment; filename="${x.filename}"`).send(x.text);
  });

  const Job = z.object({ id: z.string().max(100) });
  api.get('/jobs/:id', { schema: { tags: ['analyses'], summary: "An analysis job: its state, progress and, once done, its report (jobs of data sets the viewer may see)", params: Job, response: { 200: JobView } } }, async (request) =>
    analysisJob(hub, request.viewer, request.params.id),
  );
  api.delete('/jobs/:id', { schema: { tags: ['analyses'], summary: 'Cancel an analysis job, queued or running', params: Job, response: { 200: JobView } } }, async (request) => cancelAnalysisJob(hub, request.viewer, request.params.id));
  // the queue polls the database: it stops before the database closes; the analyses threads end with the server
  api.addHook('onClose', async () => {
    await stopJobQueue(hub.db);
    await closeAnalysisPool();
  });

  const analyses: [string, z.ZodType, 'regions' | 'networks'][] = [
    ...Object.entries(REGION_ANALYSES).map(([n, s]) => [n, s, 'regions'] as [string, z.ZodType, 'regions']),
    ...Object.entries(NETWORK_ANALYSES).map(([n, s]) => [n, s, 'networks'] as [string, z.ZodType, 'networks']),
  ];
  for (const [name, query, kind] of analyses) {
    const summary = `${DESCRIPTIONS[name] ?? name} (${kind === 'regions' ? 'a region × activity data set' : 'a records data set'})`;
    api.get(`/analyses/:dataset/${name}`, { schema: { tags: ['analyses'], summary, params: Ref, querystring: query, response: { 200: ReportResponse } } }, async (request) =>
      reportResponse(await runAnalysis(hub, request.viewer, request.params.dataset, name, request.query)),
    );
    api.post(`/analyses/:dataset/${name}/jobs`, { schema: { tags: ['analyses'], summary: `${summary}, as a job: queued, with progress, cancellable`, params: Ref, querystring: query, response: { 202: JobView } } }, async (request, reply) =>
      reply.status(202).send(await submitAnalysisJob(hub, request.viewer, request.params.dataset, name, request.query)),
    );
    api.get(`/analyses/:dataset/${name}.csv`, { schema: { tags: ['analyses'], summary: `${summary}, as CSV`, params: Ref, querystring: query } }, async (request, reply) => {
      const r = await runAnalysis(hub, request.viewer, request.params.dataset, name, request.query);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${r.dataset.slug}-${name}.csv"`)
        .send(toCsv(r.report.columns, r.report.rows, { spreadsheetSafe: true }));
    });
  }
}
