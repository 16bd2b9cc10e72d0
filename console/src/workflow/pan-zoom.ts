/**
 * The canvas's view: a scale and a translation, changed by dragging, the wheel, the
 * zoom buttons and the keyboard. Pure arithmetic, so it is tested without a browser.
 */
export interface View {
  scale: number;
  x: number;
  y: number;
}

export const MIN_SCALE = 0.2;
export const MAX_SCALE = 2.5;

const clampScale = (scale: number) => Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));

/** Zooms by `factor` keeping the point (`cx`, `cy`) of the viewport where it is. */
export function zoomAt(view: View, factor: number, cx: number, cy: number): View {
  const scale = clampScale(view.scale * factor);
  const ratio = scale / view.scale;
  return { scale, x: cx - (cx - view.x) * ratio, y: cy - (cy - view.y) * ratio };
}

export function panBy(view: View, dx: number, dy: number): View {
  return { ...view, x: view.x + dx, y: view.y + dy };
}

/** The whole graph in the viewport, centred, never enlarged past 1:1. */
export function fit(width: number, height: number, viewportWidth: number, viewportHeight: number): View {
  if (width <= 0 || height <= 0 || viewportWidth <= 0 || viewportHeight <= 0) return { scale: 1, x: 0, y: 0 };
  const scale = clampScale(Math.min(1, viewportWidth / width, viewportHeight / height));
  return { scale, x: (viewportWidth - width * scale) / 2, y: (viewportHeight - height * scale) / 2 };
}

/**
 * The first view of a graph: all of it when it fits at a size still readable (`minWhole`),
 * else its top (the start node) at `readable` scale, centred across — a tall workflow
 * shrunk to fit would be unreadable.
 */
export function firstView(width: number, height: number, viewportWidth: number, viewportHeight: number, minWhole = 0.55, readable = 0.75): View {
  const whole = fit(width, height, viewportWidth, viewportHeight);
  if (whole.scale >= minWhole) return whole;
  return { scale: readable, x: (viewportWidth - width * readable) / 2, y: 0 };
}
