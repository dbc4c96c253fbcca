import { Component, onWillStart, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";

import { ImagePane } from "./image_pane";

/**
 * X-ray/photo viewer (client action ``dental_image_viewer``, params ``image_id`` and optionally
 * ``compare_id``): the image in a pane with its controls, its teeth (shown on the patient's chart
 * on demand) and a side-by-side comparison with another image of the patient sharing teeth.
 * Loads each image with one RPC (``dental.image.dental_get_viewer_data``).
 */
export class ImageViewer extends Component {
    static template = "dental_chart.ImageViewer";
    static components = { ImagePane };
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.actionService = useService("action");
        this.state = useState({ image: null, compare: null });
        const params = this.props.action?.params || {};
        onWillStart(async () => {
            if (!params.image_id) {
                return;
            }
            this.state.image = await this.loadImage(params.image_id);
            if (params.compare_id) {
                this.state.compare = await this.loadImage(params.compare_id);
            }
        });
    }

    loadImage(imageId) {
        return this.orm.call("dental.image", "dental_get_viewer_data", [[imageId]]);
    }

    get title() {
        return this.state.image ? this.state.image.name : _t("Viewer");
    }

    async onCompareChange(ev) {
        const imageId = Number(ev.target.value);
        this.state.compare = imageId ? await this.loadImage(imageId) : null;
    }

    closeCompare() {
        this.state.compare = null;
    }

    async showOnChart(image) {
        const action = await this.orm.call("dental.image", "action_show_on_chart", [[image.id]]);
        await this.actionService.doAction(action);
    }

    async openForm(image) {
        await this.actionService.doAction({
            type: "ir.actions.act_window",
            res_model: "dental.image",
            res_id: image.id,
            views: [[false, "form"]],
        });
    }
}

registry.category("actions").add("dental_image_viewer", ImageViewer);
