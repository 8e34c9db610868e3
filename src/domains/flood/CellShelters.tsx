import type { Feature, Point } from 'geojson';
import { FACILITY_KEYS, pickText } from '../../i18n/messages.ts';
import { useT } from '../../ui/useT.ts';
import { ShelterIndex } from './evacuation.ts';
import type { AffectedCell } from './floodImpact.ts';
import type { FloodResult } from './floodEngine.ts';
import { isShelter, type FacilityProperties } from '../../sources/basemapSchemas.ts';
import { useAppStore } from '../../state/store.ts';

const NEAREST = 5;

/** One index per facilities array (it never changes once loaded). */
const indexes = new WeakMap<readonly Feature<Point, FacilityProperties>[], { index: ShelterIndex; features: Feature<Point, FacilityProperties>[] }>();
function shelterIndex(facilities: readonly Feature<Point, FacilityProperties>[]) {
  let entry = indexes.get(facilities);
  if (!entry) {
    const features = facilities.filter((f) => isShelter(f.properties));
    entry = { features, index: new ShelterIndex(features.map((f) => ({ id: f.properties.id, lon: f.geometry.coordinates[0]!, lat: f.geometry.coordinates[1]!, capacity: f.properties.capacity }))) };
    indexes.set(facilities, entry);
  }
  return entry;
}

/**
 * For an affected cell: where its people are assigned, and the nearest shelters still above
 * water with the places they have left after the whole plan.
 */
export function CellShelters({ cell, result, facilities }: { cell: AffectedCell; result: FloodResult; facilities: readonly Feature<Point, FacilityProperties>[] }) {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const { index, features } = shelterIndex(facilities);
  const nearest = index.nearestOpen(cell.lon, cell.lat, result.shelterFlooded, result.remaining, NEAREST);
  const assigned = new Map(result.assignments.filter((a) => a.cell === cell.cell).map((a) => [a.shelter, a.people]));
  if (nearest.length === 0) return <span>{t('none')}</span>;
  return (
    <ol className="cell-shelters" data-testid="cell-shelters">
      {nearest.map((n) => {
        const p = features[n.shelter]!.properties;
        const people = assigned.get(n.shelter);
        return (
          <li key={p.id} data-shelter={p.id} data-remaining={n.remaining}>
            <strong>{pickText(p.name, lang)}</strong>
            <span className="small">
              {t(FACILITY_KEYS[p.type])} · {(n.distanceM / 1000).toFixed(1)} km · {t('placesLeft')} {n.remaining.toLocaleString(lang)} / {p.capacity.toLocaleString(lang)}
              {people ? ` · ${t('assignedShelter')} ${people.toLocaleString(lang)} ${t('people')}` : ''}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
