/**
 * Geometry of the odontogram: which teeth go in which row, and the SVG shapes of a tooth.
 * Pure functions (no OWL), unit-tested on their own.
 *
 * Each tooth is drawn by its type: a buccal view of the crown and its roots (number and shape by
 * type, jaw and dentition) and, beside the occlusal plane, the five-surface occlusal view whose
 * surfaces are clicked. TOOTH_GEOMETRY (between the geometry markers, strict JSON) is also read by
 * the server (dental_chart/tools/odontogram_svg.py) to print the same chart: keep it JSON.
 */

export const TOOTH_SIZE = 36;
export const TOOTH_GAP = 8;
export const ROW_HEIGHT = 150;
export const CHART_WIDTH = 16 * (TOOTH_SIZE + TOOTH_GAP) + 16;

/** Colours of the common convention: planned work red, done here blue, existing from elsewhere black. */
export const STATUS_COLORS = { planned: "#d62728", done: "#1f5fbf", existing: "#222222" };

/** Drawing kinds whose colour tells the status (restorations); the others keep the condition's colour. */
export const STATUS_DRAWINGS = ["filling", "crown", "veneer", "root_canal", "post", "implant", "bridge"];

// prettier-ignore
export const TOOTH_GEOMETRY = /* geometry:begin */ {
    "crowns": {
        "incisor": "M -0.62 0 C -0.8 0.3 -1 0.6 -0.98 0.96 Q -0.5 1.02 0 1 Q 0.5 1.02 0.98 0.96 C 1 0.6 0.8 0.3 0.62 0 Z",
        "canine": "M -0.62 0 C -0.85 0.25 -1 0.5 -0.95 0.72 Q -0.5 0.8 0 1 Q 0.5 0.8 0.95 0.72 C 1 0.5 0.85 0.25 0.62 0 Z",
        "premolar": "M -0.66 0 C -0.9 0.25 -1 0.55 -0.95 0.82 Q -0.45 0.86 0 1 Q 0.45 0.86 0.95 0.82 C 1 0.55 0.9 0.25 0.66 0 Z",
        "molar": "M -0.74 0 C -0.92 0.25 -1 0.55 -0.97 0.86 Q -0.75 1.04 -0.5 1 Q -0.25 0.96 0 0.88 Q 0.25 0.96 0.5 1 Q 0.75 1.04 0.97 0.86 C 1 0.55 0.92 0.25 0.74 0 Z"
    },
    "teeth": {
        "permanent": {
            "upper": {
                "1": {"kind": "incisor", "w": 30, "h": 30, "r": 36, "roots": [[0, 0.5, 0.05]]},
                "2": {"kind": "incisor", "w": 25, "h": 27, "r": 34, "roots": [[0, 0.45, 0.1]]},
                "3": {"kind": "canine", "w": 28, "h": 31, "r": 44, "roots": [[0, 0.5, 0.08]]},
                "4": {"kind": "premolar", "w": 28, "h": 27, "r": 34, "roots": [[-0.32, 0.28, -0.3], [0.32, 0.28, 0.35]]},
                "5": {"kind": "premolar", "w": 28, "h": 27, "r": 34, "roots": [[0, 0.5, 0.1]]},
                "6": {"kind": "molar", "w": 34, "h": 26, "r": 32, "roots": [[-0.55, 0.25, -0.75], [0, 0.28, 0.05], [0.55, 0.25, 0.8]]},
                "7": {"kind": "molar", "w": 33, "h": 25, "r": 30, "roots": [[-0.5, 0.25, -0.6], [0, 0.28, 0.05], [0.5, 0.25, 0.7]]},
                "8": {"kind": "molar", "w": 31, "h": 24, "r": 26, "roots": [[-0.4, 0.25, -0.3], [0, 0.28, 0.05], [0.4, 0.25, 0.45]]}
            },
            "lower": {
                "1": {"kind": "incisor", "w": 22, "h": 27, "r": 32, "roots": [[0, 0.45, 0.05]]},
                "2": {"kind": "incisor", "w": 23, "h": 27, "r": 34, "roots": [[0, 0.45, 0.1]]},
                "3": {"kind": "canine", "w": 27, "h": 30, "r": 42, "roots": [[0, 0.5, 0.08]]},
                "4": {"kind": "premolar", "w": 27, "h": 27, "r": 36, "roots": [[0, 0.5, 0.1]]},
                "5": {"kind": "premolar", "w": 28, "h": 27, "r": 36, "roots": [[0, 0.5, 0.12]]},
                "6": {"kind": "molar", "w": 35, "h": 25, "r": 34, "roots": [[-0.55, 0.3, -0.45], [0.55, 0.3, 0.75]]},
                "7": {"kind": "molar", "w": 34, "h": 24, "r": 32, "roots": [[-0.5, 0.3, -0.35], [0.5, 0.3, 0.7]]},
                "8": {"kind": "molar", "w": 32, "h": 23, "r": 28, "roots": [[-0.45, 0.3, -0.2], [0.45, 0.3, 0.55]]}
            }
        },
        "primary": {
            "upper": {
                "1": {"kind": "incisor", "w": 24, "h": 22, "r": 26, "roots": [[0, 0.45, 0.05]]},
                "2": {"kind": "incisor", "w": 20, "h": 20, "r": 24, "roots": [[0, 0.45, 0.1]]},
                "3": {"kind": "canine", "w": 24, "h": 24, "r": 30, "roots": [[0, 0.5, 0.1]]},
                "4": {"kind": "molar", "w": 27, "h": 20, "r": 24, "roots": [[-0.7, 0.22, -1.05], [0, 0.25, 0], [0.7, 0.22, 1.1]]},
                "5": {"kind": "molar", "w": 30, "h": 21, "r": 26, "roots": [[-0.7, 0.22, -1.05], [0, 0.25, 0], [0.7, 0.22, 1.1]]}
            },
            "lower": {
                "1": {"kind": "incisor", "w": 18, "h": 20, "r": 24, "roots": [[0, 0.45, 0.05]]},
                "2": {"kind": "incisor", "w": 19, "h": 20, "r": 26, "roots": [[0, 0.45, 0.1]]},
                "3": {"kind": "canine", "w": 22, "h": 23, "r": 30, "roots": [[0, 0.5, 0.1]]},
                "4": {"kind": "molar", "w": 28, "h": 20, "r": 24, "roots": [[-0.6, 0.25, -1.0], [0.6, 0.25, 1.0]]},
                "5": {"kind": "molar", "w": 32, "h": 21, "r": 26, "roots": [[-0.6, 0.25, -1.0], [0.6, 0.25, 1.0]]}
            }
        }
    },
    "layout": {
        "upper": {"neck": 52, "square": 92, "label": 142},
        "lower": {"neck": 98, "square": 22, "label": 14},
        "primarySquare": 30
    }
} /* geometry:end */;

