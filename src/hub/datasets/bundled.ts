import type { DatasetKind, DatasetOptions, DatasetFileRole } from './contract.js';

/** A data set shipped with Proximity (its files in data/, see data/README.md), or built from the hub's own data. */
export interface BundledDataset {
  key: string;
  slug: string;
  kind: DatasetKind;
  title: string;
  source: string;
  licence: string;
  description: string;
  /** Paths under data/; none for the hub's own network, which is read from the database. */
  files: { role: DatasetFileRole; path: string }[];
  options: DatasetOptions;
}

/** The key of the network built from the hub's own data. */
export const HUB_NETWORK = 'hub-network';

export const BUNDLED_DATASETS: readonly BundledDataset[] = [
  {
    key: 'uk-bres',
    slug: 'uk-bres-itl2-sic2',
    kind: 'regions',
    title: 'UK employment by ITL2 region and SIC division, 2022–2023 (BRES)',
    source: 'ONS Business Register and Employment Survey, via Nomis: employment by ITL2 region and SIC 2007 division',
    licence: 'Open Government Licence v3.0',
    description: 'Employment (jobs) in the 41 ITL2 regions of the UK (Great Britain: BRES does not cover Northern Ireland) by the 88 divisions of SIC 2007, for 2022 and 2023; with the divisions\' names and their SIC sections.',
    files: [
      { role: 'data', path: 'uk-bres/bres_itl2_sic2digit_employment_2022_2023.csv' },
      { role: 'labels', path: 'uk-bres/sic2007_divisions.csv' },
      { role: 'hierarchy', path: 'uk-bres/sic2007_divisions.csv' },
    ],
    options: { activityCol: 'activity_code', hierarchyLevel: 'sic_section_name' },
  },
  {
    key: 'uk-gva',
    slug: 'uk-gva-itl2-industry-1998-2022',
    kind: 'regions',
    title: 'UK gross value added by ITL2 region and industry, 1998–2022 (a panel)',
    source: 'ONS Regional gross value added (balanced) by industry, ITL2, current prices',
    licence: 'Open Government Licence v3.0',
    description: 'GVA in £ million, current prices, for the 41 ITL2 regions and 71 industries that partition the economy (SIC divisions or their groups where ONS publishes them, else the subsection or section), every year 1998–2022. Owner-occupiers\' imputed rental is left out. A panel: complexity and diversity over time, and the relatedness principle.',
    files: [
      { role: 'data', path: 'uk-gva/gva_itl2_division_1998_2022.csv.gz' },
      { role: 'labels', path: 'uk-gva/gva_divisions.csv' },
      { role: 'hierarchy', path: 'uk-gva/gva_divisions.csv' },
    ],
    options: { activityCol: 'activity_code', hierarchyLevel: 'sic_section_name' },
  },
  {
    key: 'us-cbp',
    slug: 'us-cbp-2019-metro-naics4',
    kind: 'regions',
    title: 'US employment by metropolitan area and NAICS industry group, 2019 (County Business Patterns)',
    source: 'US Census Bureau, County Business Patterns 2019, by CBSA; metropolitan areas named as the Census names them',
    licence: 'Public domain (US federal government work)',
    description: 'Employment in the 383 metropolitan statistical areas by NAICS 2017 4-digit industry group (suppressed cells as 0), with establishments; labels and traded/local definitions from the US Cluster Mapping definitions.',
    files: [{ role: 'data', path: 'us-cbp/cbp2019_metro_naics4.csv.gz' }],
    options: { activityCol: 'naics', valueCol: 'emp' },
  },
  {
    key: 'wos-bibliometrix',
    slug: 'wos-bibliometrix-300',
    kind: 'records',
    title: 'Bibliometrics literature: 300 Web of Science records (bibliometrix\'s sample)',
    source: 'Clarivate Web of Science export distributed with the bibliometrix R package (vignettes/data/savedrecs.bib)',
    licence: 'Sample distributed with bibliometrix (GPL-3) for testing; the records remain subject to Clarivate\'s terms',
    description: 'Papers on bibliometrics and research evaluation, 1985–2017: authors with their organisations and countries, keywords, research areas and cited references. A co-authorship network across countries and organisations, and the science maps (co-citation, coupling, keywords, themes).',
    files: [{ role: 'data', path: 'networks/wos_bibliometrix_savedrecs.bib.gz' }],
    options: { format: 'bibtex' },
  },
  {
    key: HUB_NETWORK,
    slug: 'network-own',
    kind: 'records',
    title: 'The network\'s own knowledge network',
    source: 'This hub: its published library items, its members who consent to analytics, the programme\'s awards and outcomes, and the ESRC grants of UKRI Gateway to Research',
    licence: 'The hub\'s own data; the grants under the Open Government Licence v3.0',
    description: 'Built from the hub as it is now, and rebuilt when the library, the directory or the programme changes: published library items with their authors and organisations; members who consent to analytics, with their organisations, regions and disciplines; the programme\'s awards (projects of their teams), their collaborations (the lead tied to the partner organisation) and publications; and the 7,240 ESRC grants of Gateway to Research with their subjects and topics, whose co-classification measures interdisciplinarity over real grants. The grants extract has no investigators or organisations: at the person and organisation levels only library items, members and the programme\'s awards appear.',
    files: [],
    options: {},
  },
];
