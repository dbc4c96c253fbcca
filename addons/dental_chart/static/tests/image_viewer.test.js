import { defineMailModels } from "@mail/../tests/mail_test_helpers";
import { describe, expect, test } from "@odoo/hoot";
import { click, drag, queryAll, queryOne, select, setInputRange } from "@odoo/hoot-dom";
import { animationFrame } from "@odoo/hoot-mock";
import { mockService, mountWithCleanup, onRpc } from "@web/../tests/web_test_helpers";

import { ImageViewer } from "@dental_chart/image_viewer/image_viewer";
import { defaultView, viewStyle } from "@dental_chart/image_viewer/image_pane";

describe.current.tags("desktop", "dental_chart");

defineMailModels();

const IMAGES = {
    1: {
        id: 1,
        name: "OPG 2026",
        date: "2026-03-01",
        kind: "Panoramic",
        patient: { id: 7, name: "Ivanova" },
        teeth: [
            { id: 16, code: "16" },
            { id: 36, code: "36" },
        ],
        pictures: [{ id: 11, name: "opg.png", url: "/web/image/ir.attachment/11/datas" }],
        compare: [{ id: 2, name: "PA 36", date: "2025-11-20", kind: "Periapical", teeth: ["36"] }],
    },
    2: {
        id: 2,
        name: "PA 36",
        date: "2025-11-20",
        kind: "Periapical",
        patient: { id: 7, name: "Ivanova" },
        teeth: [{ id: 36, code: "36" }],
        pictures: [{ id: 12, name: "pa.png", url: "/web/image/ir.attachment/12/datas" }],
        compare: [],
    },
};

async function mountViewer() {
    onRpc("dental_get_viewer_data", ({ args }) => IMAGES[args[0][0]]);
    await mountWithCleanup(ImageViewer, { props: { action: { params: { image_id: 1 } } } });
}

const img = (pane = 0) => queryAll(".o_dental_pane_img")[pane];

test("view style: transform and filters", () => {
    expect(viewStyle(defaultView())).toBe(
        "transform: translate(0px, 0px) scale(1) rotate(0deg); filter: brightness(100%) contrast(100%);"
    );
});

test("zoom by buttons and wheel, rotate, reset change the transform", async () => {
    await mountViewer();
    expect(".o_dental_image_pane").toHaveCount(1);
    expect(img()).toHaveAttribute("data-picture-id", "11");
    expect(img().style.transform).toBe("translate(0px, 0px) scale(1) rotate(0deg)");

    await click(".o_dental_zoom_in");
    await animationFrame();
    expect(img().style.transform).toBe("translate(0px, 0px) scale(1.25) rotate(0deg)");
    expect(".o_dental_zoom_value").toHaveText("125%");

    await click(".o_dental_zoom_out");
    await click(".o_dental_zoom_out");
    await animationFrame();
    expect(img().style.transform).toBe("translate(0px, 0px) scale(0.8) rotate(0deg)");

    const stage = queryOne(".o_dental_pane_stage");
    stage.dispatchEvent(new WheelEvent("wheel", { deltaY: -100, bubbles: true, cancelable: true }));
    await animationFrame();
    expect(img().style.transform).toBe("translate(0px, 0px) scale(1) rotate(0deg)");

    await click(".o_dental_rotate");
    await animationFrame();
    expect(img().style.transform).toBe("translate(0px, 0px) scale(1) rotate(90deg)");
    for (let i = 0; i < 3; i++) {
        await click(".o_dental_rotate");
    }
    await animationFrame();
    expect(img().style.transform).toBe("translate(0px, 0px) scale(1) rotate(0deg)", {
        message: "four quarter turns come back upright",
    });

    await click(".o_dental_zoom_in");
    await click(".o_dental_rotate");
    await click(".o_dental_reset");
    await animationFrame();
    expect(img().style.transform).toBe("translate(0px, 0px) scale(1) rotate(0deg)");
});

test("drag pans the image", async () => {
    await mountViewer();
    const stage = queryOne(".o_dental_pane_stage");
    const { drop, moveTo } = await drag(stage, { position: { x: 10, y: 10 }, relative: true });
    await moveTo(stage, { position: { x: 50, y: 30 }, relative: true });
    await drop();
    await animationFrame();
    expect(img().style.transform).toBe("translate(40px, 20px) scale(1) rotate(0deg)");
});

test("brightness and contrast change the CSS filter", async () => {
    await mountViewer();
    await setInputRange(".o_dental_brightness", 150);
    await animationFrame();
    expect(img().style.filter).toBe("brightness(150%) contrast(100%)");
    await setInputRange(".o_dental_contrast", 60);
    await animationFrame();
    expect(img().style.filter).toBe("brightness(150%) contrast(60%)");
    await click(".o_dental_reset");
    await animationFrame();
    expect(img().style.filter).toBe("brightness(100%) contrast(100%)");
});

test("compare shows two images side by side, each with its own controls", async () => {
    await mountViewer();
    expect(".o_dental_viewer_compare option").toHaveCount(2);
    await select("2", { target: ".o_dental_viewer_compare" });
    await animationFrame();
    expect(".o_dental_image_pane").toHaveCount(2);
    expect(queryAll(".o_dental_image_pane").map((pane) => pane.dataset.imageId)).toEqual(["1", "2"]);
    expect(img(1)).toHaveAttribute("data-picture-id", "12");
    await click(".o_dental_image_pane:eq(1) .o_dental_rotate");
    await animationFrame();
    expect(img(0).style.transform).toBe("translate(0px, 0px) scale(1) rotate(0deg)");
    expect(img(1).style.transform).toBe("translate(0px, 0px) scale(1) rotate(90deg)");
    await click(".o_dental_pane_close");
    await animationFrame();
    expect(".o_dental_image_pane").toHaveCount(1);
});

test("the image's teeth open the patient's chart", async () => {
    onRpc("action_show_on_chart", ({ args }) => ({ type: "ir.actions.act_window", image: args[0][0] }));
    mockService("action", {
        doAction(action) {
            expect.step(`chart of image ${action.image}`);
        },
    });
    await mountViewer();
    expect(queryAll(".o_dental_pane_tooth").map((el) => el.dataset.code)).toEqual(["16", "36"]);
    await click(".o_dental_show_on_chart");
    await animationFrame();
    expect.verifySteps(["chart of image 1"]);
});
