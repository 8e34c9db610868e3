import { describe, expect, it } from 'vitest';
import { mergeRuntime } from './runtimeSchema.ts';

describe('runtime config', () => {
  it('defaults to the Guangzhou city with no broker override', () => {
    const r = mergeRuntime({}, new URLSearchParams());
    expect(r.success && r.data).toEqual({ city: 'guangzhou', brokers: [], kiosk: false, idleSeconds: 90, screen: 'desk' });
  });

  it('lets URL parameters override the file, and ?mqtt= choose only a listed broker', () => {
    const file = { mqttUrl: 'ws://a:1/mqtt', brokers: ['wss://b:2/mqtt'], lang: 'zh-CN' };
    const r = mergeRuntime(file, new URLSearchParams('mqtt=wss://b:2/mqtt&lang=en'));
    expect(r.success && r.data).toEqual({ city: 'guangzhou', mqttUrl: 'wss://b:2/mqtt', brokers: ['wss://b:2/mqtt'], lang: 'en', kiosk: false, idleSeconds: 90, screen: 'desk' });
    expect(r.refusedBroker).toBeUndefined();
  });

  it('refuses a broker the file does not list, and keeps the file’s', () => {
    const r = mergeRuntime({ mqttUrl: 'ws://a:1/mqtt' }, new URLSearchParams('mqtt=wss://evil.example:443/mqtt'));
    expect(r.success && r.data.mqttUrl).toBe('ws://a:1/mqtt');
    expect(r.refusedBroker).toBe('wss://evil.example:443/mqtt');
  });

  it('takes no credentials from the URL', () => {
    const r = mergeRuntime({}, new URLSearchParams('mqttUser=viewer&mqttPassword=hunter2'));
    expect(r.success && r.data).toEqual({ city: 'guangzhou', brokers: [], kiosk: false, idleSeconds: 90, screen: 'desk' });
  });

  it('turns a kiosk on from the URL, with its idle timeout, and refuses a nonsense timeout', () => {
    const r = mergeRuntime({ kiosk: false }, new URLSearchParams('kiosk=1&idle=20'));
    expect(r.success && r.data).toMatchObject({ kiosk: true, idleSeconds: 20 });
    expect(mergeRuntime({ kiosk: true }, new URLSearchParams()).data?.kiosk).toBe(true);
    expect(mergeRuntime({}, new URLSearchParams('idle=0')).success).toBe(false);
    expect(mergeRuntime({}, new URLSearchParams('kiosk=yes')).success).toBe(false);
  });

  it('rejects a city name that could escape the cities folder', () => {
    const r = mergeRuntime({}, new URLSearchParams('city=../secrets'));
    expect(r.success).toBe(false);
  });

  it('treats a non-object file as empty', () => {
    const r = mergeRuntime(null, new URLSearchParams());
    expect(r.success).toBe(true);
  });

  it('opens the wall layout from the file or ?screen=wall, and refuses another screen', () => {
    expect(mergeRuntime({}, new URLSearchParams('screen=wall')).data?.screen).toBe('wall');
    expect(mergeRuntime({ screen: 'wall' }, new URLSearchParams('')).data?.screen).toBe('wall');
    expect(mergeRuntime({}, new URLSearchParams('screen=tv')).success).toBe(false);
  });
});
