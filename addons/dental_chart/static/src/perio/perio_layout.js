/**
 * Geometry of the drawn periodontal chart: the four views (upper buccal and palatal,
 * lower lingual and buccal), a side view of each tooth by its type, the gingival margin
 * and pocket lines from the measured sites, the marks (bleeding, suppuration, deep
 * pockets, furcation) and the order of keyboard entry.
 * Pure functions (no OWL), unit-tested on their own.
 *
 * Depths are in mm along the tooth from the cemento-enamel junction (CEJ): positive
 * towards the apex. The gingival margin sits at GM mm (positive = recession), the
 * bottom of the pocket at GM + PD mm (= the clinical attachment level).
 */

export const SITES = ["db", "b", "mb", "dl", "l", "ml"];
/** Pocket depths from this value (mm) are highlighted. */
export const DEEP_PD = 4;
/** Pixels per millimetre. */
export const MM = 4;
/** Width of a tooth's column. */
export const SLOT = 44;
/** Width of the label column on the left. */
export const LEFT = 84;
export const CHART_WIDTH = LEFT + 16 * SLOT + 8;
/** Depths shown in a view: from the occlusal side (negative) to the apical side. */
export const MM_OCCLUSAL = 15;
export const MM_APICAL = 18;
const IMAGE_HEIGHT = (MM_OCCLUSAL + MM_APICAL) * MM;
const STRIP = 14;
const TEETH_STRIP = 18;
const JAW_GAP = 26;
const TOP = 4;
/** Where the bleeding and suppuration dots sit, in mm on the occlusal side. */
const BLEEDING_MM = -12.4;
const SUPPURATION_MM = -14.1;

const quadrant = (q, positions) => positions.map((p) => `${q}${p}`);
export const UPPER_TEETH = [...quadrant(1, [8, 7, 6, 5, 4, 3, 2, 1]), ...quadrant(2, [1, 2, 3, 4, 5, 6, 7, 8])];
export const LOWER_TEETH = [...quadrant(4, [8, 7, 6, 5, 4, 3, 2, 1]), ...quadrant(3, [1, 2, 3, 4, 5, 6, 7, 8])];

/**
 * The four views from top to bottom. In each jaw the two views face each other with
 * their crowns (roots pointing away), the number strips between them, as on the paper
 * charts: upper buccal, upper palatal, lower lingual, lower buccal.
 */
export const VIEW_ORDER = ["UB", "UL", "LL", "LB"];

/**
 * Keyboard entry: buccal 18→28, palatal 28→18, then buccal 48→38 and lingual 38→48
 * (the probe goes round each jaw without lifting). ``direction``: 1 = left to right on screen.
 */
export const ENTRY_ORDER = [
    ["UB", 1],
    ["UL", -1],
    ["LB", 1],
    ["LL", -1],
];

function buildViews() {
    const views = {};
    let top = TOP;
    for (const [first, second, teeth, jaw] of [
        ["UB", "UL", UPPER_TEETH, "upper"],
        ["LL", "LB", LOWER_TEETH, "lower"],
    ]) {
        // first view: image, then its PD and GM strips; the tooth numbers; second view's strips, then image
        const firstCej = top + MM_APICAL * MM;
        const firstStrips = top + IMAGE_HEIGHT + 2;
        const teethY = firstStrips + 2 * STRIP;
        const secondStrips = teethY + TEETH_STRIP;
        const secondImage = secondStrips + 2 * STRIP + 2;
        views[first] = {
            key: first,
            jaw,
            side: first === "UB" ? "buccal" : "lingual",
            apexUp: true,
            teeth,
            imageTop: top,
            cejY: firstCej,
            strips: { pd: firstStrips, gm: firstStrips + STRIP },
            teethY,
        };
        views[second] = {
            key: second,
            jaw,
            side: second === "UL" ? "lingual" : "buccal",
            apexUp: false,
            teeth,
            imageTop: secondImage,
            cejY: secondImage + MM_OCCLUSAL * MM,
            strips: { gm: secondStrips, pd: secondStrips + STRIP },
            teethY,
        };
        top = secondImage + IMAGE_HEIGHT + JAW_GAP;
    }
    views.height = top - JAW_GAP + TOP;
    return views;
}