const range = (from, to) => {
    const step = from <= to ? 1 : -1;
    const out = [];
    for (let i = from; step > 0 ? i <= to : i >= to; i += step) {
        out.push(i);
    }
    return out;
};

const quadrant = (q, from, to) => range(from, to).map((p) => `${q}${p}`);

export const ROWS = {
    upperPermanent: { jaw: "upper", teeth: [...quadrant(1, 8, 1), ...quadrant(2, 1, 8)], offset: 0 },
    upperPrimary: { jaw: "upper", teeth: [...quadrant(5, 5, 1), ...quadrant(6, 1, 5)], offset: 3 },
    lowerPrimary: { jaw: "lower", teeth: [...quadrant(8, 5, 1), ...quadrant(7, 1, 5)], offset: 3 },
    lowerPermanent: { jaw: "lower", teeth: [...quadrant(4, 8, 1), ...quadrant(3, 1, 8)], offset: 0 },
    // the mixed dentition one tooth per position: the positions of the permanent rows, each drawn with the
    // tooth standing there (dental_get_chart's `mixed`, decided by the server: tools/mixed_dentition.py)
    upperMixed: { jaw: "upper", teeth: [...quadrant(1, 8, 1), ...quadrant(2, 1, 8)], offset: 0, mixed: true },
    lowerMixed: { jaw: "lower", teeth: [...quadrant(4, 8, 1), ...quadrant(3, 1, 8)], offset: 0, mixed: true },
};

