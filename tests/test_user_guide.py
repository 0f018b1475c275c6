"""The user guide shows every screen the browser tours capture, and only pictures that exist."""

import pathlib
import re

PROJECT_DIR = pathlib.Path(__file__).resolve().parent.parent
ADDONS = (
    "consignment_stock",
    "consignment_purchase",
    "consignment_sale",
    "consignment_spreadsheet_dashboard",
)
IMAGE_LINK = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)\)")
CAPTURE = re.compile(r'capture_screen\(\s*"(\w+)",\s*"(\w+)"', re.MULTILINE)


def _images(markdown_path):
    text = markdown_path.read_text(encoding="utf-8")
    return [
        (alt, (markdown_path.parent / target).resolve()) for alt, target in IMAGE_LINK.findall(text)
    ]


def _captured_screens():
    screens = set()
    for addon in ADDONS:
        for test_file in (PROJECT_DIR / addon / "tests").glob("test_*.py"):
            screens.update(CAPTURE.findall(test_file.read_text(encoding="utf-8")))
    return screens


def _screenshot(addon, name):
    return PROJECT_DIR / addon / "static" / "description" / "screenshots" / f"{name}.png"


def test_every_picture_of_the_guide_exists_and_has_a_text():
    documents = [PROJECT_DIR / "README.md"] + [
        PROJECT_DIR / addon / "readme" / "USAGE.md" for addon in ADDONS
    ]
    for document in documents:
        for alt, image in _images(document):
            assert image.is_file(), f"{document.relative_to(PROJECT_DIR)} shows {image}: missing"
            assert alt.strip(), f"{document.relative_to(PROJECT_DIR)}: {image.name} has no alt text"


def test_the_tours_capture_screens_for_each_addon():
    screens = _captured_screens()
    for addon in ADDONS:
        assert any(screen_addon == addon for screen_addon, _name in screens), addon


def test_every_captured_screen_is_in_the_guide():
    readme = {image for _alt, image in _images(PROJECT_DIR / "README.md")}
    for addon, name in sorted(_captured_screens()):
        picture = _screenshot(addon, name).resolve()
        assert picture.is_file(), f"{picture} is missing: run 'bash setup/screenshots.sh'"
        usage = {image for _alt, image in _images(PROJECT_DIR / addon / "readme" / "USAGE.md")}
        assert picture in readme, f"README.md does not show {addon}/{name}.png"
        assert picture in usage, f"{addon}/readme/USAGE.md does not show {name}.png"


def test_no_stray_screenshots():
    screens = {_screenshot(addon, name).resolve() for addon, name in _captured_screens()}
    for addon in ADDONS:
        folder = PROJECT_DIR / addon / "static" / "description" / "screenshots"
        for picture in folder.glob("*.png"):
            assert picture.resolve() in screens, (
                f"{picture.relative_to(PROJECT_DIR)} is not taken by any tour: remove it"
            )


def test_the_guide_says_how_to_regenerate_the_screenshots():
    assert (PROJECT_DIR / "setup" / "screenshots.sh").is_file()
    assert "bash setup/screenshots.sh" in (PROJECT_DIR / "README.md").read_text(encoding="utf-8")