const LAYOUT = buildViews();
export const VIEWS = Object.fromEntries(VIEW_ORDER.map((key) => [key, LAYOUT[key]]));
export const CHART_HEIGHT = LAYOUT.height;
export const STRIP_HEIGHT = STRIP;
export const TEETH_STRIP_HEIGHT = TEETH_STRIP;
export const IMAGE_HEIGHT_PX = IMAGE_HEIGHT;

/** True when the tooth is on the patient's right (drawn on the left of the chart). */
export function isPatientRight(code) {
    return [1, 4, 5, 8].includes(Number(String(code)[0]));
}

/** The three sites of a tooth in a view, from left to right on screen. */
export function toothSites(code, side) {
    const sites = side === "buccal" ? ["db", "b", "mb"] : ["dl", "l", "ml"];
    return isPatientRight(code) ? sites : [...sites].reverse();
}

const SITE_OFFSETS = [0.22, 0.5, 0.78];

/** Left edge of the column of the tooth at ``index`` (0-15). */
export function slotX(index) {
    return LEFT + index * SLOT;
}

/** Every site of a view from left to right on screen: {view, code, site, index, x}. */
export function screenSites(viewKey) {
    const view = VIEWS[viewKey];
    const result = [];
    view.teeth.forEach((code, toothIndex) => {
        toothSites(code, view.side).forEach((site, position) => {
            result.push({
                view: viewKey,
                code,
                site,
                index: result.length,
                x: slotX(toothIndex) + SLOT * SITE_OFFSETS[position],
            });
        });
    });
    return result;
}

/** The sites in the order of keyboard entry (96 per jaw, 192 in all). */
export function entrySequence() {
    const sequence = [];
    for (const [viewKey, direction] of ENTRY_ORDER) {
        const sites = screenSites(viewKey);
        sequence.push(...(direction > 0 ? sites : sites.reverse()));
    }
    return sequence;
}

/** Y of a depth (mm from the CEJ, positive apically) in a view, kept inside its image. */
export function depthY(view, mm) {
    const clamped = Math.max(-MM_OCCLUSAL, Math.min(MM_APICAL, mm));
    return view.cejY + (view.apexUp ? -clamped : clamped) * MM;
}

// ------------------------------------------------------------------ teeth

/** Side view of a tooth by its position (1 = central incisor … 8 = third molar). */
const TOOTH_TYPES = {
    upper: {
        1: { crown: 10.5, root: 13, width: 0.74, roots: 1, edge: "incisal" },
        2: { crown: 9, root: 13, width: 0.6, roots: 1, edge: "incisal" },
        3: { crown: 10, root: 17, width: 0.66, roots: 1, edge: "cusp" },
        4: { crown: 8.5, root: 14, width: 0.64, roots: 1, edge: "cusp" },
        5: { crown: 8.5, root: 14, width: 0.64, roots: 1, edge: "cusp" },
        6: { crown: 7.5, root: 13, width: 0.9, roots: 3, edge: "molar" },
        7: { crown: 7, root: 12, width: 0.86, roots: 3, edge: "molar" },
        8: { crown: 6.5, root: 11, width: 0.8, roots: 1, edge: "molar" },
    },
    lower: {
        1: { crown: 9, root: 12.5, width: 0.5, roots: 1, edge: "incisal" },
        2: { crown: 9.5, root: 14, width: 0.54, roots: 1, edge: "incisal" },
        3: { crown: 11, root: 16, width: 0.64, roots: 1, edge: "cusp" },
        4: { crown: 8.5, root: 14, width: 0.62, roots: 1, edge: "cusp" },
        5: { crown: 8, root: 14.5, width: 0.64, roots: 1, edge: "cusp" },
        6: { crown: 7.5, root: 14, width: 0.92, roots: 2, edge: "molar" },
        7: { crown: 7, root: 13, width: 0.88, roots: 2, edge: "molar" },
        8: { crown: 7, root: 11, width: 0.84, roots: 2, edge: "molar" },
    },
};
/** Depth of the furcation (mm from the CEJ) of a multi-rooted tooth. */
const FURCATION_MM = 4;

