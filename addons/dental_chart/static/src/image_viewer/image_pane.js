import { Component, useState } from "@odoo/owl";

export const ZOOM_STEP = 1.25;
export const ZOOM_MIN = 0.25;
export const ZOOM_MAX = 8;

/** The initial view of a picture: fitted, upright, unfiltered. */
export function defaultView() {
    return { zoom: 1, x: 0, y: 0, rotation: 0, brightness: 100, contrast: 100 };
}

/** CSS transform and filter of a view (what the controls change). */
export function viewStyle(view) {
    return (
        `transform: translate(${view.x}px, ${view.y}px) scale(${view.zoom}) rotate(${view.rotation}deg);` +
        ` filter: brightness(${view.brightness}%) contrast(${view.contrast}%);`
    );
}

/**
 * One image in the viewer: its picture(s) with zoom (wheel, buttons), pan (drag),
 * brightness/contrast (CSS filters), rotation by 90° and reset. Each pane keeps its own
 * view, so two compared X-rays of different exposure are adjusted separately.
 */
export class ImagePane extends Component {
    static template = "dental_chart.ImagePane";
    static props = {
        image: Object,
        onShowOnChart: Function,
        onClose: { type: Function, optional: true },
    };

    setup() {
        this.state = useState({ ...defaultView(), pictureIndex: 0 });
        this.drag = null;
    }

    get picture() {
        return this.props.image.pictures[this.state.pictureIndex];
    }

    get imageStyle() {
        return viewStyle(this.state);
    }

    setZoom(zoom) {
        this.state.zoom = Math.min(ZOOM_MAX, Math.max(ZOOM_MIN, Math.round(zoom * 1000) / 1000));
    }

    zoomIn() {
        this.setZoom(this.state.zoom * ZOOM_STEP);
    }

    zoomOut() {
        this.setZoom(this.state.zoom / ZOOM_STEP);
    }

    onWheel(ev) {
        ev.preventDefault();
        if (ev.deltaY < 0) {
            this.zoomIn();
        } else if (ev.deltaY > 0) {
            this.zoomOut();
        }
    }

    rotate() {
        this.state.rotation = (this.state.rotation + 90) % 360;
    }

    reset() {
        Object.assign(this.state, defaultView());
    }

    onFilter(name, ev) {
        this.state[name] = Number(ev.target.value);
    }

    onPointerDown(ev) {
        if (ev.button !== 0) {
            return;
        }
        ev.preventDefault();
        this.drag = { x: ev.clientX - this.state.x, y: ev.clientY - this.state.y };
    }

    onPointerMove(ev) {
        if (!this.drag) {
            return;
        }
        this.state.x = ev.clientX - this.drag.x;
        this.state.y = ev.clientY - this.drag.y;
    }

    onPointerUp() {
        this.drag = null;
    }

    showPicture(index) {
        this.state.pictureIndex = index;
        this.reset();
    }
}
