/**
 * Moving around a large graph in sigma.js 3.0 at the browser's frame rate rather than WebGL's. Without a GPU (Chromium
 * draws WebGL in software), one frame of 20,000 nodes and 100,000 ties takes a third of a second. So, while the view
 * moves, the frame already drawn is moved and scaled with a CSS transform, which the compositor applies at once. The
 * graph is drawn again, sharp, when the view stops (as web maps do with their tiles). Parts of the graph that were
 * outside the last frame appear when it stops.
 *
 * Sigma also reads a pixel back from the GPU at each pointer move to find the node under the pointer, which waits
 * for the frame being drawn; it does not look for one while the view moves.
 *
 * This reaches into sigma's internals (3.0.x): `activeListeners.camera`, `getNodeAtPosition`, `matrix` and `invMatrix`.
 */
import type Sigma from 'sigma';
import type { CameraState } from 'sigma/types';
import { matrixFromCamera } from 'sigma/utils';

/** How long the view must be still before the graph is drawn again. */
const STILL_MS = 200;

/** Applies the above to a renderer; the function returned stops its timer (sigma's `kill` removes its listeners). */
export function moveByTransform(renderer: Sigma): () => void {
  const camera = renderer.getCamera();
  const captor = renderer.getMouseCaptor();
  /** When the camera last moved: the view counts as moving until it has been still for STILL_MS. */
  let moved = -Infinity;
  const moving = () => camera.isAnimated() || captor.isMouseDown || captor.isMoving || captor.currentWheelDirection !== 0 || performance.now() - moved < STILL_MS;

  // the node under the pointer is not looked for while the view moves (the one hovered before stays so)
  const internals = renderer as unknown as {
    getNodeAtPosition(position: { x: number; y: number }): string | null;
    activeListeners: { camera: () => void };
    matrix: Float32Array;
    invMatrix: Float32Array;
  };
  const nodeAt = internals.getNodeAtPosition.bind(renderer);
  let under: string | null = null;
  internals.getNodeAtPosition = (position) => (moving() ? under : (under = nodeAt(position)));

  // Every drawing sigma asks for (the camera moved, the layout moved the nodes, a node is hovered) waits until the
  // view is still; meanwhile the last frame drawn follows the camera by a CSS transform. The ties, the nodes and their
  // labels move; the layers of a hovered node are hidden; the layer that takes the pointer's events stays put.
  const canvases = renderer.getCanvases();
  const layers = ['edges', 'nodes', 'labels'].map((name) => canvases[name]).filter(Boolean);
  const idle = ['edgeLabels', 'hovers', 'hoverNodes'].map((name) => canvases[name]).filter(Boolean);
  for (const canvas of layers) canvas.style.transformOrigin = '0 0';
  let drawn: CameraState = camera.getState();
  let transformed = false;
  renderer.on('afterRender', () => {
    drawn = camera.getState();
    if (!transformed) return;
    for (const canvas of layers) canvas.style.transform = '';
    for (const canvas of idle) canvas.style.visibility = '';
    transformed = false;
  });
  const draw = renderer.scheduleRender.bind(renderer);
  let still: ReturnType<typeof setTimeout> | undefined;
  const drawWhenStill = () => {
    clearTimeout(still);
    still = setTimeout(() => (moving() ? drawWhenStill() : draw()), STILL_MS);
  };
  renderer.scheduleRender = () => {
    if (moving()) drawWhenStill();
    else draw();
    return renderer;
  };
  const follow = () => {
    moved = performance.now();
    const now = camera.getState();
    if (now.angle !== drawn.angle) {
      clearTimeout(still);
      draw();
      return;
    }
    // sigma turns pointer positions into graph positions with the matrices of its last frame: they follow the camera
    const [viewport, graph, padding] = [renderer.getDimensions(), renderer.getGraphDimensions(), renderer.getStagePadding()];
    internals.matrix = matrixFromCamera(now, viewport, graph, padding);
    internals.invMatrix = matrixFromCamera(now, viewport, graph, padding, true);
    // the map from the drawn frame to the current view is a scale k and a shift (tx, ty), found from two points
    const at = (state: CameraState, x: number, y: number) => renderer.framedGraphToViewport({ x, y }, { cameraState: state });
    const [a0, a1, b0, b1] = [at(drawn, 0, 0), at(drawn, 1, 1), at(now, 0, 0), at(now, 1, 1)];
    const k = (b1.x - b0.x) / (a1.x - a0.x);
    const transform = `matrix(${k}, 0, 0, ${k}, ${b0.x - k * a0.x}, ${b0.y - k * a0.y})`;
    for (const canvas of layers) canvas.style.transform = transform;
    if (!transformed) for (const canvas of idle) canvas.style.visibility = 'hidden';
    transformed = true;
    drawWhenStill();
  };
  // a drag's end: drawn once the view is still (sigma's own handler has cleared its drag state by then)
  captor.on('mouseup', () => drawWhenStill());
  camera.removeListener('updated', internals.activeListeners.camera);
  internals.activeListeners.camera = follow;
  camera.on('updated', follow);
  return () => clearTimeout(still);
}
