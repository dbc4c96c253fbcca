import { download } from "@web/core/network/download";

/**
 * A step clicking `trigger` that starts a report download: the real download runs (the server renders
 * the PDF) and its URL is marked on the page (body[data-dental-downloaded]); a server error rejects it and
 * the tour fails on the error dialog.
 */
export function clickAndMarkDownload(content, trigger) {
    return {
        content,
        trigger,
        async run(helpers) {
            const realDownload = download._download;
            download._download = async (options) => {
                await realDownload(options);
                document.body.dataset.dentalDownloaded = JSON.parse(options.data.data)[0];
            };
            await helpers.click();
        },
    };
}