export function toothType(code) {
    const jaw = [1, 2, 5, 6].includes(Number(String(code)[0])) ? "upper" : "lower";
    const position = Number(String(code)[1]);
    return { jaw, position, ...TOOTH_TYPES[jaw][position] };
}

/** An SVG path from commands in tooth space: [op, x, mm, x, mm ...] (x from the column's left). */
function path(view, x0, commands) {
    return commands
        .map(([op, ...args]) => {
            const coords = [];
            for (let i = 0; i < args.length; i += 2) {
                coords.push(`${round(x0 + args[i])},${round(depthY(view, args[i + 1]))}`);
            }
            return `${op}${coords.join(" ")}`;
        })
        .join(" ");
}

const round = (value) => Math.round(value * 10) / 10;

/**
 * The side view of a tooth in a view: crown (enamel), roots, CEJ line and, for
 * multi-rooted teeth, where the furcation is.
 */
export function toothImage(code, index, viewKey) {
    const view = VIEWS[viewKey];
    const type = toothType(code);
    const x0 = slotX(index);
    const cx = SLOT / 2;
    const hw = (type.width * SLOT) / 2; // half width at the contact points
    const hc = hw * 0.72; // half width at the CEJ
    const c = type.crown;
    let edge;
    if (type.edge === "incisal") {
        edge = [
            ["Q", cx - hw * 1.02, -c * 0.75, cx - hw * 0.88, -c],
            ["L", cx + hw * 0.88, -c],
            ["Q", cx + hw * 1.02, -c * 0.75, cx + hw, -c * 0.4],
        ];
    } else if (type.edge === "cusp") {
        edge = [
            ["Q", cx - hw * 1.02, -c * 0.72, cx - hw * 0.8, -c * 0.86],
            ["L", cx, -c],
            ["L", cx + hw * 0.8, -c * 0.86],
            ["Q", cx + hw * 1.02, -c * 0.72, cx + hw, -c * 0.4],
        ];
    } else {
        edge = [
            ["Q", cx - hw * 1.02, -c * 0.72, cx - hw * 0.86, -c * 0.9],
            ["L", cx - hw * 0.45, -c],
            ["L", cx, -c * 0.88],
            ["L", cx + hw * 0.45, -c],
            ["L", cx + hw * 0.86, -c * 0.9],
            ["Q", cx + hw * 1.02, -c * 0.72, cx + hw, -c * 0.4],
        ];
    }
    const crown = path(view, x0, [
        ["M", cx - hc, 0],
        ["Q", cx - hw, -c * 0.15, cx - hw, -c * 0.4],
        ...edge,
        ["Q", cx + hw, -c * 0.15, cx + hc, 0],
        ["Z"],
    ]);
    const r = type.root;
    const roots = [];
    if (type.roots === 1) {
        roots.push(
            path(view, x0, [
                ["M", cx - hc, 0],
                ["Q", cx - hc * 0.95, r * 0.65, cx, r],
                ["Q", cx + hc * 0.95, r * 0.65, cx + hc, 0],
                ["Z"],
            ])
        );
    } else {
        if (type.roots === 3) {
            // the palatal root of an upper molar, behind the two buccal roots
            roots.push(
                path(view, x0, [
                    ["M", cx - hc * 0.45, 0],
                    ["Q", cx - hc * 0.4, r * 0.8, cx, r * 1.08],
                    ["Q", cx + hc * 0.4, r * 0.8, cx + hc * 0.45, 0],
                    ["Z"],
                ])
            );
        }
        const f = FURCATION_MM;
        roots.push(
            path(view, x0, [
                ["M", cx - hc, 0],
                ["Q", cx - hc * 1.08, r * 0.6, cx - hc * 0.62, r],
                ["Q", cx - hc * 0.12, r * 0.55, cx, f],
                ["Q", cx + hc * 0.12, r * 0.55, cx + hc * 0.62, r],
                ["Q", cx + hc * 1.08, r * 0.6, cx + hc, 0],
                ["Z"],
            ])
        );
    }
    return {
        code,
        crown,
        roots,
        cej: { x1: x0 + cx - hc, x2: x0 + cx + hc, y: depthY(view, 0) },
        furcation: type.roots > 1 ? { x: x0 + cx, y: depthY(view, FURCATION_MM) } : null,
    };
}

