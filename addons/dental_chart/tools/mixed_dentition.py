"""Which tooth stands at each position of a mixed dentition: the primary tooth or its permanent successor.

One rule for the widget and the printouts: ``dental.patient.dental_get_chart`` sends its result (``mixed``) and
both draw from it. The rule (docs/decisions.md, "Mixed dentition per position"):

1. the primary tooth recorded as lost (an active finding drawn as missing: extracted, exfoliated) → the successor;
2. the successor recorded in the mouth (an active finding with a condition other than missing / unerupted) → the
   successor;
3. the primary tooth recorded in the mouth (any other active finding with a condition) → the primary tooth;
4. the successor recorded as missing or unerupted (agenesis, impaction) → the primary tooth (retained);
5. nothing recorded on either: the successor once the patient's age on the chart's date is past the typical
   exfoliation age of the primary tooth, the primary tooth before (and when the age is unknown).

Molars 6, 7 and 8 have no predecessor: always permanent. Findings without a condition (a note, a diagnosis that
draws nothing) tell nothing; of several findings of a tooth the latest decides, as on the drawing.
"""

# Completed years at the end of the typical exfoliation range of each primary tooth, by position (ADA eruption
# charts: central incisors 6-7, lateral incisors 7-8, first molars 9-11, canines 9-12 / 10-12, second molars
# 10-12; the same upper and lower). Older than that with nothing recorded: the tooth is taken as shed.
EXFOLIATION_AGE = {"1": 7, "2": 8, "3": 12, "4": 11, "5": 12}

# permanent quadrant → primary quadrant (1 → 5, 2 → 6, 3 → 7, 4 → 8)
PRIMARY_QUADRANT = {"1": "5", "2": "6", "3": "7", "4": "8"}

PRESENT, ABSENT, UNERUPTED = "present", "absent", "unerupted"


def predecessor(code):
    """FDI code of the primary tooth a permanent tooth replaces (``"11"`` → ``"51"``), None for molars."""
    code = str(code)
    if code[0] in PRIMARY_QUADRANT and code[1] in EXFOLIATION_AGE:
        return PRIMARY_QUADRANT[code[0]] + code[1]
    return None


def tooth_presence(findings, conditions):
    """What the active findings of one tooth (oldest first) say of it: PRESENT, ABSENT, UNERUPTED or None.

    :param findings: the tooth's findings as ``dental_get_chart`` sends them (``condition`` = a code or False)
    :param conditions: condition code → {drawing, draw}
    """
    presence = None
    for finding in findings:
        condition = finding.get("condition") and conditions.get(finding["condition"])
        if not condition:
            continue
        drawing = condition.get("drawing")
        if drawing == "missing" or (not drawing and condition.get("draw") == "missing"):
            presence = ABSENT
        elif drawing == "unerupted":
            presence = UNERUPTED
        else:
            presence = PRESENT
    return presence


def present_tooth(position, teeth, conditions, age=None):
    """FDI code of the tooth drawn at the permanent ``position`` (``"11"``..``"48"``) of a mixed dentition.

    :param teeth: FDI code → {findings: [...]} (``dental_get_chart``'s ``teeth``)
    :param age: the patient's completed years on the chart's date, None when unknown
    """
    primary = predecessor(position)
    if not primary:
        return position

    def presence(code):
        return tooth_presence((teeth.get(code) or {}).get("findings") or (), conditions)

    of_primary, of_successor = presence(primary), presence(position)
    if of_primary == ABSENT or of_successor == PRESENT:
        return position
    if of_primary is not None or of_successor is not None:
        return primary
    if age is not None and age > EXFOLIATION_AGE[position[1]]:
        return position
    return primary


def present_teeth(teeth, conditions, age=None):
    """{permanent position: FDI code of the tooth drawn there} for the 32 positions (see ``present_tooth``)."""
    return {
        f"{quadrant}{position}": present_tooth(f"{quadrant}{position}", teeth, conditions, age)
        for quadrant in "1234"
        for position in "12345678"
    }


def hidden_teeth(mixed):
    """FDI codes of the teeth the one-row mixed dentition does not draw (the other tooth of each position)."""
    hidden = []
    for position, code in mixed.items():
        primary = predecessor(position)
        if primary:
            hidden.append(primary if code == position else position)
    return hidden


def hidden_with_records(data):
    """Hidden teeth of ``dental_get_chart`` data that have something to draw: plan lines or findings other than
    "missing" (a tooth hidden because it is gone has nothing to show). A chart leaving none of them out shows
    every row (the widget tells their number on "Show All"; a printout prints the four rows)."""
    conditions = {condition["code"]: condition for condition in data["conditions"]}
    hidden = []
    for code in hidden_teeth(data.get("mixed") or {}):
        tooth = data["teeth"].get(code) or {}
        if tooth.get("plan") or any(
            tooth_presence([finding], conditions) != ABSENT for finding in tooth.get("findings") or ()
        ):
            hidden.append(code)
    return hidden