export const DENTITION_ROWS = {
    permanent: ["upperPermanent", "lowerPermanent"],
    primary: ["upperPrimary", "lowerPrimary"],
    mixed: ["upperPermanent", "upperPrimary", "lowerPrimary", "lowerPermanent"],
};

/** Rows of the mixed dentition drawn one tooth per position (DENTITION_ROWS.mixed: all four rows). */
export const MIXED_ROWS = ["upperMixed", "lowerMixed"];

/**
 * FDI codes drawn in a row, in order: a mixed row draws at each position the tooth `mixed`
 * ({position: FDI code}) says stands there; the position's own permanent tooth when it says nothing.
 */
export function rowTeeth(rowName, mixed = null) {
    const row = ROWS[rowName];
    return row.mixed ? row.teeth.map((position) => mixed?.[position] || position) : [...row.teeth];
}

/** FDI codes shown for a dentition, optionally only one jaw. */
export function teethOf(dentition, jaw = null) {
    const codes = [];
    for (const rowName of DENTITION_ROWS[dentition]) {
        const row = ROWS[rowName];
        if (!jaw || row.jaw === jaw) {
            codes.push(...row.teeth);
        }
    }
    return codes;
}

/** True when the tooth is on the patient's right (drawn on the left of the chart). */
export function isPatientRight(code) {
    return [1, 4, 5, 8].includes(Number(String(code)[0]));
}

/** Type of a tooth from its FDI code: {dentition, jaw, position, kind, w, h, r, roots}. */
export function toothType(code) {
    const quadrantNumber = Number(String(code)[0]);
    const position = String(code)[1];
    const dentition = quadrantNumber > 4 ? "primary" : "permanent";
    const jaw = [1, 2, 5, 6].includes(quadrantNumber) ? "upper" : "lower";
    return { dentition, jaw, position, ...TOOTH_GEOMETRY.teeth[dentition][jaw][position] };
}

const round = (value) => Math.round(value * 10) / 10;
const pts = (list) => list.map(([x, y]) => `${round(x)},${round(y)}`).join(" ");

/** Path `d` in local (u, v) coordinates mapped to the chart by `map(u, v) -> [x, y]`. */
export function mapPath(d, map) {
    const tokens = d.trim().split(/\s+/);
    const out = [];
    let pending = null;
    for (const token of tokens) {
        if (/^[A-Za-z]$/.test(token)) {
            out.push(token);
        } else if (pending === null) {
            pending = Number(token);
        } else {
            const [x, y] = map(pending, Number(token));
            out.push(`${round(x)} ${round(y)}`);
            pending = null;
        }
    }
    return out.join(" ");
}

/** Local path of a root [centre, half width, apex] (units of the crown's half width; v: neck 0 → apex 1). */
export function rootPath([c, hw, tip]) {
    return `M ${c - hw} 0 C ${c - hw} 0.45 ${tip - 0.12} 0.8 ${tip} 1 C ${tip + 0.12} 0.8 ${c + hw} 0.45 ${c + hw} 0 Z`;
}

/**
 * Shapes of one tooth at column `index` of a row: the five occlusal surfaces (polygons), the
 * cervical band, the buccal view of the crown and the roots, and the anchors of the condition
 * drawings; placed by jaw so that roots point away from the occlusal plane and buccal faces
 * point outwards.
 */
