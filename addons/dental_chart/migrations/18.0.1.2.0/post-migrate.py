from odoo import SUPERUSER_ID, api

# the drawing of each shipped condition (their data is noupdate: an update does not write it)
SHIPPED_DRAWINGS = {
    "condition_caries": "caries",
    "condition_filling": "filling",
    "condition_temporary_filling": "filling",
    "condition_sealant": "filling",
    "condition_crown": "crown",
    "condition_veneer": "veneer",
    "condition_rct": "root_canal",
    "condition_pulpitis": "root_lesion",
    "condition_periodontitis": "root_lesion",
    "condition_root_remnant": "remnant",
    "condition_wear": "caries",
    "condition_fracture": "fracture",
    "condition_impacted": "unerupted",
    "condition_planned_extraction": "extraction",
    "condition_missing": "missing",
    "condition_implant": "implant",
    "condition_bridge": "bridge",
}


def migrate(cr, version):
    """Shipped conditions get their drawing; a clinic's own conditions keep painting in their colour."""
    env = api.Environment(cr, SUPERUSER_ID, {"active_test": False})
    for xmlid, drawing in SHIPPED_DRAWINGS.items():
        condition = env.ref(f"dental_chart.{xmlid}", raise_if_not_found=False)
        if condition and not condition.drawing:
            condition.drawing = drawing
