/** What column finding reads of a text item (pdf-layout.ts `PdfTextItem`): its text, left edge, width and type size, points. */
interface PositionedText {
  str: string;
  x: number;
  width: number;
  size: number;
}

/** Width of the coverage bins a page is scanned in, PDF points. */
const BIN = 2;
/** A column holds at least this share of a region's text items. */
const MIN_COLUMN_SHARE = 0.15;
/** Items that may cross a gutter (a title over both columns, a figure caption), as a share of the region's. */
const MAX_CROSSING_SHARE = 0.1;
/** Columns nested inside a column are looked for this deep (four columns at most). */
const MAX_DEPTH = 2;

function medianSize(items: readonly PositionedText[]): number {
  const s = items.map((i) => i.size).sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 10;
}

/**
 * The best gutter of a region of text: the widest run of x positions that at
 * most {@link MAX_CROSSING_SHARE} of the items cover, at least one type size
 * wide, with at least {@link MIN_COLUMN_SHARE} of the items wholly on each
 * side; null when there is none.
 */
function bestGutter(items: readonly PositionedText[]): number | null {
  if (items.length < 20) return null;
  const left = Math.min(...items.map((i) => i.x));
  const right = Math.max(...items.map((i) => i.x + i.width));
  const bins = Math.ceil((right - left) / BIN) + 1;
  if (!Number.isFinite(bins) || bins < 3 || bins > 100_000) return null;
  const cover = new Int32Array(bins + 1);
  for (const i of items) {
    const from = Math.floor((i.x - left) / BIN);
    const to = Math.ceil((i.x + i.width - left) / BIN);
    cover[from] = (cover[from] as number) + 1;
    cover[to] = (cover[to] as number) - 1;
  }
  for (let b = 1; b <= bins; b++) cover[b] = (cover[b] as number) + (cover[b - 1] as number);
  const allowed = items.length * MAX_CROSSING_SHARE;
  const minWidth = Math.max(4, medianSize(items));
  let best: { at: number; width: number } | null = null;
  for (let b = 0; b < bins; ) {
    if ((cover[b] as number) > allowed) {
      b++;
      continue;
    }
    let e = b;
    while (e < bins && (cover[e] as number) <= allowed) e++;
    const start = left + b * BIN;
    const end = left + e * BIN;
    const width = end - start;
    if (b > 0 && e < bins && width >= minWidth && (!best || width > best.width)) {
      const onLeft = items.filter((i) => i.x + i.width <= start + BIN).length;
      const onRight = items.filter((i) => i.x >= end - BIN).length;
      if (onLeft >= items.length * MIN_COLUMN_SHARE && onRight >= items.length * MIN_COLUMN_SHARE)
        best = { at: (start + end) / 2, width };
    }
    b = e;
  }
  return best?.at ?? null;
}

/**
 * A page's text items split into columns, left to right: a gutter is found
 * from the items' own positions (a vertical strip of the page that little text crosses), wherever it
 * lies, and each column is searched again for a gutter of its own. An item
 * that crosses a gutter is read with the column it starts in. One region for
 * a page in one column.
 *
 * pdftotext's reading order (poppler `TextOutputDev`) keeps columns apart the
 * same way, by the whitespace between blocks rather than the page's middle.
 */
export function columnsOf<T extends PositionedText>(items: readonly T[], depth = 0): T[][] {
  const text = items.filter((i) => i.str.trim() !== "" && i.width >= 0);
  const gutter = depth < MAX_DEPTH ? bestGutter(text) : null;
  if (gutter === null) return [[...items]];
  const left = items.filter((i) => i.x < gutter);
  const right = items.filter((i) => i.x >= gutter);
  return [...columnsOf(left, depth + 1), ...columnsOf(right, depth + 1)];
}
