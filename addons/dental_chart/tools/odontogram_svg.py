"""The odontogram as a vector SVG image for the printouts (wkhtmltopdf does not run the OWL widget).

The same chart as the widget (``static/src/odontogram/odontogram_layout.js`` + ``odontogram.xml``): the tooth
geometry (crown outlines, roots, sizes, layout) is read from the JSON block of that JS file, so both draw the same
teeth; the placement and the condition drawings below follow the JS functions of the same names
(``tooth_shapes`` = ``toothShapes``, ``tooth_state`` = ``toothState``). See docs/decisions.md.
"""

import json
import math
import re
from functools import lru_cache

from markupsafe import Markup, escape

from odoo.tools.misc import file_path

TOOTH_SIZE = 36
TOOTH_GAP = 8
ROW_HEIGHT = 150
CHART_WIDTH = 16 * (TOOTH_SIZE + TOOTH_GAP) + 16
STATUS_COLORS = {"planned": "#d62728", "done": "#1f5fbf", "existing": "#222222"}
STATUS_DRAWINGS = ("filling", "crown", "veneer", "root_canal", "post", "implant", "bridge")
DRAWING_STATE = {
    "crown": "crown",
    "implant": "implant",
    "bridge": "bridge",
    "missing": "missing",
    "extraction": "cross",
    "root_lesion": "root",
    "unerupted": "outline",
    "root_canal": "canal",
    "post": "post",
    "veneer": "veneer",
    "fracture": "fracture",
    "remnant": "remnant",
}
ALL_SURFACES = ("M", "D", "O", "B", "L")


def _quadrant(q, start, stop):
    step = 1 if start <= stop else -1
    return [f"{q}{p}" for p in range(start, stop + step, step)]


ROWS = {
    "upperPermanent": {"jaw": "upper", "teeth": _quadrant(1, 8, 1) + _quadrant(2, 1, 8), "offset": 0},
    "upperPrimary": {"jaw": "upper", "teeth": _quadrant(5, 5, 1) + _quadrant(6, 1, 5), "offset": 3},
    "lowerPrimary": {"jaw": "lower", "teeth": _quadrant(8, 5, 1) + _quadrant(7, 1, 5), "offset": 3},
    "lowerPermanent": {"jaw": "lower", "teeth": _quadrant(4, 8, 1) + _quadrant(3, 1, 8), "offset": 0},
    # the mixed dentition one tooth per position: the positions of the permanent rows, each drawn with the tooth
    # standing there (data["mixed"], tools/mixed_dentition.py)
    "upperMixed": {"jaw": "upper", "teeth": _quadrant(1, 8, 1) + _quadrant(2, 1, 8), "offset": 0, "mixed": True},
    "lowerMixed": {"jaw": "lower", "teeth": _quadrant(4, 8, 1) + _quadrant(3, 1, 8), "offset": 0, "mixed": True},
}
DENTITION_ROWS = {
    "permanent": ["upperPermanent", "lowerPermanent"],
    "primary": ["upperPrimary", "lowerPrimary"],
    "mixed": ["upperPermanent", "upperPrimary", "lowerPrimary", "lowerPermanent"],
}
MIXED_ROWS = ["upperMixed", "lowerMixed"]


def row_teeth(row_name, mixed=None):
    """FDI codes drawn in a row, in order: a mixed row draws at each position the tooth ``mixed`` says stands
    there (``rowTeeth`` of odontogram_layout.js)."""
    row = ROWS[row_name]
    if row.get("mixed"):
        return [(mixed or {}).get(position, position) for position in row["teeth"]]
    return list(row["teeth"])


@lru_cache(maxsize=1)
def geometry():
    """TOOTH_GEOMETRY of odontogram_layout.js (the JSON between its geometry markers)."""
    with open(file_path("dental_chart/static/src/odontogram/odontogram_layout.js"), encoding="utf-8") as js:
        source = js.read()
    match = re.search(r"/\* geometry:begin \*/(.*?)/\* geometry:end \*/", source, re.DOTALL)
    return json.loads(match.group(1))


