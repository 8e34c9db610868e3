import { readyLayerData, type AppState } from '../../state/store.ts';
import type { SensorTable } from './sensorTable.ts';

/** The live sensor table, for layers drawn from the same feed (muck-truck arrows). */
export const liveSensorTable = (s: Pick<AppState, 'layerLoad'>): SensorTable | null => readyLayerData(s, 'sensors')?.table ?? null;
