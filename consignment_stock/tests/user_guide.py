"""Browser tours of the main flows, and the screenshots of the user guide.

The screens a tour reaches are captured from the real web client in headless Chromium.
``bash setup/screenshots.sh`` sets ``CONSIGNMENT_UPDATE_SCREENSHOTS`` and the captures
replace the add-ons' ``static/description/screenshots/*.png``, which README.md and the
add-ons' readme/USAGE.md show. In an ordinary test run the captures go to a scratch folder
and the test fails when the user guide lacks the picture of a screen it captures."""

import base64
import json
import os
import pathlib
import tempfile
from urllib.parse import urljoin

from odoo.modules.module import get_module_path
from odoo.tests.common import ChromeBrowser, HttpCase

SCREEN_READY = "consignment screen ready"
UPDATE_VARIABLE = "CONSIGNMENT_UPDATE_SCREENSHOTS"


class UserGuideCase(HttpCase):
    browser_size = "1280x800"

    @staticmethod
    def screenshot_path(addon, name):
        folder = pathlib.Path(get_module_path(addon)) / "static" / "description" / "screenshots"
        return folder / f"{name}.png"

    def capture_screen(self, addon, name, url_path, wait_for, login, hide=(), scroll=False):
        """Open ``url_path`` as ``login``, wait until ``wait_for`` (a CSS selector) shows and
        the client is idle, and save the page as the screenshot ``name`` of ``addon``."""
        committed = self.screenshot_path(addon, name)
        if os.environ.get(UPDATE_VARIABLE):
            target = committed
        else:
            self.assertTrue(
                committed.is_file(),
                f"The user guide has no picture {committed.name} of {addon}: run "
                "'bash setup/screenshots.sh' and show it in the guide.",
            )
            target = pathlib.Path(tempfile.gettempdir()) / "consignment-screenshots" / addon
            target = target / committed.name
        browser = ChromeBrowser(self, success_signal=SCREEN_READY)
        try:
            with self.allow_requests(browser=browser):
                self.authenticate(login, login, browser=browser)
                self.cr.flush()
                self.cr.clear()
                browser.navigate_to(urljoin(self.base_url(), url_path), wait_stop=True)
                self.assertTrue(browser._wait_ready("document.readyState === 'complete'"))
                browser._wait_code_ok(self._screen_ready_code(wait_for, hide, scroll), timeout=60)
                shot = browser._websocket_request(
                    "Page.captureScreenshot", params={"format": "png"}, timeout=30
                )
                self._wait_remaining_requests()
        finally:
            browser.stop()
        image = base64.b64decode(shot["data"])
        self.assertEqual(image[:8], b"\x89PNG\r\n\x1a\n", "Chromium returned no PNG image")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(image)
        return target

    @staticmethod
    def _screen_ready_code(wait_for, hide, scroll):
        return f"""
            (async () => {{
                const selector = {json.dumps(wait_for)};
                const deadline = Date.now() + 45000;
                const busy = () => document.querySelector(".o_loading_indicator, .o_blockUI");
                while (!document.querySelector(selector) || busy()) {{
                    if (Date.now() > deadline) {{
                        console.error("The screen never showed " + selector);
                        return;
                    }}
                    await new Promise((resolve) => setTimeout(resolve, 100));
                }}
                if ({json.dumps(scroll)}) {{
                    document.querySelector(selector).scrollIntoView({{ block: "center" }});
                }}
                for (const hidden of {json.dumps(list(hide))}) {{
                    document.querySelectorAll(hidden).forEach((node) => node.remove());
                }}
                await new Promise((resolve) => setTimeout(resolve, 500));
                console.log({json.dumps(SCREEN_READY)});
            }})();
        """
