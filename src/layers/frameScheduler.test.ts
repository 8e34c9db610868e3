import { Event, type Scene } from 'cesium';
import { describe, expect, it } from 'vitest';
import { frameScheduler, hasNewGlyphs } from './frameScheduler.ts';

/** The two things the scheduler uses of a scene: its postRender event and requestRender. */
function sceneStub(): { scene: Scene; renders: () => number; draw: () => void } {
  const postRender = new Event();
  let requested = 0;
  const scene = { postRender, requestRender: () => requested++ } as unknown as Scene;
  return { scene, renders: () => requested, draw: () => postRender.raiseEvent() };
}

describe('frame scheduler', () => {
  it('keeps drawing until the asked frames are drawn, then says so once', () => {
    const { scene, renders, draw } = sceneStub();
    const { frames, release } = frameScheduler(scene);
    let done = 0;
    frames.keepDrawing(2, () => done++);
    expect(renders()).toBe(1);
    draw();
    expect(done).toBe(0);
    expect(renders()).toBe(2);
    draw();
    expect(done).toBe(1);
    draw();
    expect(done).toBe(1);
    release();
  });

  it('is one per scene, shared by its layers, and gone with the last release', () => {
    const { scene, draw } = sceneStub();
    const a = frameScheduler(scene);
    const b = frameScheduler(scene);
    expect(a.frames).toBe(b.frames);
    a.release();
    let done = 0;
    b.frames.keepDrawing(1, () => done++);
    draw();
    expect(done).toBe(1);
    b.release();
    expect(frameScheduler(scene).frames).not.toBe(b.frames);
  });

  it('folds paced asks into one frame until it is drawn', () => {
    const { scene, renders } = sceneStub();
    const { frames, release } = frameScheduler(scene);
    frames.requestPaced();
    frames.requestPaced();
    frames.requestPaced();
    expect(renders()).toBe(1);
    release();
  });
});

describe('new glyphs', () => {
  it('says so only for characters not drawn before, and remembers them', () => {
    const seen = new Set<string>();
    expect(hasNewGlyphs(seen, ['442', '6'])).toBe(true);
    expect(hasNewGlyphs(seen, ['24', '66'])).toBe(false);
    expect(hasNewGlyphs(seen, ['2.8万人'])).toBe(true);
    expect(hasNewGlyphs(seen, ['8.2万人'])).toBe(false);
  });
});
