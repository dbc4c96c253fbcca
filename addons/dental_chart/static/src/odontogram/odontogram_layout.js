/**
 * Geometry of the odontogram: which teeth go in which row, and the SVG shapes of a tooth.
 * Pure functions (no OWL), unit-tested on their own.
 */

export const TOOTH_SIZE = 36;
export const TOOTH_GAP = 8;
export const ROW_HEIGHT = 92;
export const CHART_WIDTH = 16 * (TOOTH_SIZE + TOOTH_GAP) + 16;

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
};

export const DENTITION_ROWS = {
    permanent: ["upperPermanent", "lowerPermanent"],
    primary: ["upperPrimary", "lowerPrimary"],
    mixed: ["upperPermanent", "upperPrimary", "lowerPrimary", "lowerPermanent"],
};

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

const pts = (list) => list.map(([x, y]) => `${x},${y}`).join(" ");

/**
 * Shapes of one tooth at column `index` of a row: the five crown surfaces (polygons),
 * the cervical band and the root marker, placed by jaw so that roots point away
 * from the occlusal plane and buccal faces point outwards.
 */
export function toothShapes(code, index, rowName, rowTop) {
    const row = ROWS[rowName];
    const s = TOOTH_SIZE;
    const x = 8 + (index + row.offset) * (s + TOOTH_GAP) + (index + row.offset >= 8 ? 8 : 0);
    const upper = row.jaw === "upper";
    const y = rowTop + (upper ? 26 : 22);
    const q = s / 4;
    const top = pts([[x, y], [x + s, y], [x + s - q, y + q], [x + q, y + q]]);
    const bottom = pts([[x, y + s], [x + s, y + s], [x + s - q, y + s - q], [x + q, y + s - q]]);
    const left = pts([[x, y], [x + q, y + q], [x + q, y + s - q], [x, y + s]]);
    const right = pts([[x + s, y], [x + s - q, y + q], [x + s - q, y + s - q], [x + s, y + s]]);
    const center = pts([[x + q, y + q], [x + s - q, y + q], [x + s - q, y + s - q], [x + q, y + s - q]]);
    const right_side = isPatientRight(code);
    // Buccal faces the lips (outside of the arch), mesial faces the midline.
    const surfaces = {
        O: center,
        B: upper ? top : bottom,
        L: upper ? bottom : top,
        M: right_side ? right : left,
        D: right_side ? left : right,
    };
    const cervical = upper
        ? { x, y: y - 6, width: s, height: 5 }
        : { x, y: y + s + 1, width: s, height: 5 };
    const rootTip = upper ? y - 22 : y + s + 22;
    const rootBase = upper ? y - 7 : y + s + 7;
    const root = pts([[x + q, rootBase], [x + s - q, rootBase], [x + s / 2, rootTip]]);
    const labelY = upper ? y + s + 14 : y - 6;
    return { x, y, size: s, surfaces, cervical, root, labelX: x + s / 2, labelY };
}

/**
 * What to draw on one tooth from its active findings (oldest first, later ones win).
 * @param {Array} findings findings of the tooth as sent by dental_get_chart
 * @param {Object} conditions condition code -> {color, draw, name}
 */
export function toothState(findings, conditions) {
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
        diagnoses: [],
        conditions: [],
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
        const color = condition.color;
        switch (condition.draw) {
            case "surface": {
                const codes = finding.surfaces.length ? finding.surfaces : ["M", "D", "O", "B", "L"];
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
                for (const surface of ["M", "D", "O", "B", "L"]) {
                    state.surfaces[surface] = color;
                }
                break;
            case "missing":
                state.missing = true;
                break;
            default:
                state[condition.draw] = color;
        }
        if (["implant", "bridge"].includes(condition.draw)) {
            state.missing = false;
        }
    }
    return state;
}
