/**
 * The panoramas' part of the operations service's HTTP API (server/ops/opsPart.ts): the public
 * enterprise search (./enterpriseSearch.ts), built in the database once the service is ready, in
 * the background. A search before it is ready answers 503 with its progress and starts nothing.
 */
import { EnterpriseSearch, enterpriseRoute } from './enterpriseSearch.ts';
import { OPS_API_PREFIX } from '../../../live/opsApiContract.ts';
import type { OpsPart } from '../../../../server/ops/opsPart.ts';

declare module '../../../../server/ops/opsPart.ts' {
  interface DomainApiOptions {
    /** The panorama folder whose enterprises are searchable; none, no search. */
    panoramaDir?: string;
  }
}

export const part = {
  name: 'panorama',
  api: (service, o) => {
    if (!o.panoramaDir) return null;
    const search = new EnterpriseSearch(service.database, o.panoramaDir);
    // Built at start, never by a request; a failure is the search's state, which every answer reports.
    void service.ready.then(() => search.ensure()).catch(() => undefined);
    return {
      // As public as the national credit publicity system: no login.
      open: async (req, url, res) => {
        if (!req.url?.startsWith(`${OPS_API_PREFIX}enterprises?`)) return false;
        await enterpriseRoute(search, url, res);
        return true;
      },
      status: () => ({ enterprises: search.state }),
    };
  },
} satisfies OpsPart;