def _round(value):
    return math.floor(value * 10 + 0.5) / 10


def _num(value):
    return f"{_round(value):g}"


def _pts(points):
    return " ".join(f"{_num(x)},{_num(y)}" for x, y in points)


def is_patient_right(code):
    return str(code)[0] in "1458"


def tooth_type(code):
    quadrant = int(str(code)[0])
    dentition = "primary" if quadrant > 4 else "permanent"
    jaw = "upper" if quadrant in (1, 2, 5, 6) else "lower"
    return {"dentition": dentition, "jaw": jaw, **geometry()["teeth"][dentition][jaw][str(code)[1]]}


def map_path(d, point):
    out, pending = [], None
    for token in d.split():
        if token.isalpha():
            out.append(token)
        elif pending is None:
            pending = float(token)
        else:
            x, y = point(pending, float(token))
            out.append(f"{_num(x)} {_num(y)}")
            pending = None
    return " ".join(out)


def root_path(spec):
    c, hw, tip = spec
    return f"M {c - hw} 0 C {c - hw} 0.45 {tip - 0.12} 0.8 {tip} 1 C {tip + 0.12} 0.8 {c + hw} 0.45 {c + hw} 0 Z"


def tooth_shapes(code, index, row_name, row_top):
    """Same shapes as ``toothShapes`` of odontogram_layout.js."""
    row = ROWS[row_name]
    kind = tooth_type(code)
    layout = geometry()["layout"][row["jaw"]]
    col = index + row["offset"]
    column = 8 + col * (TOOTH_SIZE + TOOTH_GAP) + (8 if col >= 8 else 0)
    s = geometry()["layout"]["primarySquare"] if kind["dentition"] == "primary" else TOOTH_SIZE
    x = column + (TOOTH_SIZE - s) / 2
    upper = row["jaw"] == "upper"
    y = row_top + layout["square"]
    q = s / 4
    top = _pts([(x, y), (x + s, y), (x + s - q, y + q), (x + q, y + q)])
    bottom = _pts([(x, y + s), (x + s, y + s), (x + s - q, y + s - q), (x + q, y + s - q)])
    left = _pts([(x, y), (x + q, y + q), (x + q, y + s - q), (x, y + s)])
    right = _pts([(x + s, y), (x + s - q, y + q), (x + s - q, y + s - q), (x + s, y + s)])
    center = _pts([(x + q, y + q), (x + s - q, y + q), (x + s - q, y + s - q), (x + q, y + s - q)])
    right_side = is_patient_right(code)
    surfaces = {
        "O": center,
        "B": top if upper else bottom,
        "L": bottom if upper else top,
        "M": right if right_side else left,
        "D": left if right_side else right,
    }
    cx = column + TOOTH_SIZE / 2
    neck = row_top + layout["neck"]
    half = kind["w"] / 2
    distal = -1 if right_side else 1
    toward = 1 if upper else -1

    def crown_at(u, v):
        return cx + u * distal * half, neck + toward * v * kind["h"]

    def root_at(u, v):
        return cx + u * distal * half, neck - toward * v * kind["r"]

    roots = kind["roots"]
    main = min(roots, key=lambda spec: abs(spec[0]))
    screw_half = max(half * 0.42, 4)
    threads = []
    v = 0.12
    while v < 0.85:
        w = screw_half * (1 - 0.3 * v) + 2
        x1, y1 = root_at(-w / half, v)
        x2, y2 = root_at(w / half, v + 2 / kind["r"])
        threads.append((x1, y1, x2, y2))
        v += 5 / kind["r"]
    root_end = neck - toward * kind["r"]
    crown_end = neck + toward * kind["h"]
    cervical_width = kind["w"] * 0.7
    midline = col == 8
    extent = (root_end - 2, y + s + 2) if upper else (y - 2, root_end + 2)
    return {
        "x": x,
        "y": y,
        "size": s,
        "column": column,
        "kind": kind["kind"],
        "surfaces": surfaces,
        "cervical": (cx - cervical_width / 2, neck if upper else neck - 6, cervical_width, 6),
        "crown": map_path(geometry()["crowns"][kind["kind"]], crown_at),
        "roots": [map_path(root_path(spec), root_at) for spec in roots],
        "canals": [map_path(f"M {c} 0.05 Q {c} 0.5 {tip} 0.9", root_at) for c, _hw, tip in roots],
        "post": map_path(f"M {main[0]} -0.3 L {main[0]} 0 L {main[0] + (main[2] - main[0]) * 0.1} 0.45", root_at),
        "implant_body": map_path(
            f"M {-screw_half / half} 0 L {-screw_half * 0.7 / half} 0.85 L 0 0.95 "
            f"L {screw_half * 0.7 / half} 0.85 L {screw_half / half} 0 Z",
            root_at,
        ),
        "threads": threads,
        "fracture": _pts([crown_at(-0.55, 0.95), crown_at(0.1, 0.62), crown_at(-0.25, 0.45), crown_at(0.35, 0.1)]),
        "apex": root_at(main[2], 1),
        "bridge_y": neck + toward * 12 - 3,
        "bridge_left": column - 4 - (8 if midline else 0),
        "bridge_right": column + TOOTH_SIZE + 4,
        "crown_left": cx - half + 2,
        "crown_right": cx + half - 2,
        "cross": (cx - 16, extent[0], cx + 16, extent[1]),
        "crown_box": (min(neck, crown_end), max(neck, crown_end)),
        "label": (cx, row_top + layout["label"]),
    }