export function toothShapes(code, index, rowName, rowTop) {
    const row = ROWS[rowName];
    const type = toothType(code);
    const layout = TOOTH_GEOMETRY.layout[row.jaw];
    const column = 8 + (index + row.offset) * (TOOTH_SIZE + TOOTH_GAP) + (index + row.offset >= 8 ? 8 : 0);
    const s = type.dentition === "primary" ? TOOTH_GEOMETRY.layout.primarySquare : TOOTH_SIZE;
    const x = column + (TOOTH_SIZE - s) / 2;
    const upper = row.jaw === "upper";
    const y = rowTop + layout.square;
    const q = s / 4;
    const top = pts([[x, y], [x + s, y], [x + s - q, y + q], [x + q, y + q]]);
    const bottom = pts([[x, y + s], [x + s, y + s], [x + s - q, y + s - q], [x + q, y + s - q]]);
    const left = pts([[x, y], [x + q, y + q], [x + q, y + s - q], [x, y + s]]);
    const right = pts([[x + s, y], [x + s - q, y + q], [x + s - q, y + s - q], [x + s, y + s]]);
    const center = pts([[x + q, y + q], [x + s - q, y + q], [x + s - q, y + s - q], [x + q, y + s - q]]);
    const rightSide = isPatientRight(code);
    // Buccal faces the lips (outside of the arch), mesial faces the midline.
    const surfaces = {
        O: center,
        B: upper ? top : bottom,
        L: upper ? bottom : top,
        M: rightSide ? right : left,
        D: rightSide ? left : right,
    };
    // Buccal view: u across the tooth (positive = distal), v from the neck (0) to the edge / apex (1).
    const cx = column + TOOTH_SIZE / 2;
    const neck = rowTop + layout.neck;
    const half = type.w / 2;
    const distal = rightSide ? -1 : 1;
    const toward = upper ? 1 : -1; // from the neck toward the occlusal plane
    const crownAt = (u, v) => [cx + u * distal * half, neck + toward * v * type.h];
    const rootAt = (u, v) => [cx + u * distal * half, neck - toward * v * type.r];
    const crown = mapPath(TOOTH_GEOMETRY.crowns[type.kind], crownAt);
    const roots = type.roots.map((spec) => mapPath(rootPath(spec), rootAt));
    const canals = type.roots.map(([c, , tip]) => mapPath(`M ${c} 0.05 Q ${c} 0.5 ${tip} 0.9`, rootAt));
    const main = type.roots.reduce((best, spec) => (Math.abs(spec[0]) < Math.abs(best[0]) ? spec : best));
    const post = mapPath(`M ${main[0]} -0.3 L ${main[0]} 0 L ${main[0] + (main[2] - main[0]) * 0.1} 0.45`, rootAt);
    const screwTop = neck;
    const screwLength = type.r * 0.85;
    const screwHalf = Math.max(half * 0.42, 4);
    const implantBody = mapPath(
        `M ${-screwHalf / half} 0 L ${(-screwHalf * 0.7) / half} 0.85 L 0 0.95 L ${(screwHalf * 0.7) / half} 0.85 L ${screwHalf / half} 0 Z`,
        rootAt
    );
    const threads = [];
    for (let v = 0.12; v < 0.85; v += 5 / type.r) {
        const w = screwHalf * (1 - 0.3 * v) + 2;
        const [x1, y1] = rootAt(-w / half, v);
        const [x2, y2] = rootAt(w / half, v + 2 / type.r);
        threads.push({ x1: round(x1), y1: round(y1), x2: round(x2), y2: round(y2) });
    }
    const fracture = pts([crownAt(-0.55, 0.95), crownAt(0.1, 0.62), crownAt(-0.25, 0.45), crownAt(0.35, 0.1)]);
    const [apexX, apexY] = rootAt(main[2], 1);
    const rootEnd = neck - toward * type.r;
    const crownEnd = neck + toward * type.h;
    const cervicalWidth = type.w * 0.7;
    const cervical = upper
        ? { x: round(cx - cervicalWidth / 2), y: neck, width: round(cervicalWidth), height: 6 }
        : { x: round(cx - cervicalWidth / 2), y: neck - 6, width: round(cervicalWidth), height: 6 };
    const midline = index + row.offset === 8;
    const extent = upper ? [rootEnd - 2, y + s + 2] : [y - 2, rootEnd + 2];
    return {
        x,
        y,
        size: s,
        column,
        surfaces,
        cervical,
        // envelope of the roots (the former single root marker)
        root: pts([[cx - half * 0.6, neck], [cx + half * 0.6, neck], [cx, rootEnd]]),
        kind: type.kind,
        dentition: type.dentition,
        crown,
        roots,
        canals,
        post,
        implant: { body: implantBody, threads, top: screwTop },
        fracture,
        apex: { cx: round(apexX), cy: round(apexY) },
        bridgeBar: {
            y: neck + toward * 12 - 3, // the same height on every tooth of the row: one continuous bar
            height: 6,
            // to the middle of the gap with the neighbour (wider at the midline)
            left: column - 4 - (midline ? 8 : 0),
            right: column + TOOTH_SIZE + 4,
            crownLeft: round(cx - half + 2),
            crownRight: round(cx + half - 2),
        },
        crossBox: { x1: round(cx - 16), y1: round(extent[0]), x2: round(cx + 16), y2: round(extent[1]) },
        crownBox: { y1: round(Math.min(neck, crownEnd)), y2: round(Math.max(neck, crownEnd)) },
        bg: { x: column - 3, y: rowTop + 2, width: TOOTH_SIZE + 6, height: ROW_HEIGHT - 4 },
        labelX: cx,
        labelY: rowTop + layout.label,
    };
}

