import path from 'node:path';
import express from 'express';

/** The example operations the IDE opens with, one tab each. */
export const EXAMPLE_OPERATIONS: readonly { readonly title: string; readonly query: string }[] = [
  {
    title: 'Clusters, provinces and agencies',
    query: `# All 18 provincial clusters with their provinces, one province, and the national agencies.
query ClustersProvincesAgencies {
  clusters { code nameTh nameEn leadProvince { code nameTh } provinces { code nameTh nameEn } }
  province(code: "50") { nameTh nameEn cluster { code nameTh } }
  agencies { code nameTh nameEn }
}
`,
  },
  {
    title: 'One query, four subgraphs',
    query: `# strategy owns the cluster; budget, monitoring and participation add their fields.
query ClusterAcrossSubgraphs {
  cluster(code: "N1") {
    code
    nameTh
    leadProvinceClaim { status verified province { nameTh } }
    budget(fiscalYear: 2569) { projectCount totalBaht }
    projects { nameTh fiscalYear amountBaht isSample }
    alerts(limit: 5) { severity titleTh raisedAt isSample }
    hearings { titleTh heldOn venueTh isSample }
  }
}
`,
  },
  {
    title: 'Record a project (needs a token)',
    query: `# Put "Authorization": "Bearer <token>" in the Headers tab; make one with
#   npm run -s token -- --role osm-staff --cluster N1
mutation RecordProject {
  createProject(input: { clusterCode: "N1", fiscalYear: 2569, nameTh: "พัฒนาเส้นทางท่องเที่ยวเชิงวัฒนธรรมล้านนา", amountBaht: "12500000.00" }) {
    id nameTh amountBaht cluster { nameTh }
  }
}
`,
  },
];

const asset = (module: string, file: string): string => path.join(path.dirname(require.resolve(module)), file);

/** The files the IDE page loads, served by the hub itself (no CDN: offline networks must work). */
const ASSETS: Record<string, { file: string; type: string }> = {
  'react.js': { file: asset('react', 'umd/react.production.min.js'), type: 'text/javascript' },
  'react-dom.js': { file: asset('react-dom', 'umd/react-dom.production.min.js'), type: 'text/javascript' },
  'graphiql.js': { file: require.resolve('graphiql/graphiql.min.js'), type: 'text/javascript' },
  'graphiql.css': { file: require.resolve('graphiql/graphiql.min.css'), type: 'text/css' },
};

/** Serves the IDE's script and style files under the path it is mounted at (e.g. `/graphiql`). */
export function graphiqlAssets(): express.Router {
  const router = express.Router();
  router.get('/:name', (req, res, next) => {
    const found = ASSETS[req.params.name];
    if (!found) return next();
    res.type(found.type).setHeader('Cache-Control', 'public, max-age=86400');
    res.sendFile(found.file);
  });
  return router;
}

const escapeForScript = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');

/** The IDE page for a browser opening the GraphQL endpoint; assets come from `assetBase`. */
export function graphiqlPage(endpoint: string, assetBase: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>OSM federation hub · GraphiQL</title>
<link rel="stylesheet" href="${assetBase}/graphiql.css">
<style>html,body,#graphiql{height:100%;margin:0}</style>
</head>
<body>
<div id="graphiql">Loading the GraphQL IDE…</div>
<script src="${assetBase}/react.js"></script>
<script src="${assetBase}/react-dom.js"></script>
<script src="${assetBase}/graphiql.js"></script>
<script>
  const fetcher = GraphiQL.createFetcher({ url: ${escapeForScript(endpoint)} });
  const tabs = ${escapeForScript(EXAMPLE_OPERATIONS.map((operation) => ({ query: operation.query })))};
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, { fetcher, defaultTabs: tabs, defaultEditorToolsVisibility: true, shouldPersistHeaders: true })
  );
</script>
</body>
</html>`;
}
