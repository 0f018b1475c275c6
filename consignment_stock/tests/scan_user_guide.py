"""Screenshots of scanning for the user guide.

A scan's answer (the badge of the scan panel and its notification) lives in the page only:
a screen captured after the tour has lost it. ``capture_screen(..., scans=...)`` therefore
scans in the capturing browser itself, with the hand scanner, before taking the picture
(and ``then_click`` opens, say, the detailed operations the scans filled)."""

import json

from .user_guide import UserGuideCase


class ScanUserGuideCase(UserGuideCase):
    _capture_scans = ()
    _capture_click = None

    def capture_screen(
        self,
        addon,
        name,
        url_path,
        wait_for,
        login,
        hide=(),
        scroll=False,
        scans=(),
        then_click=None,
    ):
        """As ``UserGuideCase.capture_screen``; ``scans``: (code, text) pairs scanned in
        order once the scan panel shows, each waiting for the panel's answer to contain
        ``text``; ``then_click``: a CSS selector clicked after the scans."""
        self._capture_scans, self._capture_click = tuple(scans), then_click
        try:
            return super().capture_screen(addon, name, url_path, wait_for, login, hide, scroll)
        finally:
            self._capture_scans, self._capture_click = (), None

    def _screen_ready_code(self, wait_for, hide, scroll):
        ready = super()._screen_ready_code(wait_for, hide, scroll).strip().rstrip(";")
        if not self._capture_scans:
            return ready
        return f"""
            (async () => {{
                const deadline = Date.now() + 45000;
                const until = async (test, what) => {{
                    const busy = () => document.querySelector(".o_loading_indicator, .o_blockUI");
                    while (!test() || busy()) {{
                        if (Date.now() > deadline) {{
                            throw new Error("The scan panel never showed " + what);
                        }}
                        await new Promise((resolve) => setTimeout(resolve, 100));
                    }}
                }};
                try {{
                    await until(() => document.querySelector(".o_consignment_scan"), "itself");
                    for (const [code, text] of {json.dumps(self._capture_scans)}) {{
                        // A hand scanner types fast and ends with Enter, on the page's body.
                        for (const key of [...code, "Enter"]) {{
                            document.body.dispatchEvent(
                                new KeyboardEvent("keydown", {{ key, bubbles: true }})
                            );
                        }}
                        await until(
                            () => [...document.querySelectorAll(".o_consignment_scan_last")].some(
                                (node) => node.textContent.includes(text)
                            ),
                            text
                        );
                    }}
                    const click = {json.dumps(self._capture_click)};
                    if (click) {{
                        await until(() => document.querySelector(click), click);
                        document.querySelector(click).click();
                    }}
                }} catch (error) {{
                    console.error(error.message);
                    return;
                }}
                await {ready};
            }})();
        """