/**
 * Colour of a finding: the status colour for restorations drawn by a drawing kind (done here when
 * a procedure recorded it, existing otherwise), the condition's colour for the rest.
 */
export function findingColor(finding, condition) {
    if (condition.drawing && STATUS_DRAWINGS.includes(condition.drawing)) {
        return finding.origin === "procedure" ? STATUS_COLORS.done : STATUS_COLORS.existing;
    }
    return condition.color;
}

const ALL_SURFACES = ["M", "D", "O", "B", "L"];

/** Drawing kind -> the legacy `draw` it paints like when no picture of its own is needed. */
const DRAWING_STATE = {
    crown: "crown",
    implant: "implant",
    bridge: "bridge",
    missing: "missing",
    extraction: "cross",
    root_lesion: "root",
    unerupted: "outline",
    root_canal: "canal",
    post: "post",
    veneer: "veneer",
    fracture: "fracture",
    remnant: "remnant",
};

/**
 * What to draw on one tooth from its active findings (oldest first, later ones win) and the
 * open plan lines touching it (drawn on top in the plan colour).
 * @param {Array} findings findings of the tooth as sent by dental_get_chart
 * @param {Object} conditions condition code -> {color, draw, drawing, name}
 * @param {Array} plan plan lines of the tooth as sent by dental_get_chart ({condition, surfaces})
 */
export function toothState(findings, conditions, plan = []) {
    const state = {
        surfaces: {},
        cervical: null,
        crown: null,
        root: null,
        missing: false,
        cross: null,
        implant: null,
        bridge: null,
        outline: null,
        canal: null,
        post: null,
        veneer: null,
        fracture: null,
        remnant: null,
        apical: null,
        pontic: false,
        bridgeIds: [],
        planned: false,
        diagnoses: [],
        conditions: [],
    };
    let absent = false;
    const paint = (item, condition, color) => {
        const kind = condition.drawing ? DRAWING_STATE[condition.drawing] || "surface" : condition.draw;
        switch (kind) {
            case "surface": {
                const codes = item.surfaces.length ? item.surfaces : ALL_SURFACES;
                for (const surface of codes) {
                    if (surface === "C") {
                        state.cervical = color;
                    } else {
                        state.surfaces[surface] = color;
                    }
                }
                break;
            }
            case "tooth":
                for (const surface of ALL_SURFACES) {
                    state.surfaces[surface] = color;
                }
                break;
            case "missing":
                state.missing = true;
                absent = true;
                break;
            case "remnant":
                state.remnant = color;
                state.root = color;
                break;
            case "bridge":
                state.bridge = color;
                state.bridgeIds.push(item.bridge_id || item.id);
                // a tooth of the bridge that was missing (the bridge resolved its "missing") is a pontic
                absent = absent || Boolean(item.pontic);
                break;
            default:
                state[kind] = color;
        }
        if (condition.drawing === "root_lesion") {
            state.apical = color;
        }
        if (["implant", "bridge"].includes(kind)) {
            state.missing = false;
        }
    };
    for (const finding of findings) {
        if (finding.diagnosis) {
            state.diagnoses.push(finding.diagnosis);
        }
        const condition = finding.condition && conditions[finding.condition];
        if (!condition) {
            continue;
        }
        state.conditions.push(finding.condition);
        paint(finding, condition, findingColor(finding, condition));
    }
    for (const line of plan) {
        state.planned = true;
        const condition = line.condition && conditions[line.condition];
        if (condition) {
            paint(line, condition, STATUS_COLORS.planned);
        }
    }
    state.pontic = Boolean(state.bridge) && absent;
    if (state.pontic) {
        state.missing = false;
    }
    return state;
}