def finding_color(finding, condition):
    if condition.get("drawing") in STATUS_DRAWINGS:
        return STATUS_COLORS["done"] if finding.get("origin") == "procedure" else STATUS_COLORS["existing"]
    return condition["color"]


def tooth_state(findings, conditions, plan=()):
    """Same state as ``toothState`` of odontogram_layout.js."""
    state = {
        "surfaces": {},
        "cervical": None,
        "crown": None,
        "root": None,
        "missing": False,
        "cross": None,
        "implant": None,
        "bridge": None,
        "outline": None,
        "canal": None,
        "post": None,
        "veneer": None,
        "fracture": None,
        "remnant": None,
        "apical": None,
        "pontic": False,
        "bridge_ids": [],
        "planned": False,
        "diagnoses": [],
    }
    absent = False

    def paint(item, condition, color):
        nonlocal absent
        drawing = condition.get("drawing")
        kind = DRAWING_STATE.get(drawing, "surface") if drawing else condition["draw"]
        if kind == "surface":
            for surface in item["surfaces"] or ALL_SURFACES:
                if surface == "C":
                    state["cervical"] = color
                else:
                    state["surfaces"][surface] = color
        elif kind == "tooth":
            for surface in ALL_SURFACES:
                state["surfaces"][surface] = color
        elif kind == "missing":
            state["missing"] = absent = True
        elif kind == "remnant":
            state["remnant"] = state["root"] = color
        elif kind == "bridge":
            state["bridge"] = color
            state["bridge_ids"].append(item.get("bridge_id") or item["id"])
            absent = absent or bool(item.get("pontic"))
        else:
            state[kind] = color
        if drawing == "root_lesion":
            state["apical"] = color
        if kind in ("implant", "bridge"):
            state["missing"] = False

    for finding in findings:
        if finding.get("diagnosis"):
            state["diagnoses"].append(finding["diagnosis"])
        condition = finding.get("condition") and conditions.get(finding["condition"])
        if condition:
            paint(finding, condition, finding_color(finding, condition))
    for line in plan:
        state["planned"] = True
        condition = line.get("condition") and conditions.get(line["condition"])
        if condition:
            paint(line, condition, STATUS_COLORS["planned"])
    state["pontic"] = bool(state["bridge"]) and absent
    if state["pontic"]:
        state["missing"] = False
    return state


