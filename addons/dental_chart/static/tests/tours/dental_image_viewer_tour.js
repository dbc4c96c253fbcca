import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("dental_image_viewer", {
    steps: () => [
        {
            content: "Open the image in the viewer",
            trigger: ".o_form_view button[name=action_open_viewer]",
            run: "click",
        },
        {
            content: "The X-ray is shown",
            trigger: ".o_dental_image_pane .o_dental_pane_img[src*='/web/image/ir.attachment/']",
        },
        {
            content: "Zoom in",
            trigger: ".o_dental_zoom_in",
            run: "click",
        },
        {
            trigger: ".o_dental_zoom_value:contains('125%')",
        },
        {
            content: "Rotate by a quarter turn",
            trigger: ".o_dental_rotate",
            run: "click",
        },
        {
            content: "The picture is zoomed and rotated",
            trigger: ".o_dental_pane_img[style*='scale(1.25) rotate(90deg)']",
        },
        {
            content: "Compare with the older image of the same tooth",
            trigger: "select.o_dental_viewer_compare",
            run: "selectByLabel Tour PA 36",
        },
        {
            content: "Both images side by side",
            trigger: ".o_dental_image_pane:eq(1) .o_dental_pane_title:contains('Tour PA 36')",
        },
        {
            content: "The first keeps its view",
            trigger: ".o_dental_image_pane:eq(0) .o_dental_pane_img[style*='scale(1.25) rotate(90deg)']",
        },
        {
            content: "The second starts fitted and upright",
            trigger: ".o_dental_image_pane:eq(1) .o_dental_pane_img[style*='scale(1) rotate(0deg)']",
        },
        {
            content: "Show the compared image's teeth on the chart",
            trigger: ".o_dental_image_pane:eq(1) .o_dental_show_on_chart",
            run: "click",
        },
        {
            content: "Tooth 36 is highlighted on the patient's chart",
            trigger: ".modal .o_dental_tooth.o_selected[data-code='36']",
        },
    ],
});
