import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("dental_patient_create", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Dental app",
            trigger: ".o_app[data-menu-xmlid='dental_patient.dental_menu_root']",
            run: "click",
        },
        {
            content: "Create a patient",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=last_name] input",
            run: "edit Tourova",
        },
        {
            trigger: ".o_field_widget[name=first_name] input",
            run: "edit Vera",
        },
        {
            trigger: ".o_field_widget[name=patronymic] input",
            run: "edit Ivanovna",
        },
        {
            trigger: ".o_field_widget[name=phone] input",
            run: "edit +7 916 111-22-33",
        },
        ...stepUtils.saveForm(),
        {
            content: "The composed name is shown",
            trigger: ".o_field_widget[name=name]:contains('Tourova Vera Ivanovna')",
        },
    ],
});
