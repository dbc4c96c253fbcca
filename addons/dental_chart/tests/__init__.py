from . import (
    test_access_rights,
    test_chart_finding,
    test_dental_image,
    test_dental_tooth,
    test_patient_history,
    test_perio_ortho,
    test_plan_template,
    test_portal,
    test_treatment_plan,
    test_ui,
    test_visit_record,
    test_xray_import,
)