/**
 * The furcation mark (Glickman grade 1-3) under the furcation: an open triangle
 * pointing to the crown for grade 1, half filled for 2, filled for 3.
 */
export function furcationMark(point, grade, apexUp) {
    const s = apexUp ? 1 : -1; // the triangle's tip points to the crown
    const tip = [point.x, point.y + s * 2];
    const left = [point.x - 5, point.y - s * 7];
    const right = [point.x + 5, point.y - s * 7];
    const outline = [tip, left, right].map((p) => p.map(round).join(",")).join(" ");
    let fill = null;
    if (grade === 2) {
        fill = [tip, left, [point.x, point.y - s * 7]].map((p) => p.map(round).join(",")).join(" ");
    } else if (grade >= 3) {
        fill = outline;
    }
    return { outline, fill, grade };
}

// ------------------------------------------------------------------ lines

/**
 * The gingival margin and pocket lines of one view from the teeth of an exam
 * (``teeth``: {code: {missing, pd: {site: mm}, gm: {site: mm}, bleed, supp}}).
 * Lines break at missing (or absent) teeth: ``margin`` and ``pocket`` are lists of
 * segments, each a list of [x, y]; ``areas`` the pocket between them (polygon points);
 * ``deep`` the sites with PD ≥ 4 mm; ``bleeding`` / ``suppuration`` the dots.
 */
export function perioLines(viewKey, teeth) {
    const view = VIEWS[viewKey];
    const result = { margin: [], pocket: [], areas: [], deep: [], bleeding: [], suppuration: [] };
    let margin = null;
    let pocket = null;
    const close = () => {
        if (margin) {
            result.margin.push(margin);
            result.pocket.push(pocket);
            result.areas.push(pointsOf([...margin, ...[...pocket].reverse()]));
        }
        margin = pocket = null;
    };
    for (const entry of screenSites(viewKey)) {
        const tooth = teeth?.[entry.code];
        if (!tooth || tooth.missing) {
            close();
            continue;
        }
        const gm = tooth.gm?.[entry.site] || 0;
        const pd = tooth.pd?.[entry.site] || 0;
        const marginY = depthY(view, gm);
        const pocketY = depthY(view, gm + pd);
        if (!margin) {
            margin = [];
            pocket = [];
        }
        margin.push([entry.x, marginY]);
        pocket.push([entry.x, pocketY]);
        const site = { code: entry.code, site: entry.site, x: entry.x };
        if (pd >= DEEP_PD) {
            result.deep.push({ ...site, pd, y1: marginY, y2: pocketY });
        }
        if (tooth.bleed?.[entry.site]) {
            result.bleeding.push({ ...site, y: depthY(view, BLEEDING_MM) });
        }
        if (tooth.supp?.[entry.site]) {
            result.suppuration.push({ ...site, y: depthY(view, SUPPURATION_MM) });
        }
    }
    close();
    return result;
}

/** "x,y x,y ..." of a list of points (polyline/polygon attribute). */
export function pointsOf(points) {
    return points.map(([x, y]) => `${round(x)},${round(y)}`).join(" ");
}