def _el(tag, cls=None, **attrs):
    parts = [tag]
    if cls:
        parts.append(f'class="{cls}"')
    for key, value in attrs.items():
        if value is None:
            continue
        if isinstance(value, float):
            value = _num(value)
        parts.append(f'{key.rstrip("_").replace("_", "-")}="{escape(str(value))}"')
    return f"<{' '.join(parts)}/>"


def _tooth_svg(tooth, shapes, state, bridge_span):
    sh, st = shapes, state
    out = []
    classes = ["o_dental_tooth", f"o_dental_{sh['kind']}"]
    if st["missing"]:
        classes.append("o_dental_missing")
    if st["planned"]:
        classes.append("o_dental_planned")
    out.append(f'<g class="{" ".join(classes)}" data-code="{escape(tooth["code"])}" data-kind="{sh["kind"]}">')
    faded = ' opacity="0.15"' if st["missing"] else ""
    if not st["missing"]:
        if not st["implant"] and not st["pontic"]:
            for root in sh["roots"]:
                out.append(_el("path", "o_dental_root", d=root, fill=st["root"] or "#fbf8f1", stroke="#6c757d"))
        if not st["remnant"]:
            out.append(
                _el(
                    "path",
                    "o_dental_crown_view",
                    d=sh["crown"],
                    fill=st["bridge"] if st["pontic"] else "#ffffff",
                    fill_opacity="0.3" if st["pontic"] else None,
                    stroke="#6c757d",
                )
            )
    cx, cy, cw, ch = sh["cervical"]
    out.append(f'<g stroke="#6c757d" stroke-width="1"{faded}>')
    out.append(
        _el(
            "rect",
            "o_dental_surface",
            data_surface="C",
            x=cx,
            y=cy,
            width=cw,
            height=ch,
            fill=st["cervical"] or "#ffffff",
        )
    )
    for surface in ("M", "D", "O", "B", "L"):
        out.append(
            _el(
                "polygon",
                "o_dental_surface",
                data_surface=surface,
                points=sh["surfaces"][surface],
                fill=st["surfaces"].get(surface) or "#ffffff",
            )
        )
    out.append("</g>")
    if st["canal"] and not st["implant"]:
        out.append(
            f'<g class="o_dental_canal" stroke="{st["canal"]}" stroke-width="2" fill="none" stroke-linecap="round">'
        )
        out.extend(_el("path", d=canal) for canal in sh["canals"])
        out.append("</g>")
    if st["post"]:
        out.append(_el("path", "o_dental_post", d=sh["post"], stroke=st["post"], stroke_width=3.5, fill="none"))
    if st["implant"]:
        out.append(f'<g class="o_dental_implant" stroke="{st["implant"]}" stroke-width="1.5">')
        out.append(_el("path", d=sh["implant_body"], fill=st["implant"], fill_opacity="0.25"))
        out.extend(_el("line", x1=x1, y1=y1, x2=x2, y2=y2) for x1, y1, x2, y2 in sh["threads"])
        out.append("</g>")
    if st["veneer"]:
        out.append(
            _el("path", "o_dental_veneer", d=sh["crown"], fill=st["veneer"], fill_opacity="0.25", stroke=st["veneer"])
        )
    if st["crown"]:
        out.append(f'<g class="o_dental_crown" fill="none" stroke-width="2.5" stroke="{st["crown"]}">')
        out.append(_el("path", d=sh["crown"], fill=st["crown"], fill_opacity="0.12"))
        out.append(_el("rect", x=sh["x"] - 2, y=sh["y"] - 2, width=sh["size"] + 4, height=sh["size"] + 4, rx=6))
        out.append("</g>")
    if st["bridge"]:
        left, right = bridge_span
        cls = "o_dental_bridge o_dental_pontic" if st["pontic"] else "o_dental_bridge"
        out.append(_el("rect", cls, fill=st["bridge"], x=left, width=right - left, y=sh["bridge_y"], height=6))
    if st["fracture"]:
        out.append(
            _el(
                "polyline",
                "o_dental_fracture",
                points=sh["fracture"],
                stroke=st["fracture"],
                stroke_width=2,
                fill="none",
            )
        )
    if st["apical"]:
        ax, ay = sh["apex"]
        out.append(
            _el("circle", "o_dental_apical", cx=ax, cy=ay, r=4, fill="none", stroke=st["apical"], stroke_width=1.5)
        )
    x1, y1, x2, y2 = sh["cross"]
    if st["outline"]:
        out.append(
            _el(
                "rect",
                "o_dental_outline",
                fill="none",
                stroke=st["outline"],
                stroke_width=2,
                stroke_dasharray="4 2",
                x=x1,
                y=y1,
                width=x2 - x1,
                height=y2 - y1,
            )
        )
    if st["cross"]:
        out.append(f'<g class="o_dental_cross" stroke="{st["cross"]}" stroke-width="3" stroke-linecap="round">')
        out.append(_el("line", x1=x1, y1=y1, x2=x2, y2=y2))
        out.append(_el("line", x1=x2, y1=y1, x2=x1, y2=y2))
        out.append("</g>")
    lx, ly = sh["label"]
    if st["diagnoses"]:
        out.append(_el("circle", "o_dental_dx", r=4, fill="#d9534f", cx=sh["column"] + 34, cy=ly - 4))
    label_style = ' fill="#d62728" font-weight="bold"' if st["planned"] else ' fill="#495057"'
    out.append(
        f'<text class="o_dental_label" text-anchor="middle" font-size="11" font-family="sans-serif" '
        f'x="{_num(lx)}" y="{_num(ly)}"{label_style}>{escape(tooth["label"])}</text>'
    )
    out.append("</g>")
    return "".join(out)


