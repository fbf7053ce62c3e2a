"""Test configuration shared by core and GUI tests."""

import gc
import os

import pytest

# Qt tests run without a display; set before anything imports Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def collect_garbage_in_main_thread():
    """Once the GUI is up, automatic collection is off (cnnviz.gui.gui_gc): collect after each
    test here, so a closed window's widgets are destroyed in the main thread before the next test."""
    yield
    if not gc.isenabled():
        gc.collect()
