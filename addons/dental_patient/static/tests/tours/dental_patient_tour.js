import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

function openDental() {
    return [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Dental app",
            trigger: ".o_app[data-menu-xmlid='dental_patient.dental_menu_root']",
            run: "click",
        },
        {
            content: "Open the patients",
            trigger: ".o_main_navbar [data-menu-xmlid='dental_patient.dental_menu_patients']",
            run: "click",
        },
        {
            trigger: ".dropdown-item[data-menu-xmlid='dental_patient.dental_patient_menu']",
            run: "click",
        },
        { trigger: ".o_list_view .o_list_button_add" },
    ];
}

registry.category("web_tour.tours").add("dental_patient_create", {
    url: "/odoo",
    steps: () => [
        ...openDental(),
        { content: "Create a patient", trigger: ".o_list_button_add", run: "click" },
        { trigger: ".o_field_widget[name=last_name] input", run: "edit Tourova" },
        { trigger: ".o_field_widget[name=first_name] input", run: "edit Vera" },
        { trigger: ".o_field_widget[name=patronymic] input", run: "edit Ivanovna" },
        { trigger: ".o_field_widget[name=mobile] input", run: "edit 8 (916) 111-22-33" },
        ...stepUtils.saveForm(),
        {
            content: "The composed name is shown",
            trigger: ".o_field_widget[name=name]:contains('Tourova Vera Ivanovna')",
        },
    ],
});

registry.category("web_tour.tours").add("dental_patient_family_contract", {
    url: "/odoo",
    steps: () => [
        ...openDental(),
        { trigger: ".o_list_button_add", run: "click" },
        { trigger: ".o_field_widget[name=last_name] input", run: "edit Semyonova" },
        { trigger: ".o_field_widget[name=first_name] input", run: "edit Olga" },
        { trigger: ".o_field_widget[name=mobile] input", run: "edit +7 926 444-55-66" },
        ...stepUtils.saveForm(),
        {
            content: "Create the patient's family",
            trigger: "button[name=action_create_family]",
            run: "click",
        },
        {
            content: "The new family holds the patient",
            trigger: ".o_form_view .o_field_widget[name=member_ids] .o_data_row:contains('Semyonova Olga')",
        },
        {
            content: "Back to the patient",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains('Semyonova Olga')",
            run: "click",
        },
        {
            content: "The card shows the family and its members",
            trigger: ".o_field_widget[name=family_member_ids]:contains('Semyonova Olga')",
        },
        {
            content: "Print a document",
            trigger: "button[name=action_print_document]",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=template_id] input",
            run: "edit Contract",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains('Contract for paid dental services')",
            run: "click",
        },
        {
            content: "The preview is filled with the patient's data",
            trigger: ".modal .o_field_widget[name=preview]:contains('Semyonova Olga')",
        },
        {
            content: "Print",
            trigger: ".modal button[name=action_print]",
            run: "click",
        },
        {
            content: "The dialog closes",
            trigger: "body:not(:has(.modal))",
        },
    ],
});

const PATIENTS_CSV = [
    "Last name,First name,Patronymic,Mobile,Date of birth (DD.MM.YYYY or DD.MM)",
    "Importova,Anna,Petrovna,+7 903 555-00-10,12.03.1984",
    "Importov,Ilya,,8 903 555 00 11,05.11",
].join("\n");

registry.category("web_tour.tours").add("dental_patient_import", {
    // Configuration → Import / Export (opened by its action: the menu may sit under "More")
    url: "/odoo/action-dental_patient.dental_book_import_action",
    steps: () => [
        {
            content: "Patients is the default book",
            trigger: ".modal .o_field_widget[name=book] input[data-value=patients]:checked",
        },
        {
            content: "Upload the filled template",
            trigger: ".modal .o_field_widget[name=file]",
            run() {
                const input = this.anchor.querySelector("input[type=file]");
                const file = new File([PATIENTS_CSV], "patients.csv", { type: "text/csv" });
                const transfer = new DataTransfer();
                transfer.items.add(file);
                input.files = transfer.files;
                input.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "The file is read",
            trigger: ".modal .o_field_widget[name=file] .o_clear_file_button",
        },
        {
            content: "Import",
            trigger: ".modal button[name=action_import]",
            run: "click",
        },
        {
            content: "Two patients created",
            trigger: ".modal .alert-success .o_field_widget[name=created_count]:contains('2')",
        },
    ],
});