def chart_svg(data, dentition=None, width="100%", show_all=False):
    """The chart of ``dental.patient.dental_get_chart`` data as an SVG element (Markup).

    The mixed dentition is drawn one tooth per position (``data["mixed"]``), or with ``show_all`` in four rows
    (permanent over primary, each primary tooth under its successor).
    """
    dentition = dentition or data["dentition"]
    conditions = {condition["code"]: condition for condition in data["conditions"]}
    rows = MIXED_ROWS if dentition == "mixed" and not show_all else DENTITION_ROWS[dentition]
    height = len(rows) * ROW_HEIGHT
    out = [
        f'<svg class="o_dental_chart_svg" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {CHART_WIDTH} {height}" '
        f'width="{width}" preserveAspectRatio="xMidYMin meet">'
    ]
    for row_index, row_name in enumerate(rows):
        top = row_index * ROW_HEIGHT
        teeth = []
        for index, code in enumerate(row_teeth(row_name, data.get("mixed"))):
            tooth = data["teeth"].get(code) or {"code": code, "label": code, "findings": []}
            state = tooth_state(tooth["findings"], conditions, tooth.get("plan") or ())
            teeth.append((tooth, tooth_shapes(code, index, row_name, top), state))
        for index, (tooth, shapes, state) in enumerate(teeth):
            ids = set(state["bridge_ids"])
            left_shared = index > 0 and ids & set(teeth[index - 1][2]["bridge_ids"])
            right_shared = index + 1 < len(teeth) and ids & set(teeth[index + 1][2]["bridge_ids"])
            span = (
                shapes["bridge_left"] if left_shared else shapes["crown_left"],
                shapes["bridge_right"] if right_shared else shapes["crown_right"],
            )
            out.append(_tooth_svg(tooth, shapes, state, span))
    out.append("</svg>")
    # Markup: built from numbers, fixed names and escaped labels above
    return Markup("".join(out))
